import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { button, SHOTS, useServerAndBrowser } from './browser';
import { everyoneJoins, hears, hearsNothingFrom, roomOnTheCall } from './voiceSupport';
import { type Coturn, startCoturn } from '../support/coturn';
import { tcpRelay, turnRelay } from '../support/netCut';

/**
 * The voice call through a real TURN server, and through one person's network being cut. coturn
 * runs on loopback with a shared secret (as the README tells an operator to run it); the Talk
 * Room server mints each seat's TURN credentials from it and tells the browsers to relay
 * everything (`iceTransportPolicy: 'relay'`). Partner B's page and B's TURN traffic pass through
 * relays this test can cut: Chromium's offline emulation does not stop WebRTC, so it cannot.
 */
let coturn: Coturn;
let turn: Awaited<ReturnType<typeof turnRelay>>;
beforeAll(async () => {
  coturn = await startCoturn();
  turn = await turnRelay(coturn.port);
});
afterAll(async () => {
  turn?.close();
  await coturn?.stop();
});

const env = useServerAndBrowser(undefined, {
  voice: true,
  server: async () => ({
    call: {
      iceServers: [{ urls: [`turn:127.0.0.1:${turn.port}?transport=udp`] }],
      iceTransportPolicy: 'relay',
      turnSecret: coturn.secret,
    },
  }),
});

/** How long B's network stays cut: long enough that both browsers see the connection drop. */
const CUT_MS = 10_000;
/** Long enough that Chromium gives the connection up ("failed", about 15 s): only a new one brings the sound back. */
const LONG_CUT_MS = 25_000;

/**
 * Two partners on the call through TURN, B's page and B's TURN traffic through relays this test
 * can cut, and B hearing A. `cut(ms, whileCut)` cuts both, checks the sound really stops, runs
 * `whileCut`, holds the cut for `ms` in all (real time: see below) and restores both.
 */
type Cut = (ms: number, whileCut?: () => Promise<void>) => Promise<void>;
async function onTheCallWithBCuttable(run: (people: Awaited<ReturnType<typeof roomOnTheCall>>, cut: Cut) => Promise<void>) {
  const page = await tcpRelay(Number(new URL(env.server.url).port));
  try {
    const viaRelay = (seat: string, link: string) => (seat === 'B' ? link.replace(/\/\/[^/]+/, `//127.0.0.1:${page.port}`) : link);
    const people = await roomOnTheCall(env, { linkFor: viaRelay });
    await everyoneJoins([people.a.page, people.b.page], ['A', 'B']);
    await hears(people.b.page, 'A');
    await run(people, async (ms, whileCut) => {
      page.cut();
      turn.cut('B');
      const cutAt = Date.now();
      // The cut is real: no sound reaches B.
      await hearsNothingFrom(people.b.page, 'A');
      await whileCut?.();
      // The cut's length is the scenario itself, not a wait for a result: the browsers' ICE
      // timers run on their own real clocks, which no test clock reaches.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, ms - (Date.now() - cutAt))));
      page.restore();
      turn.restore();
    });
  } finally {
    await page.close();
  }
}

describe('the voice call over TURN, and a network cut', () => {
  it('carries the sound through the TURN server, and comes back after one person’s network is cut for 10 s', { timeout: 180_000 }, async () => {
    await onTheCallWithBCuttable(async ({ a, b }, cut) => {
      await hearsNothingFrom(a.page, 'B');
      // Both browsers reached each other only through TURN, with credentials minted per seat.
      expect(turn.seats()).toEqual(new Set(['A', 'B']));
      // B's network goes: the page's connection to the room and B's call traffic; the room sees it.
      await cut(CUT_MS, async () => {
        await expect.poll(() => a.page.getByTestId('presence').textContent(), { timeout: 20_000 }).toContain('Partner B: reconnecting…');
        await expect.poll(() => a.page.getByTestId('link-B').textContent(), { timeout: 20_000 }).toMatch(/reconnecting…$/);
        await a.page.screenshot({ path: `${SHOTS}/call-05-cut.png` });
      });
      await hears(b.page, 'A');
      await expect.poll(() => a.page.getByTestId('link-B').textContent(), { timeout: 30_000 }).toMatch(/connected$/);
      await expect.poll(() => a.page.getByTestId('presence').textContent(), { timeout: 30_000 }).toContain('Partner B: here');
      // And the talk goes on, on the same call: B says back what they heard, and A hears B.
      await button(a.page, "I've finished").click();
      await hears(a.page, 'B');
      await hearsNothingFrom(b.page, 'A');
    });
  });

  it('starts the connection over after a cut long enough that the browsers give it up', { timeout: 180_000 }, async () => {
    await onTheCallWithBCuttable(async ({ a, b }, cut) => {
      await cut(LONG_CUT_MS);
      // The old connection is gone for good; the sound comes back over a new one.
      await hears(b.page, 'A');
      await expect.poll(() => a.page.getByTestId('link-B').textContent(), { timeout: 30_000 }).toMatch(/connected$/);
    });
  });
});
