import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/testServer';

let env: Awaited<ReturnType<typeof startTestServer>>;
afterEach(async () => env?.close());

/** A GET with this Accept-Encoding, its body as sent (fetch would decode it). */
function get(url: string, acceptEncoding: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

describe("the client's files, compressed", () => {
  // The entry script of the English page, as the build wrote it.
  const entry = () => readFileSync('dist/client/index.en.html', 'utf8').match(/src="(\/assets\/index-[^"]+\.js)"/)![1]!;

  it.each([
    ['br', 'br', brotliDecompressSync],
    ['gzip, deflate', 'gzip', gunzipSync],
    ['gzip, deflate, br, zstd', 'br', brotliDecompressSync],
  ] as const)('sends a script to a browser accepting "%s" as %s, the same bytes once decoded, with its own type', async (accepts, encoding, decode) => {
    env = await startTestServer();
    const res = await get(`${env.url}${entry()}`, accepts);
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe(encoding);
    expect(res.headers['content-type']).toMatch(/^text\/javascript/);
    expect(res.headers.vary).toContain('Accept-Encoding');
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(decode(res.body).equals(readFileSync(`dist/client${entry()}`))).toBe(true);
  });

  it('sends the plain file to a browser that accepts no compression, and never a compressed copy by its own name', async () => {
    env = await startTestServer();
    const plain = await get(`${env.url}${entry()}`, 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(readFileSync(`dist/client${entry()}`))).toBe(true);
    const missing = await get(`${env.url}/assets/no-such-file.js`, 'br');
    expect(missing.headers['content-encoding']).toBeUndefined();
  });
});
