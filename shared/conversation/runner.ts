import { initialTransition, type StateValue } from 'xstate';
import { pendingDeadlines, type PendingDeadline } from './deadlines';
import { explainRefusal } from './explain';
import { conversationMachine } from './machine';
import type { RoomSnapshot } from './moves';
import { type RecordEntry, toRecordEntry } from './record';
import type { Refusal } from './refusals';
import { deleteRoomRule } from './rules';
import type { Actor, Seat } from './seats';
import { step } from './step';
import type { RoomCommand, RoomContext, RoomEvent, RoomInput } from './types';

/** What running one command did: refused (with the reason), or the room's next state and its effects. */
export type Outcome =
  | { ok: false; refusal: Refusal }
  | {
      ok: true;
      /** The command as the machine received it: stamped with the seat and the time. */
      event: RoomEvent;
      snapshot: RoomSnapshot;
      /** Record entries to append (none for a private event such as parking a draft). */
      entries: RecordEntry[];
      /** Every deadline the room has now: the runner's scheduler re-arms exactly these. */
      deadlines: PendingDeadline[];
    };

/**
 * The one way to run the conversation, for the server, practice and the machine tests alike.
 * Stamps the command with the sender's seat and the time (never taken from a payload), steps the
 * machine once (unless the room has ended), and explains a refusal only when the machine took
 * nothing: XState hands back the very same snapshot then, and a refused event changes nothing
 * (the model tests check both).
 * `recordCount` is how many entries the record has, so the next is numbered after them.
 */
export function run(snapshot: RoomSnapshot, command: RoomCommand, seat: Actor, at: number, recordCount: number): Outcome {
  const event = { ...command, seat, at } as RoomEvent;
  // An ended room takes nothing. XState would still take the chart's root transitions (presence,
  // and `end` again) on a final snapshot, so the step is not even tried.
  const next = snapshot.status === 'done' ? snapshot : step(snapshot, event);
  if (next === snapshot) {
    const refusal = explainRefusal(snapshot, event);
    if (refusal) return { ok: false, refusal };
  }
  const entry = toRecordEntry(event, recordCount + 1);
  // The turn's time ran out and its grace began: the record says so, not that the turn ended.
  if (entry && event.type === 'timerElapsed' && next.context.floor?.inGrace && !snapshot.context.floor?.inGrace) entry.grace = true;
  return { ok: true, event, snapshot: next, entries: entry ? [entry] : [], deadlines: pendingDeadlines(next) };
}

/** A new room's first state. */
export function startConversation(input: RoomInput): RoomSnapshot {
  return initialTransition(conversationMachine, input)[0];
}

/** A room's state again from its stored or received value and context. */
export function restoreConversation(state: { value: StateValue; context: RoomContext }): RoomSnapshot {
  return conversationMachine.resolveState({ value: state.value as RoomSnapshot['value'], context: state.context });
}

/**
 * Why `seat` may not delete the room now, or null. Deleting removes the room rather than moving
 * it, so it is not a machine event; its rule sits in the same table as the machine's.
 */
export function refuseDelete(snapshot: RoomSnapshot, seat: Seat): Refusal | null {
  return deleteRoomRule(snapshot.context, { seat });
}
