import { describe, expect, it } from 'vitest';
import { startConversation } from '../../shared/conversation';
import type { RecordEntry } from '../../shared/protocol';
import { RoomOpener, UnreadableError } from '../../client/src/lib/sealed';
import { SealError } from '../../server/sealing/cipher';
import { newContentKey, unwrapContentKey, wrapContentKey } from '../../server/sealing/contentKey';
import { KeyNotHeld, PRESENCE_ONLY, RoomSeal } from '../../server/sealing/roomSeal';
import { newSeatKey } from '../../server/secrets';
import type { StoredState } from '../../server/store/roomStore';

/**
 * What the store is given: texts sealed under the room's key (AES-256-GCM, a fresh IV each,
 * bound to the room and the field), and the key only wrapped for each seat. Whatever is moved,
 * swapped or changed does not open, on the server or in the page.
 */
const key = newContentKey();
const seal = new RoomSeal('room-one', key);
const secret = newSeatKey();

function stateWith(topic: string, offLimits: string[] = []): StoredState {
  const s = startConversation({ hasMediator: false, topic, carriedForward: ['call on Sundays'], offLimits });
  return { version: 0, value: s.value, context: s.context, updatedAt: 0, recordCount: 0 };
}

/** Flips one bit of a sealed blob's bytes at `at` (negative: from the end). */
function flip(blob: string, at: number): string {
  const bytes = Buffer.from(blob, 'base64url');
  bytes[at < 0 ? bytes.length + at : at]! ^= 1;
  return bytes.toString('base64url');
}

describe('a sealed text', () => {
  it('opens in its own room and field, and differs each time it is sealed (fresh IV)', () => {
    const once = seal.sealText('I felt alone on Sunday', 'record/4');
    expect(seal.openText(once, 'record/4')).toBe('I felt alone on Sunday');
    expect(seal.sealText('I felt alone on Sunday', 'record/4')).not.toBe(once);
    expect(once).not.toContain('alone');
  });

  it('is refused in another room, even one under the same key', () => {
    const other = new RoomSeal('room-two', key);
    expect(() => other.openText(seal.sealText('money', 'topic'), 'topic')).toThrow(SealError);
  });

  it('is refused in another field of the same room', () => {
    expect(() => seal.openText(seal.sealText('statement four', 'record/4'), 'record/5')).toThrow(SealError);
    expect(() => seal.openText(seal.sealText('Sam', 'name/A'), 'name/B')).toThrow(SealError);
  });

  it('is refused with any bit changed: its IV, its body or its tag', () => {
    const blob = seal.sealText('a commitment', 'commitment/A');
    for (const at of [0, 11, 12, -17, -1]) expect(() => seal.openText(flip(blob, at), 'commitment/A')).toThrow(SealError);
    expect(() => seal.openText(blob.slice(0, 20), 'commitment/A')).toThrow(SealError);
  });

  it('is refused under another room key', () => {
    expect(() => new RoomSeal('room-one', newContentKey()).openText(seal.sealText('x', 'topic'), 'topic')).toThrow(SealError);
  });
});

describe('the content key', () => {
  const wrapped = wrapContentKey(key, 'room-one', 'A', secret);

  it('opens only with its seat’s secret, for that seat and that room', () => {
    const opened = unwrapContentKey(wrapped, 'room-one', 'A', secret);
    expect(new RoomSeal('room-one', opened).openText(seal.sealText('opened', 'topic'), 'topic')).toBe('opened');
    expect(() => unwrapContentKey(wrapped, 'room-one', 'A', newSeatKey())).toThrow(SealError);
    expect(() => unwrapContentKey(wrapped, 'room-one', 'B', secret)).toThrow(SealError);
    expect(() => unwrapContentKey(wrapped, 'room-two', 'A', secret)).toThrow(SealError);
    expect(() => unwrapContentKey(flip(wrapped, 20), 'room-one', 'A', secret)).toThrow(SealError);
  });

  it('is unwrapped by the page with WebCrypto from the same secret, and nothing else', async () => {
    const page = await RoomOpener.unlock('room-one', 'A', secret, wrapped);
    expect(await page.text(seal.sealText('Wir reden morgen — ça va', 'topic'), 'topic')).toBe('Wir reden morgen — ça va');
    await expect(RoomOpener.unlock('room-one', 'A', newSeatKey(), wrapped)).rejects.toThrow(UnreadableError);
    await expect(RoomOpener.unlock('room-one', 'B', secret, wrapped)).rejects.toThrow(UnreadableError);
    await expect(RoomOpener.unlock('room-two', 'A', secret, wrapped)).rejects.toThrow(UnreadableError);
  });

  it('lets the page refuse a text from another room, another field, or changed', async () => {
    const page = await RoomOpener.unlock('room-one', 'A', secret, wrapped);
    const blob = seal.sealText('a statement', 'record/7');
    await expect(page.text(new RoomSeal('room-two', key).sealText('a statement', 'record/7'), 'record/7')).rejects.toThrow(UnreadableError);
    await expect(page.text(blob, 'record/8')).rejects.toThrow(UnreadableError);
    await expect(page.text(flip(blob, -1), 'record/7')).rejects.toThrow(UnreadableError);
  });
});

describe('a room’s state, sealed', () => {
  it('holds no text in the clear, and opens back to the same state', () => {
    const clear = stateWith('Mkr-topic', ['Mkr-offlimits']);
    const sealed = seal.sealNew(clear);
    expect(JSON.stringify(sealed)).not.toMatch(/Mkr|Sundays/);
    expect(seal.open(sealed)).toEqual(clear);
  });

  it('keeps each unchanged text’s blob and part when something else changes, and seals a changed text anew', () => {
    const clear = stateWith('Weekends', ['my mother']);
    const sealed = seal.sealNew(clear);
    const signed = { ...clear, version: 1, context: { ...clear.context, agreement: { ...clear.context.agreement, signedBy: ['A' as const] } } };
    const next = seal.seal(signed, { state: clear, sealed });
    expect(next.context.agreement.topic).toBe(sealed.context.agreement.topic);
    expect(next.context.agreement.offLimits[0]!.text).toBe(sealed.context.agreement.offLimits[0]!.text);
    expect(next.context.carriedForward).toBe(sealed.context.carriedForward);
    const retitled = { ...signed, version: 2, context: { ...signed.context, agreement: { ...signed.context.agreement, topic: 'Evenings' } } };
    const after = seal.seal(retitled, { state: signed, sealed: next });
    expect(after.context.agreement.topic).not.toBe(next.context.agreement.topic);
    expect(seal.open(after).context.agreement.topic).toBe('Evenings');
  });

  it('seals each record entry’s text bound to its number, its seat and its type', () => {
    const entries: RecordEntry[] = [{ seq: 3, seat: 'A', type: 'say', at: 0, text: 'Mkr-say' }, { seq: 4, seat: 'B', type: 'yield', at: 0 }];
    const sealed = seal.sealEntries(entries);
    expect(JSON.stringify(sealed)).not.toContain('Mkr');
    expect(seal.openEntries(sealed)).toEqual(entries);
    expect(() => seal.openEntries([{ ...sealed[0]!, seq: 4 }])).toThrow(SealError);
    expect(() => seal.openEntries([{ ...sealed[0]!, seat: 'B' }])).toThrow(SealError);
    expect(() => seal.openEntries([{ ...sealed[0]!, type: 'mirror' }])).toThrow(SealError);
  });

  it('lets the page open a record entry only at its own number, seat and type, as the server does', async () => {
    const [sealed] = seal.sealEntries([{ seq: 5, seat: 'B', type: 'mirror', at: 0, text: 'what I heard' }]);
    const page = await RoomOpener.unlock('room-one', 'A', secret, wrapContentKey(key, 'room-one', 'A', secret));
    expect((await page.entries([sealed!]))[0]!.text).toBe('what I heard');
    for (const moved of [{ seq: 6 }, { seat: 'A' as const }, { seat: 'M' as const }, { type: 'say' as const }])
      await expect(page.entries([{ ...sealed!, ...moved }])).rejects.toThrow(UnreadableError);
  });

  it('without the key, takes presence as it is but refuses any change that would write a text', () => {
    const sealed = seal.sealNew(stateWith('Weekends'));
    const dropped = { ...sealed, version: 1, context: { ...sealed.context, present: { ...sealed.context.present, B: 'reconnecting' as const } } };
    expect(PRESENCE_ONLY.seal(dropped, { state: sealed, sealed })).toBe(dropped);
    const written = { ...dropped, context: { ...dropped.context, names: { ...dropped.context.names, B: 'Sam' } } };
    expect(() => PRESENCE_ONLY.seal(written, { state: sealed, sealed })).toThrow(KeyNotHeld);
    expect(() => PRESENCE_ONLY.sealEntries([{ seq: 1, seat: 'A', type: 'say', at: 0, text: 'clear' }])).toThrow(KeyNotHeld);
  });
});
