import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { button, move, signAloudTogether, switchLanguage, useServerAndBrowser } from './browser';

/**
 * Never lose what someone typed: the language switch reloads the page into the other language's
 * build, and every free-text field of the room, and the links the start page just made, come
 * back as they were. Deleting the room then leaves none of it on the device, in any tab.
 */
const env = useServerAndBrowser();

/** To Spanish and back: two reloads, each into another build. */
async function thereAndBack(page: Page) {
  await switchLanguage(page, 'es');
  await switchLanguage(page, 'en');
}
/** This page's drafts on the device, as `field=text`. */
const drafts = (page: Page) =>
  page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith('talkroom:draft:'))
      .map((k) => `${k.split(':').pop()}=${localStorage.getItem(k)}`)
      .sort(),
  );
/** Every key of either storage that names the room. */
const keysOf = (page: Page, roomId: string) =>
  page.evaluate((id) => [...Object.keys(localStorage), ...Object.keys(sessionStorage)].filter((k) => k.includes(id)), roomId);

async function createRoom(page: Page, mediator = false) {
  await page.goto(env.server.url);
  if (mediator) await page.getByLabel('Include a mediator seat').check();
  await button(page, 'Create a room').click();
  const links = await Promise.all(['A', 'B', 'M'].slice(0, mediator ? 3 : 2).map((s) => page.getByTestId(`link-${s}`).inputValue()));
  return { links, roomId: new URLSearchParams(new URL(links[0]!).hash.slice(1)).get('room')! };
}

describe('what someone typed survives a language switch', () => {
  it('keeps the name, a topic proposed mid-talk, the mediator’s note and a parked subject’s title; each draft goes once the room takes it', { timeout: 90_000 }, async () => {
    const [a, b, m] = [await env.browser.person(), await env.browser.person(), await env.browser.person()];
    const { links } = await createRoom(a.page, true);
    await Promise.all([a.page.goto(links[0]!), b.page.goto(links[1]!), m.page.goto(links[2]!)]);

    // The name, typed and not yet saved.
    await a.page.locator('#my-name').fill('Robin, not saved yet');
    await thereAndBack(a.page);
    expect(await a.page.locator('#my-name').inputValue()).toBe('Robin, not saved yet');
    await a.page.locator('#my-name').fill('Robin');
    await button(a.page, 'Save name').click();
    await expect.poll(() => drafts(a.page)).toEqual([]);

    // A talk held aloud with one agreed off-limits topic, so a boundary can be called.
    await button(a.page, 'How we share the chores').click();
    await a.page.locator('#offlimits').fill('money');
    await button(a.page, 'Propose').click();
    await b.page.getByTestId('offlimits-item').filter({ hasText: 'money' }).getByRole('button', { name: 'Accept' }).click();
    await signAloudTogether(a.page, b.page);

    // A topic proposed mid-talk, typed and not proposed: the card comes back open, with it.
    await button(b.page, 'Propose an off-limits topic').click();
    await b.page.locator('#talk-offlimits').fill('the car, still typing');
    await thereAndBack(b.page);
    expect(await b.page.locator('#talk-offlimits').inputValue()).toBe('the car, still typing');

    // The mediator's note; sent and accepted, its draft goes.
    await m.page.locator('#note').fill('Breathe first, then answer');
    await thereAndBack(m.page);
    expect(await m.page.locator('#note').inputValue()).toBe('Breathe first, then answer');
    await button(m.page, 'Send note').click();
    await expect.poll(() => a.page.getByTestId('record').textContent()).toContain('Breathe first, then answer');
    await expect.poll(() => drafts(m.page)).toEqual([]);

    // The listener calls a boundary; the speaker starts parking the subject under a title.
    await b.page.locator('details.boundary-call > summary').click();
    await button(b.page, '“money”').click();
    await button(a.page, 'Park the subject').click();
    await a.page.locator('#park-title').fill('The loan, for another day');
    await thereAndBack(a.page);
    expect(await a.page.locator('#park-title').inputValue()).toBe('The loan, for another day');
    expect(await drafts(a.page)).toEqual(['parkTitle=The loan, for another day']);
    for (const p of [a, b, m]) await p.context.close();
  });

  it('shows the links the start page just made after a switch, and a new room’s form once the page is left', async () => {
    const { page, context } = await env.browser.person();
    const { links, roomId } = await createRoom(page);
    await switchLanguage(page, 'es');
    await expect.poll(() => page.getByTestId('link-A').inputValue()).toBe(links[0]);
    expect(await page.getByTestId('link-B').inputValue()).toBe(links[1]);
    expect(await page.evaluate(() => Object.keys(sessionStorage))).toContain(`talkroom:home:${roomId}`);
    // Opening one's own seat leaves the start page: back there, it offers a new room.
    await page.goto(links[0]!);
    await expect.poll(() => move(page)).toBeTruthy();
    await page.goto(env.server.url);
    await button(page, 'Crear una sala').waitFor();
    expect(await page.evaluate(() => Object.keys(sessionStorage))).toEqual([]);
    await context.close();
  });
});

describe('deleting the room', () => {
  it('leaves none of these drafts, nor the start page’s links, in any tab of the device', async () => {
    const home = await env.browser.person();
    const b = await env.browser.person();
    const { links, roomId } = await createRoom(home.page);
    // Seat A opened in a new tab from the start page: it starts with a copy of that tab's sessionStorage.
    const [seat] = await Promise.all([home.context.waitForEvent('page'), home.page.evaluate((link) => void window.open(link), links[0]!)]);
    await b.page.goto(links[1]!);
    await seat.locator('#my-name').fill('Sam, not saved');
    await seat.locator('#offlimits').fill('my mother, not proposed');
    await expect.poll(() => drafts(seat)).toEqual(['name=Sam, not saved', 'offLimits=my mother, not proposed']);
    expect(await keysOf(seat, roomId)).toContain(`talkroom:home:${roomId}`);
    expect(await keysOf(home.page, roomId)).toContain(`talkroom:home:${roomId}`);

    await seat.locator('.settings > summary').click();
    await button(seat, 'Delete this room').click();
    await button(seat, 'Yes, delete it for everyone').click();
    await seat.getByTestId('deleted').waitFor();
    await expect.poll(() => keysOf(seat, roomId)).toEqual([]);
    // The start page's tab, which still showed the links, forgets them too.
    await expect.poll(() => keysOf(home.page, roomId)).toEqual([]);
    await button(home.page, 'Create a room').waitFor();
    await home.page.reload();
    await button(home.page, 'Create a room').waitFor();
    for (const p of [home, b]) await p.context.close();
  });
});
