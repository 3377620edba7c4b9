import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { audit } from './audit';
import { button, SHOTS, useServerAndBrowser } from './browser';
import { tcpRelay } from '../support/netCut';

/**
 * Deleting a room leaves nothing of it on any device in it, the one that was offline included;
 * leaving now leaves nothing on this one. "Nothing" is checked where a page can keep anything:
 * what it shows, localStorage, sessionStorage, IndexedDB and the Cache API.
 */
const env = useServerAndBrowser();

const TOPIC = 'Marker-topic-7Q';
const DRAFT = 'Marker-draft-3Z I was saying that';

/** What this page still holds anywhere that names the room, its words or its people. */
async function tracesOf(page: Page, roomId: string): Promise<string[]> {
  return page.evaluate(
    async ({ roomId, markers }) => {
      const found: string[] = [];
      const text = document.body.innerText;
      for (const m of markers) if (text.includes(m)) found.push(`page shows ${m}`);
      for (const [name, store] of [['localStorage', localStorage], ['sessionStorage', sessionStorage]] as const)
        for (let i = 0; i < store.length; i++) {
          const key = store.key(i)!;
          const value = store.getItem(key) ?? '';
          if (key.includes(roomId) || markers.some((m) => value.includes(m))) found.push(`${name} ${key}`);
        }
      for (const db of await indexedDB.databases()) found.push(`IndexedDB ${db.name}`);
      for (const name of await caches.keys())
        for (const req of await (await caches.open(name)).keys()) if (req.url.includes(roomId) || req.url.includes('/api')) found.push(`cache ${req.url}`);
      return found;
    },
    { roomId, markers: [TOPIC, DRAFT.slice(0, 16), 'Sam'] },
  );
}

async function roomWithDraft(opts: { aVia?: (link: string) => string } = {}) {
  // Contexts that let the test inject axe-core; the pages themselves are unchanged.
  const [a, b] = [await env.browser.person({ bypassCSP: true }), await env.browser.person({ bypassCSP: true })];
  await b.page.goto(env.server.url);
  await button(b.page, 'Create a room').click();
  const [la, lb] = await Promise.all(['A', 'B'].map((s) => b.page.getByTestId(`link-${s}`).inputValue()));
  const roomId = new URLSearchParams(new URL(la!).hash.slice(1)).get('room')!;
  await a.page.goto(opts.aVia?.(la!) ?? la!);
  await b.page.goto(lb!);
  await a.page.getByLabel('What should the others call you?').fill('Sam');
  await button(a.page, 'Save name').click();
  await a.page.getByLabel("Today's topic").fill(TOPIC);
  await button(a.page, 'Save topic').click();
  await button(a.page, 'Sign the agreement').click();
  await button(b.page, 'Sign the agreement').click();
  // A is mid-statement: a draft, not sent.
  await a.page.getByTestId('composer').fill(DRAFT);
  await expect.poll(() => a.page.evaluate(() => JSON.stringify(localStorage))).toContain('Marker-draft');
  return { a, b, roomId };
}

async function deleteFrom(page: Page): Promise<void> {
  await page.locator('.settings > summary').click();
  await button(page, 'Delete this room').click();
  await button(page, 'Yes, delete it for everyone').click();
}

describe('nothing of a deleted room left on any device', () => {
  it('clears the page and the device of the partner who was mid-statement when the other deleted it', async () => {
    const { a, b, roomId } = await roomWithDraft();
    expect(await tracesOf(a.page, roomId)).not.toEqual([]); // the check does see a room
    await deleteFrom(b.page);
    for (const p of [a.page, b.page]) {
      await p.getByTestId('deleted').waitFor();
      await expect.poll(() => tracesOf(p, roomId)).toEqual([]);
    }
    expect(await a.page.getByTestId('deleted').textContent()).toContain('deleted by a partner');
    await a.page.screenshot({ path: `${SHOTS}/deleted.png` });
    await audit(a.page, 'deleted room');
    // After a reload the link says the room was deleted, not that it opens no seat.
    await a.page.reload();
    await a.page.getByTestId('deleted').waitFor();
    expect(await tracesOf(a.page, roomId)).toEqual([]);
  });

  it('clears a device that was offline during the delete, when it comes back', async () => {
    const relay = await tcpRelay(Number(new URL(env.server.url).port));
    try {
      const { a, b, roomId } = await roomWithDraft({ aVia: (link) => link.replace(/\/\/[^/]+/, `//127.0.0.1:${relay.port}`) });
      relay.cut();
      await expect.poll(() => b.page.getByTestId('presence').textContent()).toContain('Sam: reconnecting…');
      await deleteFrom(b.page);
      await b.page.getByTestId('deleted').waitFor();
      // A still shows the room while away; back on the network, it is told and clears.
      expect(await a.page.getByTestId('deleted').count()).toBe(0);
      relay.restore();
      await a.page.getByTestId('deleted').waitFor({ timeout: 30_000 });
      await expect.poll(() => tracesOf(a.page, roomId)).toEqual([]);
      expect(await a.page.getByTestId('deleted').textContent()).toContain('deleted');
    } finally {
      await relay.close();
    }
  });
});

describe('leaving now', () => {
  it('leaves nothing of the room on this device, Back does not show it, and the link still brings the person back', async () => {
    const { a, roomId } = await roomWithDraft();
    const link = a.page.url();
    await a.page.locator('.settings > summary').click();
    expect(await a.page.locator('#leave-hint').textContent()).toContain('clears this room from this device');
    await audit(a.page, 'room menu, open');
    await a.page.locator('.settings > summary').click();
    await a.page.getByRole('button', { name: 'Leave now' }).last().click();
    await a.page.waitForURL(/#left$/);
    expect(await tracesOf(a.page, roomId)).toEqual([]);
    // Back goes to whatever came before the room (here the browser's blank page), never the room.
    await a.page.goBack();
    expect(a.page.url()).not.toBe(link);
    expect(await a.page.evaluate(() => document.body?.innerText ?? '')).not.toMatch(/Marker|Sam/);
    await a.page.goto(link);
    await expect.poll(() => a.page.getByTestId('move').textContent()).toBe("Your turn — say what's on your mind.");
  });
});
