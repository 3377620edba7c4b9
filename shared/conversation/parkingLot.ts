import type { Partner } from './seats';
import type { RoomContext, RoomEventOf } from './types';

/**
 * Each partner's private parking lot: drafts kept for a later talk (or a talk with the mediator).
 * Only its author sees it; sharing one item with the mediator is the author's choice.
 */

const lotOf = (ctx: RoomContext, seat: Partner, items: RoomContext['parkingLot'][Partner]): RoomContext => ({
  ...ctx,
  parkingLot: { ...ctx.parkingLot, [seat]: items },
});

/** Adds one item to `seat`'s own lot: a draft kept for later, or the title of a subject parked at a boundary. */
export function addToLot(ctx: RoomContext, seat: Partner, text: string, at: number): RoomContext {
  const item = { id: `p${ctx.nextId}`, text: text.trim(), at, sharedWithMediator: false };
  return { ...lotOf(ctx, seat, [...ctx.parkingLot[seat], item]), nextId: ctx.nextId + 1 };
}

export const park = (ctx: RoomContext, e: RoomEventOf<'park'>): RoomContext => addToLot(ctx, e.seat as Partner, e.text, e.at);

export function unpark(ctx: RoomContext, e: RoomEventOf<'unpark'>): RoomContext {
  const seat = e.seat as Partner;
  return lotOf(ctx, seat, ctx.parkingLot[seat].filter((i) => i.id !== e.id));
}

export function shareParked(ctx: RoomContext, e: RoomEventOf<'shareParked'>): RoomContext {
  const seat = e.seat as Partner;
  return lotOf(ctx, seat, ctx.parkingLot[seat].map((i) => (i.id === e.id ? { ...i, sharedWithMediator: true } : i)));
}
