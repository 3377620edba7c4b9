import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { button, type BrowserSession } from './browser';
import type { TalkRoomServer } from '../../server/app';

/**
 * How loud the sound this page receives from `seat` is right now: the peak of the last 2,048
 * samples, read by an AnalyserNode on the stream its audio element plays. Chromium's fake
 * microphone is a steady beep: about 1.0 while the sender's track is enabled, 0 when it is not.
 * -1 while nothing arrives from that seat yet.
 */
export function level(page: Page, seat: string): Promise<number> {
  return page.evaluate((from) => {
    const meters = ((window as unknown as { __meters?: Record<string, { stream: MediaProvider; analyser: AnalyserNode }> }).__meters ??= {});
    const el = document.querySelector<HTMLAudioElement>(`audio[data-peer="${from}"]`);
    if (!el?.srcObject) return -1;
    let m = meters[from];
    if (!m || m.stream !== el.srcObject) {
      const ctx = new AudioContext();
      void ctx.resume();
      const analyser = ctx.createAnalyser();
      analyser.fftSize = 2048;
      ctx.createMediaStreamSource(el.srcObject as MediaStream).connect(analyser);
      m = meters[from] = { stream: el.srcObject, analyser };
    }
    const samples = new Float32Array(m.analyser.fftSize);
    m.analyser.getFloatTimeDomainData(samples);
    return samples.reduce((peak, x) => Math.max(peak, Math.abs(x)), 0);
  }, seat);
}

const LOUD = 0.5;
const SILENT = 0.01;

/** Waits until `listener` hears `speaker` (the sound arrives, about 1.0). */
export const hears = (listener: Page, speaker: string) =>
  expect.poll(() => level(listener, speaker), { timeout: 20_000, interval: 100 }).toBeGreaterThan(LOUD);

/** Waits until `listener` receives only silence from `speaker` (connected, but their microphone closed). */
export const hearsNothingFrom = (listener: Page, speaker: string) =>
  expect.poll(() => level(listener, speaker), { timeout: 20_000, interval: 100 }).toBeGreaterThanOrEqual(0).then(() =>
    expect.poll(() => level(listener, speaker), { timeout: 20_000, interval: 100 }).toBeLessThan(SILENT),
  );

export type Person = Awaited<ReturnType<BrowserSession['person']>>;

/**
 * A room that talks through its own call, on phones: created (with a mediator if asked), every
 * seat opened, the topic set and "aloud, through the room" chosen, signed by both partners.
 */
export async function roomOnTheCall(env: { server: TalkRoomServer; browser: BrowserSession }, opts: { mediator?: boolean } = {}) {
  const a = await env.browser.person();
  await a.page.goto(env.server.url);
  if (opts.mediator) await a.page.getByLabel('Include a mediator seat').check();
  await button(a.page, 'Create a room').click();
  const seats = opts.mediator ? ['A', 'B', 'M'] : ['A', 'B'];
  const links = await Promise.all(seats.map((s) => a.page.getByTestId(`link-${s}`).inputValue()));
  await a.page.goto(links[0]!);
  const others: Person[] = [];
  for (const link of links.slice(1)) {
    const p = await env.browser.person();
    await p.page.goto(link);
    others.push(p);
  }
  const [b, m] = others as [Person, Person | undefined];
  await a.page.getByLabel("Today's topic").fill('The move');
  await button(a.page, 'Save topic').click();
  await a.page.getByText('Change these').click();
  await a.page.getByLabel('How we talk').selectOption('call');
  await expect.poll(() => b.page.getByTestId('settings-summary').textContent()).toMatch(/^Aloud, through the room/);
  await button(a.page, 'Sign the agreement').click();
  await button(b.page, 'Sign the agreement').click();
  return { a, b, m, links };
}

/** Each person chooses to join the call; waits until every page is connected with every other. */
export async function everyoneJoins(people: Page[], seats: string[]) {
  for (const page of people) await button(page, 'Join the voice call').click();
  for (const [i, page] of people.entries())
    for (const other of seats.filter((_, j) => j !== i))
      await expect.poll(() => page.getByTestId(`link-${other}`).textContent(), { timeout: 20_000 }).toMatch(/connected$/);
}
