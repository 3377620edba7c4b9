/**
 * The time as the server counts it, ticking once a second for countdowns. Deadlines in the
 * room's state are the server's epoch milliseconds; `offset` corrects for this device's clock.
 */
class ServerClock {
  #offset = 0;
  #now = $state(Date.now());
  #timer: ReturnType<typeof setInterval> | null = null;

  sync(serverNow: number): void {
    this.#offset = serverNow - Date.now();
    this.#now = serverNow;
    this.#timer ??= setInterval(() => (this.#now = Date.now() + this.#offset), 1000);
  }

  /** The server's time now; reactive, updated every second. */
  get now(): number {
    return this.#now;
  }

  /** The server's time at this instant (not reactive), for stamping local checks. */
  exact(): number {
    return Date.now() + this.#offset;
  }
}

export const serverClock = new ServerClock();

/** "4:05" for a number of milliseconds left; "11:59:51" from an hour up. */
export function formatLeft(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const two = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  return h > 0 ? `${h}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}` : `${Math.floor(s / 60)}:${two(s % 60)}`;
}
