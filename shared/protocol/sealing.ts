import type { Partner, RoomContext, Seat } from '../conversation';
import type { RecordEntry } from '../conversation/record';

/**
 * What of a room is sealed, and what each sealed text is bound to. Every text a person wrote
 * (the topic, off-limits topics, names, parked items, appreciations, commitments, commitments
 * carried forward, and every record entry's text) is kept and sent sealed: AES-256-GCM under the
 * room's content key, with a fresh 96-bit IV each time. The server seals with Node's crypto, the
 * page opens with WebCrypto; this file is the layout both read, and holds no key and no cipher.
 *
 * A sealed text is `base64url(iv ‖ ciphertext ‖ tag)`. Its additional data names the room and the
 * field (`sealedTextAad`), so a blob moved to another room, or to another field of the same room,
 * does not open. The empty string stays empty (it says nothing but its length, zero), and so does
 * a missing text (null).
 *
 * The content key is stored only wrapped for each seat: AES-256-GCM under a key derived with
 * HKDF-SHA256 from the seat's secret (the key in the seat's link), which the server never stores.
 */
export const Sealing = {
  /**
   * Names this layout in every derivation and additional data; a later layout changes it, and old
   * blobs then fail to open rather than open wrongly. 2: a record entry's text is bound to its
   * seat and type too (`recordField`). A room sealed under 1 no longer opens at all: its wrapped
   * keys are derived under the old name, so its links open no seat (`no_seat`) until retention
   * deletes it.
   */
  version: 'talkroom-seal-2',
  ivBytes: 12,
  tagBytes: 16,
  keyBytes: 32,
} as const;

/** The additional data of one sealed text: the room, and where in the room the text lives. */
export const sealedTextAad = (roomId: string, field: string): string => `${Sealing.version}\n${roomId}\ntext\n${field}`;

/** The additional data of the content key wrapped for one seat. */
export const wrappedKeyAad = (roomId: string, seat: Seat): string => `${Sealing.version}\n${roomId}\ncontent-key\n${seat}`;

/**
 * HKDF-SHA256's salt and info for the key that wraps the content key for `seat`; the input key
 * material is the seat's secret as written in its link (UTF-8).
 */
export const seatWrapDerivation = (roomId: string, seat: Seat): { salt: string; info: string } => ({
  salt: `${Sealing.version}\n${roomId}`,
  info: `${Sealing.version}\nseat-wrap\n${seat}`,
});

/** Seals or opens one text found at `field` (a path such as `offLimits/3` or `record/12/A/say`). */
export type TextTransform = (text: string, field: string) => string;

/** The parts of the context that hold a person's words; every other part is structure, times and counts. */
export const TEXT_PARTS: ReadonlySet<keyof RoomContext> = new Set<keyof RoomContext>(['agreement', 'names', 'parkingLot', 'closing', 'carriedForward']);

const each = (text: string, field: string, f: TextTransform): string => (text === '' ? text : f(text, field));
const eachNullable = (text: string | null, field: string, f: TextTransform): string | null => (text === null ? null : each(text, field, f));

function mapPartnerTexts(texts: Record<Partner, string | null>, kind: string, f: TextTransform): Record<Partner, string | null> {
  return { A: eachNullable(texts.A, `${kind}/A`, f), B: eachNullable(texts.B, `${kind}/B`, f) };
}

/**
 * One part of the context with each of its texts passed through `f` (with the field it lives at),
 * and everything else as it was. A part without texts is returned as is.
 */
export function mapPartTexts<K extends keyof RoomContext>(key: K, part: RoomContext[K], f: TextTransform): RoomContext[K] {
  switch (key) {
    case 'agreement': {
      const a = part as RoomContext['agreement'];
      return {
        ...a,
        topic: each(a.topic, 'topic', f),
        offLimits: a.offLimits.map((t) => ({ ...t, text: each(t.text, `offLimits/${t.id}`, f) })),
      } as RoomContext[K];
    }
    case 'names': {
      const names = part as RoomContext['names'];
      const out = {} as RoomContext['names'];
      for (const seat in names) out[seat as Seat] = each(names[seat as Seat], `name/${seat}`, f);
      return out as RoomContext[K];
    }
    case 'parkingLot': {
      const lot = part as RoomContext['parkingLot'];
      const items = (p: Partner) => lot[p].map((i) => ({ ...i, text: each(i.text, `parked/${p}/${i.id}`, f) }));
      return { A: items('A'), B: items('B') } as RoomContext[K];
    }
    case 'closing': {
      const c = part as RoomContext['closing'];
      return { ...c, appreciation: mapPartnerTexts(c.appreciation, 'appreciation', f), commitment: mapPartnerTexts(c.commitment, 'commitment', f) } as RoomContext[K];
    }
    case 'carriedForward':
      return (part as string[]).map((t, i) => each(t, `carriedForward/${i}`, f)) as RoomContext[K];
    default:
      return part;
  }
}

/** The context (whole, or the changed parts an update carries) with every text passed through `f`. */
export function mapContextTexts<C extends Partial<RoomContext>>(ctx: C, f: TextTransform): C {
  const out: Record<string, unknown> = { ...ctx };
  for (const key in ctx) {
    const k = key as keyof RoomContext;
    if (TEXT_PARTS.has(k) && ctx[k] !== undefined) out[k] = mapPartTexts(k, ctx[k] as never, f);
  }
  return out as C;
}

/**
 * Where a record entry's text lives: `record/<seq>/<seat>/<type>`. Bound to the entry's number,
 * so entries cannot be swapped or reordered, and to who wrote it and what kind of step it was,
 * so a text cannot be moved to the other partner's seat (A's statement shown as B's) or to
 * another kind of step (a mirror shown as a statement) by someone who can write to the store:
 * the seat and type travel in the clear beside the text, and only this binds them to it.
 */
export const recordField = (entry: Pick<RecordEntry, 'seq' | 'seat' | 'type'>): string => `record/${entry.seq}/${entry.seat}/${entry.type}`;

/** A record entry with its text (if any) passed through `f`. */
export function mapEntryText(entry: RecordEntry, f: TextTransform): RecordEntry {
  return entry.text === undefined || entry.text === '' ? entry : { ...entry, text: f(entry.text, recordField(entry)) };
}

/** Every text of a context part, by the field it lives at. */
export function textsOf<K extends keyof RoomContext>(key: K, part: RoomContext[K]): Map<string, string> {
  const found = new Map<string, string>();
  mapPartTexts(key, part, (text, field) => {
    found.set(field, text);
    return text;
  });
  return found;
}
