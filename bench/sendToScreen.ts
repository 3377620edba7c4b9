/**
 * Send to screen: how long from the speaker's tap on Send until the words are on the listener's
 * screen, on two phones, in real Chromium against a real Talk Room server; and the same for a
 * minimal page that relays the same text over a bare Socket.IO server (`minimalRelay/`), measured
 * the same way in alternating rounds of the same run.
 *
 * Each phone is its own browser context (own storage, own renderer process) in one Chromium, each
 * throttled over its own CDP session: `Emulation.setCPUThrottlingRate` 4× and, in the slow-mobile
 * profile, `Network.emulateNetworkConditions` with DevTools' "Slow 4G" figures (the same as its old
 * "Fast 3G": 562.5 ms latency, 1.6 Mbps × 0.9 down, 750 kbps × 0.9 up). Chromium applies those to
 * HTTP and to a WebSocket's handshake but not to its frames, so in that profile each server is
 * reached through a loopback proxy that gives frames the same latency and throughput (slowLink.ts).
 * A second profile, 4× CPU with no network throttling, shows the pages' own work.
 *
 * Timing: the click's own `event.timeStamp` on the speaker's page (when the input reached the
 * page), and on the listener's page a MutationObserver on the record that, once the statement's
 * text is in it, stamps the next `requestAnimationFrame` (the frame that paints it). Each page's
 * `performance.timeOrigin + now()` is put on the one system clock before throttling: every page
 * reads `Date.now()` (one kernel clock for every process) at the instant it ticks over, which
 * gives that page's offset to within a few µs; the skew the correction removed is printed.
 *
 * Our room: one room for the whole run, a talk of 900-s turns (the longest) in which A speaks and
 * B listens; a speaker may send any number of statements in a turn, and when a round might not fit
 * in what is left of one, the pages go through the steps to the next (A yields, B mirrors, A
 * confirms and says there is more), as people would.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { CHROMIUM, FLAGS } from '../tests/support/chromium';
import { statement } from './loadGen';
import { startSlowLink } from './slowLink';
import { startSut, TSX } from './sutProcess';

/** A phone's screen, as the browser tests use. */
const PHONE = { width: 360, height: 740 };

/** DevTools' "Slow 4G" (its old "Fast 3G"), as `Network.emulateNetworkConditions` takes it: ms and bytes per second. */
export const SLOW_4G = { offline: false, latency: 150 * 3.75, downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9, uploadThroughput: ((750 * 1000) / 8) * 0.9 };
const CPU_SLOWDOWN = 4;

interface Profile { name: string; network: typeof SLOW_4G | null }
const PROFILES: Profile[] = [
  { name: `Slow 4G, ${CPU_SLOWDOWN}× CPU`, network: SLOW_4G },
  { name: `${CPU_SLOWDOWN}× CPU, no network throttling`, network: null },
];

export interface SendToScreenOptions {
  /** Alternating rounds per profile; each system sends `perRound` statements in each. */
  rounds: number;
  perRound: number;
  out: (line?: string) => void;
}

/** One system's two pages as the bench drives them. */
interface System {
  name: string;
  /** Opens the speaker's and the listener's page, ready to send and to show; `slow`: through the slow link (see slowLink.ts). */
  open(speaker: Page, listener: Page, slow: boolean): Promise<void>;
  /** Before a round that may take `ms`: whatever the system needs to still accept statements by its end. */
  beforeRound(speaker: Page, listener: Page, ms: number): Promise<void>;
}

const ready = (page: Page) => page.waitForFunction(() => document.querySelector('[data-status="live"]') !== null, null, { polling: 50, timeout: 60_000 });

/** Each server's origin, direct and through a slow link (for the slow-mobile profile). */
interface Origins { direct: string; slow: string }

/** Talk Room: one real room, A speaking and B listening in a talk of 900-s turns. */
async function talkRoom(browser: Browser, origins: Origins): Promise<System> {
  const created = await fetch(`${origins.direct}/api/rooms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mediator: false, topic: 'How we spend our evenings', settings: { turnSeconds: 900, depth: 'mirror' } }),
  });
  const { links } = (await created.json()) as { links: { A: string; B: string } };
  // A link is the origin and the fragment; the same room is reached through either origin.
  const link = (seat: 'A' | 'B', slow: boolean) => (slow ? links[seat].replace(origins.direct, origins.slow) : links[seat]);
  let turnFrom = 0;
  const turnMs = 900_000;
  const open = async (speaker: Page, listener: Page, slow: boolean) => {
    await Promise.all([speaker.goto(link('A', slow)), listener.goto(link('B', slow))]);
    await Promise.all([ready(speaker), ready(listener)]);
  };
  // The agreement, signed once by both, unthrottled: the talk starts and A holds the floor.
  await withPair(browser, async (speaker, listener) => {
    await open(speaker, listener, false);
    for (const page of [speaker, listener]) await page.getByRole('button', { name: 'Sign the agreement', exact: true }).click();
    await speaker.getByTestId('composer').waitFor({ timeout: 30_000 });
    turnFrom = Date.now();
  });
  return {
    name: 'Talk Room',
    open: async (speaker, listener, slow) => {
      await open(speaker, listener, slow);
      await Promise.all([speaker.getByTestId('composer').waitFor(), listener.getByTestId('record').waitFor({ state: 'attached' })]);
    },
    async beforeRound(speaker, listener, ms) {
      if (Date.now() + ms + 30_000 < turnFrom + turnMs) return;
      // Not enough of the turn left for this round: on to the next turn, through the mirror.
      await speaker.getByRole('button', { name: 'Yield the floor', exact: true }).click();
      await listener.getByTestId('composer').fill('What I heard is that you want our evenings back.');
      await listener.getByTestId('send').click();
      await speaker.getByRole('button', { name: "Yes, that's it", exact: true }).click();
      await speaker.getByRole('button', { name: "Yes, there's more", exact: true }).click();
      await speaker.getByTestId('composer').waitFor();
      turnFrom = Date.now();
    },
  };
}

/** The minimal page over a bare Socket.IO relay (its server runs in its own process, see startMinimalRelay). */
function minimalPage(origins: Origins): System {
  const url = (slow: boolean) => `${slow ? origins.slow : origins.direct}/?room=bench`;
  return {
    name: 'minimal page, bare Socket.IO relay',
    open: async (speaker, listener, slow) => {
      await Promise.all([speaker.goto(url(slow)), listener.goto(url(slow))]);
      await Promise.all([ready(speaker), ready(listener)]);
    },
    beforeRound: async () => undefined,
  };
}

/** The minimal relay's server process (minimalRelay/server.ts). */
async function startMinimalRelay(): Promise<{ url: string; stop(): void }> {
  const child: ChildProcess = fork(new URL('./minimalRelay/server.ts', import.meta.url).pathname, [], { execArgv: TSX, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGKILL') };
}

/** Two people, each in a context of their own, on phone screens; closed after `run`. */
async function withPair<T>(browser: Browser, run: (speaker: Page, listener: Page) => Promise<T>): Promise<T> {
  const contexts: BrowserContext[] = [];
  try {
    const pages: Page[] = [];
    for (let i = 0; i < 2; i++) {
      const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 1, hasTouch: true });
      contexts.push(context);
      pages.push(await context.newPage());
    }
    return await run(pages[0]!, pages[1]!);
  } finally {
    for (const c of contexts) await c.close();
  }
}

/** This page's `timeOrigin + now()` minus the system clock, read where `Date.now()` ticks over (median of a few). */
function clockOffset(page: Page): Promise<number> {
  return page.evaluate(() => {
    const offsets: number[] = [];
    for (let i = 0; i < 9; i++) {
      const start = Date.now();
      let now = start;
      while (now === start) now = Date.now();
      offsets.push(performance.timeOrigin + performance.now() - now);
    }
    return offsets.sort((a, b) => a - b)[4]!;
  });
}

declare global {
  interface Window {
    /** The bench's stamps in a page (see SPEAKER_STAMPS and LISTENER_STAMPS). */
    sendToScreen?: { clickAt: number; arm(marker: string): void; painted: Promise<number> };
  }
}

/*
 * The stamps, put in the pages as source text (a function from this file would carry the names
 * tsx gives it, which the page does not have): the Send click on the speaker's, the painted frame
 * on the listener's.
 */
const SPEAKER_STAMPS = `{
  const stamps = { clickAt: NaN };
  window.sendToScreen = stamps;
  // The click's own time stamp: when the tap reached the page, before any of its handlers ran.
  document.addEventListener('click', (e) => {
    if (e.target.closest('[data-testid="send"]')) stamps.clickAt = performance.timeOrigin + e.timeStamp;
  }, { capture: true });
}`;
const LISTENER_STAMPS = `{
  const stamps = { painted: Promise.resolve(NaN) };
  stamps.arm = (marker) => {
    stamps.painted = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (!document.querySelector('[data-testid="record"]')?.textContent?.includes(marker)) return;
        observer.disconnect();
        requestAnimationFrame(() => resolve(performance.timeOrigin + performance.now()));
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    });
  };
  window.sendToScreen = stamps;
}`;

/** One round of one system: fresh pages, clocks put on one, throttled, `count` statements one after another. */
async function round(browser: Browser, system: System, profile: Profile, label: string, count: number, expectMs: number): Promise<number[]> {
  return withPair(browser, async (speaker, listener) => {
    const sessions = await Promise.all([speaker, listener].map((page) => page.context().newCDPSession(page)));
    // The network before the page opens: Chromium throttles a WebSocket only if it opened throttled.
    if (profile.network)
      for (const cdp of sessions) {
        await cdp.send('Network.enable');
        await cdp.send('Network.emulateNetworkConditions', profile.network);
      }
    await system.open(speaker, listener, profile.network !== null);
    await system.beforeRound(speaker, listener, expectMs);
    // The clocks before the CPU: the offset is read by spinning on Date.now(), which throttling would blur.
    const [speakerOffset, listenerOffset] = [await clockOffset(speaker), await clockOffset(listener)];
    skews.push(Math.abs(speakerOffset - listenerOffset));
    for (const cdp of sessions) await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    await speaker.evaluate(SPEAKER_STAMPS);
    await listener.evaluate(LISTENER_STAMPS);
    const composer = speaker.getByTestId('composer');
    // BENCH_SCREEN_PROFILE=<dir>: the listener's CPU profile over each round (open it in Chrome DevTools).
    const profiling = process.env.BENCH_SCREEN_PROFILE;
    if (profiling) await sessions[1]!.send('Profiler.enable').then(() => sessions[1]!.send('Profiler.start'));
    const latencies: number[] = [];
    for (let i = 0; i < count; i++) {
      const marker = `${label}-${i}:`;
      await composer.fill(statement(0).replace('s:0 ', `s:${marker} `));
      await listener.evaluate((m) => window.sendToScreen!.arm(m), marker);
      await speaker.getByTestId('send').click();
      const paintedAt = await listener.evaluate(() => window.sendToScreen!.painted);
      const clickAt = await speaker.evaluate(() => window.sendToScreen!.clickAt);
      latencies.push(paintedAt - listenerOffset - (clickAt - speakerOffset));
      // The speaker's page has its acknowledgement (the composer empties) before the next statement.
      await speaker.waitForFunction(() => (document.querySelector('[data-testid="composer"]') as HTMLTextAreaElement | null)?.value === '', null, { polling: 'raf', timeout: 60_000 });
    }
    if (profiling) {
      const { profile } = await sessions[1]!.send('Profiler.stop');
      mkdirSync(profiling, { recursive: true });
      writeFileSync(`${profiling}/listener-${label}-${system.name.split(' ')[0]}.cpuprofile`, JSON.stringify(profile));
    }
    return latencies;
  });
}

const skews: number[] = [];
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN; };
const f = (x: number, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : '—');

/**
 * Runs both profiles, each in `rounds` alternating rounds (fresh pages each round, the order of
 * the two systems swapped every round), prints one table and the round-by-round ratios, and
 * returns the slow-mobile p50 and p95 ratios (ours / the minimal page's).
 */
export async function runSendToScreen({ rounds, perRound, out }: SendToScreenOptions): Promise<{ p50: number; p95: number }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  const servers = [await startSut('room', {}, null), await startMinimalRelay()];
  const links = await Promise.all(servers.map((s) => startSlowLink(s.url, SLOW_4G)));
  const origins = servers.map((s, i) => ({ direct: s.url, slow: links[i]!.url }));
  const result = { p50: NaN, p95: NaN };
  try {
    const systems = [await talkRoom(browser, origins[0]!), minimalPage(origins[1]!)];
    out(`## Send to screen: the speaker's Send to the words painted on the listener's phone, real Chromium, ${rounds} alternating rounds × ${perRound} statements`);
    out();
    out('| profile | page | statements | p50 ms | p95 ms | max ms |');
    out('|---|---|---|---|---|---|');
    const notes: string[] = [];
    for (const profile of PROFILES) {
      const all = systems.map(() => [] as number[]);
      const byRound: string[] = [];
      let expectMs = 300_000;
      for (let r = 0; r < rounds; r++) {
        const order = r % 2 === 0 ? [0, 1] : [1, 0];
        const medians: number[] = [];
        for (const s of order) {
          const started = Date.now();
          const lat = await round(browser, systems[s]!, profile, `${profile.network ? 'm' : 'c'}${r}${s}`, perRound, expectMs);
          if (s === 0) expectMs = (Date.now() - started) * 1.5;
          all[s]!.push(...lat);
          medians[s] = pct(lat, 50);
        }
        byRound.push(`${f(medians[0]! / medians[1]!, 2)}×`);
      }
      const [ours, minimal] = all as [number[], number[]];
      for (const [s, lat] of all.entries()) out(`| ${profile.name} | ${systems[s]!.name} | ${lat.length} | ${f(pct(lat, 50))} | ${f(pct(lat, 95))} | ${f(Math.max(...lat))} |`);
      const p50 = pct(ours, 50) / pct(minimal, 50);
      const p95 = pct(ours, 95) / pct(minimal, 95);
      out(`| ${profile.name} | ratio, Talk Room / minimal | | ${f(p50, 2)}× | ${f(p95, 2)}× | |`);
      notes.push(`${profile.name}: p50 ratio round by round ${byRound.join(', ')}`);
      if (profile.network) Object.assign(result, { p50, p95 });
    }
    out();
    out(`${notes.join('; ')}. The two pages' clocks differed by at most ${f(Math.max(...skews), 2)} ms before correction.`);
    out();
  } finally {
    for (const l of links) l.close();
    for (const s of servers) s.stop();
    await browser.close();
  }
  return result;
}
