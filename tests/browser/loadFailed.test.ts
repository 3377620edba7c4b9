import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createRoom, WireClient } from '../support/wireClient';
import { button, useServerAndBrowser } from './browser';

/**
 * A part of the page fetched on demand (the start page, a room's screen, the mediator's tools)
 * that does not arrive — the connection dropped, or the app was updated under the page — says so
 * calmly and offers a reload, in the person's language: never a blank where the part should be.
 */
const env = useServerAndBrowser();
const FAILED = 'This part of the page did not load. Check your connection and reload; nothing you typed is lost.';

/** The page's request for a built chunk of this component fails, as with the connection gone. */
const cutOff = (page: Page, component: string) => page.route(new RegExp(`/assets/${component}-[\\w-]+\\.js$`), (route) => route.abort('internetdisconnected'));

describe('a part of the page that does not load', () => {
  it('says so on the start page, in Spanish for a Spanish browser, and a reload brings the page back', async () => {
    const { page } = await env.browser.person({ locale: 'es-ES' });
    await cutOff(page, 'Home');
    await page.goto(env.server.url);
    await expect.poll(() => page.getByRole('status').innerText()).toContain('Esta parte de la página no se cargó.');
    await page.unrouteAll();
    await button(page, 'Recargar').click();
    await expect.poll(() => button(page, 'Crear una sala').isVisible()).toBe(true);
    await page.context().close();
  });

  it('says so in place of a room’s screen, beside the room’s bar', async () => {
    const room = await createRoom(env.server.url);
    const { page } = await env.browser.person();
    await cutOff(page, 'Agreement');
    await page.goto(room.links.A!);
    await expect.poll(() => page.getByRole('status').filter({ hasText: FAILED }).count()).toBe(1);
    expect(await button(page, 'Reload').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Leave now' }).first().isVisible()).toBe(true);
    await page.context().close();
  });

  it('says so in place of the mediator’s tools, and the talk itself is there', async () => {
    const room = await createRoom(env.server.url, { mediator: true });
    const [a, b] = await Promise.all([WireClient.join(env.server.url, room.links.A!), WireClient.join(env.server.url, room.links.B!)]);
    try {
      await a.ok({ type: 'setTopic', topic: 'Money' });
      await a.ok({ type: 'sign' });
      await b.ok({ type: 'sign' });
      const { page } = await env.browser.person();
      await cutOff(page, 'MediatorTools');
      await page.goto(room.links.M!);
      await expect.poll(() => page.getByTestId('move').isVisible()).toBe(true);
      await expect.poll(() => page.getByRole('status').filter({ hasText: FAILED }).count()).toBe(1);
      await page.context().close();
    } finally {
      a.close();
      b.close();
    }
  });
});
