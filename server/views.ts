import { contextFor, parkingLotFor, type RoomContext, type Seat, SEATS } from '../shared/conversation';
import { connectedSeats, type RoomView, sameStateValue, type Update } from '../shared/protocol';
import type { StoredState } from './store/roomStore';

/** What one seat may see of the room, whole (at joining, and on `sync`): the seat projection's context. */
export function projectView(state: StoredState, seat: Seat): RoomView {
  return {
    version: state.version,
    value: state.value,
    context: contextFor(state.context, seat),
    connected: connectedSeats(state.context, SEATS),
  };
}

type Change = Omit<Update, 'entries' | 'serverNow'>;

/**
 * Every seat's update for one change from `prev` to `next`, grouped: only the parts of the
 * context that changed travel (the machine keeps unchanged parts as the same objects, so the
 * comparison is by reference). Unless the parking lot changed, every seat gets the same update,
 * built, encoded and sent once for all of them.
 */
export function projectChanges(prev: StoredState, next: StoredState, seats: readonly Seat[]): Array<{ seats: readonly Seat[]; change: Change }> {
  const context: Partial<Record<keyof RoomContext, unknown>> = {};
  let changed = false;
  let lotChanged = false;
  // for…in rather than Object.keys: no array per event on the hot path.
  for (const key in next.context) {
    const k = key as keyof RoomContext;
    if (next.context[k] === prev.context[k]) continue;
    if (k === 'parkingLot') lotChanged = true;
    else {
      context[k] = next.context[k];
      changed = true;
    }
  }
  const change: Change = { version: next.version, from: prev.version };
  if (!sameStateValue(prev.value, next.value)) change.value = next.value;
  if (changed) change.context = context as Partial<RoomContext>;
  if (next.context.present !== prev.context.present) change.connected = connectedSeats(next.context, SEATS);
  if (!lotChanged) return [{ seats, change }];
  return seats.map((seat) => ({
    seats: [seat],
    change: { ...change, context: { ...change.context, parkingLot: parkingLotFor(next.context.parkingLot, seat) } },
  }));
}
