import type { Actor, RoomEvent } from '../conversation';
import type { RecordEntry } from './contract';

/** Events that never enter the shared record: the private parking lot, and presence (shown in the state). */
const UNRECORDED = new Set<RoomEvent['type']>(['park', 'unpark', 'shareParked', 'join', 'leave', 'drop']);

/** The public record entry of an accepted event, or null for a private one. */
export function toRecordEntry(e: RoomEvent, seq: number): RecordEntry | null {
  if (UNRECORDED.has(e.type)) return null;
  const entry: RecordEntry = { seq, seat: e.seat as Actor, type: e.type, at: e.at };
  if ('text' in e) entry.text = e.text.trim();
  if ('to' in e) entry.to = e.to;
  if ('minutes' in e && e.minutes !== undefined) entry.minutes = e.minutes;
  if ('until' in e) entry.until = e.until;
  return entry;
}
