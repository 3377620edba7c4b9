import { createHash } from 'node:crypto';
import { createClient } from 'redis';
import type { CommandReply, RecordEntry } from '../../shared/protocol';
import type { TimeSource } from '../clock';
import { deletedMark, newMarkKey } from '../secrets';
import type { Commit, CommitOutcome, RoomStore, StoredRoom, StoredState } from './roomStore';

type RedisClient = ReturnType<typeof createClient>;

/**
 * Rooms in Redis, shared by every server process. Per room: a hash with the state and its
 * version, a list with the record (appended to, never rewritten: cost per event stays flat),
 * and remembered replies in two hashes (the latest, and the generation before). Two sorted sets
 * index all rooms (by expiry) and the rooms with a pending deadline (by due time). Every key of a
 * room carries the room's retention TTL.
 */
const roomKey = (id: string) => `tr:room:${id}`;
const logKey = (id: string) => `tr:room:${id}:log`;
const acksKey = (id: string) => `tr:room:${id}:acks`;
const olderAcksKey = (id: string) => `tr:room:${id}:acks:older`;
/** Replies kept per generation: the latest 128 to 256 are remembered, so a long talk's memory stays flat. */
const ACKS_PER_GENERATION = 128;
const ROOMS = 'tr:rooms';
const DUE = 'tr:due';
/** A deleted room's mark (a keyed hash of its id, never the id), and the key it is made with. */
const deletedKey = (mark: string) => `tr:deleted:${mark}`;
const MARK_KEY = 'tr:deleted-key';

// A retried command gets the reply it got before; otherwise compare-and-set on the version, then write state, append entries, remember the reply, set
// TTLs and indexes — all in one atomic step, so two racing events never both apply.
const COMMIT = `
if ARGV[8] ~= '' then
  local earlier = redis.call('HGET', KEYS[3], ARGV[8]) or redis.call('HGET', KEYS[6], ARGV[8])
  if earlier then return earlier end
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
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], ttl) end
if redis.call('EXISTS', KEYS[3]) == 1 then redis.call('PEXPIRE', KEYS[3], ttl) end
if redis.call('EXISTS', KEYS[6]) == 1 then redis.call('PEXPIRE', KEYS[6], ttl) end
redis.call('ZADD', KEYS[4], ARGV[5], ARGV[6])
if ARGV[7] == '' then redis.call('ZREM', KEYS[5], ARGV[6]) else redis.call('ZADD', KEYS[5], ARGV[7], ARGV[6]) end
return 1
`;
// Sent by hash: the script's text crosses the wire once per Redis server, not on every event.
const COMMIT_SHA = createHash('sha1').update(COMMIT).digest('hex');

export class RedisStore implements RoomStore {
  readonly shared = true;
  readonly #client: RedisClient;
  readonly clock: TimeSource;

  private constructor(client: RedisClient, clock: TimeSource) {
    this.#client = client;
    this.clock = clock;
  }

  /** `clock` is the service's clock (no default: see `MemoryStore`); Redis's TTLs are set relative to it. */
  static async connect(url: string, clock: TimeSource): Promise<RedisStore> {
    const client = createClient({ url });
    // Never log the URL: it may carry a password.
    client.on('error', (err: Error) => console.error(`redis store: ${err.name}`));
    await client.connect();
    return new RedisStore(client, clock);
  }

  get client(): RedisClient {
    return this.#client;
  }

  async create(room: StoredRoom): Promise<void> {
    const { state, ...meta } = room;
    const ttl = Math.max(1, room.expiresAt - this.clock.now());
    await this.#client
      .multi()
      .hSet(roomKey(room.id), { v: String(state.version), state: JSON.stringify(state), meta: JSON.stringify(meta) })
      .pExpire(roomKey(room.id), ttl)
      .zAdd(ROOMS, { score: room.expiresAt, value: room.id })
      .exec();
  }

  async get(roomId: string): Promise<StoredRoom | null> {
    const h = await this.#client.hGetAll(roomKey(roomId));
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
    const keys = [roomKey(roomId), logKey(roomId), acksKey(roomId), ROOMS, DUE, olderAcksKey(roomId)];
    const options = { keys, arguments: args };
    const applied = await this.#client.evalSha(COMMIT_SHA, options).catch((err: Error) => {
      // A Redis that restarted or flushed its script cache has to be taught the script again.
      if (!err.message.startsWith('NOSCRIPT')) throw err;
      return this.#client.eval(COMMIT, options);
    });
    if (typeof applied === 'string') return { status: 'duplicate', reply: JSON.parse(applied) as CommandReply };
    return applied === 1 ? { status: 'applied' } : { status: 'stale' };
  }

  async readRecord(roomId: string, fromSeq = 0): Promise<RecordEntry[]> {
    const raw = await this.#client.lRange(logKey(roomId), Math.max(0, fromSeq - 1), -1);
    return raw.map((r) => JSON.parse(r) as RecordEntry);
  }

  async recallReply(roomId: string, commandKey: string): Promise<CommandReply | null> {
    const [latest, older] = await Promise.all([this.#client.hGet(acksKey(roomId), commandKey), this.#client.hGet(olderAcksKey(roomId), commandKey)]);
    const raw = latest ?? older;
    return raw ? (JSON.parse(raw) as CommandReply) : null;
  }

  async delete(roomId: string, rememberUntil?: number): Promise<void> {
    const tx = this.#client.multi().del([roomKey(roomId), logKey(roomId), acksKey(roomId), olderAcksKey(roomId)]).zRem(ROOMS, roomId).zRem(DUE, roomId);
    if (rememberUntil !== undefined)
      tx.set(deletedKey(deletedMark(roomId, await this.#markKey())), '1', { PX: Math.max(1, rememberUntil - this.clock.now()) });
    await tx.exec();
  }

  async wasDeleted(roomId: string): Promise<boolean> {
    return (await this.#client.exists(deletedKey(deletedMark(roomId, await this.#markKey())))) === 1;
  }

  #markKeyValue: Promise<string> | null = null;
  /** The key of deleted rooms' marks, made once and shared by every process on this Redis. */
  #markKey(): Promise<string> {
    return (this.#markKeyValue ??= (async () => {
      await this.#client.set(MARK_KEY, newMarkKey(), { NX: true });
      return (await this.#client.get(MARK_KEY))!;
    })().catch((err: unknown) => {
      this.#markKeyValue = null; // a Redis hiccup now must not break every later delete
      throw err;
    }));
  }

  async roomIds(): Promise<string[]> {
    // Expired rooms drop out of the index here; their keys are already gone by TTL.
    await this.#client.zRemRangeByScore(ROOMS, '-inf', this.clock.now());
    return this.#client.zRange(ROOMS, 0, -1);
  }

  async dueRooms(now: number): Promise<string[]> {
    const due = await this.#client.zRangeByScore(DUE, '-inf', now);
    if (due.length === 0) return due;
    // A room that expired by TTL leaves its index entry behind: forget it here, once.
    const alive = await Promise.all(due.map((id) => this.#client.exists(roomKey(id))));
    const gone = due.filter((_, i) => alive[i] === 0);
    if (gone.length) await this.#client.multi().zRem(DUE, gone).zRem(ROOMS, gone).exec();
    return due.filter((_, i) => alive[i] === 1);
  }

  async close(): Promise<void> {
    if (this.#client.isOpen) await this.#client.quit();
  }
}
