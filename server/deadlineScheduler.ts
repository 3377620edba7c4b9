import type { PendingDeadline } from '../shared/conversation';
import type { Clock } from './clock';

/**
 * Arms one timer per pending deadline of each room, derived afresh from the room's state after
 * every change. Nothing about a deadline lives only here: after a restart the same timers are
 * derived from the stored state, and a deadline already past fires at once.
 */
export class DeadlineScheduler {
  readonly #timers = new Map<string, unknown[]>();
  readonly #clock: Clock;
  readonly #fire: (roomId: string, deadline: PendingDeadline) => void;

  constructor(clock: Clock, fire: (roomId: string, deadline: PendingDeadline) => void) {
    this.#clock = clock;
    this.#fire = fire;
  }

  arm(roomId: string, deadlines: readonly PendingDeadline[]): void {
    this.disarm(roomId);
    if (deadlines.length === 0) return;
    const now = this.#clock.now();
    this.#timers.set(
      roomId,
      deadlines.map((d) => this.#clock.setTimeout(() => this.#fire(roomId, d), Math.max(0, d.dueAt - now))),
    );
  }

  disarm(roomId: string): void {
    for (const t of this.#timers.get(roomId) ?? []) this.#clock.clearTimeout(t);
    this.#timers.delete(roomId);
  }

  stop(): void {
    for (const id of [...this.#timers.keys()]) this.disarm(id);
  }

  get armedRooms(): number {
    return this.#timers.size;
  }
}
