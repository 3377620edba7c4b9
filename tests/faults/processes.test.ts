import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stepOf } from '../../shared/conversation';
import { parseSeatLink } from '../../shared/protocol';
import { startTalkRoom } from '../../server/app';
import type { RedisTarget } from '../../server/store/redisConnection';
import { RedisStore } from '../../server/store/redisStore';
import { ManualClock } from '../support/manualClock';
import { type RedisClusterProcess, startRedisCluster } from '../support/redisCluster';
import { type RedisProcess, startRedis } from '../support/redisServer';
import { type ServerProcess, startServerProcess } from '../support/serverProcess';
import { createRoom, WireClient } from '../support/wireClient';

/**
 * Faults with real processes: servers killed with SIGKILL, restarted, and two processes sharing
 * one Redis — and all of it again on a real local Redis Cluster (three primaries, three
 * replicas). Everything waits on the events themselves; nothing sleeps.
 */
let redis: RedisProcess;
let cluster: RedisClusterProcess;
const processes: ServerProcess[] = [];
const clients: WireClient[] = [];

beforeAll(async () => {
  [redis, cluster] = await Promise.all([startRedis(), startRedisCluster()]);
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const p of processes.splice(0)) await p.kill();
});
afterAll(async () => {
  await redis?.stop();
  await cluster?.stop();
});

const backends: Array<[string, () => { env: Record<string, string>; target: RedisTarget }]> = [
  ['one Redis', () => ({ env: { REDIS_URL: redis.url }, target: { url: redis.url } })],
  ['a Redis Cluster', () => ({ env: { REDIS_CLUSTER: cluster.env }, target: { cluster: cluster.seeds } })],
];

describe.each(backends)('on %s', (_backend, backend) => {

  const step = (c: WireClient) => stepOf({ value: c.view.value } as never);

  async function server(port?: number) {
    const p = await startServerProcess({ ...backend().env, PORT: port });
    processes.push(p);
    return p;
  }
  async function join(url: string, link: string) {
    const c = await WireClient.join(url, link.replace(/^http:\/\/[^/]+/, url));
    clients.push(c);
    return c;
  }
  async function agreed(url: string) {
    const room = await createRoom(url);
    const a = await join(url, room.links.A!);
    const b = await join(url, room.links.B!);
    await a.ok({ type: 'setTopic', topic: 'After the restart' });
    await a.ok({ type: 'sign' });
    await b.ok({ type: 'sign' });
    await a.until(() => step(a) === 'speaking');
    return { room, a, b };
  }

  describe('a server killed mid-talk', () => {
    it('continues mid-turn after SIGKILL and restart: same step, same speaker, same absolute deadline', async () => {
      const p1 = await server();
      const { room, a } = await agreed(p1.url);
      await a.ok({ type: 'say', text: 'Said before the crash.' });
      const before = a.view;
      await p1.kill();

      const p2 = await server(p1.port);
      const a2 = await join(p2.url, room.links.A!);
      const b2 = await join(p2.url, room.links.B!);
      expect(step(a2)).toBe('speaking');
      expect(a2.view.context.floor).toMatchObject({ speaker: 'A', roundStatements: 1, turnEndsAt: before.context.floor!.turnEndsAt });
      expect(a2.record.filter((e) => e.type === 'say').map((e) => e.text)).toEqual(['Said before the crash.']);
      await a2.ok({ type: 'yield' });
      await b2.ok({ type: 'mirror', text: 'What I heard is what you said before the crash.' });
      await a2.until(() => step(a2) === 'checking');
    });

    it('keeps the pause end across SIGKILL, and a pause that ended while down moves on at once', async () => {
      const p1 = await server();
      const { room, b } = await agreed(p1.url);
      await b.ok({ type: 'callPause' });
      const endsAt = b.view.context.pause!.endsAt;
      await p1.kill();

      // Restart with the clock past the pause's end: the deadline fires when the first person is back.
      const clock = new ManualClock(endsAt + 60_000);
      const store = await RedisStore.connect(backend().target, clock);
      const restarted = await startTalkRoom({ port: 0, store, clock });
      try {
        const a2 = new WireClient(restarted.url, parseSeatLink(new URL(room.links.A!).hash)!);
        clients.push(a2);
        await a2.ready;
        clock.advance(0);
        await a2.until(() => step(a2) === 'waitingReady');
        expect(a2.view.context.pause!.endsAt).toBe(endsAt);
      } finally {
        await restarted.close();
      }
    });
  });

  describe('a client whose connection is cut', () => {
    it('retries a statement cut off mid-send and it is applied once', async () => {
      const p1 = await server();
      const { room, a, b } = await agreed(p1.url);
      const id = 'cut-statement-1';
      // Send, then cut the socket before the reply can arrive.
      a.socket.emit('command', { id, command: { type: 'say', text: 'Cut off mid-statement.' } }, () => undefined);
      a.socket.io.engine.close();
      const a2 = await join(p1.url, room.links.A!);
      const retry = await a2.send({ type: 'say', text: 'Cut off mid-statement.' }, id);
      expect(retry.ok).toBe(true);
      await b.until(() => b.record.some((e) => e.type === 'say'));
      await b.until(() => b.view.version === a2.view.version);
      expect(b.record.filter((e) => e.text === 'Cut off mid-statement.')).toHaveLength(1);
    });
  });

  describe('two server processes on one Redis', () => {
    it('serve one room with a partner on each; one is killed and the talk goes on through the other', async () => {
      const [p1, p2] = [await server(), await server()];
      const room = await createRoom(p1.url);
      const a = await join(p1.url, room.links.A!);
      const b = await join(p2.url, room.links.B!);
      await a.until(() => a.view.connected.includes('B'));

      await a.ok({ type: 'setTopic', topic: 'Across processes' });
      await b.until(() => b.view.context.agreement.topic === 'Across processes');
      await a.ok({ type: 'sign' });
      await b.ok({ type: 'sign' });
      await a.ok({ type: 'say', text: 'Sent through process one.' });
      await b.until(() => b.record.some((e) => e.text === 'Sent through process one.'));
      await a.ok({ type: 'yield' });
      await b.ok({ type: 'mirror', text: 'Heard through process two.' });
      await a.until(() => step(a) === 'checking');

      await p1.kill();
      // A's device comes back through the process still running (as a load balancer would send it).
      const a2 = await join(p2.url, room.links.A!);
      await a2.ok({ type: 'confirm' });
      await a2.ok({ type: 'noMore' });
      await b.until(() => b.view.version === a2.view.version);
      expect(b.view.context.floor!.speaker).toBe('B');

      const seqs = (c: WireClient) => c.record.map((e) => e.seq);
      expect(seqs(a2)).toEqual(seqs(b));
      expect(new Set(seqs(b)).size).toBe(seqs(b).length);
      expect(seqs(b)).toEqual(Array.from({ length: seqs(b).length }, (_, i) => i + 1));
      expect(b.record.filter((e) => e.type === 'say')).toHaveLength(1);
    });
  });

  describe('deadlines across processes', () => {
    it('fire exactly once, from another process, when the process that set them is gone', async () => {
      const start = Date.UTC(2026, 10, 23, 20);
      const [clockX, clockY] = [new ManualClock(start), new ManualClock(start)];
      const x = await startTalkRoom({ port: 0, clock: clockX, store: await RedisStore.connect(backend().target, clockX) });
      // Y starts before the room exists, so only its watch on the shared store can tell it of the deadline.
      const y = await startTalkRoom({ port: 0, clock: clockY, store: await RedisStore.connect(backend().target, clockY) });
      try {
        const { room, a } = await agreed(x.url);
        await a.ok({ type: 'say', text: 'Before the setter goes.' });
        const due = a.view.context.floor!.turnEndsAt!;
        await x.close();

        const b = await join(y.url, room.links.B!);
        const grace = b.until(() => b.view.context.floor!.inGrace);
        clockY.advance(due - clockY.now() + 1000); // past the deadline, and one poll later
        await grace;
        // The grace's own deadline was set by Y: it fires too, once.
        const fired = b.until(() => step(b) === 'mirroring');
        clockY.advance(15_000);
        await fired;
        const reader = await RedisStore.connect(backend().target, clockY);
        const timers = (await reader.readRecord(room.roomId)).filter((e) => e.type === 'timerElapsed');
        await reader.close();
        expect(timers.map((t) => t.grace ?? false)).toEqual([true, false]);
      } finally {
        await y.close();
      }
    });
  });

  describe('a process killed with a partner on it', () => {
    it('shows that partner as reconnecting to the others, and here again once they are back', { timeout: 30_000 }, async () => {
      const [p1, p2] = [await server(), await server()];
      const room = await createRoom(p1.url);
      const a = await join(p1.url, room.links.A!);
      const b = await join(p2.url, room.links.B!);
      await a.until(() => a.view.context.present.B === 'here');

      // Nothing tells process one that B's connection died with process two, except its silence.
      await p2.kill();
      await a.until(() => a.view.context.present.B === 'reconnecting');
      expect(a.view.context.present.A).toBe('here');
      b.close();

      const b2 = await join(p1.url, room.links.B!);
      await a.until(() => a.view.context.present.B === 'here');
      expect(b2.view.context.present).toMatchObject({ A: 'here', B: 'here' });
    });
  });
});
