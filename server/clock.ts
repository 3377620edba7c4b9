/**
 * Time as an input: the room service reads the time and sets timers only through this, so
 * tests can move time by hand and the machine never sees a hidden `Date.now()`.
 */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Only the time: what a store needs to judge expiry, from the same clock as the service. */
export type TimeSource = Pick<Clock, 'now'>;

/** The wall clock, for the running app. Tests build a `ManualClock` instead and hand it to every part. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // A pending deadline must not keep a stopping process alive.
    t.unref();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};
