import { phrase } from '../i18n/phrase';
import { LIMITS, SECOND_MS } from './limits';
import { currentMove, type RoomSnapshot, Step, stepOf } from './moves';
import { refuse, type Refusal } from './refusals';
import { checkValue, checkWho, FROZEN_WHILE_PAUSED } from './rules';
import type { RoomCommandType, RoomEvent } from './types';

/** Does any active state take this event type at all (whatever its guards say)? */
function stepHandles(snapshot: RoomSnapshot, type: RoomCommandType): boolean {
  return snapshot._nodes.some((n) => n.ownEvents.includes(type));
}

/** Why this step does not take the event: says what the room is waiting for instead. */
function notThisStep(snapshot: RoomSnapshot, e: RoomEvent): Refusal {
  const step = stepOf(snapshot);
  if (e.type === 'timerElapsed') return refuse.staleTimer();
  if (e.type === 'callPause' && (step === Step.Paused || step === Step.WaitingReady)) return refuse.alreadyPaused();
  if (step === Step.Agreement) return refuse.notNow(phrase('refusal_talk_not_started'));
  if (e.type === 'ready' || e.type === 'extendPause') return refuse.notNow(phrase('refusal_no_pause'));
  return refuse.notNow(phrase('refusal_not_this_step', { move: currentMove(snapshot).text }));
}

/**
 * A statement from the partner whose turn (and grace) just ran out: they pressed Send a moment
 * too late. Telling them "your partner holds the floor" would be true and unkind; say time ran out.
 */
function isLateStatement(snapshot: RoomSnapshot, e: RoomEvent): boolean {
  const up = snapshot.context.floor?.timeUp;
  if (e.type !== 'say' || !up || up.by !== e.seat || e.at - up.at > LIMITS.timeUpNoticeSeconds * SECOND_MS) return false;
  return !(stepOf(snapshot) === Step.Speaking && snapshot.context.floor!.speaker === e.seat);
}

/**
 * Why the room would not accept `e` now, or null if it would. The runner asks this before it
 * applies an event, and replies with the refusal; a refused event changes nothing.
 * Order: the room has ended → a statement sent just after the turn ran out → the seat's rights →
 * a pause → the step → the payload.
 */
export function explainRefusal(snapshot: RoomSnapshot, e: RoomEvent): Refusal | null {
  if (snapshot.status === 'done') return refuse.ended();
  if (snapshot.can(e)) return null;
  const ctx = snapshot.context;
  if (isLateStatement(snapshot, e)) return refuse.timeUp();
  const who = checkWho(ctx, e);
  if (who) return who;
  if (ctx.pause && FROZEN_WHILE_PAUSED.has(e.type)) return refuse.paused();
  if (!stepHandles(snapshot, e.type)) return notThisStep(snapshot, e);
  return checkValue(ctx, e) ?? notThisStep(snapshot, e);
}
