import {
  pendingDeadlines,
  restoreConversation,
  run,
  startConversation,
  stepOf,
  type Actor,
  type RecordEntry,
  type Refusal,
  type RoomCommand,
  type RoomContext,
  type RoomEvent,
  type RoomInput,
  type RoomSnapshot,
} from '../../shared/conversation';
import { explainRefusal } from '../../shared/conversation/explain';
import { inEnglish } from '../../shared/i18n/english';
import { step } from '../../shared/conversation/step';

/** A fixed evening: machine tests never read the real clock. */
export const T0 = Date.UTC(2026, 10, 23, 19, 0, 0);
export const SEC = 1000;
export const MIN = 60 * SEC;

/**
 * Runs the machine the way the server does, through the one runner, with time passed in by hand.
 * Every refusal is checked to leave the room unchanged, and the record is kept as the server keeps it.
 */
/** A refusal, and its reason as an English reader is told it. */
export type Told = Refusal & { message: string };

export class TestRoom {
  snapshot: RoomSnapshot;
  record: RecordEntry[] = [];
  now = T0;

  constructor(input: RoomInput = { hasMediator: false }) {
    this.snapshot = startConversation(input);
  }

  static restore(persisted: unknown, now: number): TestRoom {
    const room = new TestRoom();
    room.snapshot = restoreConversation(persisted as { value: RoomSnapshot['value']; context: RoomContext });
    room.now = now;
    return room;
  }

  get ctx(): RoomContext {
    return this.snapshot.context;
  }

  get step() {
    return stepOf(this.snapshot);
  }

  /** Sends as `seat`; returns the refusal (with what an English reader is told), or null when the room accepted it. */
  send(seat: Actor, command: RoomCommand): Told | null {
    const outcome = run(this.snapshot, command, seat, this.now, this.record.length);
    if (!outcome.ok) {
      const told = { ...outcome.refusal, message: inEnglish(outcome.refusal.reason, this.ctx.names) };
      if (this.snapshot.status === 'done') return told;
      // The runner explains a refusal only when the machine took nothing; check the machine
      // agrees on its own too: a refused event changes nothing.
      const again = step(this.snapshot, { ...command, seat, at: this.now } as RoomEvent);
      if (JSON.stringify([again.value, again.context]) !== JSON.stringify([this.snapshot.value, this.snapshot.context]))
        throw new Error(`${command.type} was refused (${outcome.refusal.code}) but the machine changed the room`);
      return told;
    }
    // And the other way round: what the machine took, the explainer would not have refused.
    const refusal = explainRefusal(this.snapshot, outcome.event);
    if (refusal) throw new Error(`${command.type} was taken by the machine but explained as refused (${refusal.code})`);
    this.snapshot = outcome.snapshot;
    this.record.push(...outcome.entries);
    return null;
  }

  /** Sends and expects acceptance; fails the test with the refusal's message otherwise. */
  ok(seat: Actor, command: RoomCommand): this {
    const r = this.send(seat, command);
    if (r) throw new Error(`${seat} ${command.type} refused: ${r.code} — ${r.message}`);
    return this;
  }

  /** Moves time on and fires, in order, every deadline that has passed (as the server's scheduler does). */
  advance(ms: number): this {
    const until = this.now + ms;
    for (;;) {
      const due = pendingDeadlines(this.snapshot)
        .filter((d) => d.dueAt <= until)
        .sort((a, b) => a.dueAt - b.dueAt)[0];
      if (!due) break;
      this.now = Math.max(this.now, due.dueAt);
      this.send('system', { type: 'timerElapsed', deadline: due.deadline, dueAt: due.dueAt });
    }
    this.now = until;
    return this;
  }

  persisted(): unknown {
    return JSON.parse(JSON.stringify({ value: this.snapshot.value, context: this.snapshot.context }));
  }
}

/** A room past its agreement: topic set, both signed, partner A (or `first`) holds the floor. */
export function talkingRoom(opts: { depth?: 'mirror' | 'full'; first?: 'A' | 'B'; hasMediator?: boolean; offLimits?: string[] } = {}): TestRoom {
  const room = new TestRoom({ hasMediator: opts.hasMediator ?? false });
  room.ok('A', { type: 'setTopic', topic: 'How we share the evenings' });
  room.ok('A', { type: 'setSettings', settings: { depth: opts.depth ?? 'mirror', firstSpeaker: opts.first ?? 'A', turnSeconds: 120, pauseMinutes: 20 } });
  for (const text of opts.offLimits ?? []) {
    room.ok('A', { type: 'proposeOffLimits', text });
    const id = room.ctx.agreement.offLimits.at(-1)!.id;
    room.ok('B', { type: 'acceptOffLimits', id });
  }
  room.ok('A', { type: 'sign' }).ok('B', { type: 'sign' });
  return room;
}

/** Both partners agree to move to the close (A proposes, B accepts): the room is in the closing step. */
export function closeTalk(room: TestRoom, proposer: 'A' | 'B' | 'M' = 'A'): TestRoom {
  room.ok(proposer, { type: 'moveToClose' });
  for (const p of ['A', 'B'] as const) if (room.ctx.closeProposal && !room.ctx.closeProposal.acceptedBy.includes(p)) room.ok(p, { type: 'acceptClose' });
  return room;
}

/** One statement from the speaker, yielded, mirrored and confirmed: the floor may now move. */
export function mirroredRound(room: TestRoom, text = 'I felt alone on Friday night.'): TestRoom {
  const sp = room.ctx.floor!.speaker;
  const li = sp === 'A' ? 'B' : 'A';
  return room
    .ok(sp, { type: 'say', text })
    .ok(sp, { type: 'yield' })
    .ok(li, { type: 'mirror', text: `What I heard is: ${text}` })
    .ok(sp, { type: 'confirm' });
}

/** A room whose partners talk aloud ("together", or through the room's call), signed, A on the floor. */
export function signedAloud(
  mode: 'together' | 'call',
  opts: { depth?: 'mirror' | 'full'; hasMediator?: boolean; offLimits?: string[] } = {},
): TestRoom {
  const room = new TestRoom({ hasMediator: opts.hasMediator ?? false });
  room.ok('A', { type: 'setTopic', topic: 'Money' });
  room.ok('A', { type: 'setSettings', settings: { mode, depth: opts.depth ?? 'mirror' } });
  for (const text of opts.offLimits ?? []) {
    room.ok('A', { type: 'proposeOffLimits', text });
    room.ok('B', { type: 'acceptOffLimits', id: room.ctx.agreement.offLimits.at(-1)!.id });
  }
  return room.ok('A', { type: 'sign' }).ok('B', { type: 'sign' });
}
