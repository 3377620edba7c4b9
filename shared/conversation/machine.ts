import { and, assign, setup } from 'xstate';
import * as agreement from './agreement';
import * as fx from './effects';
import * as lot from './parkingLot';
import { checkRule, FROZEN_WHILE_PAUSED } from './rules';
import type { Partner } from './seats';
import type { RoomContext, RoomEvent, RoomEventOf, RoomInput } from './types';

/** The runner may apply an event only if its seat may act and its payload is acceptable; a pause freezes the talk. */
export function admits(ctx: RoomContext, e: RoomEvent): boolean {
  if (ctx.pause && FROZEN_WHILE_PAUSED.has(e.type)) return false;
  return checkRule(ctx, e) === null;
}

// Narrowing helper: the state chart routes each event type to its handler, so the cast is exact.
const as = <T extends RoomEvent['type']>(e: RoomEvent) => e as RoomEventOf<T>;

/**
 * The conversation machine: the whole structured-talk protocol, pure. Whoever runs it stamps
 * each event with the sender's seat and the current time, arms timers from the deadlines in
 * context (see `pendingDeadlines`) and sends `timerElapsed` when one passes. It never reads the
 * clock or uses XState delays, because a restored snapshot carries no pending timers.
 */
export const conversationMachine = setup({
  types: {
    context: {} as RoomContext,
    events: {} as RoomEvent,
    input: {} as RoomInput,
  },
  guards: {
    allowed: ({ context, event }) => admits(context, event),
    isTurnDeadline: ({ event }) => event.type === 'timerElapsed' && event.deadline === 'turn',
    isPauseDeadline: ({ event }) => event.type === 'timerElapsed' && event.deadline === 'pause',
    somethingToMirror: ({ context }) => context.floor!.roundStatements > 0,
    deepListeningDue: ({ context }) => fx.deepListeningDue(context),
    signingCompletes: ({ context, event }) => agreement.signingCompletes(context, as<'sign'>(event)),
    readyCompletes: ({ context, event }) => fx.readyCompletes(context, as<'ready'>(event)),
    adjournAgreed: ({ context, event }) => fx.adjournAgreed(context, as<'acceptAdjourn'>(event)),
    closeAgreed: ({ context, event }) => fx.closeAgreed(context, event.seat as Partner),
  },
  actions: {
    markPresent: assign(({ context, event }) => ({ present: { ...context.present, [event.seat]: 'here' } })),
    markAbsent: assign(({ context, event }) => ({ present: { ...context.present, [event.seat]: 'away' } })),
    markDropped: assign(({ context, event }) => ({ present: { ...context.present, [event.seat]: 'reconnecting' } })),

    setTopic: assign(({ context, event }) => agreement.setTopic(context, as<'setTopic'>(event))),
    setSettings: assign(({ context, event }) => agreement.setSettings(context, as<'setSettings'>(event))),
    proposeOffLimits: assign(({ context, event }) => agreement.proposeOffLimits(context, as<'proposeOffLimits'>(event))),
    acceptOffLimits: assign(({ context, event }) => agreement.acceptOffLimits(context, as<'acceptOffLimits'>(event))),
    dropOffLimits: assign(({ context, event }) => agreement.dropOffLimits(context, as<'declineOffLimits'>(event))),
    clearSignatures: assign(({ context }) => agreement.clearSignatures(context)),
    sign: assign(({ context, event }) => agreement.sign(context, as<'sign'>(event))),
    unsign: assign(({ context, event }) => agreement.unsign(context, as<'unsign'>(event))),
    startFirstTurn: assign(({ context, event }) => fx.startSpeaking(context, context.agreement.firstSpeaker, event.at, true)),

    countStatement: assign(({ context }) => fx.countStatement(context)),
    stopSpeaking: assign(({ context, event }) => fx.stopSpeaking(context, event.at)),
    countMirror: assign(({ context, event }) => fx.countMirror(context, as<'mirror'>(event))),
    confirmMirror: assign(({ context }) => fx.confirmMirror(context)),
    continueSpeaking: assign(({ context, event }) => fx.startSpeaking(context, context.floor!.speaker, event.at, false)),
    swapFloor: assign(({ context, event }) => fx.swapFloor(context, event.at)),
    grantFloor: assign(({ context, event }) => fx.grantFloor(context, as<'grantFloor'>(event))),
    raiseHand: assign(({ context, event }) => ({ floor: { ...context.floor!, handRaised: event.seat as Partner } })),
    lowerHand: assign(({ context }) => ({ floor: { ...context.floor!, handRaised: null } })),

    callPause: assign(({ context, event }) => fx.callPause(context, as<'callPause'>(event))),
    extendPause: assign(({ context, event }) => fx.extendPause(context, as<'extendPause'>(event))),
    markReady: assign(({ context, event }) => fx.markReady(context, as<'ready'>(event))),
    resume: assign(({ context, event }) => fx.resume(context, event.at)),
    proposeAdjourn: assign(({ context, event }) => fx.proposeAdjourn(context, as<'proposeAdjourn'>(event))),
    acceptAdjourn: assign(({ context, event }) => fx.acceptAdjourn(context, as<'acceptAdjourn'>(event))),
    adjourn: assign(({ context, event }) => fx.adjourn(context, as<'acceptAdjourn'>(event))),
    dropAdjournProposal: assign({ adjournProposal: null }),
    // Accepted into the talk's record (kept by the runner); the room's own state does not change.
    // Named so that XState counts the transition as taken (`can()` ignores empty ones).
    recordOnly: () => {},

    park: assign(({ context, event }) => lot.park(context, as<'park'>(event))),
    unpark: assign(({ context, event }) => lot.unpark(context, as<'unpark'>(event))),
    shareParked: assign(({ context, event }) => lot.shareParked(context, as<'shareParked'>(event))),

    moveToClose: assign(({ context, event }) => fx.moveToClose(context, event.at)),
    appreciate: assign(({ context, event }) =>
      fx.setClosing(context, 'appreciation', event.seat as Partner, as<'appreciate'>(event).text)),
    commit: assign(({ context, event }) => fx.setClosing(context, 'commitment', event.seat as Partner, as<'commit'>(event).text)),
    confirmClose: assign(({ context, event }) => fx.confirmClose(context, event.seat as Partner)),
    backToTalk: assign(({ context, event }) => fx.startSpeaking(context, context.floor!.speaker, event.at, false)),
  },
}).createMachine({
  id: 'room',
  context: ({ input }) => fx.initialContext(input),
  initial: 'agreement',
  on: {
    join: { guard: 'allowed', actions: 'markPresent' },
    leave: { guard: 'allowed', actions: 'markAbsent' },
    drop: { guard: 'allowed', actions: 'markDropped' },
    end: { guard: 'allowed', target: '.ended' },
  },
  states: {
    agreement: {
      // Every change to the agreement clears both signatures: each partner signs what they read.
      on: {
        setTopic: { guard: 'allowed', actions: ['setTopic', 'clearSignatures'] },
        setSettings: { guard: 'allowed', actions: ['setSettings', 'clearSignatures'] },
        proposeOffLimits: { guard: 'allowed', actions: ['proposeOffLimits', 'clearSignatures'] },
        acceptOffLimits: { guard: 'allowed', actions: ['acceptOffLimits', 'clearSignatures'] },
        declineOffLimits: { guard: 'allowed', actions: ['dropOffLimits', 'clearSignatures'] },
        withdrawOffLimits: { guard: 'allowed', actions: ['dropOffLimits', 'clearSignatures'] },
        sign: [
          { guard: and(['allowed', 'signingCompletes']), target: 'talk', actions: ['sign', 'startFirstTurn'] },
          { guard: 'allowed', actions: 'sign' },
        ],
        unsign: { guard: 'allowed', actions: 'unsign' },
        note: { guard: 'allowed', actions: 'recordOnly' },
      },
    },
    talk: {
      type: 'parallel',
      on: {
        proposeOffLimits: { guard: 'allowed', actions: 'proposeOffLimits' },
        acceptOffLimits: { guard: 'allowed', actions: 'acceptOffLimits' },
        declineOffLimits: { guard: 'allowed', actions: 'dropOffLimits' },
        withdrawOffLimits: { guard: 'allowed', actions: 'dropOffLimits' },
        raiseHand: { guard: 'allowed', actions: 'raiseHand' },
        lowerHand: { guard: 'allowed', actions: 'lowerHand' },
        note: { guard: 'allowed', actions: 'recordOnly' },
        park: { guard: 'allowed', actions: 'park' },
        unpark: { guard: 'allowed', actions: 'unpark' },
        shareParked: { guard: 'allowed', actions: 'shareParked' },
        proposeAdjourn: { guard: 'allowed', actions: 'proposeAdjourn' },
        declineAdjourn: { guard: 'allowed', actions: 'dropAdjournProposal' },
      },
      states: {
        flow: {
          initial: 'speaking',
          states: {
            speaking: {
              on: {
                say: { guard: 'allowed', actions: 'countStatement' },
                yield: [
                  { guard: and(['allowed', 'somethingToMirror']), target: 'mirroring', actions: 'stopSpeaking' },
                  // Nothing new was said: treat it as "no more".
                  { guard: and(['allowed', 'deepListeningDue']), target: 'validating', actions: 'stopSpeaking' },
                  { guard: 'allowed', target: 'speaking', actions: ['stopSpeaking', 'swapFloor'] },
                ],
                timerElapsed: [
                  { guard: and(['isTurnDeadline', 'allowed', 'somethingToMirror']), target: 'mirroring', actions: 'stopSpeaking' },
                  { guard: and(['isTurnDeadline', 'allowed', 'deepListeningDue']), target: 'validating', actions: 'stopSpeaking' },
                  { guard: and(['isTurnDeadline', 'allowed']), target: 'speaking', actions: ['stopSpeaking', 'swapFloor'] },
                ],
                grantFloor: { guard: 'allowed', target: 'speaking', actions: 'grantFloor' },
                moveToClose: { guard: 'allowed', target: '#room.closing', actions: 'moveToClose' },
              },
            },
            mirroring: {
              on: { mirror: { guard: 'allowed', target: 'checking', actions: 'countMirror' } },
            },
            checking: {
              on: {
                confirm: { guard: 'allowed', target: 'askingMore', actions: 'confirmMirror' },
                notQuite: { guard: 'allowed', target: 'mirroring' },
              },
            },
            askingMore: {
              on: {
                more: { guard: 'allowed', target: 'speaking', actions: 'continueSpeaking' },
                noMore: [
                  { guard: and(['allowed', 'deepListeningDue']), target: 'validating' },
                  { guard: 'allowed', target: 'speaking', actions: 'swapFloor' },
                ],
                grantFloor: { guard: 'allowed', target: 'speaking', actions: 'grantFloor' },
                moveToClose: { guard: 'allowed', target: '#room.closing', actions: 'moveToClose' },
              },
            },
            validating: {
              on: { validate: { guard: 'allowed', target: 'empathizing' } },
            },
            empathizing: {
              on: { empathize: { guard: 'allowed', target: 'speaking', actions: 'swapFloor' } },
            },
          },
        },
        pause: {
          initial: 'running',
          states: {
            running: {
              on: {
                callPause: { guard: 'allowed', target: 'paused', actions: 'callPause' },
                acceptAdjourn: [
                  { guard: and(['allowed', 'adjournAgreed']), target: 'paused', actions: 'adjourn' },
                  { guard: 'allowed', actions: 'acceptAdjourn' },
                ],
              },
            },
            paused: {
              on: {
                extendPause: { guard: 'allowed', actions: 'extendPause' },
                ready: [
                  { guard: and(['allowed', 'readyCompletes']), target: 'running', actions: 'resume' },
                  { guard: 'allowed', actions: 'markReady' },
                ],
                timerElapsed: { guard: and(['isPauseDeadline', 'allowed']), target: 'waitingReady' },
                acceptAdjourn: [
                  { guard: and(['allowed', 'adjournAgreed']), target: 'paused', actions: 'adjourn' },
                  { guard: 'allowed', actions: 'acceptAdjourn' },
                ],
              },
            },
            waitingReady: {
              on: {
                extendPause: { guard: 'allowed', target: 'paused', actions: 'extendPause' },
                ready: [
                  { guard: and(['allowed', 'readyCompletes']), target: 'running', actions: 'resume' },
                  { guard: 'allowed', actions: 'markReady' },
                ],
                acceptAdjourn: [
                  { guard: and(['allowed', 'adjournAgreed']), target: 'paused', actions: 'adjourn' },
                  { guard: 'allowed', actions: 'acceptAdjourn' },
                ],
              },
            },
          },
        },
      },
    },
    closing: {
      on: {
        appreciate: { guard: 'allowed', actions: 'appreciate' },
        commit: { guard: 'allowed', actions: 'commit' },
        confirmClose: [
          { guard: and(['allowed', 'closeAgreed']), target: 'ended', actions: 'confirmClose' },
          { guard: 'allowed', actions: 'confirmClose' },
        ],
        backToTalk: { guard: 'allowed', target: 'talk', actions: 'backToTalk' },
        note: { guard: 'allowed', actions: 'recordOnly' },
        park: { guard: 'allowed', actions: 'park' },
        unpark: { guard: 'allowed', actions: 'unpark' },
        shareParked: { guard: 'allowed', actions: 'shareParked' },
      },
    },
    ended: { type: 'final' },
  },
});

export type ConversationMachine = typeof conversationMachine;
