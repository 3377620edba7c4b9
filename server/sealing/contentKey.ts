import { createSecretKey, hkdfSync, type KeyObject, randomBytes } from 'node:crypto';
import type { Seat } from '../../shared/conversation';
import { Sealing, seatWrapDerivation, wrappedKeyAad } from '../../shared/protocol/sealing';
import { openBytes, sealBytes } from './cipher';

/** A room's content key: 256 random bits, made when the room is created and never stored as is. */
export function newContentKey(): KeyObject {
  return createSecretKey(randomBytes(Sealing.keyBytes));
}

/** The key that wraps the content key for one seat: HKDF-SHA256 of the seat's secret (which the server keeps only as a hash). */
function seatWrapKey(roomId: string, seat: Seat, seatSecret: string): KeyObject {
  const { salt, info } = seatWrapDerivation(roomId, seat);
  return createSecretKey(Buffer.from(hkdfSync('sha256', Buffer.from(seatSecret, 'utf8'), salt, info, Sealing.keyBytes)));
}

/** The content key wrapped for `seat`, to store beside the room: only that seat's secret opens it. */
export function wrapContentKey(key: KeyObject, roomId: string, seat: Seat, seatSecret: string): string {
  const raw = key.export();
  try {
    return sealBytes(seatWrapKey(roomId, seat, seatSecret), raw, wrappedKeyAad(roomId, seat));
  } finally {
    raw.fill(0);
  }
}

/** The content key, from its wrapping for `seat` and that seat's secret; throws `SealError` for any other secret, seat or room. */
export function unwrapContentKey(wrapped: string, roomId: string, seat: Seat, seatSecret: string): KeyObject {
  const raw = openBytes(seatWrapKey(roomId, seat, seatSecret), wrapped, wrappedKeyAad(roomId, seat));
  try {
    return createSecretKey(raw);
  } finally {
    raw.fill(0);
  }
}
