import type { SnapshotFrom } from 'xstate';
import type { ConversationMachine } from './machine';
import { nameOf, otherPartner, type Partner, PARTNERS, type Seat } from './seats';
import type { RoomContext } from './types';

export type RoomSnapshot = SnapshotFrom<ConversationMachine>;

/** The named steps a person can be in; the screen shows exactly one. */
export const Step = {
  Agreement: 'agreement',
  Speaking: 'speaking',
  Mirroring: 'mirroring',
  Checking: 'checking',
  AskingMore: 'askingMore',
  Validating: 'validating',
  Empathizing: 'empathizing',
  Paused: 'paused',
  WaitingReady: 'waitingReady',
  Closing: 'closing',
  Ended: 'ended',
} as const;
export type Step = (typeof Step)[keyof typeof Step];

export type TalkStep = 'speaking' | 'mirroring' | 'checking' | 'askingMore' | 'validating' | 'empathizing';

/** Where the room stands, from a snapshot's value: the talk's step, with a pause taking precedence. */
export function stepOf(snapshot: Pick<RoomSnapshot, 'value'>): Step {
  const v = snapshot.value;
  if (typeof v === 'string') return v as Step;
  const talk = (v as { talk: { flow: TalkStep; pause: 'running' | 'paused' | 'waitingReady' } }).talk;
  if (talk.pause !== 'running') return talk.pause;
  return talk.flow;
}

/** The step of the talk itself, even while paused: where the talk resumes. */
export function talkStepOf(snapshot: Pick<RoomSnapshot, 'value'>): TalkStep | null {
  const v = snapshot.value;
  return typeof v === 'string' ? null : (v as { talk: { flow: TalkStep } }).talk.flow;
}

export interface Move {
  step: Step;
  /** Whose move it is; empty when the room waits on nobody in particular. */
  by: Seat[];
  /** One sentence, for everyone: what happens now. */
  text: string;
}

/** Whose move it is and what that move is: the sentence the screen always shows. */
export function currentMove(snapshot: Pick<RoomSnapshot, 'value' | 'context'>): Move {
  const step = stepOf(snapshot);
  const ctx: RoomContext = snapshot.context;
  const name = (s: Seat) => nameOf(ctx, s);
  const sp = ctx.floor?.speaker;
  const li = sp && otherPartner(sp);
  const waitingOn = (done: Partner[]) => PARTNERS.filter((p) => !done.includes(p));
  switch (step) {
    case Step.Agreement: {
      const by = waitingOn(ctx.agreement.signedBy);
      return { step, by, text: `Set the frame together, then sign. Waiting for ${by.map(name).join(' and ')} to sign.` };
    }
    case Step.Speaking:
      return { step, by: [sp!], text: `${name(sp!)} is speaking; ${name(li!)} listens.` };
    case Step.Mirroring:
      return { step, by: [li!], text: `${name(li!)} says back what they heard.` };
    case Step.Checking:
      return { step, by: [sp!], text: `${name(sp!)} says whether that mirror is right, or "not quite".` };
    case Step.AskingMore:
      return { step, by: [sp!], text: `Is there more? ${name(sp!)} decides.` };
    case Step.Validating:
      return { step, by: [li!], text: `${name(li!)} says how ${name(sp!)} makes sense to them.` };
    case Step.Empathizing:
      return { step, by: [li!], text: `${name(li!)} imagines how ${name(sp!)} might be feeling.` };
    case Step.Paused:
      return ctx.pause?.kind === 'adjourn'
        ? { step, by: [], text: 'The talk is adjourned. It waits, exactly as it stood, until you both come back.' }
        : { step, by: [], text: 'The talk is paused. Breathe; it waits for both of you.' };
    case Step.WaitingReady: {
      const by = waitingOn(ctx.pause?.ready ?? []);
      return { step, by, text: `The pause is over. Waiting for ${by.map(name).join(' and ')} to say they are ready.` };
    }
    case Step.Closing: {
      const by = waitingOn(ctx.closing.confirmedBy);
      return { step, by, text: `Closing: each partner shares one appreciation, then confirms. Waiting for ${by.map(name).join(' and ')}.` };
    }
    case Step.Ended:
      return { step, by: [], text: 'The talk has ended. The summary is ready.' };
  }
}
