/**
 * Why the room did not accept an event. One table, used by the machine, the server's replies
 * and the client's messages. Each message says what the person can do next.
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
  /** Kind, specific, and says what to do next. Shown to the person as is. */
  message: string;
  /** For `off_limits`: the agreed topic the text touched. */
  topic?: string;
  /** For `bad_value`: which field was wrong. */
  field?: string;
}

export function refusal(code: RefusalCode, message: string, extra: Omit<Refusal, 'code' | 'message'> = {}): Refusal {
  return { code, message, ...extra };
}

export const refuse = {
  notYourTurn: (what: string) =>
    refusal(RefusalCode.NotYourTurn, `${what} Your draft is kept; you can raise your hand to ask for the floor next.`),
  notNow: (what: string) => refusal(RefusalCode.NotNow, what),
  paused: () =>
    refusal(
      RefusalCode.Paused,
      'The talk is paused, so nothing can be sent right now. Your draft is kept for when you both are ready.',
    ),
  offLimits: (topic: string) =>
    refusal(
      RefusalCode.OffLimits,
      `This touches "${topic}", which you both agreed to keep out of today's talk. Your draft is kept: you can rephrase it, or move it to your parking lot for a later talk.`,
      { topic },
    ),
  seat: (what: string) => refusal(RefusalCode.SeatNotAllowed, what),
  badValue: (field: string, what: string) => refusal(RefusalCode.BadValue, what, { field }),
  notFound: (what: string) => refusal(RefusalCode.NotFound, what),
  limit: (what: string) => refusal(RefusalCode.LimitReached, what),
  alreadyPaused: () =>
    refusal(RefusalCode.AlreadyPaused, 'A pause is already on. Take the time; the talk waits for both of you.'),
  noMediator: () => refusal(RefusalCode.NoMediator, 'This room was created without a mediator seat.'),
  ended: () => refusal(RefusalCode.Ended, 'This talk has ended. The summary is still here to read and download.'),
  staleTimer: () => refusal(RefusalCode.StaleTimer, 'That deadline no longer applies.'),
  boundary: () =>
    refusal(RefusalCode.Boundary, 'A boundary was called. Rephrase, or park the subject for a later talk; then the floor is yours again.'),
  timeUp: () =>
    refusal(RefusalCode.TimeUp, "Time's up: your turn ended before this was sent. Your words are kept for your next turn."),
};
