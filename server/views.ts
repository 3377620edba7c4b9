import { type Actor, type RoomContext, type RoomEvent, type Seat, SEATS } from '../shared/conversation';
import type { RecordEntry, RoomView } from '../shared/protocol';
import type { StoredState } from './store/roomStore';

/**
 * What one seat may see of the room. The parking lot is private: each partner sees only their
 * own, and the mediator only the items a partner chose to share.
 */
export function projectView(state: StoredState, seat: Seat): RoomView {
  const ctx = state.context;
  const lot = ctx.parkingLot;
  const parkingLot: RoomContext['parkingLot'] =
    seat === 'A'
      ? { A: lot.A, B: [] }
      : seat === 'B'
        ? { A: [], B: lot.B }
        : { A: lot.A.filter((i) => i.sharedWithMediator), B: lot.B.filter((i) => i.sharedWithMediator) };
  return {
    version: state.version,
    value: state.value,
    context: { ...ctx, parkingLot },
    connected: SEATS.filter((s) => ctx.present[s]),
  };
}

/** Events that never enter the shared record: the private parking lot, and presence (shown in the state). */
const UNRECORDED = new Set<RoomEvent['type']>(['park', 'unpark', 'shareParked', 'join', 'leave']);

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
