import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { button, SHOTS, twoPartnersTalking, useServerAndBrowser } from './browser';

/** Text size in three steps, remembered on the device, and nothing scrolls sideways on a 360 px phone at any of them. */
const env = useServerAndBrowser();

const SIZES = ['Normal', 'Large', 'Larger'] as const;

async function chooseSize(page: Page, size: string): Promise<void> {
  await page.locator('.settings > summary').click();
  await page.getByLabel(size, { exact: true }).check();
  await page.locator('.settings > summary').click();
}

/** How far the page reaches past the screen's width (0 when nothing scrolls sideways). */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
const rootSize = (page: Page) => page.evaluate(() => getComputedStyle(document.documentElement).fontSize);

describe('text size', () => {
  it('has three steps, each without sideways scrolling at 360 px on the start page, the agreement and the talk', { timeout: 90_000 }, async () => {
    const [a, b] = await twoPartnersTalking(env, 'How we share the evenings');
    const home = await env.browser.person();
    await home.page.goto(env.server.url);
    const seen: string[] = [];
    for (const size of SIZES) {
      await chooseSize(home.page, size);
      seen.push(await rootSize(home.page));
      expect(await overflow(home.page), `start page at ${size}`).toBe(0);
      await chooseSize(a.page, size);
      await a.page.getByTestId('composer').fill('I feel tired when the evenings fill up, because I need time with you.');
      expect(await overflow(a.page), `talk (speaker) at ${size}`).toBe(0);
      await chooseSize(b.page, size);
      expect(await overflow(b.page), `talk (listener) at ${size}`).toBe(0);
      await a.page.screenshot({ path: `${SHOTS}/text-${size.toLowerCase()}.png` });
    }
    expect(seen).toEqual(['17px', '19px', '21px']);

    // Remembered on this device.
    await home.page.reload();
    expect(await rootSize(home.page)).toBe('21px');
    await button(home.page, 'Create a room').click();
    await home.page.goto(await home.page.getByTestId('link-A').inputValue());
    await home.page.getByLabel("Today's topic").waitFor();
    expect(await rootSize(home.page)).toBe('21px');
    expect(await overflow(home.page), 'agreement at Larger').toBe(0);
  });
});
