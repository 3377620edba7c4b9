import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { audit } from './audit';
import { button, move, SHOTS, switchLanguage, useServerAndBrowser } from './browser';

/**
 * The whole app in Spanish, in real Chromium: browsers set to Spanish get every screen in Spanish,
 * three people can hold a whole talk in it, each person in a room reads it in their own language,
 * and the language can be switched on any screen. Every screen is audited with axe in Spanish
 * (the English screens are audited in accessibility.test.ts).
 */
const env = useServerAndBrowser(undefined, { voice: true });
const SPANISH = { locale: 'es-ES', bypassCSP: true };
const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/es-${name}.png`, fullPage: true });
const write = (page: Page, text: string) => page.getByTestId('composer').fill(text);
const body = (page: Page) => page.locator('body').innerText();

/** A new room made on a Spanish start page, with a seat's link opened on each person's page. */
async function spanishRoom(people: { page: Page }[], mediator: boolean) {
  const [first] = people;
  await first!.page.goto(env.server.url);
  if (mediator) await first!.page.getByLabel('Incluir un puesto de mediación').check();
  await button(first!.page, 'Crear una sala').click();
  const links = await Promise.all(['A', 'B', 'M'].slice(0, people.length).map((s) => first!.page.getByTestId(`link-${s}`).inputValue()));
  await Promise.all(people.map((p, i) => p.page.goto(links[i]!)));
  await expect.poll(() => first!.page.getByTestId('connection').getAttribute('data-status')).toBe('live');
  return links;
}

describe('the app in Spanish', () => {
  it('holds a whole three-person talk in Spanish, every screen in Spanish and free of serious accessibility problems', { timeout: 120_000 }, async () => {
    const [a, b, m] = [await env.browser.person(SPANISH), await env.browser.person(SPANISH), await env.browser.person(SPANISH)];
    await a.page.goto(env.server.url);
    expect(await a.page.getAttribute('html', 'lang')).toBe('es');
    expect(await body(a.page)).toContain('Una sala tranquila y estructurada');
    await audit(a.page, 'inicio');
    await shot(a.page, '01-inicio');
    await spanishRoom([a, b, m], true);

    // Names, topic, an off-limits topic, signatures: all in Spanish.
    await a.page.getByLabel('¿Cómo quieres que te llamen?').fill('Lucía');
    await button(a.page, 'Guardar el nombre').click();
    await b.page.getByLabel('¿Cómo quieres que te llamen?').fill('Mateo');
    await button(b.page, 'Guardar el nombre').click();
    await expect.poll(() => m.page.getByTestId('presence').innerText()).toContain('Mateo: aquí');
    await a.page.getByLabel('El tema de hoy').fill('Cómo pasamos las tardes');
    await button(a.page, 'Guardar el tema').click();
    await a.page.getByLabel('Proponer un tema fuera de límites').fill('mi madre');
    await button(a.page, 'Proponer').click();
    await b.page.getByTestId('offlimits-item').filter({ hasText: 'mi madre' }).getByRole('button', { name: 'Aceptar' }).click();
    await expect.poll(() => a.page.getByTestId('offlimits-item').innerText()).toContain('acordado');
    await audit(b.page, 'acuerdo');
    await shot(b.page, '02-acuerdo');
    await button(a.page, 'Firmar el acuerdo').click();
    await expect.poll(() => move(a.page)).toBe('Has firmado. Falta que firme Mateo.');
    await button(b.page, 'Firmar el acuerdo').click();

    // The talk: each person told their own move in Spanish, with names.
    await expect.poll(() => move(a.page)).toBe('Tu turno: di lo que tienes en mente.');
    await expect.poll(() => move(b.page)).toBe('Habla Lucía. Escucha; después repetirás lo que has oído.');
    await expect.poll(() => move(m.page)).toBe('Habla Lucía; escucha Mateo.');
    // The coach and the off-limits warning, in Spanish, while typing.
    await write(a.page, 'Nunca me escuchas, como con mi madre.');
    await expect.poll(() => a.page.getByTestId('coach').innerText()).toContain('«Siempre» y «nunca» pueden sonar a sentencia');
    await expect.poll(() => a.page.getByTestId('offlimits-warning').innerText()).toContain('Esto toca «mi madre»');
    await audit(a.page, 'conversación (quien habla, con aviso y coach)');
    await audit(b.page, 'conversación (quien escucha)');
    await audit(m.page, 'mediación');
    await shot(a.page, '03-hablando');
    // Refused by the server, kindly and in Spanish; the draft kept.
    await a.page.getByTestId('send').click();
    await expect.poll(() => a.page.getByTestId('refusal').innerText()).toContain('que acordasteis dejar fuera de la conversación de hoy');
    expect(await a.page.getByTestId('composer').inputValue()).toContain('como con mi madre');
    await write(a.page, 'Me siento sola cuando trabajas hasta tarde.');
    await a.page.getByTestId('send').click();
    await button(a.page, 'Ceder la palabra').click();
    await expect.poll(() => move(b.page)).toBe('Repite lo que has oído.');
    await audit(b.page, 'repetir');
    await write(b.page, 'Lo que he oído es que estás enfadada.');
    await b.page.getByTestId('send').click();
    await write(a.page, 'No del todo: sola, no enfadada.');
    await button(a.page, 'No del todo').click();
    await write(b.page, 'Lo que he oído es que te sientes sola cuando trabajo hasta tarde.');
    await b.page.getByTestId('send').click();
    await expect.poll(() => move(a.page)).toMatch(/^¿Lo ha entendido Mateo\?/);
    await button(a.page, 'Sí, eso es').click();
    await expect.poll(() => b.page.getByTestId('record').innerText()).toContain('Lucía confirma: «sí, eso es»');
    await expect.poll(() => a.page.getByTestId('record').innerText()).toContain('Confirmas: «sí, eso es»');

    // The mediator: a note, and a pause with the grounding exercise in Spanish.
    await m.page.getByLabel('Una nota breve que ven las dos partes').fill('Respirad un momento.');
    await button(m.page, 'Enviar nota').click();
    await expect.poll(() => b.page.getByTestId('record').innerText()).toContain('Respirad un momento.');
    await button(m.page, 'Pausa').click();
    await a.page.getByTestId('pause-countdown').waitFor();
    expect(await body(a.page)).toContain('Nadie necesita dar un motivo.');
    expect(await body(a.page)).toContain('Inspira despacio contando hasta cuatro');
    await audit(a.page, 'pausa');
    await shot(a.page, '04-pausa');
    await button(a.page, 'Puedo seguir').click();
    await button(b.page, 'Puedo seguir').click();
    await expect.poll(() => move(a.page)).toBe('¿Quieres decir algo más?');
    await button(a.page, 'No, eso es todo').click();
    await expect.poll(() => move(a.page)).toBe('Habla Mateo. Escucha; después repetirás lo que has oído.');

    // Closing, agreed by both; the summary and its Markdown in Spanish.
    await button(b.page, 'Ir al cierre').click();
    await expect.poll(() => body(b.page)).toContain('Esto pide a Lucía que acepte cerrar');
    await audit(b.page, 'confirmar el cierre');
    await button(b.page, 'Proponer cerrar').click();
    await a.page.getByTestId('close-proposal').waitFor();
    await audit(a.page, 'propuesta de cerrar');
    await button(a.page, 'Aceptar cerrar').click();
    await a.page.getByLabel('Un agradecimiento').waitFor();
    await audit(a.page, 'cierre');
    for (const [p, words] of [[a, 'Gracias por escucharme.'], [b, 'Gracias por decirlo con calma.']] as const) {
      await p.page.getByLabel('Un agradecimiento').fill(words);
      await button(p.page, 'Compartir agradecimiento').click();
    }
    await button(a.page, 'Confirmar y cerrar').click();
    await button(b.page, 'Confirmar y cerrar').click();
    await expect.poll(() => b.page.getByTestId('summary').innerText()).toContain('Resumen: Cómo pasamos las tardes');
    expect(await b.page.getByTestId('summary').innerText()).toContain('Lucía agradece: Gracias por escucharme.');
    expect(await b.page.getByTestId('balance').innerText()).toMatch(/Lucía habló el \d+ % del tiempo \(1 turno\)/);
    await audit(b.page, 'resumen');
    await shot(b.page, '05-resumen');
    const [download] = await Promise.all([b.page.waitForEvent('download'), button(b.page, 'Descargar Markdown').click()]);
    expect(download.suggestedFilename()).toBe('resumen-talk-room.md');
    const markdown = readFileSync((await download.path())!, 'utf8');
    expect(markdown).toContain('# Resumen de Talk Room: Cómo pasamos las tardes');
    expect(markdown).toContain('## Lo que acordamos');
  });

  it('lets each person in one room read it in their own language, the words people wrote as they wrote them', async () => {
    const a = await env.browser.person({ locale: 'es-ES' });
    const b = await env.browser.person({ locale: 'en-US' });
    await spanishRoom([a, b], false);
    expect(await b.page.getAttribute('html', 'lang')).toBe('en');
    await a.page.getByLabel('El tema de hoy').fill('El dinero');
    await button(a.page, 'Guardar el tema').click();
    await a.page.getByLabel('Proponer un tema fuera de límites').fill('the loan');
    await button(a.page, 'Proponer').click();
    await b.page.getByTestId('offlimits-item').filter({ hasText: 'the loan' }).getByRole('button', { name: 'Accept' }).click();
    await button(a.page, 'Firmar el acuerdo').click();
    await button(b.page, 'Sign the agreement').click();
    await expect.poll(() => move(a.page)).toBe('Tu turno: di lo que tienes en mente.');
    await expect.poll(() => move(b.page)).toBe("Partner A is speaking. Listen; you'll say back what you heard.");
    await write(a.page, 'Me preocupa cuánto gastamos.');
    await a.page.getByTestId('send').click();
    await expect.poll(() => b.page.getByTestId('record').innerText()).toContain('Me preocupa cuánto gastamos.');
    await button(a.page, 'Ceder la palabra').click();
    await expect.poll(() => move(b.page)).toBe('Say back what you heard.');
    // The same refusal, each in their own language: the listener sends what touches the agreed topic.
    await write(b.page, 'What I heard is you worry, like with the loan.');
    await b.page.getByTestId('send').click();
    await expect.poll(() => b.page.getByTestId('refusal').innerText()).toContain('This touches “the loan”');
    await write(b.page, 'What I heard is that you worry about how much we spend.');
    await b.page.getByTestId('send').click();
    await expect.poll(() => move(a.page)).toMatch(/^¿Lo ha entendido Persona B\?/);
    expect(await a.page.getByTestId('record').innerText()).toContain('What I heard is that you worry about how much we spend.');
    await shot(a.page, '06-mixta');
  });

  it('switches language on any screen, remembers it on this device, and comes back to the room where it stood', async () => {
    const a = await env.browser.person({ locale: 'en-US' });
    const b = await env.browser.person({ locale: 'en-US' });
    await a.page.goto(env.server.url);
    await switchLanguage(a.page, 'es');
    await expect.poll(() => body(a.page)).toContain('Empezar una conversación');
    const [linkA, linkB] = await spanishRoom([a, b], false);
    await expect.poll(() => body(b.page)).toContain('Agree before talking');
    await a.page.getByLabel('El tema de hoy').fill('Un borrador sin guardar');
    // In the room, back to English: the page reloads in English, the room and the draft as they were.
    await switchLanguage(a.page, 'en');
    await expect.poll(() => a.page.getByLabel("Today's topic").inputValue()).toBe('Un borrador sin guardar');
    await switchLanguage(a.page, 'es');
    // Remembered: the chosen language on this device, whatever the browser prefers.
    await a.page.goto(linkA!);
    await expect.poll(() => body(a.page)).toContain('Acordad antes de hablar');
    expect(linkB).toBeTruthy();
  });

  it('holds the voice call card, and a practice, in Spanish', async () => {
    const a = await env.browser.person(SPANISH);
    const b = await env.browser.person(SPANISH);
    await spanishRoom([a, b], false);
    await a.page.getByLabel('El tema de hoy').fill('Las tardes');
    await button(a.page, 'Guardar el tema').click();
    await a.page.getByText('Cambiar esto').click();
    await a.page.getByLabel('Cómo hablamos').selectOption('call');
    await expect.poll(() => a.page.getByTestId('settings-summary').innerText()).toMatch(/^En voz alta, a través de la sala/);
    await button(a.page, 'Firmar el acuerdo').click();
    await button(b.page, 'Firmar el acuerdo').click();
    await button(a.page, 'Unirme a la llamada de voz').click();
    await expect.poll(() => a.page.getByTestId('my-mic').innerText()).toContain('se te oye');
    await expect.poll(() => a.page.getByTestId('heard').innerText()).toBe('Ahora se oye a Persona A.');
    await audit(a.page, 'llamada de voz');
    await shot(a.page, '07-llamada');

    // Practice alone, in Spanish: a scenario of its own, and feedback on what a mirror missed.
    const p = await env.browser.person(SPANISH);
    await p.page.goto(`${env.server.url}/#practice`);
    await button(p.page, 'Practicar «Otra vez tarde»').click();
    await expect.poll(() => p.page.getByTestId('record').innerText()).toContain('Anoche esperé una hora en el restaurante');
    await expect.poll(() => move(p.page)).toBe('Repite lo que has oído.');
    await write(p.page, 'Lo que he oído es que esperaste una hora.');
    await p.page.getByTestId('send').click();
    await expect.poll(() => p.page.getByTestId('missed').innerText()).toBe('Se escapó: que se sintió en ridículo y que estaba sin nadie.');
    await audit(p.page, 'práctica');
    await shot(p.page, '08-practica');
  });
});
