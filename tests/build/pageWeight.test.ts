import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

/**
 * The room page's weight: every script the built index.html loads up front (entry and
 * preloads), gzipped. Practice loads on demand and is not counted. `npm test` builds first.
 */
const DIST = 'dist/client';
const BUDGET_KB = 80;

describe('the production build', () => {
  it(`keeps the room page's JavaScript under ${BUDGET_KB} KB gzipped`, () => {
    expect(existsSync(join(DIST, 'index.html')), 'run `npm run build` first').toBe(true);
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    const gz = scripts.reduce((sum, s) => sum + gzipSync(readFileSync(join(DIST, s))).length, 0);
    console.log(`room page JavaScript: ${scripts.length} file(s), ${(gz / 1024).toFixed(1)} KB gzipped (budget ${BUDGET_KB} KB)`);
    expect(gz / 1024).toBeLessThan(BUDGET_KB);
  });
});
