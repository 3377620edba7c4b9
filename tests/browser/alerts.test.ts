import { describe, expect, it } from 'vitest';
import { button, setHidden, SHOTS, twoPartnersTalking, useServerAndBrowser } from './browser';

/**
 * Away from the page: when it becomes this person's move, the tab's title says so and, if they
 * asked for it, a notification does, with no words of the talk. Back on the page, all is as before.
 */
const env = useServerAndBrowser();

const STATEMENT = 'I felt unheard about the rent in March';
const MIRROR = 'You felt unheard about the rent';

describe('a quiet alert when it becomes your move in the background', () => {
  it('changes the title and shows a notification without the talk’s words, only while the page is hidden', { timeout: 60_000 }, async () => {
    const [a, b] = await twoPartnersTalking(env, 'Money');
    await a.context.grantPermissions(['notifications']);
    // Watch what notifications the page makes (the browser's own, recorded as they are built).
    await a.page.evaluate(() => {
      const Real = window.Notification;
      const shown: { title: string; body: string }[] = ((window as unknown as { __shown: unknown[] }).__shown = []) as never;
      window.Notification = class extends Real {
        constructor(title: string, options?: NotificationOptions) {
          super(title, options);
          shown.push({ title, body: options?.body ?? '' });
        }
      } as typeof Notification;
    });
    const shown = () => a.page.evaluate(() => (window as unknown as { __shown: { title: string; body: string }[] }).__shown);

    // Asked for from the person's own control, never on load.
    await a.page.locator('.settings > summary').click();
    await a.page.screenshot({ path: `${SHOTS}/settings-open.png` });
    await a.page.getByLabel(/Alert me when it’s my move/).check();
    await a.page.locator('.settings > summary').click();
    await a.page.getByTestId('composer').fill(STATEMENT);
    await a.page.getByTestId('send').click();
    await button(a.page, 'Yield the floor').click();

    // A goes to another app while B says back what they heard; the page really is hidden.
    await setHidden(a.page, true);
    expect(await a.page.evaluate(() => [document.visibilityState, document.title])).toEqual(['hidden', 'Talk Room']);
    await b.page.getByTestId('composer').fill(MIRROR);
    await b.page.getByTestId('send').click();
    await expect.poll(() => a.page.evaluate(() => document.title)).toBe('● Your turn — Talk Room');
    const notes = await shown();
    expect(notes).toEqual([{ title: 'Your turn — Talk Room', body: 'It’s your move in the room.' }]);
    expect(JSON.stringify(notes)).not.toMatch(/rent|unheard|Money/);

    // Back on the page: the title is the app's again.
    await setHidden(a.page, false);
    await expect.poll(() => a.page.evaluate(() => document.title)).toBe('Talk Room');
    // A move that begins while the page is in front changes nothing.
    await button(a.page, "Yes, that's it").click();
    await button(a.page, "No, that's all").click();
    expect(await a.page.evaluate(() => document.title)).toBe('Talk Room');
    expect(await shown()).toHaveLength(1);
  });
});
