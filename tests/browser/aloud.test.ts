import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { button, move, SHOTS, signAloudTogether, useServerAndBrowser } from './browser';

/**
 * A talk held aloud, together: two phones at 360 px and no typing at all, the topic included (a
 * suggested one, tapped). The room holds the floor, the time and the steps; each step is a tap.
 */
const env = useServerAndBrowser();
const tap = (page: Page) => page.getByTestId('tap');

describe('a talk held aloud, together', () => {
  it('runs from the agreement to the summary with taps alone, and mirroring is never skipped', { timeout: 60_000 }, async () => {
    const [a, b] = [await env.browser.person(), await env.browser.person()];
    await a.page.goto(env.server.url);
    await button(a.page, 'Create a room').click();
    const linkB = await a.page.getByTestId('link-B').inputValue();
    await a.page.goto(await a.page.getByTestId('link-A').inputValue());
    await b.page.goto(linkB);
    await button(a.page, 'How we share the chores').click();
    await expect.poll(() => b.page.getByText('Agreed topic:').textContent()).toContain('How we share the chores');
    await signAloudTogether(a.page, b.page);

    // A speaks aloud, then taps; the mirror follows, always.
    expect(await a.page.getByTestId('composer').count()).toBe(0);
    await a.page.screenshot({ path: `${SHOTS}/aloud-01-speaking.png` });
    await tap(a.page).click();
    await expect.poll(() => move(b.page)).toBe('Say back what you heard.');
    await expect.poll(() => tap(b.page).textContent()).toBe("I've said it back");
    await b.page.screenshot({ path: `${SHOTS}/aloud-02-mirroring.png` });
    await tap(b.page).click();
    await expect.poll(() => move(a.page)).toMatch(/^Did Partner B get it\?/);
    await tap(a.page).click(); // not quite: say it again, aloud
    await expect.poll(() => move(b.page)).toBe('Say back what you heard.');
    await tap(b.page).click();
    await button(a.page, "That's it").click();
    await button(a.page, "No, that's all").click();

    // The floor passes; B's turn the same way.
    await expect.poll(() => move(b.page)).toBe("Your turn — say what's on your mind.");
    await tap(b.page).click();
    await tap(a.page).click();
    await button(b.page, "That's it").click();
    await expect.poll(() => a.page.getByTestId('record').textContent()).toContain('said aloud');

    // Closing, still with taps, from "Is there more?" (never over words not yet mirrored): a
    // proposal, an appreciation said face to face, confirmations.
    await button(b.page, 'Move to close').click();
    await button(b.page, 'Propose to close').click();
    await button(a.page, 'Agree to close').click();
    for (const p of [a.page, b.page]) await button(p, "I've said my appreciation").click();
    for (const p of [a.page, b.page]) await button(p, 'Confirm and close').click();
    await b.page.getByTestId('summary').waitFor();
    const summary = await b.page.getByTestId('summary').textContent();
    expect(summary).toContain('Heard: (said aloud)');
    expect(summary?.match(/Heard: \(said aloud\)/g)).toHaveLength(2);
    await b.page.screenshot({ path: `${SHOTS}/aloud-03-summary.png`, fullPage: true });
    for (const p of [a, b]) await p.context.close();
  });
});
