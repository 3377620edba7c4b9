import { existsSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import type { RequestHandler } from 'express';

/** The encodings the build writes beside each text file (`client/build.ts`), smallest first. */
export const PRECOMPRESSED = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;

/**
 * Serves the client's files compressed to a browser that accepts it: the build writes a Brotli
 * and a gzip copy beside each script, style, icon and page, once, at the highest level (a phone on
 * a slow network fetches about a third of the bytes). A request for `/assets/x.js` from a browser
 * that accepts `br` gets `x.js.br` with `Content-Encoding: br` and the type of `x.js`; one that
 * accepts neither, or a file with no compressed copy, falls through to the plain file.
 */
export function precompressed(clientDir: string, maxAge: string): RequestHandler {
  // Which compressed copies exist, read once: the build does not change under a running server.
  const available = new Set<string>();
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else available.add(`/${relative(clientDir, path).split(sep).join('/')}`);
    }
  };
  walk(clientDir);
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const choices = PRECOMPRESSED.filter(({ suffix }) => available.has(req.path + suffix));
    if (!choices.length) return next();
    res.setHeader('Vary', 'Accept-Encoding');
    // The smallest the browser accepts at all (browsers list gzip first, at the same weight as br).
    const choice = choices.find((c) => req.acceptsEncodings(c.encoding) === c.encoding);
    if (!choice) return next();
    res.setHeader('Content-Encoding', choice.encoding);
    res.type(extname(req.path));
    res.sendFile(req.path + choice.suffix, { root: clientDir, maxAge, dotfiles: 'deny' }, (err) => err && next(err));
  };
}
