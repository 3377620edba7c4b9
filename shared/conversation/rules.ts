import { firstOffLimits, normalizeTopic } from '../offLimits';
import { LIMITS } from './limits';
import { spoken } from './effects';
import { refuse, type Refusal } from './refusals';
import { isPartner, type Actor, type Partner, Seat, SEAT_LABEL, SEATS, SYSTEM } from './seats';
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
  if (e.seat === SYSTEM) return refuse.seat('Only a person in the room can do this.');
  if (e.seat === Seat.Mediator && !ctx.hasMediator) return refuse.noMediator();
  return ok;
};

const partnerOnly =
  (what: string) =>
  (ctx: RoomContext, e: { seat: Actor }): Refusal | null =>
    person(ctx, e) ?? (isPartner(e.seat) ? ok : refuse.seat(what));

const mediatorOnly =
  (what: string) =>
  (ctx: RoomContext, e: { seat: Actor }): Refusal | null =>
    person(ctx, e) ?? (e.seat === Seat.Mediator ? ok : refuse.seat(what));

const MEDIATOR_IS_NOT_A_PARTNER =
  'The mediator guides the talk but does not speak for a partner. A facilitator note reaches both of them.';

const speaker = (ctx: RoomContext, e: { seat: Actor }): Refusal | null =>
  partnerOnly(MEDIATOR_IS_NOT_A_PARTNER)(ctx, e) ??
  (ctx.floor && ctx.floor.speaker === e.seat
    ? ok
    : refuse.notYourTurn('Your partner holds the floor right now; listen for now.'));

/** The speaker, going on speaking: not while a boundary waits for their answer. */
const speakerGoingOn = (ctx: RoomContext, e: { seat: Actor }): Refusal | null =>
  speaker(ctx, e) ?? (ctx.boundary ? refuse.boundary() : ok);

const listener = (ctx: RoomContext, e: { seat: Actor }): Refusal | null =>
  partnerOnly(MEDIATOR_IS_NOT_A_PARTNER)(ctx, e) ??
  (ctx.floor && ctx.floor.speaker !== e.seat
    ? ok
    : refusalForSpeakerActingAsListener());

function refusalForSpeakerActingAsListener(): Refusal {
  return {
    ...refuse.notYourTurn(''),
    message: 'This step belongs to the listener: your partner says back what they heard. Your draft is kept.',
  };
}

const system = (_ctx: RoomContext, e: { seat: Actor }): Refusal | null =>
  e.seat === SYSTEM ? ok : refuse.seat('Deadlines are kept by the room itself.');

// ---- value ----------------------------------------------------------------------------------

function text(field: string, value: string, max: number): Refusal | null {
  const trimmed = value.trim();
  if (trimmed.length === 0) return refuse.badValue(field, 'There is nothing to send yet; write a few words first.');
  if (value.length > max)
    return refuse.badValue(field, `That is longer than ${max} characters. Try saying it in two parts.`);
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

function between(field: string, value: number | undefined, min: number, max: number, unit: string) {
  if (value === undefined) return ok;
  if (!Number.isInteger(value) || value < min || value > max)
    return refuse.badValue(field, `Choose between ${min} and ${max} ${unit}.`);
  return ok;
}

function openProposal(ctx: RoomContext, id: string) {
  return ctx.agreement.offLimits.find((t) => t.id === id && !t.bound);
}

/** A partner's parking lot is bounded: parking one more needs room in it. */
const lotHasRoom = (ctx: RoomContext, seat: Partner): Refusal | null =>
  ctx.parkingLot[seat].length >= LIMITS.parkedItems
    ? refuse.limit(`Your parking lot holds ${LIMITS.parkedItems} items; remove one to park another.`)
    : ok;

const NO_SUCH_PROPOSAL = () => refuse.notFound('That proposal is no longer open; it may have been withdrawn or already agreed.');

/**
 * The floor may only change hands (or the talk close) once what was said has been mirrored.
 * Aloud, the room cannot hear, so a speaking step under way counts as said; and never while a
 * boundary waits for the speaker's answer.
 */
export const floorCanMove = (ctx: RoomContext): Refusal | null => {
  const f = ctx.floor;
  if (!f) return ok;
  if (ctx.boundary) return refuse.notNow('A boundary waits for the speaker to rephrase or park the subject.');
  return f.roundStatements > 0 || (spoken(ctx) && f.speakingSince !== null)
    ? refuse.notNow('What was just said has not been mirrored yet. Finish this listening step first.')
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
      if (name.length > LIMITS.nameChars) return refuse.badValue('name', `Keep a name to ${LIMITS.nameChars} characters.`);
      // A name is shown on every screen: one line, no control characters.
      if (/[\p{Cc}\p{Cf}]/u.test(name)) return refuse.badValue('name', 'A name is one line of plain text.');
      // Nobody may take another's name or seat label: the record credits every line by name.
      const taken = SEATS.filter((s) => s !== e.seat).flatMap((s) => [SEAT_LABEL[s], ctx.names?.[s] ?? '']);
      return name && taken.some((t) => t && t.toLocaleLowerCase() === name.toLocaleLowerCase())
        ? refuse.badValue('name', 'That name is already someone else’s in this room; choose another.')
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
      if (Object.keys(s).length === 0) return refuse.badValue('settings', 'Choose a setting to change.');
      const { turnSeconds: t, pauseMinutes: p } = LIMITS;
      if (s.mode !== undefined && !Object.values(TalkMode).includes(s.mode))
        return refuse.badValue('mode', 'Choose typed, aloud together, or aloud through the room.');
      return (
        between('turnSeconds', s.turnSeconds, t.min, t.max, 'seconds for a turn') ??
        between('pauseMinutes', s.pauseMinutes, p.min, p.max, 'minutes for a pause') ??
        (s.depth === undefined || s.depth === 'mirror' || s.depth === 'full'
          ? ok
          : refuse.badValue('depth', 'Choose "mirror" or "mirror, validate, empathize".')) ??
        (s.firstSpeaker === undefined || isPartner(s.firstSpeaker)
          ? ok
          : refuse.badValue('firstSpeaker', 'Choose which partner speaks first.'))
      );
    },
  },
  proposeOffLimits: {
    who: person,
    value: (ctx, e) => {
      const bad = text('text', e.text, LIMITS.offLimitsChars);
      if (bad) return bad;
      if (ctx.agreement.offLimits.length >= LIMITS.offLimitsTopics)
        return refuse.limit(`There can be at most ${LIMITS.offLimitsTopics} off-limits topics.`);
      const key = normalizeTopic(e.text);
      if (key === '') return refuse.badValue('text', 'Name the topic in a word or two, e.g. "the 2019 loan".');
      const dup = ctx.agreement.offLimits.find((t) => normalizeTopic(t.text) === key);
      return dup ? refuse.badValue('text', `"${dup.text}" is already on the list.`) : ok;
    },
  },
  acceptOffLimits: {
    who: partnerOnly('Only the partners can bind an off-limits topic; the mediator can propose one.'),
    value: (ctx, e) => {
      const t = openProposal(ctx, e.id);
      if (!t) return NO_SUCH_PROPOSAL();
      if (t.proposedBy === e.seat) return refuse.notNow('You proposed this one; it binds when your partner accepts it.');
      return t.acceptedBy.includes(e.seat as Partner) ? refuse.notNow('You have already accepted this topic.') : ok;
    },
  },
  declineOffLimits: {
    who: partnerOnly('Only the partners can decline an off-limits topic.'),
    value: (ctx, e) => {
      const t = openProposal(ctx, e.id);
      if (!t) return NO_SUCH_PROPOSAL();
      return t.proposedBy === e.seat ? refuse.notNow('To take back your own proposal, withdraw it.') : ok;
    },
  },
  withdrawOffLimits: {
    who: person,
    value: (ctx, e) => {
      const t = openProposal(ctx, e.id);
      if (!t) return NO_SUCH_PROPOSAL();
      return t.proposedBy === e.seat ? ok : refuse.seat('Only the person who proposed a topic can withdraw it.');
    },
  },
  sign: {
    who: partnerOnly('Only the partners sign the agreement; a mediator can help shape it but never signs for a partner.'),
    value: (ctx, e) => {
      if (ctx.agreement.topic.trim() === '')
        return refuse.badValue('topic', "Write today's topic in one line before signing.");
      return ctx.agreement.signedBy.includes(e.seat as Partner)
        ? refuse.notNow('You have signed; the talk starts when your partner signs too.')
        : ok;
    },
  },
  unsign: {
    who: partnerOnly('Only the partners sign the agreement.'),
    value: (ctx, e) =>
      ctx.agreement.signedBy.includes(e.seat as Partner) ? ok : refuse.notNow('You have not signed yet.'),
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
      (ctx.floor && ctx.floor.speaker === e.seat ? refuse.seat('A boundary is called by whoever is listening; you are speaking.') : ok),
    value: (ctx, e) => {
      if (!spoken(ctx)) return refuse.notNow('In a typed talk the room checks the off-limits topics itself.');
      if (ctx.boundary) return refuse.notNow('A boundary is already called; it waits for the speaker.');
      if (!ctx.agreement.offLimits.some((t) => t.id === e.topicId && t.bound))
        return refuse.badValue('topicId', 'Choose one of the off-limits topics you both agreed.');
      // Never a way to silence someone: past the limit, only the mediator (or a pause) can.
      return e.seat !== Seat.Mediator && ctx.floor!.boundaryCalls >= LIMITS.boundaryCallsPerHold
        ? refuse.limit(`${LIMITS.boundaryCallsPerHold} boundaries were called on this turn already. If it goes on, call a pause${ctx.hasMediator ? ', or ask the mediator' : ''}.`)
        : ok;
    },
  },
  rephrase: {
    who: speaker,
    value: (ctx) => (ctx.boundary ? ok : refuse.notNow('There is no boundary to answer.')),
  },
  parkSubject: {
    who: speaker,
    value: (ctx, e) =>
      (ctx.boundary ? null : refuse.notNow('There is no boundary to answer.')) ??
      text('title', e.title, LIMITS.topicChars) ??
lotHasRoom(ctx, e.seat as Partner),
  },
  // The mediator, on the room's voice call, is heard only while holding to talk; the partners see it.
  holdToTalk: {
    who: mediatorOnly('Only the mediator holds to talk; a partner is heard when the floor gives them the word.'),
    value: (ctx) =>
      ctx.agreement.mode !== TalkMode.Call
        ? refuse.notNow('Hold to talk is for a talk held on the room’s own voice call.')
        : ctx.mediatorTalking
          ? refuse.notNow('You are already holding to talk.')
          : ok,
  },
  releaseTalk: {
    who: mediatorOnly('Only the mediator holds to talk.'),
    value: (ctx) => (ctx.mediatorTalking ? ok : refuse.notNow('You are not holding to talk.')),
  },
  raiseHand: {
    who: listener,
    value: (ctx) => (ctx.floor?.handRaised ? refuse.notNow('A hand is already raised; you are next.') : ok),
  },
  lowerHand: {
    who: partnerOnly('Only a partner raises a hand.'),
    value: (ctx, e) => (ctx.floor?.handRaised === e.seat ? ok : refuse.notNow('Your hand is not raised.')),
  },
  grantFloor: {
    who: mediatorOnly('Only the mediator grants the floor; a partner can raise a hand to ask for it.'),
    value: (ctx, e) => {
      if (!isPartner(e.to)) return refuse.badValue('to', 'Grant the floor to partner A or partner B.');
      if (ctx.floor?.speaker === e.to) return refuse.badValue('to', 'That partner already holds the floor.');
      return floorCanMove(ctx);
    },
  },

  callPause: {
    who: person,
    value: (ctx, e) =>
      between('minutes', e.minutes, ctx.agreement.pauseMinutes, LIMITS.pauseMinutesCallerMax, 'minutes (at least the agreed pause)'),
  },
  extendPause: {
    who: person,
    value: (_c, e) => between('minutes', e.minutes, 1, LIMITS.extendMinutesMax, 'minutes') ?? (e.minutes === undefined ? refuse.badValue('minutes', 'Say how many more minutes.') : ok),
  },
  ready: {
    who: partnerOnly('Each partner says for themselves when they are ready.'),
    value: (ctx, e) => {
      if (!ctx.pause) return refuse.notNow('There is no pause on right now.');
      return ctx.pause.ready.includes(e.seat as Partner)
        ? refuse.notNow('You have said you are ready; the talk resumes when your partner is too.')
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
        : refuse.badValue('until', `Choose a time between ${LIMITS.adjournMinMinutes} minutes and ${LIMITS.adjournMaxHours} hours from now.`);
    },
  },
  acceptAdjourn: {
    who: partnerOnly('Only the partners agree to adjourn.'),
    value: (ctx, e) => {
      const p = ctx.adjournProposal;
      if (!p) return refuse.notFound('There is no proposal to adjourn right now.');
      return p.acceptedBy.includes(e.seat as Partner) ? refuse.notNow('You have agreed; waiting for your partner.') : ok;
    },
  },
  declineAdjourn: {
    who: partnerOnly('Only the partners decide on adjourning.'),
    value: (ctx) => (ctx.adjournProposal ? ok : refuse.notFound('There is no proposal to adjourn right now.')),
  },

  park: {
    who: partnerOnly('The parking lot belongs to each partner.'),
    value: (ctx, e) =>
      text('text', e.text, LIMITS.messageChars) ??
lotHasRoom(ctx, e.seat as Partner),
  },
  unpark: {
    who: partnerOnly('The parking lot belongs to each partner.'),
    value: (ctx, e) => (ctx.parkingLot[e.seat as Partner].some((i) => i.id === e.id) ? ok : refuse.notFound('That item is not in your parking lot.')),
  },
  shareParked: {
    who: partnerOnly('The parking lot belongs to each partner.'),
    value: (ctx, e) =>
      !ctx.hasMediator
        ? refuse.noMediator()
        : ctx.parkingLot[e.seat as Partner].some((i) => i.id === e.id)
          ? ok
          : refuse.notFound('That item is not in your parking lot.'),
  },
  note: {
    who: mediatorOnly('Facilitator notes come from the mediator.'),
    value: (ctx, e) => sharedText(ctx, 'text', e.text, LIMITS.noteChars),
  },

  moveToClose: {
    who: person,
    value: (ctx) =>
      floorCanMove(ctx) ??
      (ctx.closeProposal ? refuse.notNow('A move to close is already proposed; it waits for the partners to agree.') : ok),
  },
  acceptClose: {
    who: partnerOnly('Only the partners agree to close the talk.'),
    value: (ctx, e) => {
      const p = ctx.closeProposal;
      if (!p) return refuse.notFound('There is no proposal to close right now.');
      if (p.acceptedBy.includes(e.seat as Partner)) return refuse.notNow('You have agreed to close; waiting for your partner.');
      return floorCanMove(ctx);
    },
  },
  // Either partner may decline (the proposer thereby takes it back): the talk goes on.
  declineClose: {
    who: partnerOnly('Only the partners decide on closing.'),
    value: (ctx) => (ctx.closeProposal ? ok : refuse.notFound('There is no proposal to close right now.')),
  },
  backToTalk: { who: person },
  appreciate: {
    who: partnerOnly('Each partner shares their own appreciation.'),
    // Aloud, an appreciation said to the other's face is shared with a tap; a note is optional.
    value: (ctx, e) => (spoken(ctx) && e.text.trim() === '' ? ok : sharedText(ctx, 'text', e.text, LIMITS.closingChars)),
  },
  commit: {
    who: partnerOnly('Each partner makes their own commitment.'),
    value: (ctx, e) => sharedText(ctx, 'text', e.text, LIMITS.closingChars),
  },
  confirmClose: {
    who: partnerOnly('Each partner confirms the close for themselves.'),
    value: (ctx, e) => {
      const me = e.seat as Partner;
      if (ctx.closing.appreciation[me] == null) return refuse.badValue('appreciation', 'Share one appreciation before you confirm.');
      return ctx.closing.confirmedBy.includes(me) ? refuse.notNow('You have confirmed; waiting for your partner.') : ok;
    },
  },
  end: { who: mediatorOnly('Only the mediator ends the room; partners can move to close, or delete the room.') },

  timerElapsed: {
    who: system,
    value: (ctx, e) => {
      const due = e.deadline === 'turn' ? ctx.floor?.turnEndsAt : ctx.pause?.endsAt;
      return due === e.dueAt && e.at >= e.dueAt ? ok : refuse.staleTimer();
    },
  },
};

/** Who may delete the room (at any step, for everyone): either partner, never the mediator, who can end it. */
export const deleteRoomRule = partnerOnly('Only the partners can delete the room; the mediator can end the talk.');

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
