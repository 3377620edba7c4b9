import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'redis';
import { initialTransition } from 'xstate';
import { conversationMachine } from '../../shared/conversation';
import type { RecordEntry } from '../../shared/protocol';
import { MemoryStore } from '../../server/store/memoryStore';
import { ReplicationUnconfirmedError } from '../../server/store/replicaConfirmation';
import { RedisKeys } from '../../server/store/redisKeys';
import { RedisStore } from '../../server/store/redisStore';
import type { RoomStore, StoredRoom, StoredState } from '../../server/store/roomStore';
import { type RedisClusterProcess, startRedisCluster } from '../support/redisCluster';
import { type RedisProcess, startRedis } from '../support/redisServer';

let redis: RedisProcess;
let cluster: RedisClusterProcess;
const stores: RoomStore[] = [];
let now = Date.UTC(2026, 10, 23, 19);
const clock = { now: () => now };

beforeAll(async () => {
  [redis, cluster] = await Promise.all([startRedis(), startRedisCluster()]);
});
afterAll(async () => {
  for (const s of stores) await s.close();
  await redis?.stop();
  await cluster?.stop();
});

let nextId = 0;
function newRoom(expiresIn = 3_600_000): StoredRoom {
  const [s] = initialTransition(conversationMachine, { hasMediator: false });
  return {
    id: `room-${++nextId}`,
    expiresAt: now + expiresIn,
    seatKeyHashes: { A: 'a'.repeat(64), B: 'b'.repeat(64) },
    wrappedKeys: { A: 'wrapped-for-a', B: 'wrapped-for-b' },
    createdAt: now,
    state: { version: 0, value: s.value, context: s.context, updatedAt: now, recordCount: 0 },
  };
}

const stateAt = (room: StoredRoom, version: number): StoredState => ({ ...room.state, version, recordCount: version });
const entry = (seq: number): RecordEntry => ({ seq, seat: 'A', type: 'say', at: now, text: `statement ${seq}` });

const kinds: Array<[string, () => Promise<RoomStore>]> = [
  ['memory', async () => new MemoryStore(clock)],
  ['redis', async () => RedisStore.connect(redis.url, clock)],
  // Three primaries with a replica each: rooms spread over the nodes, every write confirmed by a replica.
  ['redis cluster', async () => RedisStore.connect({ cluster: cluster.seeds }, clock)],
];

describe.each(kinds)('the %s store', (_kind, make) => {
  let store: RoomStore;
  beforeAll(async () => {
    store = await make();
    stores.push(store);
  });

  it('keeps a room as it was created, and a commit replaces its state', async () => {
    const room = newRoom();
    await store.create(room);
    expect(await store.get(room.id)).toEqual(room);
    await store.commit(room.id, 0, { state: stateAt(room, 1), entries: [], expiresAt: now + 3_600_000, nextDueAt: null });
    expect((await store.get(room.id))!.state.version).toBe(1);
    expect((await store.get(room.id))!.seatKeyHashes).toEqual(room.seatKeyHashes);
  });

  it('applies exactly one of many commits racing from the same version', async () => {
    const room = newRoom();
    await store.create(room);
    const racers = Array.from({ length: 20 }, (_, i) =>
      store.commit(room.id, 0, { state: stateAt(room, 1), entries: [{ ...entry(1), text: `racer ${i}` }], expiresAt: now + 3_600_000, nextDueAt: null }),
    );
    const results = await Promise.all(racers);
    expect(results.filter((r) => r.status === 'applied')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'stale')).toHaveLength(19);
    expect((await store.get(room.id))!.state.version).toBe(1);
    expect(await store.readRecord(room.id)).toHaveLength(1);
  });

  it('appends the record in order and reads it from any point', async () => {
    const room = newRoom();
    await store.create(room);
    for (let v = 1; v <= 5; v++) {
      expect(await store.commit(room.id, v - 1, { state: stateAt(room, v), entries: [entry(v)], expiresAt: now + 3_600_000, nextDueAt: null })).toEqual({ status: 'applied' });
    }
    expect((await store.readRecord(room.id)).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect((await store.readRecord(room.id, 4)).map((e) => e.seq)).toEqual([4, 5]);
  });

  it('remembers the reply to an action id, for retries', async () => {
    const room = newRoom();
    await store.create(room);
    await store.commit(room.id, 0, { state: stateAt(room, 1), entries: [], commandKey: 'A:abc', reply: { ok: true, version: 1 }, expiresAt: now + 3_600_000, nextDueAt: null });
    expect(await store.recallReply(room.id, 'A:abc')).toEqual({ ok: true, version: 1 });
    expect(await store.recallReply(room.id, 'A:other')).toBeNull();
  });

  it('answers a retried command with its first reply instead of applying it again, whatever version it expects', async () => {
    const room = newRoom();
    await store.create(room);
    const first = { state: stateAt(room, 1), entries: [entry(1)], commandKey: 'A:once', reply: { ok: true as const, version: 1 }, expiresAt: now + 3_600_000, nextDueAt: null };
    expect(await store.commit(room.id, 0, first)).toEqual({ status: 'applied' });
    const retry = { ...first, state: stateAt(room, 2), entries: [entry(2)], reply: { ok: true as const, version: 2 } };
    expect(await store.commit(room.id, 1, retry)).toEqual({ status: 'duplicate', reply: { ok: true, version: 1 } });
    expect((await store.get(room.id))!.state.version).toBe(1);
    expect(await store.readRecord(room.id)).toHaveLength(1);
  });

  it('remembers at least the latest 128 replies, and forgets old ones so memory stays flat', async () => {
    const room = newRoom();
    await store.create(room);
    for (let v = 1; v <= 1000; v++)
      await store.commit(room.id, v - 1, { state: stateAt(room, v), entries: [], commandKey: `A:c${v}`, reply: { ok: true, version: v }, expiresAt: now + 3_600_000, nextDueAt: null });
    for (let v = 1000 - 127; v <= 1000; v++) expect(await store.recallReply(room.id, `A:c${v}`)).toEqual({ ok: true, version: v });
    expect(await store.recallReply(room.id, 'A:c1')).toBeNull();
    expect(await store.recallReply(room.id, 'A:c700')).toBeNull();
  });

  it('indexes rooms with a due deadline, for whichever process polls', async () => {
    const room = newRoom();
    await store.create(room);
    await store.commit(room.id, 0, { state: stateAt(room, 1), entries: [], expiresAt: now + 3_600_000, nextDueAt: now + 5000 });
    expect(await store.dueRooms(now)).not.toContain(room.id);
    expect(await store.dueRooms(now + 5000)).toContain(room.id);
    await store.commit(room.id, 1, { state: stateAt(room, 2), entries: [], expiresAt: now + 3_600_000, nextDueAt: null });
    expect(await store.dueRooms(now + 5000)).not.toContain(room.id);
  });

  it('forgets a room, its record and its replies once its retention time is up', async () => {
    const room = newRoom();
    await store.create(room);
    // A retention of one millisecond from the store's clock. The in-memory store judges expiry on
    // that clock (moved on below); Redis expires the keys by their TTL, on its own clock.
    await store.commit(room.id, 0, { state: stateAt(room, 1), entries: [entry(1)], commandKey: 'A:e', reply: { ok: true, version: 1 }, expiresAt: now + 1, nextDueAt: null });
    now += 1;
    await expect.poll(() => store.get(room.id)).toBeNull();
    expect(await store.readRecord(room.id)).toEqual([]);
    expect(await store.recallReply(room.id, 'A:e')).toBeNull();
    expect(await store.roomIds()).not.toContain(room.id);
  });

  it('deletes a room now, with its record and replies', async () => {
    const room = newRoom();
    await store.create(room);
    await store.commit(room.id, 0, { state: stateAt(room, 1), entries: [entry(1)], commandKey: 'A:x', reply: { ok: true, version: 1 }, expiresAt: now + 3_600_000, nextDueAt: now });
    await store.delete(room.id);
    expect(await store.get(room.id)).toBeNull();
    expect(await store.readRecord(room.id)).toEqual([]);
    expect(await store.recallReply(room.id, 'A:x')).toBeNull();
    expect(await store.roomIds()).not.toContain(room.id);
    expect(await store.dueRooms(now)).not.toContain(room.id);
    expect(await store.wasDeleted(room.id)).toBe(false);
  });

  it('remembers that a room was deleted until the time asked, and only that room', async () => {
    const room = newRoom();
    const other = newRoom();
    await store.create(room);
    await store.create(other);
    // Redis expires the mark by its own clock: give it a second, time enough to be asked
    // (a cluster confirms each write with a replica first), short enough to see it go.
    await store.delete(room.id, now + 1000);
    await store.delete(other.id);
    expect(await store.wasDeleted(room.id)).toBe(true);
    expect(await store.wasDeleted(other.id)).toBe(false);
    expect(await store.wasDeleted('room-never-made')).toBe(false);
    now += 1000;
    await expect.poll(() => store.wasDeleted(room.id)).toBe(false);
  });
});

describe('the redis store’s keys', () => {
  it('carry the retention TTL on every key of a room, and delete-now removes every key', async () => {
    const store = await RedisStore.connect(redis.url, clock);
    stores.push(store);
    const room = newRoom(2 * 3_600_000);
    await store.create(room);
    // Enough commits that the remembered replies have rolled over into a second generation.
    for (let v = 1; v <= 130; v++)
      await store.commit(room.id, v - 1, { state: stateAt(room, v), entries: [entry(v)], commandKey: `A:k${v}`, reply: { ok: true, version: v }, expiresAt: now + 2 * 3_600_000, nextDueAt: null });
    const probe = createClient({ url: redis.url });
    await probe.connect();
    const keys = await probe.keys(`${RedisKeys.room(room.id)}*`);
    expect(keys.sort()).toEqual([RedisKeys.room(room.id), RedisKeys.acks(room.id), RedisKeys.olderAcks(room.id), RedisKeys.log(room.id)]);
    for (const k of keys) {
      const ttl = await probe.pTTL(k);
      expect(ttl).toBeGreaterThan(2 * 3_600_000 - 60_000);
      expect(ttl).toBeLessThanOrEqual(2 * 3_600_000);
    }
    await store.delete(room.id, now + 3_600_000);
    expect(await probe.keys(`*${room.id}*`)).toEqual([]);
    expect(await probe.zScore(RedisKeys.roomsOf(room.id), room.id)).toBeNull();
    // What stays is a keyed hash of the id, with its own expiry: nothing names the room.
    const marks = await probe.keys('tr:deleted:*');
    expect(marks).toHaveLength(1);
    expect(marks[0]).not.toContain(room.id);
    expect(await probe.pTTL(marks[0]!)).toBeGreaterThan(3_600_000 - 60_000);
    expect(JSON.stringify(await Promise.all((await probe.keys('*')).map((k) => probe.type(k).then((t) => (t === 'string' ? probe.get(k) : k)))))).not.toContain(room.id);
    await probe.quit();
  });

});

/** A Redis store holding one new room, and a plain client beside it to do what Redis itself might (expire, forget scripts). */
async function redisRoomAndProbe() {
  const store = await RedisStore.connect(redis.url, clock);
  stores.push(store);
  const room = newRoom();
  await store.create(room);
  const probe = createClient({ url: redis.url });
  await probe.connect();
  return { store, room, probe };
}

describe('the redis store’s deadline index', () => {
  it('forgets a room that expired by TTL instead of offering it again and again', async () => {
    const { store, room, probe } = await redisRoomAndProbe();
    await store.commit(room.id, 0, { state: stateAt(room, 1), entries: [], expiresAt: now + 3_600_000, nextDueAt: now });
    await probe.del(RedisKeys.room(room.id)); // what a TTL does
    expect(await store.dueRooms(now)).not.toContain(room.id);
    expect(await probe.zScore(RedisKeys.dueOf(room.id), room.id)).toBeNull();
    await probe.quit();
  });
});

describe('the redis store’s commit script', () => {
  it('still commits after Redis forgot its scripts (a restart or SCRIPT FLUSH)', async () => {
    const { store, room, probe } = await redisRoomAndProbe();
    expect(await store.commit(room.id, 0, { state: stateAt(room, 1), entries: [entry(1)], expiresAt: now + 3_600_000, nextDueAt: null })).toEqual({ status: 'applied' });
    await probe.scriptFlush();
    await probe.quit();
    expect(await store.commit(room.id, 1, { state: stateAt(room, 2), entries: [entry(2)], expiresAt: now + 3_600_000, nextDueAt: null })).toEqual({ status: 'applied' });
    expect(await store.commit(room.id, 1, { state: stateAt(room, 2), entries: [entry(2)], expiresAt: now + 3_600_000, nextDueAt: null })).toEqual({ status: 'stale' });
    expect((await store.readRecord(room.id)).map((e) => e.seq)).toEqual([1, 2]);
  });
});

describe('the redis store on a cluster', () => {
  it('answers a commit only once a replica holds it, and the retry with the same id is applied once', async () => {
    const store = await RedisStore.connect({ cluster: cluster.seeds }, clock);
    stores.push(store);
    const room = newRoom();
    await store.create(room);
    const replica = await cluster.replicaOf(await cluster.primaryOf(RedisKeys.room(room.id)));
    const c = { state: stateAt(room, 1), entries: [entry(1)], commandKey: 'A:held', reply: { ok: true as const, version: 1 }, expiresAt: now + 3_600_000, nextDueAt: null };
    // A frozen replica keeps its link open and acknowledges nothing: the write is on the primary only.
    cluster.pause(replica);
    try {
      await expect(store.commit(room.id, 0, c)).rejects.toBeInstanceOf(ReplicationUnconfirmedError);
    } finally {
      cluster.resume(replica);
    }
    expect(await store.commit(room.id, 0, c)).toEqual({ status: 'duplicate', reply: { ok: true, version: 1 } });
    expect((await store.readRecord(room.id)).map((e) => e.seq)).toEqual([1]);
  });
});

describe('the redis store after an upgrade', () => {
  it('moves rooms kept under the names before the cluster layout to their bucket, with their record, replies, TTL and deadline', async () => {
    const probe = createClient({ url: redis.url });
    await probe.connect();
    const room = newRoom();
    const { state, ...meta } = room;
    const old = `tr:room:${room.id}`;
    // Written as the version before wrote them.
    await probe.hSet(old, { v: '1', state: JSON.stringify({ ...state, version: 1, recordCount: 1 }), meta: JSON.stringify(meta) });
    await probe.rPush(`${old}:log`, JSON.stringify(entry(1)));
    await probe.hSet(`${old}:acks`, 'A:before', JSON.stringify({ ok: true, version: 1 }));
    for (const k of [old, `${old}:log`, `${old}:acks`]) await probe.pExpire(k, 3_600_000);
    await probe.zAdd('tr:rooms', { score: room.expiresAt, value: room.id });
    await probe.zAdd('tr:due', { score: now + 5000, value: room.id });

    const store = await RedisStore.connect(redis.url, clock);
    stores.push(store);
    expect((await store.get(room.id))!.state.version).toBe(1);
    expect((await store.readRecord(room.id)).map((e) => e.text)).toEqual(['statement 1']);
    expect(await store.recallReply(room.id, 'A:before')).toEqual({ ok: true, version: 1 });
    expect(await store.dueRooms(now + 5000)).toContain(room.id);
    expect(await store.roomIds()).toContain(room.id);
    expect(await probe.pTTL(RedisKeys.log(room.id))).toBeGreaterThan(3_600_000 - 60_000);
    expect(await probe.keys('tr:room:*')).toEqual([]);
    expect(await probe.exists(['tr:rooms', 'tr:due'])).toBe(0);
    // And it goes on from there.
    expect(await store.commit(room.id, 1, { state: stateAt(room, 2), entries: [entry(2)], expiresAt: now + 3_600_000, nextDueAt: null })).toEqual({ status: 'applied' });
    await probe.quit();
  });
});
