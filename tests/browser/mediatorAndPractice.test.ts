import { describe, expect, it } from 'vitest';
import { button, move, SHOTS, twoPartnersTalking, useServerAndBrowser } from './browser';

const env = useServerAndBrowser();

describe('three people in the browser', () => {
  it('lets a mediator guide the talk that both partners see: notes, the floor, a pause', async () => {
    const [a, b, m] = [await env.browser.person(), await env.browser.person(), await env.browser.person()];
    await a.page.goto(env.server.url);
    await a.page.getByLabel('Include a mediator seat').check();
    await button(a.page, 'Create a room').click();
    const links = await Promise.all(['A', 'B', 'M'].map((s) => a.page.getByTestId(`link-${s}`).inputValue()));
    await Promise.all([a.page.goto(links[0]!), b.page.goto(links[1]!), m.page.goto(links[2]!)]);
    // No hidden observers: both partners see the mediator is present.
    await expect.poll(() => a.page.getByTestId('presence').textContent()).toContain('Mediator: here');
    await expect.poll(() => b.page.getByTestId('presence').textContent()).toContain('Mediator: here');

    await m.page.getByLabel("Today's topic").fill('Rebuilding trust');
    await button(m.page, 'Save topic').click();
    expect(await m.page.getByRole('button', { name: 'Sign the agreement' }).count()).toBe(0);
    await button(a.page, 'Sign the agreement').click();
    await button(b.page, 'Sign the agreement').click();
    // The mediator hears the room's move; each partner hears their own part.
    await expect.poll(() => move(m.page)).toBe('Partner A is speaking; Partner B listens.');
    await expect.poll(() => move(b.page)).toMatch(/^Partner A is speaking\. Listen/);

    await m.page.getByLabel('A short note both partners see').fill('Take your time; short sentences help.');
    await button(m.page, 'Send note').click();
    await expect.poll(() => b.page.getByTestId('record').textContent()).toContain('Take your time; short sentences help.');
    await expect.poll(() => a.page.getByTestId('record').textContent()).toContain('Take your time; short sentences help.');

    await button(m.page, 'Give the floor to Partner B').click();
    await expect.poll(() => move(a.page)).toMatch(/^Partner B is speaking/);
    await expect.poll(() => move(b.page)).toBe("Your turn — say what's on your mind.");
    // Both partners are told who now holds the floor, and that the mediator gave it; so is the record.
    await expect.poll(() => a.page.getByTestId('grant-notice').textContent()).toBe('Mediator gave the floor to Partner B.');
    await expect.poll(() => b.page.getByTestId('grant-notice').textContent()).toBe('Mediator gave the floor to you.');
    await expect.poll(() => a.page.getByTestId('record').textContent()).toContain('Mediator gave the floor to Partner B');
    await m.page.screenshot({ path: `${SHOTS}/11-mediator.png`, fullPage: true });

    await button(m.page, 'Pause').click();
    await a.page.getByTestId('pause-countdown').waitFor();
    await b.page.getByTestId('pause-countdown').waitFor();
    await button(m.page, 'More time').click();
    await button(a.page, "I'm ready").click();
    await button(b.page, "I'm ready").click();
    await expect.poll(() => move(m.page)).toBe('Partner B is speaking; Partner A listens.');

    // Leave now: out at once to a neutral page; the room carries on for the others.
    await button(m.page, 'Leave now').click();
    await expect.poll(() => m.page.textContent('body')).toContain('You left.');
    expect(m.page.url()).not.toContain('key=');
    await expect.poll(() => a.page.getByTestId('presence').textContent()).toContain('Mediator: away');
    await expect.poll(() => move(a.page)).toMatch(/^Partner B is speaking/);
    for (const p of [a, b, m]) await p.context.close();
  });
});

describe('practice alone in the browser', () => {
  it('runs a whole scenario and names what a deliberately incomplete mirror missed', async () => {
    const { page, context } = await env.browser.person();
    await page.goto(env.server.url);
    await page.getByRole('link', { name: 'Practise alone first' }).click();
    await button(page, 'Practise “Running late again”').click();
    await expect.poll(() => page.getByTestId('record').textContent()).toContain('I waited an hour at the restaurant');
    await expect.poll(() => move(page)).toBe('Say back what you heard.');
    expect(await page.getByTestId('practice-roles').textContent()).toContain('You are Partner A');

    await page.getByTestId('composer').fill('What I heard is that you waited an hour.');
    await page.getByTestId('send').click();
    await expect.poll(() => page.getByTestId('missed').textContent()).toContain('that they felt foolish');
    expect(await page.getByTestId('missed').textContent()).toContain('that they were alone');
    await expect.poll(() => page.getByTestId('record').textContent()).toContain('Not quite. It was the waiting');
    await page.screenshot({ path: `${SHOTS}/12-practice-feedback.png`, fullPage: true });

    await page.getByTestId('composer').fill('What I heard is you waited an hour and felt foolish there alone.');
    await page.getByTestId('send').click();
    await expect.poll(() => page.getByTestId('record').textContent()).toContain('What I need is a message');
    await expect.poll(() => move(page)).toBe('Say back what you heard.');
    await page.getByTestId('composer').fill('What I heard is you need a message when I am running late.');
    await page.getByTestId('send').click();

    // The person's own turn: the coach comments on accusatory phrasing.
    await expect.poll(() => move(page)).toBe("Your turn — say what's on your mind.");
    await page.getByTestId('composer').fill('You always make a big deal out of nothing.');
    await expect.poll(() => page.getByTestId('coach').textContent()).toContain('I feel … when … because … I need …');
    await page.getByTestId('composer').fill('I feel ashamed when I forget to write, because I care about our evenings.');
    await page.getByTestId('send').click();
    await button(page, 'Yield the floor').click();
    await expect.poll(() => move(page)).toMatch(/^Did Partner B get it\?/);
    await button(page, "Yes, that's it").click();
    await button(page, "No, that's all").click();
    await page.getByTestId('practice-done').waitFor();
    await page.screenshot({ path: `${SHOTS}/13-practice-done.png`, fullPage: true });

    // Once loaded, practice works with no network at all, and progress stayed on the device.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { name: 'Running late again ✓' }).waitFor();
    await page.getByRole('button', { name: 'Practise both seats' }).click();
    await expect.poll(() => move(page)).toBe("Your turn — say what's on your mind.");
    // Hot seat: the same person speaks as A, then mirrors as B.
    await page.getByTestId('composer').fill('I feel rushed in the mornings.');
    await page.getByTestId('send').click();
    await button(page, 'Yield the floor').click();
    await expect.poll(() => move(page)).toBe('Say back what you heard.');
    await page.getByTestId('composer').fill('What I heard is you feel rushed in the mornings.');
    await page.getByTestId('send').click();
    await expect.poll(() => move(page)).toMatch(/^Did Partner B get it\?/);
    await context.close();
  });
});

describe('adjourning in the browser', () => {
  it('adjourns to a later time once both partners agree, keeping the talk where it stood', async () => {
    const [a, b] = await twoPartnersTalking(env, 'Holidays');
    await a.page.getByTestId('composer').fill('I would like to think about this overnight.');
    await a.page.getByTestId('send').click();
    await button(b.page, 'Adjourn to later').click();
    await b.page.getByLabel('Continue in how many hours? (within a day)').selectOption('12');
    await button(b.page, 'Propose to adjourn').click();
    await button(a.page, 'Agree to adjourn').click();
    await expect.poll(() => a.page.getByRole('heading', { name: 'Adjourned' }).count()).toBe(1);
    await expect.poll(() => b.page.getByTestId('pause-countdown').textContent()).toMatch(/^(11:5\d|12:00):\d\d$/);
    await b.page.screenshot({ path: `${SHOTS}/14-adjourned.png`, fullPage: true });
    await button(a.page, "I'm ready").click();
    await button(b.page, "I'm ready").click();
    await expect.poll(() => move(a.page)).toBe("Your turn — say what's on your mind.");
    await expect.poll(() => a.page.getByTestId('record').textContent()).toContain('overnight');
    for (const p of [a, b]) await p.context.close();
  });
});
