import { randomUUID } from 'node:crypto';
import type { Seat } from '../../shared/conversation';
import type { Clock } from '../clock';
import type { RedisConnection } from './redisConnection';
import { RedisKeys as K } from './redisKeys';

export interface LeaseTiming {
  /** How often a live process says so. */
  beatMs: number;
  /** Silent this long, a process is taken for dead and its seats for dropped. */
  deadAfterMs: number;
}

export const DEFAULT_LEASE_TIMING: LeaseTiming = { beatMs: 2000, deadAfterMs: 6000 };

/** What the room service does when a dead process's seat is let go, and when it turns out to be back. */
export interface SeatEvents {
  dropped(roomId: string, seat: Seat): Promise<void>;
  returned(roomId: string, seat: Seat): Promise<void>;
}

const PROCS = K.procs;
const holdersKey = K.holders;
const heldByKey = K.heldBy;
/** Until the room's next commit gives it the room's own TTL: holders are only a hint. */
const HOLDERS_TTL_MS = 48 * 3_600_000;

// Who holds a seat, kept beside the room (same slot): it lives as long as the room (the commit
// sets its TTL with the room's) and goes with it when the room is deleted.
const HOLD = `
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
local ttl = redis.call('PTTL', KEYS[2])
redis.call('PEXPIRE', KEYS[1], ttl > 0 and ttl or tonumber(ARGV[3]))
return 1
`;

// Let go of a seat only if the dead process still holds it: a device that came back through
// another process has taken the seat over, and is there.
const RELEASE_IF_HELD_BY = `
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
  redis.call('HDEL', KEYS[1], ARGV[1])
  return 1
end
return 0
`;

/**
 * Which process holds each seat's live connection, when several processes share Redis. A process
 * that is killed cannot tell anyone that its connections are gone, so the others would keep
 * showing its people as "here". Each process beats every few seconds; when one falls silent,
 * exactly one survivor claims its seats and reports each as dropped ("reconnecting"), unless
 * the person has already come back through another process.
 */
export class SeatLeases {
  readonly procId = randomUUID();
  readonly #client: RedisConnection;
  readonly #clock: Clock;
  readonly #timing: LeaseTiming;
  readonly #events: SeatEvents;
  /** The connections this process holds, as `roomId seat connection`: to take them back if others wrongly gave us up. */
  readonly #held = new Set<string>();
  #timer: unknown = null;
  #beaten = false;
  #stopped = false;

  constructor(client: RedisConnection, clock: Clock, events: SeatEvents, timing: LeaseTiming = DEFAULT_LEASE_TIMING) {
    this.#client = client;
    this.#clock = clock;
    this.#events = events;
    this.#timing = timing;
  }

  /**
   * This process now holds the seat, through this connection. Called before the seat's `join`
   * is applied. Per connection, so a device that drops and comes straight back here is not
   * released by its old connection closing late.
   */
  async hold(roomId: string, seat: Seat, connection: string): Promise<void> {
    // Two slots, so two steps, in this order: a process killed between them leaves an entry in
    // its own list that no holder matches, which the sweep skips; the other order would leave a
    // holder no sweep ever lets go of, and the seat would look held for ever.
    await this.#client.sAdd(heldByKey(this.procId), `${roomId} ${seat} ${connection}`);
    await this.#client.eval(HOLD, { keys: [holdersKey(roomId), K.room(roomId)], arguments: [seat, `${this.procId} ${connection}`, String(HOLDERS_TTL_MS)] });
    this.#held.add(`${roomId} ${seat} ${connection}`);
  }

  /** The connection closed here (the seat's own leave or drop is applied by the transport). */
  async release(roomId: string, seat: Seat, connection: string): Promise<void> {
    this.#held.delete(`${roomId} ${seat} ${connection}`);
    if (this.#stopped || !this.#client.isOpen) return; // shutting down: survivors sweep what is left
    await this.#client.eval(RELEASE_IF_HELD_BY, { keys: [holdersKey(roomId)], arguments: [seat, `${this.procId} ${connection}`] });
    await this.#client.sRem(heldByKey(this.procId), `${roomId} ${seat} ${connection}`);
  }

  /** Who holds the seat now (`process connection`), if anyone. */
  holder(roomId: string, seat: Seat): Promise<string | null> {
    return this.#client.hGet(holdersKey(roomId), seat).then((h) => h ?? null);
  }

  start(): void {
    const tick = async () => {
      try {
        const added = await this.#client.zAdd(PROCS, { score: this.#clock.now(), value: this.procId });
        // Missing from the list after our first beat: we stalled so long that another process
        // took us for dead and gave up our seats. Our connections are alive: take them back.
        if (added === 1 && this.#beaten) await this.#reclaim();
        this.#beaten = true;
        await this.#sweep();
      } catch (err) {
        // After stop() a beat still in flight may meet a closed connection: nothing to report.
        if (!this.#stopped) console.error(`seat leases: ${(err as Error).name}`);
      }
      if (this.#timer) this.#timer = this.#clock.setTimeout(tick, this.#timing.beatMs);
    };
    this.#timer = this.#clock.setTimeout(tick, 0);
  }

  async #reclaim(): Promise<void> {
    for (const entry of [...this.#held]) {
      const [roomId, seat, connection] = entry.split(' ') as [string, Seat, string];
      await this.hold(roomId, seat, connection);
      await this.#events.returned(roomId, seat);
    }
  }

  async #sweep(): Promise<void> {
    const silent = await this.#client.zRangeByScore(PROCS, '-inf', this.#clock.now() - this.#timing.deadAfterMs);
    for (const dead of silent) {
      if (dead === this.procId) continue; // we are here, whatever our last beat says
      // Exactly one survivor claims a dead process.
      if ((await this.#client.zRem(PROCS, dead)) !== 1) continue;
      const seats = await this.#client.sMembers(heldByKey(dead));
      await this.#client.del(heldByKey(dead));
      for (const entry of seats) {
        const [roomId, seat, connection] = entry.split(' ') as [string, Seat, string];
        const released = await this.#client.eval(RELEASE_IF_HELD_BY, { keys: [holdersKey(roomId)], arguments: [seat, `${dead} ${connection}`] });
        if (released !== 1) continue;
        await this.#events.dropped(roomId, seat);
        // The person may have come back through another process between the release and the
        // drop: whoever holds the seat took it before applying their join, so it shows here.
        if ((await this.holder(roomId, seat)) !== null) await this.#events.returned(roomId, seat);
      }
    }
  }

  /** Stops beating and leaves the process list (a clean shutdown; its connections close on their own). */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#client.isOpen) await this.#client.zRem(PROCS, this.procId).catch(() => undefined);
  }
}
