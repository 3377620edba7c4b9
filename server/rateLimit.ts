import { createHash } from 'node:crypto';
import type { Clock } from './clock';

export interface BucketSpec {
  /** How many at once. */
  burst: number;
  /** How many more per second, sustained. */
  perSecond: number;
}

/** Keys remembered before idle ones are swept out. */
const KEYS_BEFORE_SWEEP = 10_000;

/**
 * Token buckets per key (a connection, an address): a burst is allowed, then a steady rate.
 * Idle keys are forgotten, so memory stays bounded by who is active.
 */
export class RateLimiter {
  readonly #spec: BucketSpec;
  readonly #clock: Clock;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  #sweptAt = -Infinity;

  constructor(spec: BucketSpec, clock: Clock) {
    this.#spec = spec;
    this.#clock = clock;
  }

  /** Takes one token for `key`; false when the key is over its rate. */
  take(key: string): boolean {
    const now = this.#clock.now();
    const b = this.#buckets.get(key) ?? { tokens: this.#spec.burst, at: now };
    b.tokens = Math.min(this.#spec.burst, b.tokens + ((now - b.at) / 1000) * this.#spec.perSecond);
    b.at = now;
    const ok = b.tokens >= 1;
    if (ok) b.tokens -= 1;
    this.#buckets.set(key, b);
    if (this.#buckets.size > KEYS_BEFORE_SWEEP) this.#forgetIdle(now);
    return ok;
  }

  /** How many keys are remembered now. */
  get size(): number {
    return this.#buckets.size;
  }

  /** True while `key` has no token left (without taking one). */
  blocked(key: string): boolean {
    const b = this.#buckets.get(key);
    if (!b) return false;
    return Math.min(this.#spec.burst, b.tokens + ((this.#clock.now() - b.at) / 1000) * this.#spec.perSecond) < 1;
  }

  #forgetIdle(now: number): void {
    // A key idle long enough to have refilled is the same as a key never seen: forget it. At most
    // once per refill time: with many keys all active, sweeping on every take cost O(keys) each.
    const full = (this.#spec.burst / this.#spec.perSecond) * 1000;
    if (now - this.#sweptAt < full) return;
    this.#sweptAt = now;
    for (const [k, b] of this.#buckets) if (now - b.at > full) this.#buckets.delete(k);
  }
}

/** The limits in force. Generous for a person, hopeless for a script. */
export interface AbuseLimits {
  commandsPerConnection: BucketSpec;
  commandsPerAddress: BucketSpec;
  roomsPerAddress: BucketSpec;
  /** Failed seat handshakes: guessing a 256-bit key is hopeless anyway; this makes it noisy and slow too. */
  failedJoinsPerAddress: BucketSpec;
  /** Call signaling: a call's setup is a few descriptions and a dozen candidates; a restart, again. */
  signalsPerConnection: BucketSpec;
}

export const DEFAULT_LIMITS: AbuseLimits = {
  commandsPerConnection: { burst: 20, perSecond: 5 },
  commandsPerAddress: { burst: 120, perSecond: 40 },
  roomsPerAddress: { burst: 20, perSecond: 20 / 3600 },
  failedJoinsPerAddress: { burst: 10, perSecond: 1 / 6 },
  signalsPerConnection: { burst: 60, perSecond: 10 },
};

/** Addresses appear in logs only as a short one-way tag: enough to see a pattern, not who it is. */
export const addressTag = (address: string): string => createHash('sha256').update(address).digest('hex').slice(0, 10);

export class AbuseGuard {
  readonly commandsPerConnection: RateLimiter;
  readonly commandsPerAddress: RateLimiter;
  readonly roomsPerAddress: RateLimiter;
  readonly failedJoinsPerAddress: RateLimiter;
  readonly signalsPerConnection: RateLimiter;
  /** Warnings in the log, at most one a minute per address. */
  readonly warnings: RateLimiter;

  constructor(limits: AbuseLimits, clock: Clock) {
    this.warnings = new RateLimiter({ burst: 1, perSecond: 1 / 60 }, clock);
    this.commandsPerConnection = new RateLimiter(limits.commandsPerConnection, clock);
    this.commandsPerAddress = new RateLimiter(limits.commandsPerAddress, clock);
    this.roomsPerAddress = new RateLimiter(limits.roomsPerAddress, clock);
    this.failedJoinsPerAddress = new RateLimiter(limits.failedJoinsPerAddress, clock);
    this.signalsPerConnection = new RateLimiter(limits.signalsPerConnection, clock);
  }
}
