import { createClient, RESP_TYPES } from 'redis';

/** One key of a Redis, as an attacker with a dump or a backup would have it. */
export interface DumpedKey {
  key: string;
  type: string;
  /** Its value read by type (GET, HGETALL, LRANGE, SMEMBERS, ZRANGE, XRANGE), as text. */
  text: string;
  /** Its DUMP (the RDB serialization; long strings there may be LZF-compressed, so `text` is the one that surely shows them). */
  dump: Buffer;
}

/** Reads every key of the Redis at `url` (SCAN), each by its type and with DUMP. */
export async function dumpRedis(url: string): Promise<DumpedKey[]> {
  const client = createClient({ url });
  await client.connect();
  const raw = client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
  const read = async (key: string, type: string): Promise<unknown> => {
    if (type === 'string') return client.get(key);
    if (type === 'hash') return client.hGetAll(key);
    if (type === 'list') return client.lRange(key, 0, -1);
    if (type === 'set') return client.sMembers(key);
    if (type === 'zset') return client.zRangeWithScores(key, 0, -1);
    if (type === 'stream') return client.xRange(key, '-', '+');
    throw new Error(`a key of a type this dump does not read: ${type}`);
  };
  const keys: DumpedKey[] = [];
  try {
    for await (const batch of client.scanIterator({ MATCH: '*', COUNT: 500 })) {
      for (const key of batch) {
        const type = await client.type(key);
        keys.push({ key, type, text: JSON.stringify(await read(key, type)), dump: ((await raw.dump(key)) as Buffer | null) ?? Buffer.alloc(0) });
      }
    }
  } finally {
    await client.quit();
  }
  return keys;
}

/** The markers found anywhere in the dump: in a key's name, its value or its DUMP bytes. */
export function markersIn(keys: readonly DumpedKey[], markers: readonly string[]): string[] {
  return markers.filter((m) => keys.some((k) => k.key.includes(m) || k.text.includes(m) || k.dump.includes(m)));
}
