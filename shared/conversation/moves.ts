import type { SnapshotFrom } from 'xstate';
import type { ConversationMachine } from './machine';
import { type Phrase, person, phrase } from '../i18n/phrase';
import { otherPartner, type Partner, PARTNERS, type Seat } from './seats';
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
  text: Phrase;
}

/** Whose move it is and what that move is: the sentence the screen always shows. */
export function currentMove(snapshot: Pick<RoomSnapshot, 'value' | 'context'>): Move {
  const step = stepOf(snapshot);
  const ctx: RoomContext = snapshot.context;
  const sp = ctx.floor?.speaker;
  const speaker = sp && person(sp);
  const listener = sp && person(otherPartner(sp));
  const waitingOn = (done: Partner[]) => PARTNERS.filter((p) => !done.includes(p));
  const people = (seats: Partner[]) => seats.map(person);
  switch (step) {
    case Step.Agreement: {
      const by = waitingOn(ctx.agreement.signedBy);
      return { step, by, text: phrase('move_agreement', { waiting: people(by) }) };
    }
    case Step.Speaking:
      return { step, by: [sp!], text: phrase('move_speaking', { speaker: speaker!, listener: listener! }) };
    case Step.Mirroring:
      return { step, by: [otherPartner(sp!)], text: phrase('move_mirroring', { listener: listener! }) };
    case Step.Checking:
      return { step, by: [sp!], text: phrase('move_checking', { speaker: speaker! }) };
    case Step.AskingMore:
      return { step, by: [sp!], text: phrase('move_asking_more', { speaker: speaker! }) };
    case Step.Validating:
      return { step, by: [otherPartner(sp!)], text: phrase('move_validating', { listener: listener!, speaker: speaker! }) };
    case Step.Empathizing:
      return { step, by: [otherPartner(sp!)], text: phrase('move_empathizing', { listener: listener!, speaker: speaker! }) };
    case Step.Paused:
      return { step, by: [], text: phrase(ctx.pause?.kind === 'adjourn' ? 'move_adjourned' : 'move_paused') };
    case Step.WaitingReady: {
      const by = waitingOn(ctx.pause?.ready ?? []);
      return { step, by, text: phrase('move_waiting_ready', { waiting: people(by) }) };
    }
    case Step.Closing: {
      const by = waitingOn(ctx.closing.confirmedBy);
      return { step, by, text: phrase('move_closing', { waiting: people(by) }) };
    }
    case Step.Ended:
      return { step, by: [], text: phrase('move_ended') };
  }
}
