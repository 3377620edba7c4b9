import { type RoomContext, type Seat, SEATS } from '../shared/conversation';
import type { RoomView } from '../shared/protocol';
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
    connected: SEATS.filter((s) => ctx.present[s] === 'here'),
  };
}

/**
 * Every seat's view of one change, grouped: while no one has parked anything, all seats see the
 * same room, so one view is built, encoded and sent once for all of them.
 */
export function projectViews(state: StoredState, seats: readonly Seat[]): Array<{ seats: readonly Seat[]; view: RoomView }> {
  const lot = state.context.parkingLot;
  if (lot.A.length === 0 && lot.B.length === 0) return [{ seats, view: projectView(state, seats[0]!) }];
  return seats.map((seat) => ({ seats: [seat], view: projectView(state, seat) }));
}
