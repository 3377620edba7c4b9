import { project, type RoomCommand, type RoomSnapshot, Seat, Writing } from '../conversation';
import { assessMirror } from './mirrorFeedback';
import type { PracticeScript, Scenario } from './scenarios';

/** In practice the person is partner A; the scripted practice partner is B and speaks first. */
export const PRACTICE_PARTNER = Seat.B;
export const PRACTICE_PERSON = Seat.A;

/** Where the script stands: which of the partner's rounds is being said. */
export interface PracticeProgress {
  round: number;
}

/** What the partner's next move reads from the talk so far (the practice runner's local record). */
export interface SaidSoFar {
  seat: string;
  type: string;
  text?: string;
}

/** The commands that set up a practice room: the frame is agreed and signed for both seats, on `topic` (the scenario's, said in the person's language). */
export function practiceSetup(topic: string, depth: 'mirror' | 'full'): Array<{ seat: 'A' | 'B'; command: RoomCommand }> {
  return [
    { seat: 'A', command: { type: 'setTopic', topic } },
    { seat: 'A', command: { type: 'setSettings', settings: { firstSpeaker: PRACTICE_PARTNER, depth, turnSeconds: 300 } } },
    { seat: 'A', command: { type: 'sign' } },
    { seat: 'B', command: { type: 'sign' } },
  ];
}

/** Hot seat: one person plays both seats; the frame is agreed and signed for both, on `topic`. */
export function hotSeatSetup(topic: string, depth: 'mirror' | 'full'): Array<{ seat: 'A' | 'B'; command: RoomCommand }> {
  return [
    { seat: 'A', command: { type: 'setTopic', topic } },
    { seat: 'A', command: { type: 'setSettings', settings: { depth } } },
    { seat: 'A', command: { type: 'sign' } },
    { seat: 'B', command: { type: 'sign' } },
  ];
}

/** The person's statements not yet confirmed as heard, and any "not quite" since, in order. */
function unmirroredFromPerson(record: readonly SaidSoFar[]): string[] {
  const out: string[] = [];
  for (const e of record) {
    if (e.type === 'confirm') out.length = 0;
    else if (e.seat === PRACTICE_PERSON && (e.type === 'say' || e.type === 'notQuite') && e.text) out.push(e.text);
  }
  return out;
}

const lastMirror = (record: readonly SaidSoFar[]) => [...record].reverse().find((e) => e.type === 'mirror')?.text ?? '';

/**
 * The scripted partner's next move, or null when it is the person's move. Pure: it asks the seat
 * projection what seat B may do now, as any screen does, and the practice runner applies the
 * command to the same machine the server runs.
 */
export function partnerMove(
  snapshot: RoomSnapshot,
  script: PracticeScript,
  scenario: Scenario,
  progress: PracticeProgress,
  record: readonly SaidSoFar[],
): { command: RoomCommand; progress: PracticeProgress } | null {
  if (snapshot.status === 'done' || practiceFinished(progress, scenario, snapshot)) return null;
  const floor = snapshot.context.floor;
  if (!floor) return null;
  // The partner's moves do not depend on the time; only the adjournment window does.
  const me = project(snapshot, PRACTICE_PARTNER, 0);
  const round = scenario.rounds[progress.round];
  const stay = (command: RoomCommand) => ({ command, progress });

  switch (me.composer?.writing) {
    case Writing.Say:
      if (floor.roundStatements === 0 && round) return stay({ type: 'say', text: round.text });
      return stay({ type: 'yield' });
    case Writing.Mirror:
      return stay({ type: 'mirror', text: script.partner.mirror(unmirroredFromPerson(record).join(' ')) });
    case Writing.Validate:
      return stay({ type: 'validate', text: script.partner.validate });
    case Writing.Empathize:
      return stay({ type: 'empathize', text: script.partner.empathize });
    case Writing.NotQuite: {
      // Checking the person's mirror: confirm it once it covers every key point of this round.
      if (!round) return stay({ type: 'confirm' });
      const feedback = assessMirror(lastMirror(record), round.keyPoints, script.mirrorOpeners);
      return stay(feedback.missed.length === 0 ? { type: 'confirm' } : { type: 'notQuite', text: round.clarification });
    }
  }
  if (me.controls.more) {
    const next = { round: progress.round + 1 };
    return { command: next.round < scenario.rounds.length ? { type: 'more' } : { type: 'noMore' }, progress: next };
  }
  return null;
}

/** The practice is over once the partner has said everything and the person's own turn has been heard. */
export function practiceFinished(progress: PracticeProgress, scenario: Scenario, snapshot: RoomSnapshot): boolean {
  const partner = project(snapshot, PRACTICE_PARTNER, 0);
  return (
    progress.round >= scenario.rounds.length &&
    snapshot.context.fairness.A.turns >= 1 &&
    partner.holdsFloor &&
    partner.composer?.writing === Writing.Say
  );
}
