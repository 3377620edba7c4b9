import type { StateValue } from 'xstate';
import type { RoomContext, Seat } from '../conversation';
import type { RecordEntry, RoomView, Update, Welcome } from './contract';
import { mergeRecord } from './record';

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

/** What a client holds of its room: the view and the record as received so far. */
export interface Held {
  view: RoomView | null;
  record: RecordEntry[];
}

/**
 * Takes in one update (broadcast, or the sender's own in its acknowledgement): its entries are
 * kept whatever order updates arrive in; its change only on top of the view it follows. `sync`
 * says the whole view must be asked for (a gap while a view is held; without one, the welcome is
 * on its way).
 */
export function receiveUpdate(held: Held, u: Update): { held: Held; applied: boolean; sync: boolean } {
  const record = mergeRecord(held.record, u.entries);
  const applied = applyUpdate(held.view, u);
  if ('view' in applied) return { held: { view: applied.view, record }, applied: true, sync: false };
  return { held: { view: held.view, record }, applied: false, sync: 'gap' in applied && held.view !== null };
}

/** Takes in the whole view and record (a welcome, or the answer to `sync`); a view older than the one held is not taken. */
export function receiveWhole(held: Held, w: Welcome): Held {
  const view = !held.view || w.view.version >= held.view.version ? w.view : held.view;
  return { view, record: mergeRecord(w.record, held.record) };
}
