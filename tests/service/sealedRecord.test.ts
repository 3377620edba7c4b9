import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseSeatLink, type RecordEntry } from '../../shared/protocol';
import { UnreadableError } from '../../client/src/lib/sealed';
import { systemClock } from '../../server/clock';
import { SealError } from '../../server/sealing/cipher';
import { RedisKeys } from '../../server/store/redisKeys';
import { RedisStore } from '../../server/store/redisStore';
import { openStored } from '../support/openStored';
import { type RedisProcess, startRedis } from '../support/redisServer';
import { startTestServer } from '../support/testServer';
import { WireClient } from '../support/wireClient';

/**
 * Someone who can write to the store (a Redis with a leaked password, a restored backup) cannot
 * read a room, but sees each record entry's seat and type in the clear beside its sealed text.
 * Changing them must not make the text open as someone else's words or as another kind of step:
 * the page refuses the room (`unreadable`), and so does the server's own opening. And a room
 * sealed under an earlier layout is refused with a coded answer, not a crash.
 */
let redis: RedisProcess;
let env: Awaited<ReturnType<typeof startTestServer>> | null = null;
let raw: ReturnType<typeof createClient>;
beforeAll(async () => {
  redis = await startRedis();
  raw = createClient({ url: redis.url });
  await raw.connect();
});
afterEach(async () => {
  await env?.close();
  env = null;
  vi.restoreAllMocks();
});
afterAll(async () => {
  await raw?.quit();
  await redis?.stop();
});

const secretOf = (link: string) => parseSeatLink(new URL(link).hash)!.key;

/** A talk on a server over Redis: A says something, B mirrors it; then everyone leaves. */
async function talkThenLeave() {
  env = await startTestServer({ store: await RedisStore.connect(redis.url, systemClock) });
  const room = await env.room();
  const { a, b } = await room.signed('Evenings');
  await a.ok({ type: 'say', text: 'Mkr-A said this' });
  await a.ok({ type: 'yield' });
  await b.ok({ type: 'mirror', text: 'Mkr-B mirrored this' });
  a.close();
  b.close();
  return room;
}

/** Rewrites one stored record entry, as someone with write access to Redis could. */
async function rewriteEntry(roomId: string, pick: (e: RecordEntry) => boolean, change: Partial<RecordEntry>) {
  const key = RedisKeys.log(roomId);
  const entries = (await raw.lRange(key, 0, -1)).map((r) => JSON.parse(r) as RecordEntry);
  const at = entries.findIndex(pick);
  expect(at).toBeGreaterThanOrEqual(0);
  await raw.lSet(key, at, JSON.stringify({ ...entries[at], ...change }));
}

describe('a sealed record entry changed in the store', () => {
  it.each([
    ['moved to the other partner’s seat', (e: RecordEntry) => e.type === 'say', { seat: 'B' as const }],
    ['turned into another kind of step', (e: RecordEntry) => e.type === 'mirror', { type: 'say' as const }],
  ])('does not open when %s: the page refuses the room, and so does the server', async (_how, pick, change) => {
    const room = await talkThenLeave();
    // Untouched, the room opens for a returning partner.
    const before = env!.track(await WireClient.join(env!.url, room.links.B!));
    expect(before.record.map((e) => e.text).filter(Boolean)).toEqual(['Mkr-A said this', 'Mkr-B mirrored this']);
    before.close();
    await expect.poll(() => env!.server.service.holds(room.roomId).key).toBe(false);

    await rewriteEntry(room.roomId, pick, change);

    const after = env!.track(new WireClient(env!.url, parseSeatLink(new URL(room.links.B!).hash)!));
    await expect(after.ready).rejects.toThrow(UnreadableError);
    const store = await RedisStore.connect(redis.url, systemClock);
    try {
      await expect(openStored(store, room.roomId, 'B', secretOf(room.links.B!))).rejects.toThrow(SealError);
    } finally {
      await store.close();
    }
  });
});

/**
 * The content key wrapped as the layout before this one ('talkroom-seal-1') wrapped it: the same
 * HKDF-SHA256 and AES-256-GCM, under the old name. Written out here because the code no longer has it.
 */
function wrapAsSealOne(roomId: string, seat: string, secret: string): string {
  const wrapKey = Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), `talkroom-seal-1\n${roomId}`, `talkroom-seal-1\nseat-wrap\n${seat}`, 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', wrapKey, iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(`talkroom-seal-1\n${roomId}\ncontent-key\n${seat}`, 'utf8'));
  const body = Buffer.concat([cipher.update(randomBytes(32)), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

describe('a room sealed under the earlier layout', () => {
  it('opens no seat: its link gets `no_seat` and the server goes on serving other rooms', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    env = await startTestServer({ store: await RedisStore.connect(redis.url, systemClock) });
    const old = await env.room();
    const secret = secretOf(old.links.A!);
    const roomKey = RedisKeys.room(old.roomId);
    const meta = JSON.parse((await raw.hGet(roomKey, 'meta'))!);
    await raw.hSet(roomKey, 'meta', JSON.stringify({ ...meta, wrappedKeys: { ...meta.wrappedKeys, A: wrapAsSealOne(old.roomId, 'A', secret) } }));

    const refused = await env.track(new WireClient(env.url, { roomId: old.roomId, key: secret })).ready.then(
      () => null,
      (err: Error & { data?: { code: string } }) => err.data?.code,
    );
    expect(refused).toBe('no_seat');
    expect(errors.mock.calls.flat().join('\n')).toMatch(/earlier version/);

    const fresh = await env.room();
    const { a } = await fresh.signed('Still here');
    await a.ok({ type: 'say', text: 'a new room works' });
  });
});
