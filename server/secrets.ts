import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A seat key: 256 random bits, URL-safe. Whoever holds it holds the seat. */
export const newSeatKey = (): string => randomBytes(32).toString('base64url');

/** Room ids are not secret, but unguessable ids keep rooms from being enumerated. */
export const newRoomId = (): string => randomBytes(12).toString('base64url');

/** Keys are stored only as hashes: a leaked store does not open any seat. */
export const hashKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

/** Compares in constant time, so timing says nothing about how close a guess was. */
export function keyMatches(key: string, storedHash: string): boolean {
  const a = Buffer.from(hashKey(key), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * What a store keeps of a deleted room: a keyed hash of its id (HMAC-SHA256 under a key of the
 * store's own), enough to answer a device that comes back "this room was deleted", and nothing
 * that names the room to anyone reading the store without that key.
 */
export const deletedMark = (roomId: string, key: string): string => createHmac('sha256', key).update(roomId, 'utf8').digest('hex');

/** A fresh key for `deletedMark`. */
export const newMarkKey = (): string => randomBytes(32).toString('hex');
