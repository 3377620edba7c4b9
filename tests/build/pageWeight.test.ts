import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

/**
 * The room page's weight: every script the built index.html loads up front (entry and
 * preloads), gzipped. Practice and the voice call load on demand and are not counted. `npm test`
 * builds first.
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

  it('loads the voice call’s code only when a talk is held through the room', () => {
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    const upFront = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => readFileSync(join(DIST, m[1]!), 'utf8'));
    expect(upFront.some((js) => js.includes('RTCPeerConnection'))).toBe(false);
    const assets = readdirSync(join(DIST, 'assets')).filter((f) => f.endsWith('.js'));
    const call = assets.filter((f) => readFileSync(join(DIST, 'assets', f), 'utf8').includes('RTCPeerConnection'));
    expect(call).toHaveLength(1);
    console.log(`voice call, on demand: ${call[0]}, ${(gzipSync(readFileSync(join(DIST, 'assets', call[0]!))).length / 1024).toFixed(1)} KB gzipped`);
  });
});
