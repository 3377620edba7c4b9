import type { PendingDeadline } from '../shared/conversation';
import type { Clock } from './clock';

/**
 * Arms one timer per pending deadline of each room, derived afresh from the room's state after
 * every change. Nothing about a deadline lives only here: after a restart the same timers are
 * derived from the stored state, and a deadline already past fires at once.
 */
const sameDeadlines = (a: readonly PendingDeadline[], b: readonly PendingDeadline[]) =>
  a.length === b.length && a.every((d, i) => d.deadline === b[i]!.deadline && d.dueAt === b[i]!.dueAt);

export class DeadlineScheduler {
  readonly #timers = new Map<string, { deadlines: readonly PendingDeadline[]; handles: unknown[] }>();
  readonly #clock: Clock;
  readonly #fire: (roomId: string, deadline: PendingDeadline) => void;

  constructor(clock: Clock, fire: (roomId: string, deadline: PendingDeadline) => void) {
    this.#clock = clock;
    this.#fire = fire;
  }

  arm(roomId: string, deadlines: readonly PendingDeadline[]): void {
    // Most events leave the deadlines as they were (a statement does not move the turn's end):
    // compared as they are, without building anything per event.
    const armed = this.#timers.get(roomId)?.deadlines;
    if (armed ? sameDeadlines(armed, deadlines) : deadlines.length === 0) return;
    this.disarm(roomId);
    if (deadlines.length === 0) return;
    const now = this.#clock.now();
    const handles = deadlines.map((d) =>
      this.#clock.setTimeout(() => {
        this.#timers.delete(roomId);
        this.#fire(roomId, d);
      }, Math.max(0, d.dueAt - now)),
    );
    this.#timers.set(roomId, { deadlines, handles });
  }

  disarm(roomId: string): void {
    for (const t of this.#timers.get(roomId)?.handles ?? []) this.#clock.clearTimeout(t);
    this.#timers.delete(roomId);
  }

  stop(): void {
    for (const id of [...this.#timers.keys()]) this.disarm(id);
  }

  get armedRooms(): number {
    return this.#timers.size;
  }
}
