import type { RedisSingle } from './redisConnection';
import { RedisKeys as K } from './redisKeys';

/** The key names before the cluster layout, when every room's keys sat beside two global indexes. */
const LEGACY = {
  room: (id: string) => `tr:room:${id}`,
  rooms: 'tr:rooms',
  due: 'tr:due',
  suffixes: ['', ':log', ':acks', ':acks:older', ':holders'],
} as const;

// One room, atomically: each key renamed to its bucket's name (RENAME keeps the TTL), and its
// entries moved from the old global indexes to its bucket's. One Redis only: on a cluster these
// keys would be in different slots, and a cluster never held the old layout.
// KEYS: the five old keys, the five new ones, new rooms, new due, old rooms, old due. ARGV: id.
const MOVE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
for i = 1, 5 do
  if redis.call('EXISTS', KEYS[i]) == 1 then redis.call('RENAME', KEYS[i], KEYS[i + 5]) end
end
local e = redis.call('ZSCORE', KEYS[13], ARGV[1])
if e then redis.call('ZADD', KEYS[11], e, ARGV[1]) end
local d = redis.call('ZSCORE', KEYS[14], ARGV[1])
if d then redis.call('ZADD', KEYS[12], d, ARGV[1]) end
redis.call('ZREM', KEYS[13], ARGV[1])
redis.call('ZREM', KEYS[14], ARGV[1])
return 1
`;

/**
 * Moves rooms a version before the cluster layout stored in this Redis to their bucket's keys,
 * so an upgrade loses no talk in progress. Runs at connect, on one Redis only, and only while the
 * old global indexes exist (they are deleted once every room has moved): a later start costs
 * one EXISTS. Stop every process of the old version first: it would go on writing the old names.
 */
export async function moveLegacyRooms(client: RedisSingle): Promise<number> {
  if ((await client.exists([LEGACY.rooms, LEGACY.due])) === 0) return 0;
  let moved = 0;
  for await (const keys of client.scanIterator({ MATCH: 'tr:room:*', COUNT: 1000 })) {
    for (const key of keys) {
      const id = key.slice('tr:room:'.length);
      if (id.includes(':')) continue; // a room's list or hash, moved with the room
      const old = LEGACY.suffixes.map((s) => `${LEGACY.room(id)}${s}`);
      const fresh = [K.room(id), K.log(id), K.acks(id), K.olderAcks(id), K.holders(id)];
      const keysOf = [...old, ...fresh, K.roomsOf(id), K.dueOf(id), LEGACY.rooms, LEGACY.due];
      moved += Number(await client.eval(MOVE, { keys: keysOf, arguments: [id] }));
    }
  }
  // What is left in the old indexes names rooms that expired: nothing to move.
  await client.del([LEGACY.rooms, LEGACY.due]);
  return moved;
}
