import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { button, CHROMIUM, FLAGS, PHONE, SHOTS, speaks, switchLanguage, useServerAndBrowser } from './browser';

/**
 * The app as something to keep on a phone: real Chromium says it is installable, the start page
 * and practice open offline once visited, and the service worker holds nothing of a room.
 */
const env = useServerAndBrowser();

/** Waits until the service worker controls the page (the first visit installs it; it claims the page). */
async function controlled(page: import('playwright-core').Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

describe('installable, and offline once visited', () => {
  it('is installable in Chromium: a valid manifest with the icons browsers ask for, and no seat key in its start URL', async () => {
    // A profile of its own on disk: Chromium never offers to install from an incognito-like context.
    const dir = mkdtempSync(join(tmpdir(), 'talkroom-install-'));
    const context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, args: FLAGS, viewport: PHONE });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(env.server.url);
    await controlled(page);
    const cdp = await context.newCDPSession(page);
    const { errors, data } = (await cdp.send('Page.getAppManifest')) as { errors: unknown[]; data?: string };
    expect(errors).toEqual([]);
    const manifest = JSON.parse(data!) as { display: string; start_url: string; scope: string; theme_color: string; background_color: string; icons: { sizes: string; purpose: string }[] };
    expect(manifest).toMatchObject({ display: 'standalone', start_url: '/', scope: '/', theme_color: '#3f6f6a', background_color: '#f6f4f0' });
    expect(manifest.icons.map((i) => `${i.sizes} ${i.purpose}`)).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: unknown[] };
    expect(installabilityErrors).toEqual([]);
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens the start page and practice offline, reaches a room from a seat link online, and caches nothing of a room', { timeout: 60_000 }, async () => {
    const { page, context } = await env.browser.person();
    await page.goto(env.server.url);
    await controlled(page);
    // A room opened through a seat's link (inside the app's scope) works with the worker in charge.
    await button(page, 'Create a room').click();
    const link = await page.getByTestId('link-A').inputValue();
    expect(new URL(link).pathname).toBe('/');
    await page.goto(link);
    await page.getByLabel("Today's topic").fill('Private words about money');
    await button(page, 'Save topic').click();
    await expect.poll(() => page.getByText('Agreed topic:').textContent()).toContain('Private words about money');

    // The worker's caches hold the app's own files and nothing else: no API answer, no room.
    const cached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) for (const req of await (await caches.open(name)).keys()) urls.push(new URL(req.url).pathname);
      return urls;
    });
    expect(cached.length).toBeGreaterThan(3);
    // (And the language the page speaks, for the offline page: see below.)
    for (const path of cached) expect(path).toMatch(/^\/(index\.(en|es)\.html|assets\/[\w.-]+|icons\/[\w.-]+|manifest\.webmanifest|talkroom-locale)?$/);

    await context.setOffline(true);
    await page.goto(env.server.url);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Talk Room');
    await page.goto(`${env.server.url}/#practice`);
    await page.getByRole('heading', { name: 'Practise alone' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/offline-practice.png` });
    await context.close();
  });

  it('opens offline in the language the page last spoke, even where the worker cannot read the language cookie', async () => {
    const { page, context } = await env.browser.person({ locale: 'en-US' });
    await page.goto(env.server.url);
    await controlled(page);
    await switchLanguage(page, 'es');
    // The page has told the worker, which keeps it in a cache of its own.
    await expect.poll(() => page.evaluate(async () => (await caches.match('/talkroom-locale'))?.text())).toBe('es');
    // Not every browser's worker can read cookies (no cookieStore): without the cookie, the browser says English.
    await context.clearCookies();
    await page.goto(`${env.server.url}/#practice`);
    await context.setOffline(true);
    await page.reload();
    await speaks(page, 'es');
    await page.getByRole('heading', { name: 'Practica a solas' }).waitFor();
    await context.close();
  });
});
