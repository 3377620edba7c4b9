import type { Clock } from '../../server/clock';

/** A clock that moves only when a test says so; due timers fire in order as it advances. */
export class ManualClock implements Clock {
  #now: number;
  #seq = 0;
  readonly #timers = new Map<number, { at: number; fn: () => void }>();

  constructor(start = Date.UTC(2026, 10, 23, 19, 0, 0)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.#seq;
    this.#timers.set(id, { at: this.#now + Math.max(0, ms), fn });
    for (const w of this.#waiting.filter((w) => w.ms === ms)) {
      this.#waiting.splice(this.#waiting.indexOf(w), 1);
      w.resolve();
    }
    return id;
  }

  readonly #waiting: Array<{ ms: number; resolve: () => void }> = [];
  /** Resolves when something sets a timer of `ms` (a retry's wait, say), so a test moves time only once it is waited on. */
  whenTimerSet(ms: number): Promise<void> {
    return new Promise((resolve) => this.#waiting.push({ ms, resolve }));
  }

  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  /** Moves time on by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    const until = this.#now + ms;
    for (;;) {
      const due = [...this.#timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.#timers.delete(due[0]);
      this.#now = Math.max(this.#now, due[1].at);
      due[1].fn();
    }
    this.#now = until;
  }

  get pending(): number {
    return this.#timers.size;
  }
}
