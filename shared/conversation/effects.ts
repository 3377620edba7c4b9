import { LIMITS, MINUTE_MS, SECOND_MS } from './limits';
import { addToLot } from './parkingLot';
import { isPartner, otherPartner, type Partner, PARTNERS, Seat } from './seats';
import { Depth, EARLIER_TALK, PauseKind, TalkMode, type Floor, type RoomContext, type RoomEventOf, type RoomInput } from './types';

/** The partners talk aloud: the room cannot read what is said, so each speaking step counts as said. */
export const spoken = (ctx: RoomContext): boolean => (ctx.agreement.mode ?? TalkMode.Typed) !== TalkMode.Typed;

/**
 * How an accepted event changes the room's context. Pure functions from (context, event) to
 * the next context; the machine decides *when* each applies, `rules.ts` decides *whether*.
 */

const nobody = { A: null, B: null } as const;

export function initialContext(input: RoomInput): RoomContext {
  const figures = () => ({ floorMs: 0, turns: 0, mirrorAttempts: 0, pausesCalled: 0 });
  return {
    hasMediator: input.hasMediator,
    present: { A: 'away', B: 'away', M: 'away' },
    agreement: {
      topic: input.topic ?? '',
      offLimits: (input.offLimits ?? []).map((text, i) => ({ id: `t${i + 1}`, text, proposedBy: EARLIER_TALK, acceptedBy: [], bound: false })),
      turnSeconds: input.settings?.turnSeconds ?? LIMITS.turnSeconds.default,
      pauseMinutes: input.settings?.pauseMinutes ?? LIMITS.pauseMinutes.default,
      depth: input.settings?.depth ?? Depth.Mirror,
      firstSpeaker: Seat.A,
      mode: input.settings?.mode ?? TalkMode.Typed,
      signedBy: [],
    },
    floor: null,
    pause: null,
    adjournProposal: null,
    closeProposal: null,
    boundary: null,
    mediatorTalking: false,
    names: { A: '', B: '', M: '' },
    fairness: { A: figures(), B: figures(), mediatorPauses: 0 },
    parkingLot: { A: [], B: [] },
    closing: { appreciation: { ...nobody }, commitment: { ...nobody }, confirmedBy: [] },
    nextId: (input.offLimits?.length ?? 0) + 1,
    carriedForward: input.carriedForward ?? [],
  };
}

const withFloor = (ctx: RoomContext, patch: Partial<Floor>): RoomContext => ({
  ...ctx,
  floor: { ...ctx.floor!, ...patch },
});

const addFloorTime = (ctx: RoomContext, speaker: Partner, ms: number): RoomContext => ({
  ...ctx,
  fairness: { ...ctx.fairness, [speaker]: { ...ctx.fairness[speaker], floorMs: ctx.fairness[speaker].floorMs + ms } },
});

const countTurn = (ctx: RoomContext, speaker: Partner): RoomContext => ({
  ...ctx,
  fairness: { ...ctx.fairness, [speaker]: { ...ctx.fairness[speaker], turns: ctx.fairness[speaker].turns + 1 } },
});

/**
 * A speaking step begins: fresh turn time. `newHold` when the floor changes hands (or the talk
 * starts); otherwise the same speaker goes on after "is there more? — yes".
 */
export function startSpeaking(ctx: RoomContext, speaker: Partner, at: number, newHold: boolean): RoomContext {
  const prev = ctx.floor;
  const floor: Floor = {
    speaker,
    turnEndsAt: at + ctx.agreement.turnSeconds * SECOND_MS,
    turnRemainingMs: null,
    speakingSince: at,
    roundStatements: 0,
    confirmedThisHold: newHold ? false : (prev?.confirmedThisHold ?? false),
    // A raised hand clears by itself once that partner holds the floor.
    handRaised: prev?.handRaised === speaker ? null : (prev?.handRaised ?? null),
    inGrace: false,
    // Whose turn ran out is news only until that partner holds the floor again.
    timeUp: prev?.timeUp && prev.timeUp.by !== speaker ? prev.timeUp : null,
    boundaryCalls: newHold ? 0 : (prev?.boundaryCalls ?? 0),
  };
  const next = { ...ctx, floor };
  return newHold ? countTurn(next, speaker) : next;
}

/** The speaking step ends (yield, time up, close): bank the floor time, drop the deadline. */
export function stopSpeaking(ctx: RoomContext, at: number): RoomContext {
  const f = ctx.floor;
  if (!f || f.speakingSince === null) return ctx;
  const banked = addFloorTime(ctx, f.speaker, Math.max(0, at - f.speakingSince));
  return withFloor(banked, { speakingSince: null, turnEndsAt: null, inGrace: false });
}

/**
 * The turn's time is up: the speaker keeps the floor a few seconds more to send the sentence
 * they are typing (a deadline of its own, so the server enforces it, not the page).
 */
export const startGrace = (ctx: RoomContext, dueAt: number): RoomContext =>
  withFloor(ctx, { inGrace: true, turnEndsAt: dueAt + LIMITS.graceSeconds * SECOND_MS });

/** The turn (and its grace) ran out: remember whose, so a statement sent late is told why it was not taken. */
export const markTimeUp = (ctx: RoomContext, at: number): RoomContext =>
  withFloor(ctx, { timeUp: { by: ctx.floor!.speaker, at } });

export const swapFloor = (ctx: RoomContext, at: number): RoomContext =>
  startSpeaking(ctx, otherPartner(ctx.floor!.speaker), at, true);

export const grantFloor = (ctx: RoomContext, e: RoomEventOf<'grantFloor'>): RoomContext =>
  startSpeaking({ ...stopSpeaking(ctx, e.at), boundary: null }, e.to, e.at, true);

/** After "no more" (or a turn with nothing new to mirror): validate and empathize when agreed. */
export const deepListeningDue = (ctx: RoomContext): boolean =>
  ctx.agreement.depth === Depth.Full && ctx.floor!.confirmedThisHold;

/** Only the part that changes: the machine's assignment merges it (the commonest event copies the room once, not twice). */
export const countStatement = (ctx: RoomContext): Pick<RoomContext, 'floor'> => ({
  floor: { ...ctx.floor!, roundStatements: ctx.floor!.roundStatements + 1 },
});

/**
 * Whether the speaker's step leaves something to mirror. Aloud, the room cannot hear what was
 * said, so a speaking step that ends (by "I've finished" or by time) always goes to the mirror:
 * mirroring can never be skipped.
 */
export const somethingToMirror = (ctx: RoomContext): boolean => ctx.floor!.roundStatements > 0 || spoken(ctx);

export function countMirror(ctx: RoomContext, e: RoomEventOf<'mirror'>): RoomContext {
  const p = e.seat as Partner;
  const f = ctx.fairness[p];
  return { ...ctx, fairness: { ...ctx.fairness, [p]: { ...f, mirrorAttempts: f.mirrorAttempts + 1 } } };
}

export const confirmMirror = (ctx: RoomContext): RoomContext =>
  withFloor(ctx, { roundStatements: 0, confirmedThisHold: true });

// ---- pauses ---------------------------------------------------------------------------------

/** Freeze the turn clock: whatever is left on it is kept for the resume. */
function freezeTurn(ctx: RoomContext, at: number): RoomContext {
  const f = ctx.floor;
  if (!f || f.turnEndsAt === null) return ctx;
  const remaining = Math.max(0, f.turnEndsAt - at);
  // A pause in the grace keeps the grace: the speaker resumes finishing their sentence.
  return withFloor(stopSpeaking(ctx, at), { turnRemainingMs: remaining, inGrace: f.inGrace });
}

function countPause(ctx: RoomContext, seat: Seat): RoomContext {
  if (!isPartner(seat)) return { ...ctx, fairness: { ...ctx.fairness, mediatorPauses: ctx.fairness.mediatorPauses + 1 } };
  const f = ctx.fairness[seat];
  return { ...ctx, fairness: { ...ctx.fairness, [seat]: { ...f, pausesCalled: f.pausesCalled + 1 } } };
}

export function callPause(ctx: RoomContext, e: RoomEventOf<'callPause'>): RoomContext {
  const minutes = e.minutes ?? ctx.agreement.pauseMinutes;
  const frozen = countPause(freezeTurn(ctx, e.at), e.seat as Seat);
  return {
    ...frozen,
    // A pause is quiet on the call for everyone: the mediator's hold to talk ends with it.
    mediatorTalking: false,
    pause: { kind: PauseKind.Pause, calledBy: e.seat as Seat, startedAt: e.at, endsAt: e.at + minutes * MINUTE_MS, ready: [] },
  };
}

export function extendPause(ctx: RoomContext, e: RoomEventOf<'extendPause'>): RoomContext {
  const p = ctx.pause!;
  // Asking for more time means not ready yet: everyone says ready again when it is up.
  return { ...ctx, pause: { ...p, endsAt: Math.max(p.endsAt, e.at) + e.minutes * MINUTE_MS, ready: [] } };
}

export function markReady(ctx: RoomContext, e: RoomEventOf<'ready'>): RoomContext {
  const p = ctx.pause!;
  return { ...ctx, pause: { ...p, ready: [...p.ready, e.seat as Partner] } };
}

export const readyCompletes = (ctx: RoomContext, e: RoomEventOf<'ready'>): boolean =>
  PARTNERS.every((p) => p === e.seat || ctx.pause!.ready.includes(p));

/** Both are ready: the talk continues exactly where it stood, with the turn's remaining time. */
export function resume(ctx: RoomContext, at: number): RoomContext {
  const cleared = { ...ctx, pause: null };
  const f = cleared.floor;
  // A boundary still open keeps the turn's clock stopped until the speaker answers it.
  if (!f || f.turnRemainingMs === null || ctx.boundary) return cleared;
  return withFloor(cleared, { turnEndsAt: at + f.turnRemainingMs, turnRemainingMs: null, speakingSince: at });
}

export function proposeAdjourn(ctx: RoomContext, e: RoomEventOf<'proposeAdjourn'>): RoomContext {
  const acceptedBy = isPartner(e.seat) ? [e.seat] : [];
  return { ...ctx, adjournProposal: { by: e.seat as Seat, until: e.until, acceptedBy } };
}

export const adjournAgreed = (ctx: RoomContext, e: RoomEventOf<'acceptAdjourn'>): boolean =>
  PARTNERS.every((p) => p === e.seat || ctx.adjournProposal!.acceptedBy.includes(p));

export function acceptAdjourn(ctx: RoomContext, e: RoomEventOf<'acceptAdjourn'>): RoomContext {
  const p = ctx.adjournProposal!;
  return { ...ctx, adjournProposal: { ...p, acceptedBy: [...p.acceptedBy, e.seat as Partner] } };
}

/** Adjourning turns the talk into a long pause to the agreed time (or stretches the pause already on). */
export function adjourn(ctx: RoomContext, e: RoomEventOf<'acceptAdjourn'>): RoomContext {
  const until = ctx.adjournProposal!.until;
  const base = ctx.pause ? ctx : freezeTurn(ctx, e.at);
  const startedAt = ctx.pause?.startedAt ?? e.at;
  const calledBy = ctx.adjournProposal!.by;
  return { ...base, adjournProposal: null, mediatorTalking: false, pause: { kind: PauseKind.Adjourn, calledBy, startedAt, endsAt: until, ready: [] } };
}

// ---- boundaries (aloud) ---------------------------------------------------------------------

/** A boundary is called: the speaker's floor freezes (the turn's clock stops) until they answer it. */
export function callBoundary(ctx: RoomContext, e: RoomEventOf<'callBoundary'>): RoomContext {
  const frozen = freezeTurn(ctx, e.at);
  const f = frozen.floor!;
  return { ...withFloor(frozen, { boundaryCalls: f.boundaryCalls + 1 }), boundary: { by: e.seat as Seat, topicId: e.topicId, at: e.at } };
}

/** The speaker answers the boundary (rephrasing, or having parked the subject): the floor and its clock go on. */
export function clearBoundary(ctx: RoomContext, at: number): RoomContext {
  const f = ctx.floor!;
  const cleared = { ...ctx, boundary: null };
  if (ctx.pause || f.turnRemainingMs === null) return cleared;
  return withFloor(cleared, { turnEndsAt: at + f.turnRemainingMs, turnRemainingMs: null, speakingSince: at });
}

/** Parking the subject: a titled item in the speaker's own parking lot, for a later talk. */
export function parkSubject(ctx: RoomContext, e: RoomEventOf<'parkSubject'>): RoomContext {
  return clearBoundary(addToLot(ctx, e.seat as Partner, e.title, e.at), e.at);
}

// ---- closing --------------------------------------------------------------------------------

/** Proposing to close: it affects both partners, so it binds only once both agree. */
export function proposeClose(ctx: RoomContext, e: RoomEventOf<'moveToClose'>): RoomContext {
  return { ...ctx, closeProposal: { by: e.seat as Seat, acceptedBy: isPartner(e.seat) ? [e.seat] : [] } };
}

export const closeProposalAgreed = (ctx: RoomContext, e: RoomEventOf<'acceptClose'>): boolean =>
  PARTNERS.every((p) => p === e.seat || ctx.closeProposal!.acceptedBy.includes(p));

export function acceptClose(ctx: RoomContext, e: RoomEventOf<'acceptClose'>): RoomContext {
  const p = ctx.closeProposal!;
  return { ...ctx, closeProposal: { ...p, acceptedBy: [...p.acceptedBy, e.seat as Partner] } };
}

export function moveToClose(ctx: RoomContext, at: number): RoomContext {
  const stopped = stopSpeaking(ctx, at);
  return {
    ...stopped,
    adjournProposal: null,
    closeProposal: null,
    boundary: null,
    floor: stopped.floor && { ...stopped.floor, handRaised: null, turnEndsAt: null, turnRemainingMs: null, inGrace: false },
    closing: { ...ctx.closing, confirmedBy: [] },
  };
}

/** Any change to what is shared at the close clears both confirmations: each confirms what they saw. */
export function setClosing(ctx: RoomContext, field: 'appreciation' | 'commitment', seat: Partner, text: string): RoomContext {
  return {
    ...ctx,
    closing: { ...ctx.closing, [field]: { ...ctx.closing[field], [seat]: text.trim() }, confirmedBy: [] },
  };
}

export const confirmClose = (ctx: RoomContext, seat: Partner): RoomContext => ({
  ...ctx,
  closing: { ...ctx.closing, confirmedBy: [...ctx.closing.confirmedBy, seat] },
});

export const closeAgreed = (ctx: RoomContext, seat: Partner): boolean =>
  PARTNERS.every((p) => p === seat || ctx.closing.confirmedBy.includes(p));
