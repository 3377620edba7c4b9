import {
  currentMove,
  otherPartner,
  type Partner,
  type PendingDeadline,
  project,
  run,
  type RoomCommand,
  type RoomEvent,
  type RoomSnapshot,
  type Seat,
  Seat as Seats,
  startConversation,
  SYSTEM,
} from '../../../shared/conversation';
import type { Problem, RecordEntry } from '../../../shared/protocol';
import {
  assessMirror,
  hotSeatSetup,
  type MirrorFeedback,
  PRACTICE_PARTNER,
  PRACTICE_PERSON,
  partnerMove,
  practiceFinished,
  practiceSetup,
  type PracticeProgress,
  type PracticeScript,
  type Scenario,
} from '../../../shared/practice';
import { TalkActions } from './talkActions';
import type { TalkSurface } from './talkSurface';
import { markPracticed } from './practiceProgress';

/** How long the practice partner "takes" before answering, so its moves can be followed. */
const PARTNER_DELAY_MS = 400;

/**
 * Practice alone: the same machine as the live room, run in this browser, with a local scheduler
 * for its deadlines. With a scenario, a scripted partner holds seat B; without one (hot seat), the
 * person plays both seats and the screen follows whoever's move it is.
 */
export class PracticeSession extends TalkActions implements TalkSurface {
  readonly roomId: string;
  readonly scenario: Scenario | null;
  readonly #script: PracticeScript;
  #snapshot = $state.raw<RoomSnapshot>(startConversation({ hasMediator: false }));
  #record = $state.raw<RecordEntry[]>([]);
  #refusal = $state.raw<Problem | null>(null);
  #feedback = $state.raw<MirrorFeedback | null>(null);
  #progress: PracticeProgress = { round: 0 };
  #timers: ReturnType<typeof setTimeout>[] = [];
  #partnerTimer: ReturnType<typeof setTimeout> | null = null;
  #move = $derived(currentMove(this.#snapshot));
  #projection = $derived.by(() => {
    const p = project(this.#snapshot, this.#seatNow(), Date.now());
    // A practice ends with the person's heard turn, not with the closing ritual, and there is
    // nobody to adjourn with.
    return { ...p, controls: { ...p.controls, moveToClose: false, proposeAdjourn: false } };
  });
  #finished = $state(false);

  /** `topic` is the practice's topic, said in the person's language; `script` is practice in that language. */
  constructor(script: PracticeScript, scenario: Scenario | null, depth: 'mirror' | 'full', topic: string) {
    super();
    this.#script = script;
    this.scenario = scenario;
    this.roomId = `practice-${scenario?.id ?? 'hot-seat'}`;
    const setup = scenario ? practiceSetup(topic, depth) : hotSeatSetup(topic, depth);
    for (const { seat, command } of setup) this.#apply(seat, command);
    this.#partnerTurn();
  }

  get seat(): Seat {
    return this.#seatNow();
  }

  #seatNow(): Seat {
    // Hot seat: you are whoever's move it is.
    if (!this.scenario) return this.#move.by[0] ?? this.#snapshot.context.floor?.speaker ?? Seats.A;
    return PRACTICE_PERSON;
  }
  get context() { return this.#snapshot.context; }
  get record() { return this.#record; }
  get snapshot() { return this.#snapshot; }
  get projection() { return this.#projection; }
  get refusal() { return this.#refusal; }
  get feedback() { return this.#feedback; }
  get finished() { return this.#finished; }
  get isPartner() { return true; }
  get practice() { return true; }
  get speaker(): Partner | null { return this.#snapshot.context.floor?.speaker ?? null; }

  can(command: RoomCommand): boolean {
    // A practice ends with the person's heard turn, not with the closing ritual.
    if (command.type === 'moveToClose') return false;
    return this.#snapshot.can({ ...command, seat: this.seat, at: Date.now() } as RoomEvent);
  }
  clearRefusal(): void { this.#refusal = null; }

  async send(command: RoomCommand): Promise<Problem | null> {
    if (command.type === 'mirror' && this.scenario && this.seat === PRACTICE_PERSON) {
      const round = this.scenario.rounds[this.#progress.round];
      if (round) this.#feedback = assessMirror(command.text, round.keyPoints, this.#script.mirrorOpeners);
    }
    const seat = this.seat;
    const refusal = this.#apply(seat, command);
    // Nobody else is really here: the other seat is ready whenever the person is.
    if (!refusal && command.type === 'ready' && this.#snapshot.context.pause) this.#apply(otherPartner(seat as Partner), command);
    this.#refusal = refusal;
    if (!refusal) this.#partnerTurn();
    return refusal;
  }

  /** Applies one event to the local machine, as the server would; returns the refusal if any. */
  #apply(seat: Seat | typeof SYSTEM, command: RoomCommand): Problem | null {
    const outcome = run(this.#snapshot, command, seat, Date.now(), this.#record.length);
    if (!outcome.ok) return outcome.refusal;
    this.#snapshot = outcome.snapshot;
    if (outcome.entries.length) this.#record = [...this.#record, ...outcome.entries];
    this.#armDeadlines(outcome.deadlines);
    return null;
  }

  #armDeadlines(deadlines: PendingDeadline[]): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers = deadlines.map((d) =>
      setTimeout(() => {
        if (!this.#apply(SYSTEM, { type: 'timerElapsed', deadline: d.deadline, dueAt: d.dueAt })) this.#partnerTurn();
      }, Math.max(0, d.dueAt - Date.now())),
    );
  }

  /** Lets the scripted partner make its moves, one at a time, until it is the person's move. */
  #partnerTurn(): void {
    if (!this.scenario || this.#partnerTimer) return;
    const scenario = this.scenario;
    const next = partnerMove(this.#snapshot, this.#script, scenario, this.#progress, this.#record);
    if (!next) {
      if (practiceFinished(this.#progress, scenario, this.#snapshot) && !this.#finished) {
        this.#finished = true;
        markPracticed(scenario.id);
      }
      return;
    }
    this.#partnerTimer = setTimeout(() => {
      this.#partnerTimer = null;
      this.#progress = next.progress;
      this.#apply(PRACTICE_PARTNER, next.command);
      this.#partnerTurn();
    }, PARTNER_DELAY_MS);
  }

  stop(): void {
    for (const t of this.#timers) clearTimeout(t);
    if (this.#partnerTimer) clearTimeout(this.#partnerTimer);
  }
}
