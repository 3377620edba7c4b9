/**
 * Where each thing lives in Redis, laid out for a Redis Cluster as well as one Redis.
 *
 * A cluster keeps each key in one of 16,384 hash slots, spread over its primaries, and a script
 * or MULTI may only touch keys of one slot. The slot of a key is the hash of its hash tag, the part
 * between `{` and `}`. So every room belongs to one of `BUCKETS` buckets, chosen by a hash of its
 * id, and every key of the room *and* the bucket's two indexes carry the bucket's tag:
 *
 *   tr:{b042}:room:<id>          state, version and meta (hash)
 *   tr:{b042}:room:<id>:log      the record (list)
 *   tr:{b042}:room:<id>:acks     remembered replies (hash), and `:acks:older`
 *   tr:{b042}:room:<id>:holders  which process holds each seat's connection (hash)
 *   tr:{b042}:rooms              the bucket's rooms by expiry (sorted set)
 *   tr:{b042}:due                the bucket's rooms with a pending deadline, by due time (sorted set)
 *
 * One slot holds a room and the index entries that point at it, so the commit stays one atomic
 * script that writes the state, appends the record, remembers the reply, sets the TTLs and moves
 * the room in its bucket's indexes, exactly as it did on one Redis: an index can never disagree
 * with the room, and nothing has to repair it. The price is that a bucket is the unit a cluster
 * spreads: 256 buckets keep the primaries within about a tenth of each other up to a few dozen
 * primaries, and whoever looks for due deadlines reads 256 small sorted sets (one pipelined
 * round per node) instead of one.
 *
 * Keys that belong to no room stand alone: a deleted room's mark `tr:deleted:<mark>` and the key
 * the marks are made with (`tr:deleted-key`), the process registry `tr:procs` (one small sorted
 * set: one entry per server process, written once per beat), and each process's own list of the
 * seats it holds, `tr:proc:{<procId>}:seats`. No script or MULTI touches two of them at once.
 */

/** Fixed for the life of the data: a room's bucket must not change while it lives. */
export const BUCKETS = 256;

/** FNV-1a over the id's UTF-16 units: fast, stable across processes and versions, and spread well enough for bucketing. */
export function bucketOf(roomId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < roomId.length; i++) {
    h ^= roomId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % BUCKETS;
}

const tag = (bucket: number) => `{b${bucket.toString().padStart(3, '0')}}`;
const roomBase = (id: string) => `tr:${tag(bucketOf(id))}:room:${id}`;

export const RedisKeys = {
  room: (id: string) => roomBase(id),
  log: (id: string) => `${roomBase(id)}:log`,
  acks: (id: string) => `${roomBase(id)}:acks`,
  olderAcks: (id: string) => `${roomBase(id)}:acks:older`,
  holders: (id: string) => `${roomBase(id)}:holders`,
  /** Every key of the room, for delete-now. */
  allOfRoom: (id: string) => [roomBase(id), `${roomBase(id)}:log`, `${roomBase(id)}:acks`, `${roomBase(id)}:acks:older`, `${roomBase(id)}:holders`],
  rooms: (bucket: number) => `tr:${tag(bucket)}:rooms`,
  due: (bucket: number) => `tr:${tag(bucket)}:due`,
  roomsOf: (id: string) => `tr:${tag(bucketOf(id))}:rooms`,
  dueOf: (id: string) => `tr:${tag(bucketOf(id))}:due`,
  deleted: (mark: string) => `tr:deleted:${mark}`,
  markKey: 'tr:deleted-key',
  procs: 'tr:procs',
  heldBy: (procId: string) => `tr:proc:{${procId}}:seats`,
} as const;

/** Every bucket number, for reading all the indexes. */
export const ALL_BUCKETS: readonly number[] = Array.from({ length: BUCKETS }, (_, b) => b);
