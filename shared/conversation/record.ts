import type { Actor, Partner } from './seats';
import type { RoomCommandType, RoomEvent } from './types';

/** One accepted public event, as the talk's record keeps it. Private events (the parking lot) are never recorded. */
export interface RecordEntry {
  seq: number;
  seat: Actor;
  type: RoomCommandType;
  at: number;
  text?: string;
  to?: Partner;
  minutes?: number;
  until?: number;
  /** A deadline that started the speaker's grace rather than ending the turn. */
  grace?: true;
  /** A step taken aloud, with a tap and no written note: the words were spoken, not typed. */
  spoken?: true;
  /** The agreed off-limits topic a boundary named. */
  topicId?: string;
}

/**
 * Events that never enter the shared record: the private parking lot (only its author may see
 * it), presence (the room's state shows who is here), names (the record shows each seat by
 * its current name) and the mediator's hold to talk (a live state, not a step of the talk).
 */
const UNRECORDED: ReadonlySet<RoomCommandType> = new Set<RoomCommandType>([
  'park', 'unpark', 'shareParked', 'join', 'leave', 'drop', 'setName', 'holdToTalk', 'releaseTalk',
]);

/** The public record entry of an accepted event, numbered `seq`, or null for a private one. */
export function toRecordEntry(e: RoomEvent, seq: number): RecordEntry | null {
  if (UNRECORDED.has(e.type)) return null;
  const entry: RecordEntry = { seq, seat: e.seat, type: e.type, at: e.at };
  if ('text' in e) {
    const text = e.text.trim();
    if (text) entry.text = text;
    else entry.spoken = true;
  }
  if ('topicId' in e) entry.topicId = e.topicId;
  // A parked subject's title is private to its author, like the rest of the parking lot: the
  // record says only that the subject was parked.
  if ('to' in e) entry.to = e.to;
  if ('minutes' in e && e.minutes !== undefined) entry.minutes = e.minutes;
  if ('until' in e) entry.until = e.until;
  return entry;
}
