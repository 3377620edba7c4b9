import { type Phrase, phrase } from '../i18n/phrase';

/**
 * Why the room did not accept an event. One table, used by the machine, the server's replies
 * and the client's messages. Each reason says what the person can do next, in their own
 * language: it is a phrase of the catalog, rendered by the page that shows it.
 */
export const RefusalCode = {
  NotYourTurn: 'not_your_turn',
  NotNow: 'not_now',
  Paused: 'paused',
  OffLimits: 'off_limits',
  SeatNotAllowed: 'seat_not_allowed',
  BadValue: 'bad_value',
  NotFound: 'not_found',
  LimitReached: 'limit_reached',
  AlreadyPaused: 'already_paused',
  NoMediator: 'no_mediator',
  Ended: 'room_ended',
  StaleTimer: 'stale_timer',
  TimeUp: 'time_up',
  Boundary: 'boundary',
} as const;
export type RefusalCode = (typeof RefusalCode)[keyof typeof RefusalCode];

export interface Refusal {
  code: RefusalCode;
  /** Kind, specific, and says what to do next: shown to the person in their language. */
  reason: Phrase;
  /** For `off_limits`: the agreed topic the text touched. */
  topic?: string;
  /** For `bad_value`: which field was wrong. */
  field?: string;
}

export function refusal(code: RefusalCode, reason: Phrase, extra: Omit<Refusal, 'code' | 'reason'> = {}): Refusal {
  return { code, reason, ...extra };
}

export const refuse = {
  notYourTurn: () => refusal(RefusalCode.NotYourTurn, phrase('refusal_not_your_turn')),
  /** The listener's step, tried by the speaker. */
  listenersStep: () => refusal(RefusalCode.NotYourTurn, phrase('refusal_listener_step')),
  notNow: (why: Phrase) => refusal(RefusalCode.NotNow, why),
  paused: () => refusal(RefusalCode.Paused, phrase('refusal_paused')),
  offLimits: (topic: string) => refusal(RefusalCode.OffLimits, phrase('refusal_off_limits', { topic }), { topic }),
  seat: (why: Phrase) => refusal(RefusalCode.SeatNotAllowed, why),
  badValue: (field: string, why: Phrase) => refusal(RefusalCode.BadValue, why, { field }),
  notFound: (why: Phrase) => refusal(RefusalCode.NotFound, why),
  limit: (why: Phrase) => refusal(RefusalCode.LimitReached, why),
  alreadyPaused: () => refusal(RefusalCode.AlreadyPaused, phrase('refusal_already_paused')),
  noMediator: () => refusal(RefusalCode.NoMediator, phrase('refusal_no_mediator')),
  ended: () => refusal(RefusalCode.Ended, phrase('refusal_ended')),
  staleTimer: () => refusal(RefusalCode.StaleTimer, phrase('refusal_stale_timer')),
  boundary: () => refusal(RefusalCode.Boundary, phrase('refusal_boundary')),
  timeUp: () => refusal(RefusalCode.TimeUp, phrase('refusal_time_up')),
};
