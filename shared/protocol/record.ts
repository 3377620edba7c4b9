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

/**
 * The record with newly arrived entries merged in, by number: each entry once, in order, whatever
 * order updates arrive in. With several server processes, two updates can cross on the way to a
 * client; the older one's view is stale, but its entries are not, and must not be dropped.
 * Returns the same array when nothing is new, so a screen need not redraw.
 */
export function mergeRecord(record: readonly RecordEntry[], entries: readonly RecordEntry[]): RecordEntry[] {
  if (entries.length === 0) return record as RecordEntry[];
  // The usual case: the next entries, in order.
  let last = record.at(-1)?.seq ?? 0;
  let inOrder = true;
  for (const e of entries) {
    if (e.seq <= last) inOrder = false;
    last = e.seq;
  }
  if (inOrder) return [...record, ...entries];
  const bySeq = new Map(record.map((e) => [e.seq, e]));
  for (const e of entries) if (!bySeq.has(e.seq)) bySeq.set(e.seq, e);
  if (bySeq.size === record.length) return record as RecordEntry[];
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}
