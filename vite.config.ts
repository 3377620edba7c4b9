import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { BASE_LOCALE, isLocale, type Locale } from './shared/i18n/locales.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

const DESCRIPTION = /<meta name="description" content="[^"]*" \/>/;
/** What search results and link previews say of the page, in the page's language (`page_description`, a message with no inputs). */
const pageDescription = (locale: Locale): string =>
  (JSON.parse(readFileSync(here(`./shared/i18n/messages/common/${locale}.json`), 'utf8')) as Record<string, string>).page_description!;
const attribute = (text: string) => text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

const MESSAGE_MODULE = /\/shared\/i18n\/paraglide\/messages\/(?!_index)\w+\.js$/;
const RUNTIME_IMPORT = "import { getLocale, experimentalStaticLocale } from '../runtime.js';\n";
const LOCALE_AT_RUN_TIME = 'const locale = experimentalStaticLocale ?? options.locale ?? getLocale()';

/**
 * One build of the client speaks one language (`client/build.ts` builds each, with the locale as
 * Vite's mode): its page is `index.<locale>.html`, in that language from its first byte, and each
 * message keeps only that language (Paraglide's message modules choose the language at run time:
 * here it is a constant, and the other languages are dead code the bundler drops). The server
 * sends each person their language's page.
 */
function oneLanguage(locale: Locale): Plugin {
  return {
    name: 'talkroom-one-language',
    transform(code, id) {
      if (!MESSAGE_MODULE.test(id)) return null;
      if (!code.includes(RUNTIME_IMPORT) || !code.includes(LOCALE_AT_RUN_TIME))
        throw new Error(`Paraglide's message modules changed shape (${id}); update the one-language step in vite.config.ts.`);
      return code.replace(RUNTIME_IMPORT, '').replace(LOCALE_AT_RUN_TIME, `const locale = ${JSON.stringify(locale)}`);
    },
    // After Vite has written the page into the bundle.
    enforce: 'post',
    transformIndexHtml: (html) => {
      if (!DESCRIPTION.test(html)) throw new Error('client/index.html lost its description; update the one-language step in vite.config.ts.');
      return html.replace('<html lang="en">', `<html lang="${locale}">`).replace(DESCRIPTION, () => `<meta name="description" content="${attribute(pageDescription(locale))}" />`);
    },
    generateBundle(_options, bundle) {
      const page = bundle['index.html'];
      if (page) page.fileName = `index.${locale}.html`;
    },
  };
}

const WEBSOCKET_ONLY = '\0talkroom:websocket-only';
/**
 * The page talks to the server over WebSocket only (`roomClient.svelte.ts`: no long-polling, so
 * several server processes need no sticky sessions), but engine.io-client's table of transports
 * brings HTTP long-polling and WebTransport into the page all the same. In the build, that table
 * is one with only its WebSocket transport (imported by path, beside the table it replaces).
 */
function websocketOnly(): Plugin {
  let transports = '';
  return {
    name: 'talkroom-websocket-only',
    apply: 'build',
    enforce: 'pre',
    resolveId(source, importer) {
      const from = importer?.replaceAll('\\', '/') ?? '';
      if (source !== './transports/index.js' || !from.endsWith('/engine.io-client/build/esm/socket.js')) return null;
      transports = from.replace(/socket\.js$/, 'transports/');
      return WEBSOCKET_ONLY;
    },
    load(id) {
      if (id !== WEBSOCKET_ONLY) return null;
      return `import { WS } from ${JSON.stringify(`${transports}websocket.js`)};\nexport const transports = { websocket: WS };\n`;
    },
  };
}

// The client lives in client/ and builds to dist/client, which the server serves.
// In `vite dev`, API and socket traffic goes to the server on TALK_ROOM_PORT (default 3000).
const apiPort = Number(process.env.TALK_ROOM_PORT ?? 3000);

export default defineConfig(({ mode }) => {
  const locale: Locale = isLocale(mode) ? mode : BASE_LOCALE;
  // Only a build of the client speaks one language; tests (like the server) choose one per call.
  const building = !process.env.VITEST;
  return {
    root: 'client',
    plugins: [svelte(), ...(building ? [oneLanguage(locale), websocketOnly()] : [])],
    define: { __TALKROOM_LOCALE__: JSON.stringify(locale) },
    resolve: {
      alias: {
        $messages: here('./shared/i18n/paraglide/messages/_index.js'),
        $moves: here('./shared/i18n/paraglide/phrasebook-moves.js'),
        $problems: here('./shared/i18n/paraglide/phrasebook-problems.js'),
        // Practice's scenarios in this build's language only: the other language's are never in its page.
        $practiceScript: here(`./shared/practice/scripts/${locale}.ts`),
      },
    },
    build: {
      outDir: '../dist/client',
      // Every language builds into the same folder: files they share (the same bytes, the same name) are written once.
      emptyOutDir: false,
      // No inline scripts or third-party assets: everything comes from our own origin.
      assetsInlineLimit: 0,
      // Which files each page and screen loads, per language: read by the page-weight check.
      manifest: `.vite/manifest.${locale}.json`,
    },
    server: {
      proxy: {
        '/api': `http://127.0.0.1:${apiPort}`,
        '/socket.io': { target: `ws://127.0.0.1:${apiPort}`, ws: true },
      },
    },
    test: {
      root: '.',
      include: ['tests/**/*.test.ts'],
      globalSetup: ['tests/support/compileMessages.ts'],
      testTimeout: 20_000,
      hookTimeout: 60_000,
      // Browser tests wait on what the page shows; a real browser and server can take a moment.
      expect: { poll: { timeout: 10_000, interval: 50 } },
    },
  };
});
