import type { StateValue } from 'xstate';
import type { RoomContext, Seat } from '../conversation';
import type { RoomView, Update } from './contract';

/** What a client does with an update: the new view, or why it cannot use it. */
export type Applied = { view: RoomView } | { stale: true } | { gap: true };

/**
 * Applies an update to the view held here. An update older than the view is stale (its record
 * entries still count); one that does not follow on from it is a gap, to be closed with `sync`.
 * Without a view yet, the welcome is on its way and carries everything, so that is a gap too.
 */
export function applyUpdate(view: RoomView | null, u: Update): Applied {
  if (view && u.version <= view.version) return { stale: true };
  if (!view || u.from !== view.version) return { gap: true };
  return {
    view: {
      version: u.version,
      value: u.value ?? view.value,
      context: u.context ? { ...view.context, ...u.context } : view.context,
      connected: u.connected ?? view.connected,
    },
  };
}

/** The seats with a live connection, as a view shows them. */
export function connectedSeats(ctx: Pick<RoomContext, 'present'>, seats: readonly Seat[]): Seat[] {
  return seats.filter((s) => ctx.present[s] === 'here');
}

/** Two state values name the same state (they are small trees of names). */
export function sameStateValue(a: StateValue, b: StateValue): boolean {
  if (a === b) return true;
  if (typeof a === 'string' || typeof b === 'string') return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => k in b && sameStateValue(a[k]!, b[k]!));
}
