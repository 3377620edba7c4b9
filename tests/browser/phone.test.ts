import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../support/manualClock';
import { button, move, SHOTS, useServerAndBrowser } from './browser';

/**
 * Two partners and a mediator on small phones (360×740 and 320×568), on a server whose time the
 * test moves: each device speaks to its person, the pinned area always holds the move and the
 * time, a turn ends kindly, and nothing room-wide happens on one tap.
 */
const clock = new ManualClock();
const env = useServerAndBrowser(clock);

const SMALL = { width: 320, height: 568 };
const PHONE_360 = { width: 360, height: 740 };
const LONG_URL = 'https://example.org/a/very/long/path/that/does/not/break/anywhere/on/its/own/because/it/has/no/spaces/at/all/really/none';

/** The pinned area is on screen, with the person's move in it; and the page never scrolls sideways. */
async function actionable(page: Page, what: string) {
  const inView = await page.evaluate(() => {
    const r = (id: string) => document.querySelector(`[data-testid="${id}"]`)?.getBoundingClientRect() ?? null;
    const pinned = r('pinned');
    const m = r('move');
    return {
      pinned: !!pinned && pinned.top >= 0 && pinned.bottom <= innerHeight + 1,
      move: !!m && m.top >= 0 && m.bottom <= innerHeight + 1,
      sideways: document.documentElement.scrollWidth - innerWidth,
    };
  });
  if (!inView.pinned || !inView.move || inView.sideways) {
    await page.screenshot({ path: `${SHOTS}/phone-failed.png` });
    console.log(what, await page.evaluate(() => JSON.stringify({ p: document.querySelector('[data-testid="pinned"]')?.getBoundingClientRect(), h: innerHeight, y: scrollY })));
  }
  expect(inView, what).toEqual({ pinned: true, move: true, sideways: 0 });
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

async function named(page: Page, name: string) {
  await page.getByLabel('What should the others call you?').fill(name);
  await button(page, 'Save name').click();
}

describe('on a phone', () => {
  it('speaks to each person, keeps their move and time in view, and ends a turn kindly', { timeout: 90_000 }, async () => {
    const a = await env.browser.person({ viewport: PHONE_360 });
    const b = await env.browser.person({ viewport: SMALL });
    const m = await env.browser.person({ viewport: PHONE_360 });
    await a.page.goto(env.server.url);
    await a.page.getByLabel('Include a mediator seat').check();
    await button(a.page, 'Create a room').click();
    const links = await Promise.all(['A', 'B', 'M'].map((s) => a.page.getByTestId(`link-${s}`).inputValue()));
    await Promise.all([a.page.goto(links[0]!), b.page.goto(links[1]!), m.page.goto(links[2]!)]);
    await named(a.page, 'Sam');
    await named(b.page, 'Alex');
    await expect.poll(() => b.page.getByTestId('presence').textContent()).toContain('Sam');
    await actionable(a.page, 'agreement, 360 px');
    await actionable(b.page, 'agreement, 320 px');
    await shot(a.page, 'phone-01-agreement');

    // The creator can still send the others their links after opening their own seat.
    await a.page.getByText("The others' private links").click();
    expect(await a.page.getByLabel('Alex').inputValue()).toBe(links[1]);

    // The shortest turn the methods use: 30 seconds.
    await a.page.getByLabel("Today's topic").fill('Evenings');
    await button(a.page, 'Save topic').click();
    await a.page.getByText('Change these').click();
    await a.page.getByLabel('Turn length').selectOption('30');
    await expect.poll(() => b.page.getByTestId('settings-summary').textContent()).toContain('Turns of 30 seconds');
    await button(a.page, 'Sign the agreement').click();
    await button(b.page, 'Sign the agreement').click();

    // First person, with names, on each device; the mediator hears the room's move.
    await expect.poll(() => move(a.page)).toBe("Your turn — say what's on your mind.");
    await expect.poll(() => move(b.page)).toBe("Sam is speaking. Listen; you'll say back what you heard.");
    await expect.poll(() => move(m.page)).toBe('Sam is speaking; Alex listens.');
    // The move is a polite live region: a screen reader hears "your turn" when it comes.
    expect(await a.page.getByTestId('move').getAttribute('aria-live')).toBe('polite');
    await expect.poll(() => a.page.getByTestId('turn-countdown').textContent()).toMatch(/Your turn · 0:(30|29|28) left/);
    await actionable(a.page, 'speaking, 360 px');
    await actionable(b.page, 'listening, 320 px');
    await actionable(m.page, 'mediator, 360 px');
    await shot(a.page, 'phone-02-speaking');
    await shot(b.page, 'phone-03-listening-320');
    await shot(m.page, 'phone-04-mediator');

    // A long link in a statement wraps; the listener's screen reader hears the statement arrive.
    await a.page.getByTestId('composer').fill(`I keep thinking about this: ${LONG_URL}`);
    await a.page.getByTestId('send').click();
    await expect.poll(() => b.page.getByTestId('announcer').textContent()).toBe(`Sam: I keep thinking about this: ${LONG_URL}`);
    await actionable(b.page, 'a long link in the record, 320 px');

    // Time runs out: a gentle word, then the grace to finish the sentence being typed.
    clock.advance(20_000);
    await a.page.getByTestId('composer').fill('And one more thing before');
    clock.advance(10_000);
    await expect.poll(() => move(a.page)).toBe("Time's up — finish your sentence and send it now.");
    await expect.poll(() => a.page.getByTestId('turn-countdown').textContent()).toMatch(/Time's up · 0:1\d to finish your sentence/);
    await shot(a.page, 'phone-05-grace');
    await a.page.getByTestId('composer').fill('And one more thing before my time ends.');
    await a.page.getByTestId('send').click();
    await expect.poll(() => b.page.getByTestId('record').textContent()).toContain('before my time ends');
    // A sentence started in the grace and not sent: after it, visibly kept for the next turn.
    await a.page.getByTestId('composer').fill('What I did not get to say');
    clock.advance(15_000);
    await expect.poll(() => move(b.page)).toBe('Say back what you heard.');
    await expect.poll(() => a.page.getByTestId('kept-draft').textContent()).toContain("Time's up — your words are kept for your next turn.");
    expect(await a.page.getByTestId('kept-draft').textContent()).toContain('What I did not get to say');
    await actionable(a.page, 'after the turn, 360 px');
    await shot(a.page, 'phone-06-kept');

    // Mirroring at 320 px: the composer is in the pinned area, in view without scrolling.
    await actionable(b.page, 'mirroring, 320 px');
    await expect.poll(() => b.page.getByTestId('composer').isVisible()).toBe(true);
    await shot(b.page, 'phone-07-mirroring-320');
    await b.page.getByTestId('composer').fill('What I heard is that you keep thinking about it, and one more thing.');
    await b.page.getByTestId('send').click();
    await expect.poll(() => move(a.page)).toMatch(/^Did Alex get it\?/);
    await expect.poll(() => move(b.page)).toBe('Sam is checking what you heard.');
    await actionable(a.page, 'checking, 360 px');
    await shot(a.page, 'phone-08-checking');
    await button(a.page, "Yes, that's it").click();
    await expect.poll(() => move(a.page)).toBe('Is there more you want to say?');
    await actionable(a.page, 'is there more, 360 px');

    // A new off-limits topic mid-talk: the other partner answers it in their pinned area.
    await button(b.page, 'Propose an off-limits topic').click();
    await b.page.getByLabel("A topic to keep out of today's talk").fill('the car');
    await button(b.page, 'Propose').click();
    await expect.poll(() => a.page.getByTestId('topic-proposal').textContent()).toContain('Alex proposes to keep “the car” out of today');
    await actionable(a.page, 'a topic to answer, 360 px');
    await a.page.getByTestId('topic-proposal').getByRole('button', { name: 'Agree' }).click();
    await expect.poll(() => a.page.getByTestId('topic-proposal').count()).toBe(0);

    // A pause: the countdown and "I'm ready" in the pinned area; the record says only "A pause".
    await button(b.page, 'Pause').click();
    await a.page.getByTestId('pause-countdown').waitFor();
    await actionable(a.page, 'pause, 360 px');
    await actionable(b.page, 'pause, 320 px');
    await shot(b.page, 'phone-09-pause-320');
    await button(a.page, "I'm ready").click();
    await expect.poll(() => move(a.page)).toBe("You're ready. The talk resumes when Alex is too.");
    await button(b.page, "I'm ready").click();
    await expect.poll(() => move(a.page)).toBe('Is there more you want to say?');
    expect(await a.page.getByTestId('record').textContent()).toContain('A pause');
    expect(await a.page.getByTestId('record').textContent()).not.toMatch(/called a pause/);

    // The mediator's "End the room" asks first, saying what happens to everyone.
    await button(m.page, 'End the room').click();
    await expect.poll(() => m.page.textContent('body')).toContain('This ends the talk for both partners now');
    await shot(m.page, 'phone-10-confirm-end');
    await button(m.page, 'Keep the room open').click();
    expect(await m.page.getByTestId('move').textContent()).toMatch(/Is there more\? Sam decides/);

    await button(a.page, "No, that's all").click();
    await expect.poll(() => move(a.page)).toBe("Alex is speaking. Listen; you'll say back what you heard.");
    await button(m.page, 'End the room').click();
    await button(m.page, 'Yes, end the talk for everyone').click();

    // The summary fits a 320 px screen, long link included, and speaks of balance, not a score.
    await b.page.getByTestId('summary').waitFor();
    await actionable(b.page, 'summary, 320 px');
    const balance = await b.page.getByTestId('balance').textContent();
    expect(balance).toMatch(/^Sam spoke for 100 % of the time \(1 turn\); Alex spoke for 0 % of the time \(1 turn\)\.$/);
    expect(await b.page.getByTestId('summary').textContent()).not.toMatch(/Mirror attempts|Pauses/);
    await shot(b.page, 'phone-11-summary-320');
    for (const p of [a, b, m]) await p.context.close();
  });

  it('says plainly when a link opens no room, and shows nothing of one', async () => {
    const { page, context } = await env.browser.person({ viewport: SMALL });
    await page.goto(`${env.server.url}/#room=nothing-here&key=not-a-key`);
    await page.getByTestId('unopened').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('This link does not open a room');
    expect(await page.textContent('body')).not.toMatch(/Opening the room|Partner A|reconnecting/);
    await shot(page, 'phone-12-bad-link');
    await context.close();
  });

  it('shows a partner who closed their tab as away, not reconnecting', async () => {
    const a = await env.browser.person({ viewport: PHONE_360 });
    const b = await env.browser.person({ viewport: PHONE_360 });
    await a.page.goto(env.server.url);
    await button(a.page, 'Create a room').click();
    const linkB = await a.page.getByTestId('link-B').inputValue();
    await a.page.goto(await a.page.getByTestId('link-A').inputValue());
    await b.page.goto(linkB);
    await expect.poll(() => a.page.getByTestId('presence').textContent()).toContain('Partner B: here');
    await b.page.close({ runBeforeUnload: true });
    await expect.poll(() => a.page.getByTestId('presence').textContent()).toContain('Partner B: away');
    for (const p of [a, b]) await p.context.close();
  });
});
