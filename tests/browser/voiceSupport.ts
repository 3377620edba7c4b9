import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { button, type BrowserSession } from './browser';
import type { TalkRoomServer } from '../../server/app';

/** How far back a reading looks: Chromium's fake microphone beeps about every 500 ms, silent between. */
const WINDOW_MS = 700;

/**
 * How loud the sound this page receives from `seat` has been over the last 700 ms: the peak of
 * samples an AnalyserNode reads every 20 ms on the stream its audio element plays, and how much
 * of the window the meter has seen. Chromium's fake microphone beeps at about 1.0 while the
 * sender's track is enabled and sends 0 when it is not. A peak of -1 means nothing arrives from
 * that seat yet.
 */
export function level(page: Page, seat: string): Promise<{ peak: number; seenMs: number }> {
  return page.evaluate(
    ({ from, windowMs }) => {
      type Meter = { stream: MediaProvider; since: number; samples: [number, number][] };
      const meters = ((window as unknown as { __meters?: Record<string, Meter> }).__meters ??= {});
      const el = document.querySelector<HTMLAudioElement>(`audio[data-peer="${from}"]`);
      if (!el?.srcObject) return { peak: -1, seenMs: 0 };
      let m = meters[from];
      if (!m || m.stream !== el.srcObject) {
        const ctx = new AudioContext();
        void ctx.resume();
        const analyser = ctx.createAnalyser();
        analyser.fftSize = 2048;
        ctx.createMediaStreamSource(el.srcObject as MediaStream).connect(analyser);
        const meter: Meter = (m = meters[from] = { stream: el.srcObject, since: performance.now(), samples: [] });
        const buf = new Float32Array(analyser.fftSize);
        const timer = setInterval(() => {
          if (meters[from] !== meter) return clearInterval(timer);
          analyser.getFloatTimeDomainData(buf);
          const now = performance.now();
          meter.samples.push([now, buf.reduce((peak, x) => Math.max(peak, Math.abs(x)), 0)]);
          while (meter.samples.length && meter.samples[0]![0] < now - windowMs) meter.samples.shift();
        }, 20);
      }
      const now = performance.now();
      return { peak: m.samples.reduce((peak, [, x]) => Math.max(peak, x), 0), seenMs: Math.min(windowMs, now - m.since) };
    },
    { from: seat, windowMs: WINDOW_MS },
  );
}

const LOUD = 0.5;
const SILENT = 0.01;

/** Waits until `listener` hears `speaker` (a beep of about 1.0 arrives). */
export const hears = (listener: Page, speaker: string) =>
  expect.poll(async () => (await level(listener, speaker)).peak, { timeout: 20_000, interval: 100 }).toBeGreaterThan(LOUD);

/** Waits until `listener` has received only silence from `speaker` for a whole window (connected, their microphone closed). */
export const hearsNothingFrom = (listener: Page, speaker: string) =>
  expect
    .poll(async () => {
      const { peak, seenMs } = await level(listener, speaker);
      return peak >= 0 && seenMs >= WINDOW_MS ? peak : 1;
    }, { timeout: 20_000, interval: 100 })
    .toBeLessThan(SILENT);

export type Person = Awaited<ReturnType<BrowserSession['person']>>;

/**
 * A room that talks through its own call, on phones: created (with a mediator if asked), every
 * seat opened, the topic set and "aloud, through the room" chosen, signed by both partners.
 */
export async function roomOnTheCall(
  env: { server: TalkRoomServer; browser: BrowserSession },
  opts: {
    mediator?: boolean;
    /** Where each other seat opens its link (e.g. through a relay the test can cut). */
    linkFor?: (seat: string, link: string) => string;
    /** Lets the test inject axe-core (the pages themselves are unchanged). */
    bypassCSP?: boolean;
  } = {},
) {
  const person = () => env.browser.person({ bypassCSP: opts.bypassCSP });
  const a = await person();
  await a.page.goto(env.server.url);
  if (opts.mediator) await a.page.getByLabel('Include a mediator seat').check();
  await button(a.page, 'Create a room').click();
  const seats = opts.mediator ? ['A', 'B', 'M'] : ['A', 'B'];
  const links = await Promise.all(seats.map((s) => a.page.getByTestId(`link-${s}`).inputValue()));
  await a.page.goto(links[0]!);
  const others: Person[] = [];
  for (const [i, link] of links.slice(1).entries()) {
    const p = await person();
    await p.page.goto(opts.linkFor?.(seats[i + 1]!, link) ?? link);
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
