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
