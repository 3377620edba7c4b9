import { z } from 'zod';
import { LIMITS, type RoomCommand } from '../conversation';
import type { CommandMessage, SignalMessage } from './contract';

/**
 * Schemas for everything a client sends. They check shape and type and cap sizes hard so a
 * hostile payload costs little; the machine gives the kind, specific limits (e.g. 2,000
 * characters) with a message. Objects are strict: unknown keys are refused, not carried along.
 */
const HARD_TEXT_CAP = 10_000;
const text = z.string().max(HARD_TEXT_CAP);
const id = z.string().min(1).max(64);
const partner = z.enum(['A', 'B']);
const minutes = z.number().int().min(0).max(24 * 60);

const bare = <T extends string>(type: T) => z.strictObject({ type: z.literal(type) });
const withText = <T extends string>(type: T) => z.strictObject({ type: z.literal(type), text });
const withId = <T extends string>(type: T) => z.strictObject({ type: z.literal(type), id });

export const roomCommandSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('setName'), name: z.string().max(200) }),
  z.strictObject({ type: z.literal('setTopic'), topic: text }),
  z.strictObject({
    type: z.literal('setSettings'),
    settings: z.strictObject({
      turnSeconds: z.number().int().min(0).max(24 * 3600).optional(),
      pauseMinutes: minutes.optional(),
      depth: z.enum(['mirror', 'full']).optional(),
      firstSpeaker: partner.optional(),
      mode: z.enum(['typed', 'together', 'call']).optional(),
    }),
  }),
  withText('proposeOffLimits'),
  withId('acceptOffLimits'),
  withId('declineOffLimits'),
  withId('withdrawOffLimits'),
  bare('sign'),
  bare('unsign'),
  withText('say'),
  bare('yield'),
  withText('mirror'),
  bare('confirm'),
  withText('notQuite'),
  bare('more'),
  bare('noMore'),
  withText('validate'),
  withText('empathize'),
  z.strictObject({ type: z.literal('callBoundary'), topicId: id }),
  bare('rephrase'),
  z.strictObject({ type: z.literal('parkSubject'), title: text }),
  bare('holdToTalk'),
  bare('releaseTalk'),
  bare('raiseHand'),
  bare('lowerHand'),
  z.strictObject({ type: z.literal('grantFloor'), to: partner }),
  z.strictObject({ type: z.literal('callPause'), minutes: minutes.optional() }),
  z.strictObject({ type: z.literal('extendPause'), minutes }),
  bare('ready'),
  z.strictObject({ type: z.literal('proposeAdjourn'), until: z.number().int().nonnegative() }),
  bare('acceptAdjourn'),
  bare('declineAdjourn'),
  withText('park'),
  withId('unpark'),
  withId('shareParked'),
  withText('note'),
  bare('moveToClose'),
  bare('acceptClose'),
  bare('declineClose'),
  bare('backToTalk'),
  withText('appreciate'),
  withText('commit'),
  bare('confirmClose'),
  bare('end'),
]);
// join, leave and timerElapsed are not here on purpose: the server raises them itself.

export const commandMessageSchema = z.strictObject({
  id: z.string().min(1).max(64),
  command: roomCommandSchema,
});

/** Compile-time check that every schema'd command is a real machine command. */
type Parsed = z.infer<typeof roomCommandSchema>;
const _fits = (p: Parsed): RoomCommand => p;
void _fits;

/** Call signaling: bounded so a relayed message stays small (an audio-only description is a few KB). */
const SDP_CAP = 16_384;
export const signalMessageSchema = z.strictObject({
  to: z.enum(['A', 'B', 'M']),
  signal: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('hello') }),
    z.strictObject({ kind: z.literal('away') }),
    z.strictObject({
      kind: z.literal('description'),
      session: id,
      description: z.strictObject({ type: z.enum(['offer', 'answer']), sdp: z.string().min(1).max(SDP_CAP) }),
    }),
    z.strictObject({
      kind: z.literal('candidate'),
      session: id,
      candidate: z.strictObject({
        candidate: z.string().max(1024),
        sdpMid: z.string().max(64).nullable().optional(),
        sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
        usernameFragment: z.string().max(256).nullable().optional(),
      }),
    }),
  ]),
});
const _signalFits = (p: z.infer<typeof signalMessageSchema>): SignalMessage => p;
void _signalFits;

export type ParsedCommandMessage = z.infer<typeof commandMessageSchema> & CommandMessage;

export const createRoomSchema = z.strictObject({
  mediator: z.boolean({ error: 'Say whether the room has a mediator seat (true or false).' }).default(false),
  topic: z.string({ error: 'The topic is one line of text.' }).max(LIMITS.topicChars, { error: `Keep the topic to ${LIMITS.topicChars} characters.` }).optional(),
  /** Commitments from an earlier talk's summary, brought in as a starting point. */
  carriedForward: z
    .array(
      z.string().trim().min(1, { error: 'A carried-forward commitment cannot be empty.' }).max(LIMITS.closingChars, {
        error: `Each carried-forward commitment is at most ${LIMITS.closingChars} characters.`,
      }),
      { error: 'Carried-forward commitments are a list of lines.' },
    )
    .max(LIMITS.carriedForward, { error: `Bring at most ${LIMITS.carriedForward} commitments forward.` })
    .optional(),
  /** Off-limits topics of an earlier talk, proposed again (each binds once both accept). */
  offLimits: z
    .array(z.string().trim().min(1, { error: 'An off-limits topic cannot be empty.' }).max(LIMITS.offLimitsChars, { error: `An off-limits topic is at most ${LIMITS.offLimitsChars} characters.` }))
    .max(LIMITS.offLimitsTopics, { error: `Bring at most ${LIMITS.offLimitsTopics} off-limits topics.` })
    .optional(),
  settings: z
    .strictObject({
      turnSeconds: z.number().int().min(LIMITS.turnSeconds.min).max(LIMITS.turnSeconds.max).optional(),
      pauseMinutes: z.number().int().min(LIMITS.pauseMinutes.min).max(LIMITS.pauseMinutes.max).optional(),
      depth: z.enum(['mirror', 'full']).optional(),
      mode: z.enum(['typed', 'together', 'call']).optional(),
    }, { error: 'Settings are turnSeconds, pauseMinutes and depth, within the room’s limits.' })
    .optional(),
});
