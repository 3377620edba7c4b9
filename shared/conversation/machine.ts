import { and, assertEvent, assign, setup } from 'xstate';
import * as agreement from './agreement';
import * as fx from './effects';
import * as lot from './parkingLot';
import { checkRule, FROZEN_WHILE_PAUSED } from './rules';
import type { Partner } from './seats';
import type { RoomCommandType, RoomContext, RoomEvent, RoomEventOf, RoomInput } from './types';

/** The runner may apply an event only if its seat may act and its payload is acceptable; a pause freezes the talk. */
export function admits(ctx: RoomContext, e: RoomEvent): boolean {
  if (ctx.pause && FROZEN_WHILE_PAUSED.has(e.type)) return false;
  return checkRule(ctx, e) === null;
}

/**
 * An assignment for one kind of event. `assertEvent` checks the kind at run time (and throws if
 * the chart ever routes another); TypeScript cannot follow that narrowing through a generic `T`,
 * hence the one cast, here, after the check.
 */
const withEvent = <T extends RoomCommandType>(type: T | T[], change: (ctx: RoomContext, e: RoomEventOf<T>) => Partial<RoomContext>) =>
  assign<RoomContext, RoomEvent, undefined, RoomEvent, never>(({ context, event }) => {
    assertEvent(event, type);
    return change(context, event as unknown as RoomEventOf<T>);
  });

/** A guard on one kind of event, narrowed the same way. */
const onEvent =
  <T extends RoomCommandType>(type: T, check: (ctx: RoomContext, e: RoomEventOf<T>) => boolean) =>
  ({ context, event }: { context: RoomContext; event: RoomEvent }) => {
    assertEvent(event, type);
    return check(context, event as unknown as RoomEventOf<T>);
  };

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
    somethingToMirror: ({ context }) => fx.somethingToMirror(context),
    deepListeningDue: ({ context }) => fx.deepListeningDue(context),
    signingCompletes: onEvent('sign', agreement.signingCompletes),
    readyCompletes: onEvent('ready', fx.readyCompletes),
    adjournAgreed: onEvent('acceptAdjourn', fx.adjournAgreed),
    closeAgreed: ({ context, event }) => fx.closeAgreed(context, event.seat as Partner),
    closeProposalAgreed: onEvent('acceptClose', fx.closeProposalAgreed),
    /** The turn's own time ran out (not yet its grace): the speaker gets the grace to finish. */
    turnTimeRanOut: ({ context }) => !context.floor!.inGrace,
  },
  actions: {
    setName: withEvent('setName', (context, e) => ({ names: { ...context.names, [e.seat]: e.name.trim() } })),
    markPresent: assign(({ context, event }) => ({ present: { ...context.present, [event.seat]: 'here' } })),
    markAbsent: assign(({ context, event }) => ({ present: { ...context.present, [event.seat]: 'away' } })),
    markDropped: assign(({ context, event }) => ({ present: { ...context.present, [event.seat]: 'reconnecting' } })),
    // A mediator who is gone cannot be holding to talk (their button went with them).
    releaseIfMediator: assign(({ context, event }) => (event.seat === 'M' ? { mediatorTalking: false } : {})),
    holdToTalk: assign({ mediatorTalking: true }),
    releaseTalk: assign({ mediatorTalking: false }),

    setTopic: withEvent('setTopic', agreement.setTopic),
    setSettings: withEvent('setSettings', agreement.setSettings),
    proposeOffLimits: withEvent('proposeOffLimits', agreement.proposeOffLimits),
    acceptOffLimits: withEvent('acceptOffLimits', agreement.acceptOffLimits),
    dropOffLimits: withEvent(['declineOffLimits', 'withdrawOffLimits'], agreement.dropOffLimits),
    clearSignatures: assign(({ context }) => agreement.clearSignatures(context)),
    sign: withEvent('sign', agreement.sign),
    unsign: withEvent('unsign', agreement.unsign),
    startFirstTurn: assign(({ context, event }) => fx.startSpeaking(context, context.agreement.firstSpeaker, event.at, true)),

    countStatement: assign(({ context }) => fx.countStatement(context)),
    stopSpeaking: assign(({ context, event }) => fx.stopSpeaking(context, event.at)),
    countMirror: withEvent('mirror', fx.countMirror),
    confirmMirror: assign(({ context }) => fx.confirmMirror(context)),
    continueSpeaking: assign(({ context, event }) => fx.startSpeaking(context, context.floor!.speaker, event.at, false)),
    swapFloor: assign(({ context, event }) => fx.swapFloor(context, event.at)),
    startGrace: withEvent('timerElapsed', (context, e) => fx.startGrace(context, e.dueAt)),
    markTimeUp: assign(({ context, event }) => fx.markTimeUp(context, event.at)),
    grantFloor: withEvent('grantFloor', fx.grantFloor),
    raiseHand: assign(({ context, event }) => ({ floor: { ...context.floor!, handRaised: event.seat as Partner } })),
    lowerHand: assign(({ context }) => ({ floor: { ...context.floor!, handRaised: null } })),

    callPause: withEvent('callPause', fx.callPause),
    extendPause: withEvent('extendPause', fx.extendPause),
    markReady: withEvent('ready', fx.markReady),
    resume: assign(({ context, event }) => fx.resume(context, event.at)),
    proposeAdjourn: withEvent('proposeAdjourn', fx.proposeAdjourn),
    acceptAdjourn: withEvent('acceptAdjourn', fx.acceptAdjourn),
    adjourn: withEvent('acceptAdjourn', fx.adjourn),
    dropAdjournProposal: assign({ adjournProposal: null }),
    // Accepted into the talk's record (kept by the runner); the room's own state does not change.
    // Named so that XState counts the transition as taken (`can()` ignores empty ones).
    recordOnly: () => {},

    park: withEvent('park', lot.park),
    unpark: withEvent('unpark', lot.unpark),
    shareParked: withEvent('shareParked', lot.shareParked),

    proposeClose: withEvent('moveToClose', fx.proposeClose),
    acceptClose: withEvent('acceptClose', fx.acceptClose),
    dropCloseProposal: assign({ closeProposal: null }),
    closeTalk: assign(({ context, event }) => fx.moveToClose(context, event.at)),
    callBoundary: withEvent('callBoundary', fx.callBoundary),
    rephrase: assign(({ context, event }) => fx.clearBoundary(context, event.at)),
    parkSubject: withEvent('parkSubject', fx.parkSubject),
    appreciate: withEvent('appreciate', (context, e) => fx.setClosing(context, 'appreciation', e.seat as Partner, e.text)),
    commit: withEvent('commit', (context, e) => fx.setClosing(context, 'commitment', e.seat as Partner, e.text)),
    confirmClose: assign(({ context, event }) => fx.confirmClose(context, event.seat as Partner)),
    backToTalk: assign(({ context, event }) => fx.startSpeaking(context, context.floor!.speaker, event.at, false)),
  },
}).createMachine({
  id: 'room',
  context: ({ input }) => fx.initialContext(input),
  initial: 'agreement',
  on: {
    join: { guard: 'allowed', actions: 'markPresent' },
    setName: { guard: 'allowed', actions: 'setName' },
    leave: { guard: 'allowed', actions: ['markAbsent', 'releaseIfMediator'] },
    drop: { guard: 'allowed', actions: ['markDropped', 'releaseIfMediator'] },
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
        declineClose: { guard: 'allowed', actions: 'dropCloseProposal' },
        holdToTalk: { guard: 'allowed', actions: 'holdToTalk' },
        releaseTalk: { guard: 'allowed', actions: 'releaseTalk' },
      },
      states: {
        flow: {
          initial: 'speaking',
          states: {
            speaking: {
              on: {
                say: { guard: 'allowed', actions: 'countStatement' },
                // Aloud, the listener (or the mediator) names an agreed topic the speaker touched;
                // the speaker rephrases, or parks the subject for a later talk.
                callBoundary: { guard: 'allowed', actions: 'callBoundary' },
                rephrase: { guard: 'allowed', actions: 'rephrase' },
                parkSubject: { guard: 'allowed', actions: 'parkSubject' },
                yield: [
                  { guard: and(['allowed', 'somethingToMirror']), target: 'mirroring', actions: 'stopSpeaking' },
                  // Nothing new was said: treat it as "no more".
                  { guard: and(['allowed', 'deepListeningDue']), target: 'validating', actions: 'stopSpeaking' },
                  { guard: 'allowed', target: 'speaking', actions: ['stopSpeaking', 'swapFloor'] },
                ],
                // A turn ends kindly: its time running out starts a short grace (its own deadline),
                // and only when that passes does the floor move, as after a yield.
                timerElapsed: [
                  { guard: and(['isTurnDeadline', 'allowed', 'turnTimeRanOut']), actions: 'startGrace' },
                  { guard: and(['isTurnDeadline', 'allowed', 'somethingToMirror']), target: 'mirroring', actions: ['markTimeUp', 'stopSpeaking'] },
                  { guard: and(['isTurnDeadline', 'allowed', 'deepListeningDue']), target: 'validating', actions: ['markTimeUp', 'stopSpeaking'] },
                  { guard: and(['isTurnDeadline', 'allowed']), target: 'speaking', actions: ['markTimeUp', 'stopSpeaking', 'swapFloor'] },
                ],
                grantFloor: { guard: 'allowed', target: 'speaking', actions: 'grantFloor' },
                moveToClose: { guard: 'allowed', actions: 'proposeClose' },
                acceptClose: [
                  { guard: and(['allowed', 'closeProposalAgreed']), target: '#room.closing', actions: 'closeTalk' },
                  { guard: 'allowed', actions: 'acceptClose' },
                ],
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
                moveToClose: { guard: 'allowed', actions: 'proposeClose' },
                acceptClose: [
                  { guard: and(['allowed', 'closeProposalAgreed']), target: '#room.closing', actions: 'closeTalk' },
                  { guard: 'allowed', actions: 'acceptClose' },
                ],
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
          // Agreeing to adjourn works the same whether the talk runs or is already paused: once
          // both agree, the talk (or the pause on) becomes a long pause to the agreed time.
          on: {
            acceptAdjourn: [
              { guard: and(['allowed', 'adjournAgreed']), target: '.paused', actions: 'adjourn' },
              { guard: 'allowed', actions: 'acceptAdjourn' },
            ],
            // Each partner says they are ready, during the pause or once it is up ("ready" is
            // refused by its rule while no pause is on); when both are, the talk resumes.
            ready: [
              { guard: and(['allowed', 'readyCompletes']), target: '.running', actions: 'resume' },
              { guard: 'allowed', actions: 'markReady' },
            ],
          },
          states: {
            running: {
              on: {
                callPause: { guard: 'allowed', target: 'paused', actions: 'callPause' },
              },
            },
            paused: {
              on: {
                extendPause: { guard: 'allowed', actions: 'extendPause' },
                timerElapsed: { guard: and(['isPauseDeadline', 'allowed']), target: 'waitingReady' },
              },
            },
            waitingReady: {
              on: {
                extendPause: { guard: 'allowed', target: 'paused', actions: 'extendPause' },
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
        holdToTalk: { guard: 'allowed', actions: 'holdToTalk' },
        releaseTalk: { guard: 'allowed', actions: 'releaseTalk' },
      },
    },
    ended: { type: 'final' },
  },
});

export type ConversationMachine = typeof conversationMachine;
