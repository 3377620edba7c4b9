import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCALES } from '../../shared/i18n/locales';
import { startTestServer } from '../support/testServer';

let env: Awaited<ReturnType<typeof startTestServer>>;
afterEach(async () => env?.close());

describe('web security headers', () => {
  it.each(['/', '/api/rooms'])('sends a strict policy on %s: own origin only, no inline script, no referrer', async (path) => {
    env = await startTestServer();
    const res = await fetch(`${env.url}${path}`, path === '/' ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it.each(LOCALES)('builds the %s page with no inline script and no third-party address', (locale) => {
    const html = readFileSync(`dist/client/index.${locale}.html`, 'utf8');
    for (const tag of html.match(/<script[^>]*>[\s\S]*?<\/script>/g) ?? []) expect(tag).toMatch(/<script[^>]*src="\/assets\/[^"]+"[^>]*><\/script>/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).toContain(`<html lang="${locale}">`);
  });
});
