import type { Clock } from './clock';
import { SealError } from './sealing/cipher';
import { KeyNotHeld } from './sealing/roomSeal';

/**
 * How long a step against the store is retried while the store cannot be reached or cannot
 * confirm a write (a Redis primary failing over to its replica takes a few seconds). Shorter than
 * a client's own retries (three waits of 8 s), so the client hears an answer before it gives up;
 * each retry of a command carries the command's id, so a write that did land is answered, not
 * applied again.
 */
export const STORE_RETRY_MS = 15_000;
const STORE_BACKOFF_MS = { first: 100, max: 1000 } as const;

/**
 * Failures that no wait will cure: a room whose texts do not open, a key this process does not
 * hold. Retrying them would only hold the room's queue for 15 s. Not every TypeError is ours to
 * stop on: node-redis throws them from inside while a cluster's slot map is changing (a failover),
 * and those pass with a retry.
 */
function permanent(err: unknown): boolean {
  return err instanceof SealError || err instanceof KeyNotHeld;
}

/**
 * Runs a step against the store, again and again while the store fails (a failover), for up to
 * `STORE_RETRY_MS`; then lets the last failure through. A permanent failure goes through at once.
 */
export async function persisting<T>(clock: Clock, step: () => Promise<T>): Promise<T> {
  const started = clock.now();
  for (let backoff: number = STORE_BACKOFF_MS.first; ; backoff = Math.min(backoff * 2, STORE_BACKOFF_MS.max)) {
    try {
      return await step();
    } catch (err) {
      if (permanent(err) || clock.now() - started + backoff > STORE_RETRY_MS) throw err;
      await new Promise<void>((resolve) => clock.setTimeout(() => resolve(), backoff));
    }
  }
}
