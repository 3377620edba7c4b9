import type { Seat } from '../../../shared/conversation';
import type { RecordEntry, Update, Welcome } from '../../../shared/protocol';
import { mapContextTexts, recordField, Sealing, sealedTextAad, seatWrapDerivation, wrappedKeyAad } from '../../../shared/protocol/sealing';

/**
 * Opening the room's sealed texts in the page, with WebCrypto. The server sends every text a
 * person wrote sealed under the room's content key, and the welcome carries that key wrapped for
 * this seat; the page derives the unwrapping key from its own seat secret (in its link's
 * fragment, never sent anywhere but the handshake) with HKDF-SHA256, and unwraps the content key
 * as a non-extractable AES-GCM key. See `shared/protocol/sealing.ts` for the layout.
 */

/** The page could not open the room's texts: no WebCrypto here (not a secure context), or a text that does not open. */
export class UnreadableError extends Error {
  readonly insecure: boolean;
  constructor(insecure: boolean) {
    super(insecure ? 'WebCrypto is only in secure contexts: open the room over https, or on this computer.' : 'A sealed text did not open.');
    this.name = 'UnreadableError';
    this.insecure = insecure;
  }
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** AES-GCM parameters for a sealed blob (`iv ‖ ciphertext ‖ tag`) and what it is bound to. */
function gcm(bytes: Uint8Array<ArrayBuffer>, aad: string): AesGcmParams {
  return { name: 'AES-GCM', iv: bytes.subarray(0, Sealing.ivBytes), additionalData: utf8.encode(aad), tagLength: Sealing.tagBytes * 8 };
}

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new UnreadableError(true);
  return s;
}

/** Opens one room's texts with its content key. */
export class RoomOpener {
  readonly roomId: string;
  readonly #key: CryptoKey;

  private constructor(roomId: string, key: CryptoKey) {
    this.roomId = roomId;
    this.#key = key;
  }

  /** Unwraps the room's content key with this seat's secret; rejects with `UnreadableError` if it does not open. */
  static async unlock(roomId: string, seat: Seat, secret: string, wrappedKey: string): Promise<RoomOpener> {
    const crypto = subtle();
    try {
      const { salt, info } = seatWrapDerivation(roomId, seat);
      const base = await crypto.importKey('raw', utf8.encode(secret), 'HKDF', false, ['deriveKey']);
      const wrapKey = await crypto.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt: utf8.encode(salt), info: utf8.encode(info) }, base, { name: 'AES-GCM', length: 256 }, false, ['unwrapKey']);
      const bytes = fromBase64url(wrappedKey);
      const key = await crypto.unwrapKey('raw', bytes.subarray(Sealing.ivBytes), wrapKey, gcm(bytes, wrappedKeyAad(roomId, seat)), 'AES-GCM', false, ['decrypt']);
      return new RoomOpener(roomId, key);
    } catch {
      throw new UnreadableError(false);
    }
  }

  async text(sealed: string, field: string): Promise<string> {
    try {
      const bytes = fromBase64url(sealed);
      return fromUtf8.decode(await subtle().decrypt(gcm(bytes, sealedTextAad(this.roomId, field)), this.#key, bytes.subarray(Sealing.ivBytes)));
    } catch {
      throw new UnreadableError(false);
    }
  }

  /** The context (whole or partial) with every text opened, all at once. */
  async context<C extends object>(ctx: C): Promise<C> {
    const opening = new Map<string, Promise<string>>();
    mapContextTexts(ctx, (text, field) => {
      opening.set(field, this.text(text, field));
      return text;
    });
    if (opening.size === 0) return ctx;
    const opened = new Map<string, string>();
    await Promise.all([...opening].map(async ([field, p]) => opened.set(field, await p)));
    return mapContextTexts(ctx, (_text, field) => opened.get(field)!);
  }

  entries(entries: RecordEntry[]): Promise<RecordEntry[]> {
    return Promise.all(entries.map(async (e) => (e.text ? { ...e, text: await this.text(e.text, recordField(e)) } : e)));
  }

  async welcome(w: Welcome): Promise<Welcome> {
    const [context, record] = await Promise.all([this.context(w.view.context), this.entries(w.record)]);
    return { ...w, view: { ...w.view, context }, record };
  }

  async update(u: Update): Promise<Update> {
    const [context, entries] = await Promise.all([u.context ? this.context(u.context) : undefined, this.entries(u.entries)]);
    return context ? { ...u, context, entries } : { ...u, entries };
  }
}

/**
 * Opens what the server sends for one seat, one message at a time and in the order it arrived
 * (opening is asynchronous; a later update must never overtake an earlier one), and hands each
 * on opened. The content key comes from the first welcome; an update before any welcome is
 * dropped, since the welcome carries everything up to it.
 */
export class SealedInbox {
  readonly #secret: string;
  #queue: Promise<unknown> = Promise.resolve();
  #opener: { wrappedKey: string; opening: Promise<RoomOpener> } | null = null;

  constructor(secret: string) {
    this.#secret = secret;
  }

  /** A welcome or a `sync` answer, opened; rejects with `UnreadableError`. */
  welcome(w: Welcome, apply: (opened: Welcome) => void): Promise<void> {
    return this.#next(async () => apply(await (await this.#openerFor(w)).welcome(w)));
  }

  /** A broadcast update or the one in an acknowledgement, opened; rejects with `UnreadableError`. */
  update(u: Update, apply: (opened: Update) => void): Promise<void> {
    return this.#next(async () => {
      if (this.#opener) apply(await (await this.#opener.opening).update(u));
    });
  }

  #next(task: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #openerFor(w: Welcome): Promise<RoomOpener> {
    if (this.#opener?.wrappedKey !== w.wrappedKey) {
      const opening = RoomOpener.unlock(w.roomId, w.seat, this.#secret, w.wrappedKey);
      this.#opener = { wrappedKey: w.wrappedKey, opening };
      // A key that did not open is tried again with the next welcome, not remembered as broken.
      opening.catch(() => {
        if (this.#opener?.opening === opening) this.#opener = null;
      });
    }
    return this.#opener.opening;
  }
}
