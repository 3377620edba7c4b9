import { createHash } from 'node:crypto';
import type { CommandReply, RecordEntry } from '../../shared/protocol';
import type { TimeSource } from '../clock';
import { deletedMark, newMarkKey } from '../secrets';
import { moveLegacyRooms } from './legacyKeys';
import { connectRedis, isCluster, type RedisConnection, type RedisTarget } from './redisConnection';
import { ALL_BUCKETS, RedisKeys as K } from './redisKeys';
import { ReplicaConfirmation } from './replicaConfirmation';
import type { Commit, CommitOutcome, RoomStore, StoredRoom, StoredState } from './roomStore';

/**
 * Rooms in Redis, shared by every server process: one Redis (`REDIS_URL`) or a Redis Cluster
 * (`REDIS_CLUSTER`), with the key layout of `redisKeys.ts`. Per room: a hash with the state and
 * its version, a list with the record (appended to, never rewritten: cost per event stays flat),
 * and remembered replies in two hashes (the latest, and the generation before). The room's bucket
 * indexes it by expiry and, while a deadline is pending, by due time. Every key of a room carries
 * the room's retention TTL. On a cluster, a write is answered only once a replica holds it too
 * (see `ReplicaConfirmation`); until then it throws, and is retried with the same command id.
 */
/** Replies kept per generation: the latest 128 to 256 are remembered, so a long talk's memory stays flat. */
const ACKS_PER_GENERATION = 128;

// A retried command gets the reply it got before; otherwise compare-and-set on the version, then
// write state, append entries, remember the reply, set TTLs and move the room in its bucket's
// indexes — all in one atomic step on one slot, so two racing events never both apply and an index
// never disagrees with its room. A retry touches the room, so a WAIT after it covers the first write
// even on a new connection (Redis replicates writes in order).
// KEYS: room, log, acks, bucket rooms, bucket due, older acks, holders.
const COMMIT = `
if ARGV[8] ~= '' then
  local earlier = redis.call('HGET', KEYS[3], ARGV[8]) or redis.call('HGET', KEYS[6], ARGV[8])
  if earlier then
    if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HINCRBY', KEYS[1], 'retried', 1) end
    return earlier
  end
end
local v = redis.call('HGET', KEYS[1], 'v')
if not v or tonumber(v) ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'state', ARGV[3])
for i = 11, #ARGV do redis.call('RPUSH', KEYS[2], ARGV[i]) end
if ARGV[8] ~= '' then
  if redis.call('HLEN', KEYS[3]) >= tonumber(ARGV[10]) then redis.call('RENAME', KEYS[3], KEYS[6]) end
  redis.call('HSET', KEYS[3], ARGV[8], ARGV[9])
end
local ttl = tonumber(ARGV[4])
redis.call('PEXPIRE', KEYS[1], ttl)
for _, k in ipairs({ KEYS[2], KEYS[3], KEYS[6], KEYS[7] }) do
  if redis.call('EXISTS', k) == 1 then redis.call('PEXPIRE', k, ttl) end
end
redis.call('ZADD', KEYS[4], ARGV[5], ARGV[6])
if ARGV[7] == '' then redis.call('ZREM', KEYS[5], ARGV[6]) else redis.call('ZADD', KEYS[5], ARGV[7], ARGV[6]) end
return 1
`;
// Sent by hash: the script's text crosses the wire once per Redis server, not on every event.
const COMMIT_SHA = createHash('sha1').update(COMMIT).digest('hex');

export class RedisStore implements RoomStore {
  readonly shared = true;
  readonly #client: RedisConnection;
  readonly #replicas: ReplicaConfirmation;
  readonly clock: TimeSource;

  private constructor(client: RedisConnection, clock: TimeSource) {
    this.#client = client;
    this.#replicas = new ReplicaConfirmation(client);
    this.clock = clock;
  }

  /**
   * `target` is one Redis's URL, or `{ cluster: [seed URLs] }`. `clock` is the service's clock (no
   * default: see `MemoryStore`); Redis's TTLs are set relative to it.
   */
  static async connect(target: string | RedisTarget, clock: TimeSource): Promise<RedisStore> {
    const client = await connectRedis(typeof target === 'string' ? { url: target } : target, 'redis store');
    // Rooms kept by a version before the cluster layout move to their bucket's keys, once.
    if (!isCluster(client)) await moveLegacyRooms(client);
    return new RedisStore(client, clock);
  }

  /** The store's connection, shared with the seat leases. */
  get client(): RedisConnection {
    return this.#client;
  }

  /** Runs a write, then returns only once a replica holds it too (on a cluster). */
  async #durably<T>(key: string, write: () => Promise<T>): Promise<T> {
    const node = await this.#replicas.nodeOf(key);
    const result = await write();
    await this.#replicas.confirm(key, node);
    return result;
  }

  async create(room: StoredRoom): Promise<void> {
    const { state, ...meta } = room;
    const ttl = Math.max(1, room.expiresAt - this.clock.now());
    await this.#durably(K.room(room.id), () =>
      this.#client
        .multi()
        .hSet(K.room(room.id), { v: String(state.version), state: JSON.stringify(state), meta: JSON.stringify(meta) })
        .pExpire(K.room(room.id), ttl)
        .zAdd(K.roomsOf(room.id), { score: room.expiresAt, value: room.id })
        .exec(),
    );
  }

  async get(roomId: string): Promise<StoredRoom | null> {
    const h = await this.#client.hGetAll(K.room(roomId));
    if (!h.state || !h.meta) return null;
    const meta = JSON.parse(h.meta) as Omit<StoredRoom, 'state'>;
    return { ...meta, state: JSON.parse(h.state) as StoredState };
  }

  async commit(roomId: string, expectedVersion: number, c: Commit): Promise<CommitOutcome> {
    const ttl = Math.max(1, c.expiresAt - this.clock.now());
    const args = [
      String(expectedVersion),
      String(c.state.version),
      JSON.stringify(c.state),
      String(ttl),
      String(c.expiresAt),
      roomId,
      c.nextDueAt === null ? '' : String(c.nextDueAt),
      c.commandKey ?? '',
      c.reply ? JSON.stringify(c.reply) : '',
      String(ACKS_PER_GENERATION),
      ...c.entries.map((e) => JSON.stringify(e)),
    ];
    const keys = [K.room(roomId), K.log(roomId), K.acks(roomId), K.roomsOf(roomId), K.dueOf(roomId), K.olderAcks(roomId), K.holders(roomId)];
    const options = { keys, arguments: args };
    const node = await this.#replicas.nodeOf(keys[0]!);
    const applied = await this.#client.evalSha(COMMIT_SHA, options).catch((err: Error) => {
      // A Redis that restarted, flushed its script cache or was just promoted has to be taught the script again.
      if (!err.message.startsWith('NOSCRIPT')) throw err;
      return this.#client.eval(COMMIT, options);
    });
    if (applied === 0) return { status: 'stale' };
    await this.#replicas.confirm(keys[0]!, node);
    if (typeof applied === 'string') return { status: 'duplicate', reply: JSON.parse(applied) as CommandReply };
    return { status: 'applied' };
  }

  async readRecord(roomId: string, fromSeq = 0): Promise<RecordEntry[]> {
    const raw = await this.#client.lRange(K.log(roomId), Math.max(0, fromSeq - 1), -1);
    return raw.map((r) => JSON.parse(r) as RecordEntry);
  }

  async recallReply(roomId: string, commandKey: string): Promise<CommandReply | null> {
    const [latest, older] = await Promise.all([this.#client.hGet(K.acks(roomId), commandKey), this.#client.hGet(K.olderAcks(roomId), commandKey)]);
    const raw = latest ?? older;
    return raw ? (JSON.parse(raw) as CommandReply) : null;
  }

  async delete(roomId: string, rememberUntil?: number): Promise<void> {
    // The mark first: it lives in another slot, and a mark beside a room that still exists is
    // harmless (a link to a live room opens it), while a room gone without its mark would answer
    // a returning device "no such seat" instead of "deleted".
    if (rememberUntil !== undefined) {
      const mark = K.deleted(deletedMark(roomId, await this.#markKey()));
      await this.#durably(mark, () => this.#client.set(mark, '1', { PX: Math.max(1, rememberUntil - this.clock.now()) }));
    }
    await this.#durably(K.room(roomId), () =>
      this.#client.multi().del(K.allOfRoom(roomId)).zRem(K.roomsOf(roomId), roomId).zRem(K.dueOf(roomId), roomId).exec(),
    );
  }

  async wasDeleted(roomId: string): Promise<boolean> {
    return (await this.#client.exists(K.deleted(deletedMark(roomId, await this.#markKey())))) === 1;
  }

  #markKeyValue: Promise<string> | null = null;
  /** The key of deleted rooms' marks, made once and shared by every process on this Redis. */
  #markKey(): Promise<string> {
    return (this.#markKeyValue ??= (async () => {
      await this.#durably(K.markKey, () => this.#client.set(K.markKey, newMarkKey(), { NX: true }));
      return (await this.#client.get(K.markKey))!;
    })().catch((err: unknown) => {
      this.#markKeyValue = null; // a Redis hiccup now must not break every later delete
      throw err;
    }));
  }

  async roomIds(): Promise<string[]> {
    const now = this.clock.now();
    const buckets = await Promise.all(
      ALL_BUCKETS.map(async (b) => {
        // Expired rooms drop out of the index here; their keys are already gone by TTL.
        await this.#client.zRemRangeByScore(K.rooms(b), '-inf', now);
        return this.#client.zRange(K.rooms(b), 0, -1);
      }),
    );
    return buckets.flat();
  }

  #pruneNext = 0;
  async dueRooms(now: number): Promise<string[]> {
    // One bucket's expired rooms leave its expiry index on each poll: every bucket in turn, so
    // the index holds no room long after retention, however long the process runs.
    // Its failure is only a later prune: handled here, or a failover would leave it unhandled.
    const prune = this.#client.zRemRangeByScore(K.rooms(this.#pruneNext), '-inf', now).catch(() => 0);
    this.#pruneNext = (this.#pruneNext + 1) % ALL_BUCKETS.length;
    // Every bucket in one go: the client pipelines them, one round trip per node.
    const due = (await Promise.all(ALL_BUCKETS.map((b) => this.#client.zRangeByScore(K.due(b), '-inf', now)))).flat();
    await prune;
    if (due.length === 0) return due;
    // A room that expired by TTL leaves its index entries behind: forget them here, once.
    const alive = await Promise.all(due.map((id) => this.#client.exists(K.room(id))));
    const gone = due.filter((_, i) => alive[i] === 0);
    await Promise.all(gone.map((id) => this.#client.multi().zRem(K.dueOf(id), id).zRem(K.roomsOf(id), id).exec()));
    return due.filter((_, i) => alive[i] === 1);
  }

  async close(): Promise<void> {
    if (this.#client.isOpen) await this.#client.quit();
  }
}
