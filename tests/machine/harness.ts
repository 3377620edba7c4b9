import { initialTransition } from 'xstate';
import {
  conversationMachine,
  explainRefusal,
  pendingDeadlines,
  stepOf,
  type Actor,
  type Refusal,
  type RoomCommand,
  type RoomContext,
  type RoomEvent,
  type RoomInput,
  type RoomSnapshot,
  step,
} from '../../shared/conversation';

/** A fixed evening: machine tests never read the real clock. */
export const T0 = Date.UTC(2026, 10, 23, 19, 0, 0);
export const SEC = 1000;
export const MIN = 60 * SEC;

/**
 * Runs the machine the way the server does: a pure `step()` on a snapshot, the refusal
 * explained first, time passed in by hand. Every refusal is checked to leave the room unchanged.
 */
export class TestRoom {
  snapshot: RoomSnapshot;
  now = T0;

  constructor(input: RoomInput = { hasMediator: false }) {
    [this.snapshot] = initialTransition(conversationMachine, input);
  }

  static restore(persisted: unknown, now: number): TestRoom {
    const room = new TestRoom();
    room.snapshot = conversationMachine.resolveState(persisted as { value: RoomSnapshot['value']; context: RoomContext });
    room.now = now;
    return room;
  }

  get ctx(): RoomContext {
    return this.snapshot.context;
  }

  get step() {
    return stepOf(this.snapshot);
  }

  /** Sends as `seat`; returns the refusal, or null when the room accepted it. */
  send(seat: Actor, command: RoomCommand): Refusal | null {
    const event = { ...command, seat, at: this.now } as RoomEvent;
    const refusal = explainRefusal(this.snapshot, event);
    if (this.snapshot.status === 'done') return refusal;
    const next = step(this.snapshot, event);
    if (refusal) {
      // The explainer and the machine must agree: a refused event changes nothing.
      if (JSON.stringify(next.context) !== JSON.stringify(this.snapshot.context) || JSON.stringify(next.value) !== JSON.stringify(this.snapshot.value))
        throw new Error(`${command.type} was refused (${refusal.code}) but the machine changed the room`);
    } else {
      this.snapshot = next;
    }
    return refusal;
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
