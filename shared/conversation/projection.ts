import type { StateValue } from 'xstate';
import { spoken } from './effects';
import { currentMove, type RoomSnapshot, Step, stepOf } from './moves';
import { type Phrase, person, phrase } from '../i18n/phrase';
import { isPartner, otherPartner, type Partner, type Seat, Seat as Seats } from './seats';
import { type Pause, type RoomCommand, type RoomContext, type RoomEvent, TalkMode } from './types';

/**
 * What one seat sees of the room and may do now: the one place every screen, the server's views,
 * practice and the scripted practice partner ask, so no screen compares step names of its own.
 * Defined next to the rules (as boardgame.io's `playerView` is), from the snapshot the machine
 * runs, so it cannot disagree with what the server will accept.
 */

/** The screen a seat is on. */
export const Screen = { Agreement: 'agreement', Talk: 'talk', Pause: 'pause', Closing: 'closing', Summary: 'summary' } as const;
export type Screen = (typeof Screen)[keyof typeof Screen];

/** Where a seat stands in the talk. `partner` is a partner while nobody holds the floor (agreement, closing, the end). */
export const Role = { Speaker: 'speaker', Listener: 'listener', Partner: 'partner', Mediator: 'mediator' } as const;
export type Role = (typeof Role)[keyof typeof Role];

/** The kinds of text a partner writes in the talk; each is the command it is sent with, and keys its draft. */
export const Writing = { Say: 'say', Mirror: 'mirror', Validate: 'validate', Empathize: 'empathize', NotQuite: 'notQuite' } as const;
export type Writing = (typeof Writing)[keyof typeof Writing];

/** The composer a seat writes in now: what it sends, its label, its sentence starter, and whether the coach reads it. */
export interface ComposerSpec {
  writing: Writing;
  label: Phrase;
  starter: Phrase;
  /** The language coach reads what the speaker writes in their own voice. */
  coached: boolean;
  /** The talk is held aloud: the step is a tap, and the text an optional short note. */
  spoken: boolean;
}

/** Which of the talk's controls this seat may use now: each is true only when the room would accept it. */
export interface Controls {
  yield: boolean;
  confirm: boolean;
  notQuite: boolean;
  more: boolean;
  noMore: boolean;
  raiseHand: boolean;
  lowerHand: boolean;
  callPause: boolean;
  extendPause: boolean;
  ready: boolean;
  proposeAdjourn: boolean;
  acceptAdjourn: boolean;
  declineAdjourn: boolean;
  /** The partners this seat may give the floor to (the mediator's control). */
  grantFloor: Partner[];
  note: boolean;
  park: boolean;
  /** Proposes to close; it binds once both partners agree. */
  moveToClose: boolean;
  acceptClose: boolean;
  declineClose: boolean;
  backToTalk: boolean;
  appreciate: boolean;
  confirmClose: boolean;
  sign: boolean;
  unsign: boolean;
  end: boolean;
  /** Deleting is not a machine event; either partner may, at any step (`refuseDelete`). */
  deleteRoom: boolean;
  /** The agreed off-limits topics this seat may name in a boundary now (aloud, while the other speaks). */
  callBoundary: string[];
  rephrase: boolean;
  parkSubject: boolean;
  /** The mediator's hold-to-talk on the room's voice call. */
  holdToTalk: boolean;
  releaseTalk: boolean;
}

/**
 * The room's own voice call as one seat sees it. It is on from the first turn to the close when
 * the partners agreed to talk through the room, and the microphones follow the floor: the
 * speaker's while speaking and answering "did I get it?", the listener's while saying back,
 * validating and empathizing, both partners' at the close, nobody's during a pause or while a
 * boundary waits for the speaker's answer, and the mediator's only while holding to talk.
 */
export interface VoiceView {
  /** Whose microphone the room opens now. */
  open: Seat[];
  /** This seat's own microphone is open now (a person can always mute themselves besides). */
  mine: boolean;
  mediatorTalking: boolean;
  /** Who can be heard now, in words, for everyone. */
  heard: Phrase;
}

export interface PauseView {
  kind: Pause['kind'];
  endsAt: number;
  /** The pause's time is up; the talk waits for both partners to say they are ready. */
  timeUp: boolean;
  ready: Partner[];
  /** This seat has said it is ready (always false for the mediator, who never needs to). */
  iAmReady: boolean;
}

export interface SeatProjection {
  seat: Seat;
  step: Step;
  screen: Screen;
  role: Role;
  /** The speaker during the talk's steps; nobody while paused, before the talk or after it. */
  holdsFloor: boolean;
  /** The room is waiting on this seat. */
  myMove: boolean;
  /** What happens now, one sentence for everyone in the room (third person, with names). */
  move: Phrase;
  /** What this person does now, or what they wait for, in the first person: the banner on their screen. */
  headline: Phrase;
  composer: ComposerSpec | null;
  controls: Controls;
  pause: PauseView | null;
  /** The voice call, when the room talks through it; null otherwise, and before and after the talk. */
  voice: VoiceView | null;
  /** The context as this seat may see it: parked items only to their author (and shared ones to the mediator). */
  context: RoomContext;
}

/**
 * What one seat may see of the parking lot: it is private, so each partner sees only their own,
 * and the mediator only the items a partner chose to share.
 */
export function parkingLotFor(lot: RoomContext['parkingLot'], seat: Seat): RoomContext['parkingLot'] {
  if (seat === Seats.A) return { A: lot.A, B: [] };
  if (seat === Seats.B) return { A: [], B: lot.B };
  return { A: lot.A.filter((i) => i.sharedWithMediator), B: lot.B.filter((i) => i.sharedWithMediator) };
}

/** The room's context as one seat may see it. */
export function contextFor(ctx: RoomContext, seat: Seat): RoomContext {
  return { ...ctx, parkingLot: parkingLotFor(ctx.parkingLot, seat) };
}

function screenOf(step: Step): Screen {
  switch (step) {
    case Step.Agreement:
      return Screen.Agreement;
    case Step.Paused:
    case Step.WaitingReady:
      return Screen.Pause;
    case Step.Closing:
      return Screen.Closing;
    case Step.Ended:
      return Screen.Summary;
    default:
      return Screen.Talk;
  }
}

/** The composer of each talk step, and who writes in it. */
const COMPOSERS: Partial<Record<Step, { by: 'speaker' | 'listener'; spec: ComposerSpec }>> = {
  [Step.Speaking]: {
    by: 'speaker',
    spec: { writing: Writing.Say, label: phrase('composer_say_label'), starter: phrase('composer_say_starter'), coached: true, spoken: false },
  },
  [Step.Mirroring]: {
    by: 'listener',
    spec: { writing: Writing.Mirror, label: phrase('composer_mirror_label'), starter: phrase('composer_mirror_starter'), coached: false, spoken: false },
  },
  [Step.Checking]: {
    by: 'speaker',
    spec: { writing: Writing.NotQuite, label: phrase('composer_not_quite_label'), starter: phrase('composer_not_quite_starter'), coached: true, spoken: false },
  },
  [Step.Validating]: {
    by: 'listener',
    spec: { writing: Writing.Validate, label: phrase('composer_validate_label'), starter: phrase('composer_validate_starter'), coached: false, spoken: false },
  },
  [Step.Empathizing]: {
    by: 'listener',
    spec: { writing: Writing.Empathize, label: phrase('composer_empathize_label'), starter: phrase('composer_empathize_starter'), coached: false, spoken: false },
  },
};

/** Aloud, the words are spoken; what can be written is a short note. */
const SPOKEN_LABEL: Record<Writing, Phrase> = {
  [Writing.Say]: phrase('composer_spoken_say'),
  [Writing.Mirror]: phrase('composer_spoken_mirror'),
  [Writing.NotQuite]: phrase('composer_spoken_not_quite'),
  [Writing.Validate]: phrase('composer_spoken_note'),
  [Writing.Empathize]: phrase('composer_spoken_note'),
};

/**
 * What this seat does now, or what it waits for, said to this person in the first person with
 * the others' names ("Your turn — say what's on your mind", "Sam is speaking. Listen; …"). The
 * mediator, who is not a party to the floor, hears the room's move as everyone does.
 */
function headlineFor(step: Step, role: Role, seat: Seat, ctx: RoomContext, everyone: Phrase): Phrase {
  if (role === Role.Mediator) return everyone;
  const sp = ctx.floor?.speaker;
  const other = (p: Partner) => person(otherPartner(p));
  if (role === Role.Speaker && sp) {
    const listener = other(sp);
    switch (step) {
      case Step.Speaking:
        if (ctx.boundary) return phrase('headline_speaker_boundary');
        return phrase(ctx.floor!.inGrace ? 'headline_speaker_grace' : 'headline_speaker_speaking');
      case Step.Mirroring:
        return phrase('headline_speaker_mirroring', { listener });
      case Step.Checking:
        return phrase('headline_speaker_checking', { listener });
      case Step.AskingMore:
        return phrase('headline_speaker_asking_more');
      case Step.Validating:
        return phrase('headline_speaker_validating', { listener });
      case Step.Empathizing:
        return phrase('headline_speaker_empathizing', { listener });
    }
  }
  if (role === Role.Listener && sp) {
    const speaker = person(sp);
    switch (step) {
      case Step.Speaking:
        return phrase('headline_listener_speaking', { speaker });
      case Step.Mirroring:
        return phrase('headline_listener_mirroring');
      case Step.Checking:
        return phrase('headline_listener_checking', { speaker });
      case Step.AskingMore:
        return phrase('headline_listener_asking_more', { speaker });
      case Step.Validating:
        return phrase('headline_listener_validating', { speaker });
      case Step.Empathizing:
        return phrase('headline_listener_empathizing', { speaker });
    }
  }
  const me = seat as Partner;
  switch (step) {
    case Step.Agreement:
      return ctx.agreement.signedBy.includes(me) ? phrase('headline_signed', { other: other(me) }) : phrase('headline_agreement');
    case Step.Paused:
      return ctx.pause?.ready.includes(me) ? phrase('headline_paused_ready', { other: other(me) }) : everyone;
    case Step.WaitingReady:
      return ctx.pause?.ready.includes(me) ? phrase('headline_waiting_ready_ready', { other: other(me) }) : phrase('headline_pause_over');
    case Step.Closing:
      if (ctx.closing.confirmedBy.includes(me)) return phrase('headline_closing_confirmed', { other: other(me) });
      return phrase(ctx.closing.appreciation[me] != null ? 'headline_closing_confirm' : 'headline_closing_appreciate');
    default:
      return everyone;
  }
}

const SPEAKER_HEARD: ReadonlySet<Step> = new Set([Step.Speaking, Step.Checking, Step.AskingMore]);
const LISTENER_HEARD: ReadonlySet<Step> = new Set([Step.Mirroring, Step.Validating, Step.Empathizing]);

/** Whose microphones are open in this step (see `VoiceView`). */
function openMicrophones(step: Step, screen: Screen, ctx: RoomContext): Seat[] {
  if (screen === Screen.Pause) return [];
  const open: Seat[] = [];
  const sp = ctx.floor?.speaker;
  if (screen === Screen.Closing) open.push(Seats.A, Seats.B);
  else if (sp && !ctx.boundary) {
    if (SPEAKER_HEARD.has(step)) open.push(sp);
    if (LISTENER_HEARD.has(step)) open.push(otherPartner(sp));
  }
  if (ctx.mediatorTalking) open.push(Seats.Mediator);
  return open;
}

function heardLine(open: Seat[], screen: Screen): Phrase {
  if (open.length === 0) return phrase(screen === Screen.Pause ? 'heard_nobody_pause' : 'heard_nobody_boundary');
  return phrase('heard_people', { people: open.map(person) });
}

/** The room's voice call is on: the partners signed to talk through the room, and the talk has begun and not ended. */
export function callIsOn(state: { value: StateValue; context: RoomContext }): boolean {
  return callOnScreen(state.context, screenOf(stepOf(state as Pick<RoomSnapshot, 'value'>)));
}

const callOnScreen = (ctx: RoomContext, screen: Screen) =>
  ctx.agreement.mode === TalkMode.Call && (screen === Screen.Talk || screen === Screen.Pause || screen === Screen.Closing);

function voiceFor(step: Step, screen: Screen, seat: Seat, ctx: RoomContext): VoiceView | null {
  if (!callOnScreen(ctx, screen)) return null;
  const open = openMicrophones(step, screen, ctx);
  return { open, mine: open.includes(seat), mediatorTalking: ctx.mediatorTalking ?? false, heard: heardLine(open, screen) };
}

/** One sample of each command, to ask the machine whether this seat may send it now. */
const SAMPLE = 'x';
/**
 * An object whose every field is worked out the first time it is read, and kept. Each control
 * costs a step of the machine, a screen reads a few of the thirty-one, and a room's page projects
 * again on every update: asking all of them each time cost the listener's page 3 ms of each
 * statement at 4× CPU (bench/sendToScreen.ts's profile).
 */
function askedWhenRead<T extends object>(asks: { [K in keyof T]: () => T[K] }): T {
  const fields = {} as T;
  for (const key of Object.keys(asks) as (keyof T)[])
    Object.defineProperty(fields, key, {
      enumerable: true,
      configurable: true,
      get() {
        const value = asks[key]();
        Object.defineProperty(fields, key, { value, enumerable: true });
        return value;
      },
    });
  return fields;
}

function controlsFor(snapshot: RoomSnapshot, seat: Seat, at: number): Controls {
  const can = (command: RoomCommand) => snapshot.status !== 'done' && snapshot.can({ ...command, seat, at } as RoomEvent);
  return askedWhenRead<Controls>({
    yield: () => can({ type: 'yield' }),
    confirm: () => can({ type: 'confirm' }),
    notQuite: () => can({ type: 'notQuite', text: SAMPLE }),
    more: () => can({ type: 'more' }),
    noMore: () => can({ type: 'noMore' }),
    raiseHand: () => can({ type: 'raiseHand' }),
    lowerHand: () => can({ type: 'lowerHand' }),
    callPause: () => can({ type: 'callPause' }),
    extendPause: () => can({ type: 'extendPause', minutes: 5 }),
    ready: () => can({ type: 'ready' }),
    proposeAdjourn: () => can({ type: 'proposeAdjourn', until: at + 3_600_000 }),
    acceptAdjourn: () => can({ type: 'acceptAdjourn' }),
    declineAdjourn: () => can({ type: 'declineAdjourn' }),
    grantFloor: () => ([Seats.A, Seats.B] as Partner[]).filter((to) => can({ type: 'grantFloor', to })),
    note: () => can({ type: 'note', text: SAMPLE }),
    park: () => can({ type: 'park', text: SAMPLE }),
    moveToClose: () => can({ type: 'moveToClose' }),
    acceptClose: () => can({ type: 'acceptClose' }),
    declineClose: () => can({ type: 'declineClose' }),
    backToTalk: () => can({ type: 'backToTalk' }),
    appreciate: () => can({ type: 'appreciate', text: SAMPLE }),
    confirmClose: () => can({ type: 'confirmClose' }),
    sign: () => can({ type: 'sign' }),
    unsign: () => can({ type: 'unsign' }),
    end: () => can({ type: 'end' }),
    deleteRoom: () => isPartner(seat),
    callBoundary: () => snapshot.context.agreement.offLimits.filter((t) => t.bound && can({ type: 'callBoundary', topicId: t.id })).map((t) => t.id),
    rephrase: () => can({ type: 'rephrase' }),
    parkSubject: () => can({ type: 'parkSubject', title: SAMPLE }),
    holdToTalk: () => can({ type: 'holdToTalk' }),
    releaseTalk: () => can({ type: 'releaseTalk' }),
  });
}

/**
 * What `seat` sees and may do in this snapshot at time `at` (the time matters only for what
 * depends on it, such as how far ahead an adjournment may be proposed).
 */
export function project(snapshot: Pick<RoomSnapshot, 'value' | 'context' | 'can' | 'status'>, seat: Seat, at: number): SeatProjection {
  const ctx = snapshot.context;
  const step = stepOf(snapshot);
  const screen = screenOf(step);
  const speaker = ctx.floor?.speaker ?? null;
  const inTalk = screen === Screen.Talk;
  const role: Role = !isPartner(seat)
    ? Role.Mediator
    : inTalk && speaker
      ? speaker === seat
        ? Role.Speaker
        : Role.Listener
      : Role.Partner;
  const everyone = currentMove(snapshot);
  const spokenTalk = spoken(ctx);
  const composer = COMPOSERS[step];
  const pause = ctx.pause && screen === Screen.Pause ? ctx.pause : null;
  let controls: Controls | undefined;
  return {
    seat,
    step,
    screen,
    role,
    holdsFloor: inTalk && speaker === seat,
    myMove: everyone.by.includes(seat),
    move: everyone.text,
    headline: headlineFor(step, role, seat, ctx, everyone.text),
    composer: composer && composer.by === role ? (spokenTalk ? { ...composer.spec, spoken: true, label: SPOKEN_LABEL[composer.spec.writing] } : composer.spec) : null,
    // Asked of the machine once, when first read: a reader that needs only the view pays nothing.
    get controls() {
      return (controls ??= controlsFor(snapshot as RoomSnapshot, seat, at));
    },
    pause: pause && {
      kind: pause.kind,
      endsAt: pause.endsAt,
      timeUp: step === Step.WaitingReady,
      ready: pause.ready,
      iAmReady: isPartner(seat) && pause.ready.includes(seat),
    },
    voice: voiceFor(step, screen, seat, ctx),
    context: contextFor(ctx, seat),
  };
}
