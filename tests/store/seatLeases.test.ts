import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Seat } from '../../shared/conversation';
import { connectRedis, isCluster, type RedisConnection, type RedisTarget } from '../../server/store/redisConnection';
import { SeatLeases } from '../../server/store/seatLeases';
import { ManualClock } from '../support/manualClock';
import { type RedisClusterProcess, startRedisCluster } from '../support/redisCluster';
import { type RedisProcess, startRedis } from '../support/redisServer';

/**
 * Seat leases on a real redis-server and on a real local Redis Cluster, with each "process" on its
 * own hand-moved clock: a process whose clock stops is a process that died without a word.
 */
let redis: RedisProcess;
let cluster: RedisClusterProcess;
beforeAll(async () => {
  [redis, cluster] = await Promise.all([startRedis(), startRedisCluster()]);
});
afterAll(async () => {
  await redis?.stop();
  await cluster?.stop();
});

const T0 = Date.UTC(2026, 10, 23, 20);

const kinds: Array<[string, () => RedisTarget]> = [
  ['one Redis', () => ({ url: redis.url })],
  ['a Redis Cluster', () => ({ cluster: cluster.seeds })],
];

describe.each(kinds)('on %s', (_kind, target) => {
  const clients: RedisConnection[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.quit();
    const probe = await connectRedis(target(), 'probe');
    if (isCluster(probe)) await Promise.all(probe.masters.map(async (m) => (await probe.nodeClient(m)).flushAll()));
    else await probe.flushAll();
    await probe.quit();
  });

  async function process(events: Array<[string, string, Seat]>, onDropped?: (roomId: string, seat: Seat) => Promise<void>) {
    const client = await connectRedis(target(), 'leases');
    clients.push(client);
    const clock = new ManualClock(T0);
    const leases = new SeatLeases(client, clock, {
      dropped: async (roomId, seat) => {
        events.push(['dropped', roomId, seat]);
        await onDropped?.(roomId, seat);
      },
      returned: async (roomId, seat) => void events.push(['returned', roomId, seat]),
    });
    return { leases, clock };
  }

  describe('seat leases across processes', () => {
    it('report the seats of a process that fell silent as dropped, once, by one survivor', async () => {
      const events: Array<[string, string, Seat]> = [];
      const dead = await process([]);
      const [one, two] = [await process(events), await process(events)];
      await dead.leases.hold('room-1', 'B', 'conn-room-1');
      await dead.leases.hold('room-2', 'A', 'conn-room-2');
      dead.leases.start();
      dead.clock.advance(0); // one beat, then silence
      await expect.poll(async () => (await dead.leases.holder('room-1', 'B')) !== null).toBe(true);

      for (const p of [one, two]) p.leases.start();
      one.clock.advance(7_000);
      two.clock.advance(7_000);
      await expect.poll(() => events.length).toBe(2);
      one.clock.advance(2_000);
      two.clock.advance(2_000);
      expect(events.sort()).toEqual([['dropped', 'room-1', 'B'], ['dropped', 'room-2', 'A']]);
      expect(await one.leases.holder('room-1', 'B')).toBeNull();
    });

    it('leave a seat alone that came back through another process before the sweep', async () => {
      const events: Array<[string, string, Seat]> = [];
      const dead = await process([]);
      const alive = await process(events);
      await dead.leases.hold('room-3', 'B', 'conn-room-3');
      dead.leases.start();
      dead.clock.advance(0);
      await alive.leases.hold('room-3', 'B', 'conn-room-3'); // the person's device reconnected here
      alive.leases.start();
      alive.clock.advance(7_000);
      await expect.poll(async () => alive.clock.pending).toBe(1);
      alive.clock.advance(2_000);
      await expect.poll(async () => alive.clock.pending).toBe(1);
      expect(events).toEqual([]);
      expect(await alive.leases.holder('room-3', 'B')).toBe(`${alive.leases.procId} conn-room-3`);
    });

    it('let go of a connection only: a device that came straight back keeps its hold when the old connection closes late', async () => {
      const { leases } = await process([]);
      await leases.hold('room-6', 'B', 'old-connection');
      await leases.hold('room-6', 'B', 'new-connection');
      await leases.release('room-6', 'B', 'old-connection');
      expect(await leases.holder('room-6', 'B')).toBe(`${leases.procId} new-connection`);
      await leases.release('room-6', 'B', 'new-connection');
      expect(await leases.holder('room-6', 'B')).toBeNull();
    });

    it('report a seat back when it was taken again while its drop was being applied', async () => {
      const events: Array<[string, string, Seat]> = [];
      const dead = await process([]);
      let alive: Awaited<ReturnType<typeof process>> | null = null;
      alive = await process(events, async (roomId, seat) => {
        // Between the release and the drop: the person reconnects through this process.
        await alive!.leases.hold(roomId, seat, 'a-new-connection');
      });
      await dead.leases.hold('room-4', 'A', 'conn-room-4');
      dead.leases.start();
      dead.clock.advance(0);
      alive.leases.start();
      alive.clock.advance(7_000);
      await expect.poll(() => events.length).toBe(2);
      expect(events).toEqual([['dropped', 'room-4', 'A'], ['returned', 'room-4', 'A']]);
    });
  });

  describe('a process that stalled and was taken for dead', () => {
    it('takes its seats back when it beats again, since its connections are still alive', async () => {
      const survivorEvents: Array<[string, string, Seat]> = [];
      const stalledEvents: Array<[string, string, Seat]> = [];
      const stalled = await process(stalledEvents);
      const survivor = await process(survivorEvents);
      await stalled.leases.hold('room-5', 'A', 'conn-room-5');
      stalled.leases.start();
      stalled.clock.advance(0);
      await expect.poll(() => stalled.clock.pending).toBe(1);
      survivor.leases.start();
      survivor.clock.advance(7_000);
      await expect.poll(() => survivorEvents).toEqual([['dropped', 'room-5', 'A']]);

      // The stalled process wakes up and beats.
      stalled.clock.advance(9_000);
      await expect.poll(() => stalledEvents).toEqual([['returned', 'room-5', 'A']]);
      expect(await survivor.leases.holder('room-5', 'A')).toBe(`${stalled.leases.procId} conn-room-5`);
    });
  });
});
