import type { Actor, Partner, Seat } from './seats';

/** Where a seat is: in the room, dropped and expected back (a lost connection), or away (left). */
export const Presence = { Here: 'here', Reconnecting: 'reconnecting', Away: 'away' } as const;
export type Presence = (typeof Presence)[keyof typeof Presence];

/** How deep the listening step goes once the speaker has nothing more to add. */
export const Depth = { Mirror: 'mirror', Full: 'full' } as const;
export type Depth = (typeof Depth)[keyof typeof Depth];

/**
 * How the partners talk: typed (each statement and mirror written), aloud together (same room or an
 * outside call; the room holds the floor, the timer and the steps, each step a tap), or aloud
 * through the room's own voice call.
 */
export const TalkMode = { Typed: 'typed', Together: 'together', Call: 'call' } as const;
export type TalkMode = (typeof TalkMode)[keyof typeof TalkMode];

/** Who proposed an off-limits topic brought from an earlier talk's summary: nobody today, so both partners accept it anew. */
export const EARLIER_TALK = 'earlier' as const;

/** An off-limits topic: proposed by one seat, binding only once every partner who did not propose it accepts. */
export interface OffLimitsTopic {
  id: string;
  text: string;
  proposedBy: Seat | typeof EARLIER_TALK;
  acceptedBy: Partner[];
  bound: boolean;
}

export interface Agreement {
  topic: string;
  offLimits: OffLimitsTopic[];
  turnSeconds: number;
  pauseMinutes: number;
  depth: Depth;
  firstSpeaker: Partner;
  /** Typed, or aloud: chosen and signed like every other setting. */
  mode: TalkMode;
  signedBy: Partner[];
}

/** Who holds the floor and where the current turn stands. Deadlines are absolute epoch milliseconds. */
export interface Floor {
  speaker: Partner;
  /** When the speaking step ends; null outside the speaking step and while paused. */
  turnEndsAt: number | null;
  /** Time left on the turn, frozen while paused in the speaking step. */
  turnRemainingMs: number | null;
  /** When the speaker's current stretch of floor time began (for fairness figures). */
  speakingSince: number | null;
  /** Statements sent since the last mirror cycle began; the floor cannot move while these are unmirrored. */
  roundStatements: number;
  /** Whether any mirror was confirmed while this speaker has held the floor (validate/empathize follow one). */
  confirmedThisHold: boolean;
  handRaised: Partner | null;
  /** The turn's time ran out and the speaker is in the short grace to finish the sentence being typed. */
  inGrace: boolean;
  /** Whose turn last ended because its time (and grace) ran out, and when: a late statement is told so. */
  timeUp: { by: Partner; at: number } | null;
  /** Boundaries called on this speaker since they took the floor: a limit keeps it from silencing anyone. */
  boundaryCalls: number;
}

/** A boundary called while the other spoke aloud: the floor is frozen until the speaker rephrases or parks the subject. */
export interface Boundary {
  by: Seat;
  /** The agreed off-limits topic it names. */
  topicId: string;
  at: number;
}

export const PauseKind = { Pause: 'pause', Adjourn: 'adjourn' } as const;
export type PauseKind = (typeof PauseKind)[keyof typeof PauseKind];

export interface Pause {
  kind: PauseKind;
  calledBy: Seat;
  startedAt: number;
  endsAt: number;
  ready: Partner[];
}

/** A proposal to move to the close: it binds once both partners agree (the proposer, if a partner, agrees by proposing). */
export interface CloseProposal {
  by: Seat;
  acceptedBy: Partner[];
}

export interface AdjournProposal {
  by: Seat;
  until: number;
  acceptedBy: Partner[];
}

export interface ParkedItem {
  id: string;
  text: string;
  at: number;
  sharedWithMediator: boolean;
}

export interface PartnerFigures {
  floorMs: number;
  turns: number;
  mirrorAttempts: number;
  pausesCalled: number;
}

export interface Closing {
  appreciation: Record<Partner, string | null>;
  commitment: Record<Partner, string | null>;
  confirmedBy: Partner[];
}

/**
 * Everything the room knows, as plain JSON: it is persisted, sent and restored as is.
 * It is bounded: the transcript is not here (the runner keeps accepted events as the record),
 * so a state change costs the same at statement 10 and statement 1,000.
 */
export interface RoomContext {
  hasMediator: boolean;
  present: Record<Seat, Presence>;
  agreement: Agreement;
  floor: Floor | null;
  pause: Pause | null;
  adjournProposal: AdjournProposal | null;
  closeProposal: CloseProposal | null;
  boundary: Boundary | null;
  /**
   * The mediator is holding to talk on the room's voice call (their microphone is open, and the
   * partners see it). Rooms stored before the call existed have no such field: read it as false.
   */
  mediatorTalking?: boolean;
  /** The first name each person gave, or '' to be called by their seat ("Partner A"). */
  names: Record<Seat, string>;
  fairness: Record<Partner, PartnerFigures> & { mediatorPauses: number };
  parkingLot: Record<Partner, ParkedItem[]>;
  closing: Closing;
  /** Deterministic ids for topics and parked items: the machine may not use randomness. */
  nextId: number;
  /** Commitments brought from an earlier talk's summary: a starting point for the agreement. */
  carriedForward: string[];
}

export interface RoomInput {
  hasMediator: boolean;
  /** Carried-forward defaults, e.g. from an earlier summary. */
  topic?: string;
  carriedForward?: string[];
  /** Off-limits topics of an earlier talk: proposed again, each binding once both partners accept. */
  offLimits?: string[];
  /** The earlier talk's settings, as today's starting point (both still sign them). */
  settings?: Pick<SettingsPatch, 'turnSeconds' | 'pauseMinutes' | 'depth' | 'mode'>;
}

/** What the runner stamps on every event: the sender's seat and the server's time. Never taken from a payload. */
export interface Stamp {
  seat: Actor;
  at: number;
}

export const Deadline = { Turn: 'turn', Pause: 'pause' } as const;
export type Deadline = (typeof Deadline)[keyof typeof Deadline];

export interface SettingsPatch {
  turnSeconds?: number;
  pauseMinutes?: number;
  depth?: Depth;
  firstSpeaker?: Partner;
  mode?: TalkMode;
}

/** What a person (or the runner's scheduler) asks of the room, before the stamp. */
export type RoomCommand =
  | { type: 'join' }
  | { type: 'setName'; name: string }
  | { type: 'leave' }
  | { type: 'drop' }
  | { type: 'setTopic'; topic: string }
  | { type: 'setSettings'; settings: SettingsPatch }
  | { type: 'proposeOffLimits'; text: string }
  | { type: 'acceptOffLimits'; id: string }
  | { type: 'declineOffLimits'; id: string }
  | { type: 'withdrawOffLimits'; id: string }
  | { type: 'sign' }
  | { type: 'unsign' }
  | { type: 'say'; text: string }
  | { type: 'yield' }
  | { type: 'mirror'; text: string }
  | { type: 'confirm' }
  | { type: 'notQuite'; text: string }
  | { type: 'more' }
  | { type: 'noMore' }
  | { type: 'validate'; text: string }
  | { type: 'empathize'; text: string }
  | { type: 'callBoundary'; topicId: string }
  | { type: 'rephrase' }
  | { type: 'parkSubject'; title: string }
  | { type: 'holdToTalk' }
  | { type: 'releaseTalk' }
  | { type: 'raiseHand' }
  | { type: 'lowerHand' }
  | { type: 'grantFloor'; to: Partner }
  | { type: 'callPause'; minutes?: number }
  | { type: 'extendPause'; minutes: number }
  | { type: 'ready' }
  | { type: 'proposeAdjourn'; until: number }
  | { type: 'acceptAdjourn' }
  | { type: 'declineAdjourn' }
  | { type: 'park'; text: string }
  | { type: 'unpark'; id: string }
  | { type: 'shareParked'; id: string }
  | { type: 'note'; text: string }
  | { type: 'moveToClose' }
  | { type: 'acceptClose' }
  | { type: 'declineClose' }
  | { type: 'backToTalk' }
  | { type: 'appreciate'; text: string }
  | { type: 'commit'; text: string }
  | { type: 'confirmClose' }
  | { type: 'end' }
  | { type: 'timerElapsed'; deadline: Deadline; dueAt: number };

export type RoomCommandType = RoomCommand['type'];

/** A command with the runner's stamp: what the machine receives. */
export type RoomEvent = RoomCommand & Stamp;

export type RoomEventOf<T extends RoomCommandType> = Extract<RoomCommand, { type: T }> & Stamp;
