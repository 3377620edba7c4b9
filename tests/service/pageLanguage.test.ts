import { afterEach, describe, expect, it } from 'vitest';
import { pageLocale } from '../../server/pageLanguage';
import { startTestServer } from '../support/testServer';

let env: Awaited<ReturnType<typeof startTestServer>>;
afterEach(async () => env?.close());

/** The page a browser gets, and the language it says it is in. */
async function page(headers: Record<string, string>, path = '/') {
  const res = await fetch(`${env.url}${path}`, { headers });
  const html = await res.text();
  return { language: res.headers.get('content-language'), lang: /<html lang="(\w+)">/.exec(html)?.[1], vary: res.headers.get('vary') };
}

describe('the page’s language', () => {
  it('follows the browser’s preference, by weight, falling back to English', async () => {
    env = await startTestServer();
    expect(await page({ 'accept-language': 'es-ES,es;q=0.9,en;q=0.8' })).toMatchObject({ language: 'es', lang: 'es' });
    expect(await page({ 'accept-language': 'de-DE,de;q=0.9,es;q=0.5,en;q=0.4' })).toMatchObject({ language: 'es', lang: 'es' });
    expect(await page({ 'accept-language': 'en;q=0.2,es-MX;q=0.8' })).toMatchObject({ language: 'es', lang: 'es' });
    expect(await page({ 'accept-language': 'fr-FR,de' })).toMatchObject({ language: 'en', lang: 'en' });
    expect(await page({})).toMatchObject({ language: 'en', lang: 'en', vary: 'Cookie, Accept-Language' });
  });

  it('follows the language chosen on the device over the browser’s, on every path of the app', async () => {
    env = await startTestServer();
    expect(await page({ 'accept-language': 'es', cookie: 'other=1; talkroom-lang=en' })).toMatchObject({ language: 'en', lang: 'en' });
    expect(await page({ 'accept-language': 'en', cookie: 'talkroom-lang=es' }, '/anything')).toMatchObject({ language: 'es', lang: 'es' });
    // A cookie naming no language we speak is ignored.
    expect(await page({ 'accept-language': 'es', cookie: 'talkroom-lang=xx' })).toMatchObject({ language: 'es' });
  });

  it.each<[string | undefined, string | undefined, string]>([
    [undefined, 'es;q=0, en', 'en'],
    [undefined, '*', 'en'],
    [undefined, 'ES-es', 'es'],
    ['talkroom-lang=es', undefined, 'es'],
    [undefined, ' , ;q=1, es ', 'es'],
  ])('reads cookie %s and Accept-Language %s as %s', (cookie, accept, locale) => {
    expect(pageLocale(cookie, accept)).toBe(locale);
  });
});
