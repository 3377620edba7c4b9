import type { KeyObject } from 'node:crypto';
import type { RoomContext } from '../../shared/conversation';
import type { RecordEntry } from '../../shared/protocol';
import { mapContextTexts, mapEntryText, mapPartTexts, sealedTextAad, TEXT_PARTS, textsOf } from '../../shared/protocol/sealing';
import type { StoredState } from '../store/roomStore';
import { openBytes, sealBytes } from './cipher';

/** A change that would write a room's text, tried by a process that holds no key to the room. */
export class KeyNotHeld extends Error {
  readonly code = 'key_not_held' as const;
  constructor() {
    super('This process holds no key to the room, so it cannot write the room’s texts; only a process someone of the room is connected through can.');
    this.name = 'KeyNotHeld';
  }
}

/** A room's state twice over: in the clear (what the machine runs on) and sealed (what is stored and sent). */
export interface KnownState {
  state: StoredState;
  sealed: StoredState;
}

/**
 * How the room service turns a state the machine made into the one it stores and sends, and back.
 * With the room's key (`RoomSeal`), texts are sealed and opened. Without it (`PRESENCE_ONLY`), the
 * machine runs on the sealed state as it is, which is enough for presence and nothing else: any
 * change that would write a text is refused.
 */
export interface StateSeal {
  /** The state the machine runs on, from the stored one. */
  open(sealed: StoredState): StoredState;
  /** The stored form of `next`: parts unchanged since `prev` are `prev.sealed`'s own objects, so changes compare by reference. */
  seal(next: StoredState, prev: KnownState): StoredState;
  sealEntries(entries: RecordEntry[]): RecordEntry[];
}

/** Seals and opens one room's texts with its content key (held only while someone is connected to the room here). */
export class RoomSeal implements StateSeal {
  readonly roomId: string;
  readonly #key: KeyObject;

  constructor(roomId: string, key: KeyObject) {
    this.roomId = roomId;
    this.#key = key;
  }

  sealText = (text: string, field: string): string => sealBytes(this.#key, Buffer.from(text, 'utf8'), sealedTextAad(this.roomId, field));

  openText = (sealed: string, field: string): string => openBytes(this.#key, sealed, sealedTextAad(this.roomId, field)).toString('utf8');

  open(sealed: StoredState): StoredState {
    return { ...sealed, context: mapContextTexts(sealed.context, this.openText) };
  }

  /** A new room's first state, every text sealed. */
  sealNew(state: StoredState): StoredState {
    return { ...state, context: mapContextTexts(state.context, this.sealText) };
  }

  seal(next: StoredState, prev: KnownState): StoredState {
    // Parts without text are the same in both forms. A statement changes only the floor, so
    // nothing is sealed here for it; its text is sealed once, in its record entry.
    const context = { ...next.context };
    for (const k of TEXT_PARTS) {
      const part = next.context[k];
      if (part === prev.state.context[k]) (context as Record<string, unknown>)[k] = prev.sealed.context[k];
      else {
        // A text part changed (a signature, a new off-limits topic): each text still in its place keeps its blob.
        const before = textsOf(k, prev.state.context[k]);
        const sealedBefore = textsOf(k, prev.sealed.context[k]);
        (context as Record<string, unknown>)[k] = mapPartTexts(k, part, (text, field) => (before.get(field) === text ? sealedBefore.get(field)! : this.sealText(text, field)));
      }
    }
    return { ...next, context };
  }

  sealEntries(entries: RecordEntry[]): RecordEntry[] {
    return entries.map((e) => mapEntryText(e, this.sealText));
  }

  openEntries(entries: RecordEntry[]): RecordEntry[] {
    return entries.map((e) => mapEntryText(e, this.openText));
  }
}

/**
 * For a process that holds no key to the room: the machine runs on the sealed state, and only a
 * change that writes no text may be committed (presence: a seat dropped or back). Every text of
 * the result must be the very blob it was.
 */
export const PRESENCE_ONLY: StateSeal = {
  open: (sealed) => sealed,
  seal(next, prev) {
    for (const key in next.context) {
      const k = key as keyof RoomContext;
      if (!TEXT_PARTS.has(k) || next.context[k] === prev.sealed.context[k]) continue;
      const before = textsOf(k, prev.sealed.context[k]);
      for (const [field, text] of textsOf(k, next.context[k])) if (before.get(field) !== text) throw new KeyNotHeld();
    }
    return next;
  },
  sealEntries(entries) {
    if (entries.some((e) => e.text !== undefined)) throw new KeyNotHeld();
    return entries;
  },
};
