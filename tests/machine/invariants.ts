import { project, Screen, SEATS, stepOf, talkStepOf, type RoomEvent, type RoomSnapshot } from '../../shared/conversation';
import { FROZEN_WHILE_PAUSED } from '../../shared/conversation/rules';

/**
 * The protocol's invariants, each a check of one step (state, event, next state) that returns
 * what went wrong, or null. The model-based walk and the random-sequence fuzzer share them.
 */
export interface Step {
  prev: RoomSnapshot;
  event: RoomEvent;
  next: RoomSnapshot;
}
export type Invariant = (s: Step) => string | null;

const paused = (s: RoomSnapshot) => ['paused', 'waitingReady'].includes(stepOf(s));
export const changed = (a: RoomSnapshot, b: RoomSnapshot) =>
  JSON.stringify([a.value, a.context]) !== JSON.stringify([b.value, b.context]);

export const oneSpeaker: Invariant = ({ next }) => {
  const f = next.context.floor;
  if (next.value === 'agreement') return f === null ? null : 'a floor exists before the talk';
  if (!f) return null;
  if (f.speaker !== 'A' && f.speaker !== 'B') return `speaker is ${String(f.speaker)}`;
  return f.handRaised === f.speaker ? 'the speaker has a raised hand' : null;
};

export const frozenWhilePaused: Invariant = ({ prev, event, next }) => {
  if (paused(prev) && FROZEN_WHILE_PAUSED.has(event.type) && changed(prev, next)) return `${event.type} changed a paused room`;
  if (paused(prev) && paused(next) && talkStepOf(next) !== talkStepOf(prev)) return 'the talk moved during a pause';
  return null;
};

export const floorMovesOnlyAfterMirror: Invariant = ({ prev, next }) => {
  const before = prev.context.floor;
  const after = next.context.floor;
  if (!before || !after || before.speaker === after.speaker) return null;
  if (before.roundStatements !== 0) return 'the floor passed over unmirrored statements';
  return ['speaking', 'askingMore', 'empathizing'].includes(talkStepOf(prev) ?? '') ? null : `the floor passed from ${talkStepOf(prev)}`;
};

export const signaturesClearedOnChange: Invariant = ({ prev, event, next }) => {
  if (prev.value !== 'agreement' || next.value !== 'agreement') return null;
  const strip = (s: RoomSnapshot) => JSON.stringify({ ...s.context.agreement, signedBy: [] });
  return strip(prev) !== strip(next) && next.context.agreement.signedBy.length ? `${event.type} changed a signed agreement` : null;
};

export const resumesExactly: Invariant = ({ prev, event, next }) => {
  if (!paused(prev) || paused(next) || stepOf(next) === 'ended') return null;
  const [b, a] = [prev.context.floor!, next.context.floor!];
  if (talkStepOf(next) !== talkStepOf(prev)) return 'resumed into another step';
  if (a.speaker !== b.speaker || a.roundStatements !== b.roundStatements) return 'resumed with another floor';
  // A boundary still open keeps the clock stopped until the speaker answers it.
  const expected = b.turnRemainingMs === null || next.context.boundary ? null : event.at + b.turnRemainingMs;
  return a.turnEndsAt === expected ? null : 'resumed with other turn time';
};

/** In the projection, exactly one seat holds the floor while the talk runs; nobody while paused, before or after. */
export const oneFloorInProjection: Invariant = ({ next }) => {
  const seats = SEATS.map((seat) => project(next, seat, 0));
  const holders = seats.filter((p) => p.holdsFloor).length;
  const expected = seats[0]!.screen === Screen.Talk ? 1 : 0;
  return holders === expected ? null : `${holders} seats hold the floor in ${stepOf(next)}`;
};

/** No seat's view holds another seat's parked text (a parked text in the walk names its author). */
export const privateStaysPrivate: Invariant = ({ next }) => {
  if (next.context.parkingLot.A.length + next.context.parkingLot.B.length === 0) return null;
  for (const seat of SEATS) {
    const seen = JSON.stringify(project(next, seat, 0).context);
    const others = SEATS.filter((s) => s !== seat).find((s) => seen.includes(`parked by ${s}`));
    if (others) return `${seat} sees what ${others} parked`;
  }
  return null;
};

/**
 * On the room's voice call, a partner is heard only when it is their move (the close excepted,
 * where both speak), nobody during a pause, and the mediator only while holding to talk. Every
 * seat's projection agrees on who is heard.
 */
export const microphonesFollowTheFloor: Invariant = ({ next }) => {
  const seats = SEATS.map((seat) => project(next, seat, 0));
  const v = seats[0]!.voice;
  if (!v) return seats.some((p) => p.voice) ? 'seats disagree on whether the call is on' : null;
  if (seats.some((p) => JSON.stringify(p.voice!.open) !== JSON.stringify(v.open) || p.voice!.mine !== v.open.includes(p.seat)))
    return 'seats disagree on who is heard';
  const partners = v.open.filter((s) => s !== 'M');
  if (seats[0]!.screen === Screen.Pause && v.open.length) return `${v.open.join()} heard during a pause`;
  if (v.open.includes('M') !== (next.context.mediatorTalking ?? false)) return 'the mediator is heard without holding to talk';
  if (seats[0]!.screen === Screen.Closing) return null;
  const moving = seats.filter((p) => p.myMove).map((p) => p.seat);
  const stray = partners.find((s) => !moving.includes(s));
  return stray ? `${stray} heard in ${stepOf(next)}, not their move` : partners.length > 1 ? 'both partners heard in the talk' : null;
};

export const ALL_INVARIANTS: Record<string, Invariant> = {
  oneFloorInProjection,
  microphonesFollowTheFloor,
  privateStaysPrivate,
  oneSpeaker,
  frozenWhilePaused,
  floorMovesOnlyAfterMirror,
  signaturesClearedOnChange,
  resumesExactly,
};
