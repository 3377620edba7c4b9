import {
  pendingDeadlines,
  type Actor,
  type RoomCommand,
  type RoomEvent,
  type RoomSnapshot,
} from '../../shared/conversation';
import { T0 } from './harness';

/** The event space the model-based tests walk: every command from every seat, plus due deadlines. */
const SEATS: Actor[] = ['A', 'B', 'M'];

export function commandsFor(s: RoomSnapshot): RoomCommand[] {
  const c = s.context;
  const topicId = c.agreement.offLimits[0]?.id ?? 't0';
  return [
    { type: 'setTopic', topic: 'Evenings' },
    { type: 'setSettings', settings: { depth: c.agreement.depth === 'full' ? 'mirror' : 'full' } },
    { type: 'proposeOffLimits', text: 'money' },
    { type: 'acceptOffLimits', id: topicId },
    { type: 'declineOffLimits', id: topicId },
    { type: 'withdrawOffLimits', id: topicId },
    { type: 'sign' },
    { type: 'unsign' },
    { type: 'say', text: 'I felt alone' },
    { type: 'say', text: 'about the money' },
    { type: 'yield' },
    { type: 'mirror', text: 'You felt alone' },
    { type: 'confirm' },
    { type: 'notQuite', text: 'Alone, not angry' },
    { type: 'more' },
    { type: 'noMore' },
    { type: 'validate', text: 'You make sense' },
    { type: 'empathize', text: 'You might feel lonely' },
    { type: 'raiseHand' },
    // Aloud only: a boundary called by the listener, answered by the speaker.
    ...(c.agreement.mode === 'typed' ? [] : ([{ type: 'callBoundary', topicId }, { type: 'rephrase' }] as RoomCommand[])),
    // On the room's own call: the mediator's hold to talk.
    ...(c.agreement.mode === 'call' ? ([{ type: 'holdToTalk' }, { type: 'releaseTalk' }] as RoomCommand[]) : []),
    { type: 'grantFloor', to: 'A' },
    { type: 'grantFloor', to: 'B' },
    { type: 'callPause' },
    { type: 'extendPause', minutes: 5 },
    { type: 'ready' },
    { type: 'moveToClose' },
    { type: 'acceptClose' },
    { type: 'declineClose' },
    { type: 'backToTalk' },
    { type: 'appreciate', text: 'Thank you' },
    { type: 'confirmClose' },
    { type: 'park', text: 'parked' },
  ];
}

// Off-limits proposals mid-talk and going back from the close multiply the state space without
// touching these invariants; their own tests cover them (boundaries.test.ts, closing.test.ts).
const AGREEMENT_ONLY = new Set(['proposeOffLimits', 'acceptOffLimits', 'declineOffLimits', 'withdrawOffLimits']);

export const parkedBy = (seat: Actor) => `parked by ${seat}`;

export function eventsFor(s: RoomSnapshot): RoomEvent[] {
  const commands = commandsFor(s).filter(
    (c) => c.type !== 'backToTalk' && (s.value === 'agreement' || !AGREEMENT_ONLY.has(c.type)),
  );
  // A parked text names its author, so a walk can tell whose private text a view shows.
  const people = SEATS.flatMap((seat) =>
    commands.map((c) => (c.type === 'park' ? { ...c, text: parkedBy(seat), seat, at: T0 } : { ...c, seat, at: T0 }) as RoomEvent),
  );
  const timers = pendingDeadlines(s).map(
    (d) => ({ type: 'timerElapsed', deadline: d.deadline, dueAt: d.dueAt, seat: 'system', at: d.dueAt }) as RoomEvent,
  );
  return [...people, ...timers];
}

// Two snapshots are the same protocol state when they differ only in counters, clocks, the order
// in which people signed or said ready, or who called the pause: none of these changes what is allowed.
const sorted = <T>(xs: readonly T[]) => [...xs].sort();
export function serialize(s: RoomSnapshot): string {
  const c = s.context;
  const a = c.agreement;
  const f = c.floor;
  return JSON.stringify({
    v: s.value,
    a: {
      ...a,
      signedBy: sorted(a.signedBy),
      offLimits: a.offLimits.map(({ id: _id, acceptedBy, ...t }) => ({ ...t, acceptedBy: sorted(acceptedBy) })),
    },
    f: f && {
      speaker: f.speaker,
      onClock: f.turnEndsAt !== null,
      frozen: f.turnRemainingMs !== null,
      // Beyond two statements in a round, more of them allow nothing new.
      statements: Math.min(f.roundStatements, 2),
      confirmed: f.confirmedThisHold,
      grace: f.inGrace,
      hand: f.handRaised,
    },
    p: c.pause && { kind: c.pause.kind, ready: sorted(c.pause.ready) },
    adj: c.adjournProposal && sorted(c.adjournProposal.acceptedBy),
    close: c.closeProposal && c.closeProposal.acceptedBy.length,
    boundary: c.boundary !== null,
    cl: { ...c.closing, confirmedBy: sorted(c.closing.confirmedBy) },
  });
}
