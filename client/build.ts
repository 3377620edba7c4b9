import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'vite';
import { LOCALES } from '../shared/i18n/locales';

/**
 * Builds the client once per language into dist/client (`index.en.html`, `index.es.html` and
 * their scripts; what the languages share is written once), then the service worker with the
 * list of every file to precache. Run by `npm run build` after the messages are compiled.
 */
const dist = new URL('../dist/client/', import.meta.url).pathname;
/** Files worth compressing: everything the build writes but the PNG icons. */
const TEXT = new Set(['.js', '.css', '.html', '.svg', '.webmanifest']);
rmSync(dist, { recursive: true, force: true });
for (const locale of LOCALES) await build({ configFile: new URL('../vite.config.ts', import.meta.url).pathname, mode: locale, logLevel: 'warn' });

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
const shell = files(dist)
  .map((path) => `/${relative(dist, path)}`)
  // The worker itself, and the build's own notes on which file is which (for the page-weight check).
  .filter((url) => url !== '/sw.js' && !url.startsWith('/.vite/'))
  .sort();
// The version follows every byte of the shell: a new build gets a new cache, never mixed with the old.
const hash = createHash('sha256');
for (const url of shell) hash.update(url).update(readFileSync(join(dist, url)));
const source = readFileSync(new URL('./sw.js', import.meta.url), 'utf8')
  .replace('self.__PRECACHE__', JSON.stringify(shell))
  .replace('self.__VERSION__', JSON.stringify(hash.digest('hex').slice(0, 12)))
  .replace('self.__LOCALES__', JSON.stringify(LOCALES));
writeFileSync(join(dist, 'sw.js'), source);

// A Brotli and a gzip copy beside each text file, made once at the highest level, for the server to
// send a browser that accepts one (server/precompressed.ts): the pages' scripts are most of what a
// phone waits for, and they shrink to about a third.
let plain = 0;
let brotli = 0;
for (const path of files(dist)) {
  if (!TEXT.has(extname(path)) || relative(dist, path).startsWith('.vite')) continue;
  const bytes = readFileSync(path);
  const br = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
  const gz = gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION });
  if (br.length < bytes.length) writeFileSync(`${path}.br`, br);
  if (gz.length < bytes.length) writeFileSync(`${path}.gz`, gz);
  plain += bytes.length;
  brotli += Math.min(br.length, bytes.length);
}
console.log(`built ${LOCALES.join(', ')}: ${shell.length} files in dist/client, ${(plain / 1024).toFixed(0)} KiB of text, ${(brotli / 1024).toFixed(0)} KiB with Brotli`);
