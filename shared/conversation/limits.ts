/**
 * The bounds the machine enforces. Both the wire schemas and the client read them from here,
 * so a person is told the same limit everywhere.
 */
export const LIMITS = {
  /** A statement, mirror, clarification, validation or empathy line. */
  messageChars: 2000,
  topicChars: 140,
  /** A first name, as a person wants to be called in the room. */
  nameChars: 40,
  /** After a turn's time runs out, the speaker has this long to send the sentence they are typing. */
  graceSeconds: 15,
  /** Boundaries a partner may call on one speaker's hold of the floor; beyond this, the mediator or a pause. */
  boundaryCallsPerHold: 2,
  /** A statement sent this soon after the turn ran out is told that time ran out (not whose floor it is). */
  timeUpNoticeSeconds: 60,
  offLimitsChars: 80,
  offLimitsTopics: 20,
  noteChars: 500,
  closingChars: 600,
  parkedItems: 50,
  /** A turn's length; `choices` are what the agreement screen offers, from the shortest to the longest allowed. */
  turnSeconds: { min: 30, max: 900, default: 120, choices: [30, 60, 90, 120, 180, 300, 600, 900] },
  /** The agreed pause length; "about 20 minutes" when someone is flooded. */
  pauseMinutes: { min: 1, max: 60, default: 20, choices: [1, 5, 10, 15, 20, 30, 45, 60] },
  /** A caller may choose a pause longer than agreed, up to this. */
  pauseMinutesCallerMax: 120,
  /** One extension ("more time") at most this long. */
  extendMinutesMax: 60,
  /** An adjourned talk resumes within a day, and not sooner than this. */
  adjournMinMinutes: 5,
  adjournMaxHours: 24,
  /** Commitments carried forward from an earlier summary into a new room. */
  carriedForward: 10,
} as const;

export const MINUTE_MS = 60_000;
export const SECOND_MS = 1000;
