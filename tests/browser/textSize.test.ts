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

  it.each([
    ['English', 'en-US', { create: 'Create a room', topic: "Today's topic", save: 'Save topic', sign: 'Sign the agreement', yieldFloor: 'Yield the floor', pause: 'Pause', ready: "I'm ready", yes: "Yes, that's it", done: "No, that's all", close: 'Move to close', propose: 'Propose to close', agree: 'Agree to close', appreciation: 'One appreciation', share: 'Share appreciation', confirm: 'Confirm and close' }],
    ['Spanish', 'es-ES', { create: 'Crear una sala', topic: 'El tema de hoy', save: 'Guardar el tema', sign: 'Firmar el acuerdo', yieldFloor: 'Ceder la palabra', pause: 'Pausa', ready: 'Puedo seguir', yes: 'Sí, eso es', done: 'No, eso es todo', close: 'Ir al cierre', propose: 'Proponer cerrar', agree: 'Aceptar cerrar', appreciation: 'Un agradecimiento', share: 'Compartir agradecimiento', confirm: 'Confirmar y cerrar' }],
  ] as const)('scrolls nothing sideways at the largest size on any screen at 360 px, in %s', { timeout: 90_000 }, async (_language, locale, say) => {
    const larger = async () => {
      const person = await env.browser.person({ locale });
      await person.context.addInitScript(() => localStorage.setItem('talkroom:textSize', 'larger'));
      return person;
    };
    const [a, b] = [await larger(), await larger()];
    const none = async (page: Page, screen: string) => {
      expect(await rootSize(page), screen).toBe('21px');
      expect(await overflow(page), `${screen} at Larger`).toBe(0);
    };
    await a.page.goto(env.server.url);
    await none(a.page, 'start page');
    await button(a.page, say.create).click();
    await none(a.page, 'links');
    const [la, lb] = await Promise.all(['A', 'B'].map((s) => a.page.getByTestId(`link-${s}`).inputValue()));
    await a.page.goto(la!);
    await b.page.goto(lb!);
    await a.page.getByLabel(say.topic).fill('How we share the evenings and the weekends with everyone');
    await button(a.page, say.save).click();
    await none(a.page, 'agreement');
    await button(a.page, say.sign).click();
    await button(b.page, say.sign).click();
    await a.page.getByTestId('composer').fill('I feel tired when the evenings fill up, because I need time with you.');
    await a.page.getByTestId('send').click();
    await none(a.page, 'talk (speaker)');
    await none(b.page, 'talk (listener)');
    await button(a.page, say.yieldFloor).click();
    await b.page.getByTestId('composer').fill('What I heard is that you are tired and need time with me.');
    await b.page.getByTestId('send').click();
    await button(b.page, say.pause).click();
    await a.page.getByTestId('pause-countdown').waitFor();
    await none(a.page, 'pause');
    await button(a.page, say.ready).click();
    await button(b.page, say.ready).click();
    await button(a.page, say.yes).click();
    await button(a.page, say.done).click();
    await button(b.page, say.close).click();
    await button(b.page, say.propose).click();
    await button(a.page, say.agree).click();
    await a.page.getByLabel(say.appreciation).waitFor();
    await none(a.page, 'closing');
    for (const p of [a.page, b.page]) {
      await p.getByLabel(say.appreciation).fill('Thank you for listening to me tonight, truly.');
      await button(p, say.share).click();
    }
    await button(a.page, say.confirm).click();
    await button(b.page, say.confirm).click();
    await b.page.getByTestId('summary').waitFor();
    await none(b.page, 'summary');
    await a.page.screenshot({ path: `${SHOTS}/text-larger-${locale}-summary.png`, fullPage: true });
    await b.page.goto(`${env.server.url}/#practice`);
    await b.page.locator('.scenarios').waitFor();
    await none(b.page, 'practice');
  });
});
