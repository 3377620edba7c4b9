import { type Phrase, phrase } from '../i18n/phrase';
import { firstOffLimits, normalizeTopic } from '../offLimits';
import { LIMITS } from './limits';
import { spoken } from './effects';
import { refuse, type Refusal } from './refusals';
import { isPartner, type Actor, type Partner, Seat, SEAT_LABELS, SEATS, SYSTEM } from './seats';
import { TalkMode, type RoomCommandType, type RoomContext, type RoomEvent, type RoomEventOf } from './types';

/**
 * The rules of the room, one pair of checks per event:
 * - `who`: may this seat do this at all, here and now (the floor, the seat's rights);
 * - `value`: is what they sent acceptable (bounds, off-limits topics, ids that exist).
 * The machine's guards and the refusal explainer both call these, so an event is refused
 * for exactly the reason the person is told.
 */
type Check<T extends RoomCommandType> = (ctx: RoomContext, e: RoomEventOf<T>) => Refusal | null;
interface Rule<T extends RoomCommandType> {
  who: Check<T>;
  value?: Check<T>;
}
type Rules = { [T in RoomCommandType]: Rule<T> };

const ok = null;

// ---- who ------------------------------------------------------------------------------------

const person = (ctx: RoomContext, e: { seat: Actor }): Refusal | null => {
  if (e.seat === SYSTEM) return refuse.seat(phrase('refusal_person_only'));
  if (e.seat === Seat.Mediator && !ctx.hasMediator) return refuse.noMediator();
  return ok;
};

const partnerOnly =
  (what: Phrase) =>
  (ctx: RoomContext, e: { seat: Actor }): Refusal | null =>
    person(ctx, e) ?? (isPartner(e.seat) ? ok : refuse.seat(what));

const mediatorOnly =
  (what: Phrase) =>
  (ctx: RoomContext, e: { seat: Actor }): Refusal | null =>
    person(ctx, e) ?? (e.seat === Seat.Mediator ? ok : refuse.seat(what));

const MEDIATOR_IS_NOT_A_PARTNER = phrase('refusal_mediator_not_partner');

const speaker = (ctx: RoomContext, e: { seat: Actor }): Refusal | null =>
  partnerOnly(MEDIATOR_IS_NOT_A_PARTNER)(ctx, e) ??
  (ctx.floor && ctx.floor.speaker === e.seat
    ? ok
    : refuse.notYourTurn());

/** The speaker, going on speaking: not while a boundary waits for their answer. */
const speakerGoingOn = (ctx: RoomContext, e: { seat: Actor }): Refusal | null =>
  speaker(ctx, e) ?? (ctx.boundary ? refuse.boundary() : ok);

const listener = (ctx: RoomContext, e: { seat: Actor }): Refusal | null =>
  partnerOnly(MEDIATOR_IS_NOT_A_PARTNER)(ctx, e) ??
  (ctx.floor && ctx.floor.speaker !== e.seat
    ? ok
    : refuse.listenersStep());

const system = (_ctx: RoomContext, e: { seat: Actor }): Refusal | null =>
  e.seat === SYSTEM ? ok : refuse.seat(phrase('refusal_deadlines_by_room'));

// ---- value ----------------------------------------------------------------------------------

function text(field: string, value: string, max: number): Refusal | null {
  const trimmed = value.trim();
  if (trimmed.length === 0) return refuse.badValue(field, phrase('refusal_text_empty'));
  if (value.length > max)
    return refuse.badValue(field, phrase('refusal_text_too_long', { max }));
  return ok;
}

/**
 * What a listener or speaker says back: written when the talk is typed; aloud, a tap is enough
 * (the words were spoken) and a short written note is optional.
 */
function spokenOrText(ctx: RoomContext, field: string, value: string): Refusal | null {
  return spoken(ctx) && value.trim() === '' ? ok : sharedText(ctx, field, value);
}

/** Text that enters the shared talk: bounded, and clear of every bound off-limits topic. */
function sharedText(ctx: RoomContext, field: string, value: string, max: number = LIMITS.messageChars): Refusal | null {
  const bad = text(field, value, max);
  if (bad) return bad;
  const bound = ctx.agreement.offLimits.filter((t) => t.bound);
  const hit = bound.length ? firstOffLimits(value, bound) : null;
  return hit ? refuse.offLimits(hit.topic) : ok;
}

type RangeKey = 'refusal_turn_seconds_range' | 'refusal_pause_minutes_range' | 'refusal_pause_call_minutes_range' | 'refusal_extend_minutes_range';
function between(field: string, value: number | undefined, min: number, max: number, says: RangeKey) {
  if (value === undefined) return ok;
  if (!Number.isInteger(value) || value < min || value > max) return refuse.badValue(field, phrase(says, { min, max }));
  return ok;
}

function openProposal(ctx: RoomContext, id: string) {
  return ctx.agreement.offLimits.find((t) => t.id === id && !t.bound);
}

/** A partner's parking lot is bounded: parking one more needs room in it. */
const lotHasRoom = (ctx: RoomContext, seat: Partner): Refusal | null =>
  ctx.parkingLot[seat].length >= LIMITS.parkedItems
    ? refuse.limit(phrase('refusal_parking_full', { max: LIMITS.parkedItems }))
    : ok;

const NO_SUCH_PROPOSAL = () => refuse.notFound(phrase('refusal_no_such_proposal'));

/**
 * The floor may only change hands (or the talk close) once what was said has been mirrored.
 * Aloud, the room cannot hear, so a speaking step under way counts as said; and never while a
 * boundary waits for the speaker's answer.
 */
export const floorCanMove = (ctx: RoomContext): Refusal | null => {
  const f = ctx.floor;
  if (!f) return ok;
  if (ctx.boundary) return refuse.notNow(phrase('refusal_boundary_waits'));
  return f.roundStatements > 0 || (spoken(ctx) && f.speakingSince !== null)
    ? refuse.notNow(phrase('refusal_not_mirrored_yet'))
    : ok;
};

// ---- the table ------------------------------------------------------------------------------

export const RULES: Rules = {
  join: { who: person },
  setName: {
    who: person,
    value: (ctx, e) => {
      const name = e.name.trim();
      // Empty gives the seat's own label back ("Partner A").
      if (name.length > LIMITS.nameChars) return refuse.badValue('name', phrase('refusal_name_too_long', { max: LIMITS.nameChars }));
      // A name is shown on every screen: one line, no control characters.
      if (/[\p{Cc}\p{Cf}]/u.test(name)) return refuse.badValue('name', phrase('refusal_name_one_line'));
      // Nobody may take another's name or a seat's label (in any language the app speaks): the
      // record credits every line by name.
      const taken = SEATS.filter((s) => s !== e.seat).flatMap((s) => [...SEAT_LABELS[s], ctx.names?.[s] ?? '']);
      return name && taken.some((t) => t && t.toLocaleLowerCase() === name.toLocaleLowerCase())
        ? refuse.badValue('name', phrase('refusal_name_taken'))
        : ok;
    },
  },
  leave: { who: person },
  drop: { who: person },

  setTopic: {
    who: person,
    value: (_c, e) => text('topic', e.topic, LIMITS.topicChars),
  },
  setSettings: {
    who: person,
    value: (_c, { settings: s }) => {
      if (Object.keys(s).length === 0) return refuse.badValue('settings', phrase('refusal_settings_empty'));
      const { turnSeconds: t, pauseMinutes: p } = LIMITS;
      if (s.mode !== undefined && !Object.values(TalkMode).includes(s.mode))
        return refuse.badValue('mode', phrase('refusal_mode_choice'));
      return (
        between('turnSeconds', s.turnSeconds, t.min, t.max, 'refusal_turn_seconds_range') ??
        between('pauseMinutes', s.pauseMinutes, p.min, p.max, 'refusal_pause_minutes_range') ??
        (s.depth === undefined || s.depth === 'mirror' || s.depth === 'full'
          ? ok
          : refuse.badValue('depth', phrase('refusal_depth_choice'))) ??
        (s.firstSpeaker === undefined || isPartner(s.firstSpeaker)
          ? ok
          : refuse.badValue('firstSpeaker', phrase('refusal_first_speaker_choice')))
      );
    },
  },
  proposeOffLimits: {
    who: person,
    value: (ctx, e) => {
      const bad = text('text', e.text, LIMITS.offLimitsChars);
      if (bad) return bad;
      if (ctx.agreement.offLimits.length >= LIMITS.offLimitsTopics)
        return refuse.limit(phrase('refusal_off_limits_max', { max: LIMITS.offLimitsTopics }));
      const key = normalizeTopic(e.text);
      if (key === '') return refuse.badValue('text', phrase('refusal_off_limits_name_it'));
      const dup = ctx.agreement.offLimits.find((t) => normalizeTopic(t.text) === key);
      return dup ? refuse.badValue('text', phrase('refusal_off_limits_duplicate', { topic: dup.text })) : ok;
    },
  },
  acceptOffLimits: {
    who: partnerOnly(phrase('refusal_accept_partners_only')),
    value: (ctx, e) => {
      const t = openProposal(ctx, e.id);
      if (!t) return NO_SUCH_PROPOSAL();
      if (t.proposedBy === e.seat) return refuse.notNow(phrase('refusal_accept_own_proposal'));
      return t.acceptedBy.includes(e.seat as Partner) ? refuse.notNow(phrase('refusal_already_accepted')) : ok;
    },
  },
  declineOffLimits: {
    who: partnerOnly(phrase('refusal_decline_partners_only')),
    value: (ctx, e) => {
      const t = openProposal(ctx, e.id);
      if (!t) return NO_SUCH_PROPOSAL();
      return t.proposedBy === e.seat ? refuse.notNow(phrase('refusal_decline_own_proposal')) : ok;
    },
  },
  withdrawOffLimits: {
    who: person,
    value: (ctx, e) => {
      const t = openProposal(ctx, e.id);
      if (!t) return NO_SUCH_PROPOSAL();
      return t.proposedBy === e.seat ? ok : refuse.seat(phrase('refusal_withdraw_not_yours'));
    },
  },
  sign: {
    who: partnerOnly(phrase('refusal_sign_partners_only')),
    value: (ctx, e) => {
      if (ctx.agreement.topic.trim() === '')
        return refuse.badValue('topic', phrase('refusal_sign_topic_first'));
      return ctx.agreement.signedBy.includes(e.seat as Partner)
        ? refuse.notNow(phrase('refusal_already_signed'))
        : ok;
    },
  },
  unsign: {
    who: partnerOnly(phrase('refusal_unsign_partners_only')),
    value: (ctx, e) =>
      ctx.agreement.signedBy.includes(e.seat as Partner) ? ok : refuse.notNow(phrase('refusal_not_signed')),
  },

  say: { who: speakerGoingOn, value: (ctx, e) => sharedText(ctx, 'text', e.text) },
  yield: { who: speakerGoingOn },
  mirror: { who: listener, value: (ctx, e) => spokenOrText(ctx, 'text', e.text) },
  confirm: { who: speaker },
  notQuite: { who: speaker, value: (ctx, e) => spokenOrText(ctx, 'text', e.text) },
  more: { who: speaker },
  noMore: { who: speaker },
  validate: { who: listener, value: (ctx, e) => spokenOrText(ctx, 'text', e.text) },
  empathize: { who: listener, value: (ctx, e) => spokenOrText(ctx, 'text', e.text) },
  callBoundary: {
    // The server cannot hear: the listener or the mediator names the agreed topic the speaker touched.
    who: (ctx, e) =>
      person(ctx, e) ??
      (ctx.floor && ctx.floor.speaker === e.seat ? refuse.seat(phrase('refusal_boundary_by_listener')) : ok),
    value: (ctx, e) => {
      if (!spoken(ctx)) return refuse.notNow(phrase('refusal_boundary_typed'));
      if (ctx.boundary) return refuse.notNow(phrase('refusal_boundary_already'));
      if (!ctx.agreement.offLimits.some((t) => t.id === e.topicId && t.bound))
        return refuse.badValue('topicId', phrase('refusal_boundary_choose_topic'));
      // Never a way to silence someone: past the limit, only the mediator (or a pause) can.
      return e.seat !== Seat.Mediator && ctx.floor!.boundaryCalls >= LIMITS.boundaryCallsPerHold
        ? refuse.limit(phrase(ctx.hasMediator ? 'refusal_boundary_limit_mediator' : 'refusal_boundary_limit', { max: LIMITS.boundaryCallsPerHold }))
        : ok;
    },
  },
  rephrase: {
    who: speaker,
    value: (ctx) => (ctx.boundary ? ok : refuse.notNow(phrase('refusal_no_boundary'))),
  },
  parkSubject: {
    who: speaker,
    value: (ctx, e) =>
      (ctx.boundary ? null : refuse.notNow(phrase('refusal_no_boundary'))) ??
      text('title', e.title, LIMITS.topicChars) ??
lotHasRoom(ctx, e.seat as Partner),
  },
  // The mediator, on the room's voice call, is heard only while holding to talk; the partners see it.
  holdToTalk: {
    who: mediatorOnly(phrase('refusal_hold_mediator_only')),
    value: (ctx) =>
      ctx.agreement.mode !== TalkMode.Call
        ? refuse.notNow(phrase('refusal_hold_call_only'))
        : ctx.mediatorTalking
          ? refuse.notNow(phrase('refusal_hold_already'))
          : ok,
  },
  releaseTalk: {
    who: mediatorOnly(phrase('refusal_release_mediator_only')),
    value: (ctx) => (ctx.mediatorTalking ? ok : refuse.notNow(phrase('refusal_release_not_holding'))),
  },
  raiseHand: {
    who: listener,
    value: (ctx) => (ctx.floor?.handRaised ? refuse.notNow(phrase('refusal_hand_already')) : ok),
  },
  lowerHand: {
    who: partnerOnly(phrase('refusal_lower_hand_partners_only')),
    value: (ctx, e) => (ctx.floor?.handRaised === e.seat ? ok : refuse.notNow(phrase('refusal_hand_not_raised'))),
  },
  grantFloor: {
    who: mediatorOnly(phrase('refusal_grant_mediator_only')),
    value: (ctx, e) => {
      if (!isPartner(e.to)) return refuse.badValue('to', phrase('refusal_grant_choose_partner'));
      if (ctx.floor?.speaker === e.to) return refuse.badValue('to', phrase('refusal_grant_already_holds'));
      return floorCanMove(ctx);
    },
  },

  callPause: {
    who: person,
    value: (ctx, e) =>
      between('minutes', e.minutes, ctx.agreement.pauseMinutes, LIMITS.pauseMinutesCallerMax, 'refusal_pause_call_minutes_range'),
  },
  extendPause: {
    who: person,
    value: (_c, e) => between('minutes', e.minutes, 1, LIMITS.extendMinutesMax, 'refusal_extend_minutes_range') ?? (e.minutes === undefined ? refuse.badValue('minutes', phrase('refusal_extend_how_many')) : ok),
  },
  ready: {
    who: partnerOnly(phrase('refusal_ready_partners_only')),
    value: (ctx, e) => {
      if (!ctx.pause) return refuse.notNow(phrase('refusal_no_pause'));
      return ctx.pause.ready.includes(e.seat as Partner)
        ? refuse.notNow(phrase('refusal_already_ready'))
        : ok;
    },
  },
  proposeAdjourn: {
    who: person,
    value: (_c, e) => {
      const min = e.at + LIMITS.adjournMinMinutes * 60_000;
      const max = e.at + LIMITS.adjournMaxHours * 3_600_000;
      return Number.isFinite(e.until) && e.until >= min && e.until <= max
        ? ok
        : refuse.badValue('until', phrase('refusal_adjourn_range', { min: LIMITS.adjournMinMinutes, max: LIMITS.adjournMaxHours }));
    },
  },
  acceptAdjourn: {
    who: partnerOnly(phrase('refusal_adjourn_partners_only')),
    value: (ctx, e) => {
      const p = ctx.adjournProposal;
      if (!p) return refuse.notFound(phrase('refusal_no_adjourn_proposal'));
      return p.acceptedBy.includes(e.seat as Partner) ? refuse.notNow(phrase('refusal_adjourn_already_agreed')) : ok;
    },
  },
  declineAdjourn: {
    who: partnerOnly(phrase('refusal_adjourn_decide_partners_only')),
    value: (ctx) => (ctx.adjournProposal ? ok : refuse.notFound(phrase('refusal_no_adjourn_proposal'))),
  },

  park: {
    who: partnerOnly(phrase('refusal_parking_partners_only')),
    value: (ctx, e) =>
      text('text', e.text, LIMITS.messageChars) ??
lotHasRoom(ctx, e.seat as Partner),
  },
  unpark: {
    who: partnerOnly(phrase('refusal_parking_partners_only')),
    value: (ctx, e) => (ctx.parkingLot[e.seat as Partner].some((i) => i.id === e.id) ? ok : refuse.notFound(phrase('refusal_parked_not_found'))),
  },
  shareParked: {
    who: partnerOnly(phrase('refusal_parking_partners_only')),
    value: (ctx, e) =>
      !ctx.hasMediator
        ? refuse.noMediator()
        : ctx.parkingLot[e.seat as Partner].some((i) => i.id === e.id)
          ? ok
          : refuse.notFound(phrase('refusal_parked_not_found')),
  },
  note: {
    who: mediatorOnly(phrase('refusal_note_mediator_only')),
    value: (ctx, e) => sharedText(ctx, 'text', e.text, LIMITS.noteChars),
  },

  moveToClose: {
    who: person,
    value: (ctx) =>
      floorCanMove(ctx) ??
      (ctx.closeProposal ? refuse.notNow(phrase('refusal_close_already_proposed')) : ok),
  },
  acceptClose: {
    who: partnerOnly(phrase('refusal_close_partners_only')),
    value: (ctx, e) => {
      const p = ctx.closeProposal;
      if (!p) return refuse.notFound(phrase('refusal_no_close_proposal'));
      if (p.acceptedBy.includes(e.seat as Partner)) return refuse.notNow(phrase('refusal_close_already_agreed'));
      return floorCanMove(ctx);
    },
  },
  // Either partner may decline (the proposer thereby takes it back): the talk goes on.
  declineClose: {
    who: partnerOnly(phrase('refusal_close_decide_partners_only')),
    value: (ctx) => (ctx.closeProposal ? ok : refuse.notFound(phrase('refusal_no_close_proposal'))),
  },
  backToTalk: { who: person },
  appreciate: {
    who: partnerOnly(phrase('refusal_appreciate_partners_only')),
    // Aloud, an appreciation said to the other's face is shared with a tap; a note is optional.
    value: (ctx, e) => (spoken(ctx) && e.text.trim() === '' ? ok : sharedText(ctx, 'text', e.text, LIMITS.closingChars)),
  },
  commit: {
    who: partnerOnly(phrase('refusal_commit_partners_only')),
    value: (ctx, e) => sharedText(ctx, 'text', e.text, LIMITS.closingChars),
  },
  confirmClose: {
    who: partnerOnly(phrase('refusal_confirm_close_partners_only')),
    value: (ctx, e) => {
      const me = e.seat as Partner;
      if (ctx.closing.appreciation[me] == null) return refuse.badValue('appreciation', phrase('refusal_appreciation_first'));
      return ctx.closing.confirmedBy.includes(me) ? refuse.notNow(phrase('refusal_close_already_confirmed')) : ok;
    },
  },
  end: { who: mediatorOnly(phrase('refusal_end_mediator_only')) },

  timerElapsed: {
    who: system,
    value: (ctx, e) => {
      const due = e.deadline === 'turn' ? ctx.floor?.turnEndsAt : ctx.pause?.endsAt;
      return due === e.dueAt && e.at >= e.dueAt ? ok : refuse.staleTimer();
    },
  },
};

/** Who may delete the room (at any step, for everyone): either partner, never the mediator, who can end it. */
export const deleteRoomRule = partnerOnly(phrase('refusal_delete_partners_only'));

/** Events that enter the talk itself; none is accepted while a pause is on. */
export const FROZEN_WHILE_PAUSED: ReadonlySet<RoomCommandType> = new Set<RoomCommandType>([
  'say', 'yield', 'mirror', 'confirm', 'notQuite', 'more', 'noMore', 'validate', 'empathize',
  'raiseHand', 'lowerHand', 'grantFloor', 'proposeOffLimits', 'acceptOffLimits', 'declineOffLimits',
  'withdrawOffLimits', 'note', 'moveToClose', 'acceptClose', 'callBoundary', 'rephrase', 'parkSubject',
  // A pause is quiet for everyone on the call, the mediator too.
  'holdToTalk',
]);

const ruleOf = (e: RoomEvent) => RULES[e.type] as Rule<RoomCommandType>;

/** May this seat do this, here and now? */
export const checkWho = (ctx: RoomContext, e: RoomEvent): Refusal | null => ruleOf(e).who(ctx, e);

/** Is what they sent acceptable? */
export const checkValue = (ctx: RoomContext, e: RoomEvent): Refusal | null => ruleOf(e).value?.(ctx, e) ?? null;

/** The seat's rights and the payload's validity, in that order; null when both pass. */
export const checkRule = (ctx: RoomContext, e: RoomEvent): Refusal | null => checkWho(ctx, e) ?? checkValue(ctx, e);
