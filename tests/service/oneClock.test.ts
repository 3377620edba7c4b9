import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { stepOf } from '../../shared/conversation';
import { startTalkRoom } from '../../server/app';
import { MemoryStore } from '../../server/store/memoryStore';
import { RedisStore } from '../../server/store/redisStore';
import type { RoomStore } from '../../server/store/roomStore';
import { ManualClock } from '../support/manualClock';
import { type RedisProcess, startRedis } from '../support/redisServer';
import { startTestServer } from '../support/testServer';
import type { WireClient } from '../support/wireClient';

/**
 * One clock rules a server. The suite once broke on its own when its fixed test date plus the
 * 24 h retention passed in real time, because the store read the wall clock while the service ran
 * on the test's clock. These tests move the wall clock years away from the server's clock: a
 * server that reads only its own clock cannot tell.
 */

let redis: RedisProcess;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => redis?.stop());

let closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const close of closers.reverse()) await close();
  closers = [];
});

const step = (c: WireClient) => stepOf({ value: c.view.value } as never);
const YEAR_MS = 365 * 24 * 3_600_000;

// Redis expires keys on its own clock, by a TTL the store sets relative to the server's clock, so
// only the in-memory store's retention can be moved by the test's clock.
const stores: Array<[string, (clock: ManualClock) => Promise<RoomStore>, boolean]> = [
  ['in-memory', async (clock) => new MemoryStore(clock), true],
  ['Redis', async (clock) => RedisStore.connect(redis.url, clock), false],
];

describe.each(stores)('a server on its own clock, with the %s store', (_name, makeStore, retentionOnTestClock) => {
  it.each([
    ['ten years ahead', 10 * YEAR_MS],
    ['a year behind', -YEAR_MS],
  ])('holds a talk and fires its deadlines with the wall clock %s', async (_when, offset) => {
    const clock = new ManualClock();
    // Only Date is faked: timers and sockets run for real, but anything reading the wall clock
    // behind the server's back now reads a date far from the server's own.
    vi.useFakeTimers({ toFake: ['Date'], now: clock.now() + offset });
    const env = await startTestServer({ clock, store: await makeStore(clock) });
    closers.push(() => env.close());
    const { a, b } = await (await env.room()).signed('Evenings');
    await a.ok({ type: 'say', text: 'I felt alone.' });
    clock.advance(120_000);
    await b.until(() => b.view.context.floor!.inGrace); // time is up; the grace follows
    clock.advance(15_000);
    await b.until(() => step(b) === 'mirroring');
    expect(b.record.at(-1)).toMatchObject({ type: 'timerElapsed', at: clock.now() });
    // Retention is measured on the server's clock too: kept 23 h after the last event, gone after 24 h.
    const roomId = a.welcome.roomId;
    clock.advance(23 * 3_600_000);
    if (!retentionOnTestClock) return;
    expect((await env.server.service.welcome(roomId, 'A'))?.view.version).toBe(b.view.version);
    clock.advance(3_600_000);
    await expect.poll(() => env.server.service.welcome(roomId, 'A')).toBeNull();
  });
});

describe('wiring a server', () => {
  it('refuses a store made with another clock than the server’s, saying how to fix it', async () => {
    const clock = new ManualClock();
    await expect(startTalkRoom({ port: 0, clock, store: new MemoryStore(new ManualClock()) })).rejects.toThrow(/same clock/);
  });
});
