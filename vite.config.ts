import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/** Files of client/public the installed app needs offline, besides the build's own. */
const PUBLIC_SHELL = ['/manifest.webmanifest', '/icons/icon.svg', '/icons/icon-192.png', '/icons/icon-512.png', '/icons/maskable-512.png', '/icons/apple-touch-icon.png'];

/**
 * Emits the service worker with the list of files to precache: every file of this build and the
 * shell's public files. A new build gets a new cache name, so an old shell is never mixed in.
 */
function serviceWorker(): Plugin {
  return {
    name: 'talkroom-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = ['/', '/index.html', ...Object.keys(bundle).filter((f) => f !== 'index.html').map((f) => `/${f}`), ...PUBLIC_SHELL];
      // The version follows every byte of the shell, the public files included: a new icon or
      // manifest alone must still replace the cached copies.
      const hash = createHash('sha256');
      for (const item of Object.values(bundle)) hash.update(item.type === 'chunk' ? item.code : item.source);
      for (const file of PUBLIC_SHELL) hash.update(readFileSync(new URL(`./client/public${file}`, import.meta.url)));
      const version = hash.digest('hex').slice(0, 12);
      const source = readFileSync(new URL('./client/sw.js', import.meta.url), 'utf8')
        .replace('self.__PRECACHE__', JSON.stringify(files))
        .replace('self.__VERSION__', JSON.stringify(version));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

// The client lives in client/ and builds to dist/client, which the server serves.
// In `vite dev`, API and socket traffic goes to the server on TALK_ROOM_PORT (default 3000).
const apiPort = Number(process.env.TALK_ROOM_PORT ?? 3000);

export default defineConfig({
  root: 'client',
  plugins: [svelte(), serviceWorker()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    // No inline scripts or third-party assets: everything comes from our own origin.
    assetsInlineLimit: 0,
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
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Browser tests wait on what the page shows; a real browser and server can take a moment.
    expect: { poll: { timeout: 10_000, interval: 50 } },
  },
});
