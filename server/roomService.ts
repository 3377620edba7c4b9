import {
  callIsOn,
  pendingDeadlines,
  refuseDelete,
  restoreConversation,
  run,
  startConversation,
  type Actor,
  type PendingDeadline,
  type RoomCommand,
  type RoomSnapshot,
  type Seat,
  SEATS,
  SYSTEM,
} from '../shared/conversation';
import { type CommandReply, type CreateRoomRequest, type Notice, NoticeCode, PROTOCOL_VERSION, type Update, type Welcome, WireErrorCode } from '../shared/protocol';
import type { Clock } from './clock';
import { DeadlineScheduler } from './deadlineScheduler';
import { DEFAULT_RETENTION, expiresAt, type RetentionPolicy } from './retention';
import { hashKey, keyMatches, newRoomId, newSeatKey } from './secrets';
import type { RoomStore, StoredRoom, StoredState } from './store/roomStore';
import { projectChanges, projectView } from './views';

/** How the service reaches the people in a room; the Socket.IO transport implements it. */
export interface Broadcaster {
  /** Sends each group of seats its update (one encoding per group), leaving out the connection `except` (the sender, answered in its acknowledgement). */
  update(roomId: string, groups: ReadonlyArray<{ seats: readonly Seat[]; update: Update }>, except?: string): void;
  notice(roomId: string, notice: Notice): void;
}

export interface RoomServiceOptions {
  store: RoomStore;
  clock: Clock;
  broadcaster: Broadcaster;
  retention?: RetentionPolicy;
}

/** How often a process sharing its store looks for deadlines other processes set. */
const SHARED_DEADLINE_POLL_MS = 1000;

/** A compare-and-set that keeps losing means another process is busy with this room; try again soon. */
const MAX_COMMIT_ATTEMPTS = 8;
/**
 * How long a command is retried while the store cannot be reached or cannot confirm a write (a
 * Redis primary failing over to its replica takes a few seconds). Shorter than a client's own
 * retries (three waits of 8 s), so the client hears an answer before it gives up; each retry
 * carries the command's id, so a write that did land is answered, not applied again.
 */
const STORE_RETRY_MS = 15_000;
const STORE_BACKOFF_MS = { first: 100, max: 1000 } as const;
/** Rooms whose latest state is kept at hand; beyond this, the least recently active is read from the store again. */
const RECENT_ROOMS_KEPT = 20_000;
const PARTNER_SEATS: readonly Seat[] = ['A', 'B'];

export const ROOM_DELETED_MESSAGE = 'This room was deleted by a partner. Nothing of it is kept on the server or on this device.';

const roomGone = (): CommandReply => ({
  ok: false,
  error: { code: WireErrorCode.RoomGone, message: 'This room no longer exists. It may have been deleted or have expired.' },
});

export function resolveSnapshot(state: Pick<StoredState, 'value' | 'context'>): RoomSnapshot {
  return restoreConversation(state);
}

/**
 * The authority over every room: one command at a time per room, it hands the command to the
 * shared runner (which stamps the sender's seat and the server's time, steps the machine, and
 * explains a refusal), commits the outcome (compare-and-set on the version), broadcasts it, and
 * re-arms the room's deadlines.
 */
export class RoomService {
  readonly #store: RoomStore;
  readonly #clock: Clock;
  readonly #broadcaster: Broadcaster;
  readonly #scheduler: DeadlineScheduler;
  readonly #queues = new Map<string, Promise<unknown>>();
  /**
   * The latest state of recently active rooms as this process last committed or read it, with
   * its resolved snapshot (resolving costs more than the event). Least recently used first, and
   * bounded, so rooms that expire or go quiet do not stay here.
   */
  readonly #recent = new Map<string, { state: StoredState; snapshot: RoomSnapshot }>();
  readonly #retention: RetentionPolicy;
  #poller: unknown = null;

  constructor(options: RoomServiceOptions) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#broadcaster = options.broadcaster;
    this.#retention = options.retention ?? DEFAULT_RETENTION;
    this.#scheduler = new DeadlineScheduler(options.clock, (roomId, d) => void this.#fire(roomId, d));
  }

  async createRoom(opts: CreateRoomRequest): Promise<{ roomId: string; keys: Partial<Record<Seat, string>> }> {
    const roomId = newRoomId();
    const seats: Seat[] = opts.mediator ? [...SEATS] : ['A', 'B'];
    const keys = Object.fromEntries(seats.map((s) => [s, newSeatKey()])) as Partial<Record<Seat, string>>;
    const snapshot = startConversation({
      hasMediator: opts.mediator,
      topic: opts.topic?.trim(),
      carriedForward: opts.carriedForward,
      offLimits: opts.offLimits,
      settings: opts.settings,
    });
    const now = this.#clock.now();
    const room: StoredRoom = {
      id: roomId,
      expiresAt: expiresAt(snapshot.context, now, this.#retention),
      seatKeyHashes: Object.fromEntries(seats.map((s) => [s, hashKey(keys[s]!)])),
      createdAt: now,
      state: { version: 0, value: snapshot.value, context: snapshot.context, updatedAt: now, recordCount: 0 },
    };
    // Writing the same new room again is harmless, so a failed write is simply retried.
    await this.#persisting(() => this.#store.create(room));
    return { roomId, keys };
  }

  /** Whether this room was deleted by a partner (remembered for the retention time). */
  wasDeleted(roomId: string): Promise<boolean> {
    return this.#persisting(() => this.#store.wasDeleted(roomId));
  }

  /** Which seat this key opens in this room, or null; says nothing else about the room. */
  async seatFor(roomId: string, key: string): Promise<Seat | null> {
    const room = await this.#persisting(() => this.#store.get(roomId));
    if (!room) return null;
    return SEATS.find((s) => room.seatKeyHashes[s] !== undefined && keyMatches(key, room.seatKeyHashes[s]!)) ?? null;
  }

  /**
   * Is this room's voice call on now? Read from the store, not this process's memory of the
   * room: with several processes, another may have started or ended the talk.
   */
  async callOn(roomId: string): Promise<boolean> {
    const room = await this.#persisting(() => this.#store.get(roomId));
    return room !== null && callIsOn(room.state);
  }

  async welcome(roomId: string, seat: Seat): Promise<Welcome | null> {
    const room = await this.#persisting(() => this.#store.get(roomId));
    if (!room) return null;
    const record = await this.#persisting(() => this.#store.readRecord(roomId));
    return { protocol: PROTOCOL_VERSION, roomId, seat, view: projectView(room.state, seat), record, serverNow: this.#clock.now() };
  }

  /**
   * Applies a command from `actor` to the room, after every command already queued for it. With
   * `origin` (the sender's connection), the sender's update comes back in the reply and the
   * broadcast leaves that connection out.
   */
  apply(roomId: string, actor: Actor, command: RoomCommand, commandId?: string, origin?: string): Promise<CommandReply> {
    const previous = this.#queues.get(roomId) ?? Promise.resolve();
    const queued = previous.then(() => this.#apply(roomId, actor, command, commandId, origin));
    const settled = queued.catch(() => undefined);
    this.#queues.set(roomId, settled);
    // Drop the queue's tail once idle, so an idle room costs nothing here.
    void settled.then(() => {
      if (this.#queues.get(roomId) === settled) this.#queues.delete(roomId);
    });
    return queued;
  }

  /**
   * Runs a step against the store, again and again while the store fails (a failover), for up
   * to `STORE_RETRY_MS`; then lets the last failure through.
   */
  async #persisting<T>(step: () => Promise<T>): Promise<T> {
    const started = this.#clock.now();
    for (let backoff: number = STORE_BACKOFF_MS.first; ; backoff = Math.min(backoff * 2, STORE_BACKOFF_MS.max)) {
      try {
        return await step();
      } catch (err) {
        if (this.#clock.now() - started + backoff > STORE_RETRY_MS) throw err;
        await new Promise<void>((resolve) => this.#clock.setTimeout(() => resolve(), backoff));
      }
    }
  }

  async #apply(roomId: string, actor: Actor, command: RoomCommand, commandId?: string, origin?: string): Promise<CommandReply> {
    // A retried command (same id) is answered as it was the first time, never applied twice: the
    // commit finds it out in the same step, and a refusal asks the store before it is sent.
    const commandKey = commandId ? `${actor}:${commandId}` : undefined;
    let fresh = false;
    return this.#persisting(async () => {
      // After a failed try nothing known here is trusted: the store may not hold what was last
      // written (a write that failed may or may not have landed). Commands from the server itself
      // (presence, deadlines) carry no id: applied again they change nothing (a second deadline
      // is refused as stale; presence is set, not counted).
      if (fresh) this.#recent.delete(roomId);
      fresh = true;
      return this.#attempt(roomId, actor, command, commandKey, origin);
    });
  }

  async #attempt(roomId: string, actor: Actor, command: RoomCommand, commandKey: string | undefined, origin?: string): Promise<CommandReply> {
    for (let attempt = 0; attempt < MAX_COMMIT_ATTEMPTS; attempt++) {
      // First try the state this process knows: a room is nearly always served by one process,
      // so it is the latest, and the store is not read at all. When another process moved the
      // room on (or it is gone), the compare-and-set below refuses, and the next try reads it.
      const known = attempt === 0 ? this.#recall(roomId) : undefined;
      const room = known ? null : await this.#store.get(roomId);
      if (!known && !room) {
        this.#recent.delete(roomId);
        return roomGone();
      }
      const { state: current, snapshot } = known ?? this.#remember(roomId, room!.state, resolveSnapshot(room!.state));
      const now = this.#clock.now();
      const outcome = run(snapshot, command, actor, now, current.recordCount);
      if (!outcome.ok) {
        // Refuse only on what the store holds: the state known here may be behind it.
        if (known) continue;
        const earlier = commandKey ? await this.#store.recallReply(roomId, commandKey) : null;
        return earlier ?? { ok: false, error: outcome.refusal };
      }
      const { snapshot: next, entries, deadlines } = outcome;
      const state: StoredState = {
        version: current.version + 1,
        value: next.value,
        context: next.context,
        updatedAt: now,
        recordCount: current.recordCount + entries.length,
      };
      const reply: CommandReply = { ok: true, version: state.version };
      const committed = await this.#store.commit(roomId, current.version, {
        state,
        entries,
        commandKey,
        reply,
        expiresAt: expiresAt(next.context, now, this.#retention),
        nextDueAt: deadlines.length ? Math.min(...deadlines.map((d) => d.dueAt)) : null,
      });
      if (committed.status === 'duplicate') return committed.reply;
      if (committed.status === 'stale') continue;

      this.#remember(roomId, state, next);
      this.#scheduler.arm(roomId, deadlines);
      const groups = projectChanges(current, state, next.context.hasMediator ? SEATS : PARTNER_SEATS).map(({ seats, change }) => ({
        seats,
        update: { ...change, entries, serverNow: now },
      }));
      this.#broadcaster.update(roomId, groups, origin);
      // Remembered for a retry without the update: it is the sender's to have now, not to keep.
      const own = origin ? groups.find((g) => g.seats.includes(actor as Seat))?.update : undefined;
      return own ? { ...reply, update: own } : reply;
    }
    return { ok: false, error: { code: WireErrorCode.Busy, message: 'The room is busy; please try again in a moment.' } };
  }

  #recall(roomId: string): { state: StoredState; snapshot: RoomSnapshot } | undefined {
    const known = this.#recent.get(roomId);
    if (known) {
      this.#recent.delete(roomId);
      this.#recent.set(roomId, known);
    }
    return known;
  }

  #remember(roomId: string, state: StoredState, snapshot: RoomSnapshot): { state: StoredState; snapshot: RoomSnapshot } {
    const known = { state, snapshot };
    this.#recent.delete(roomId);
    this.#recent.set(roomId, known);
    if (this.#recent.size > RECENT_ROOMS_KEPT) this.#recent.delete(this.#recent.keys().next().value!);
    return known;
  }

  async #fire(roomId: string, d: PendingDeadline): Promise<void> {
    // A refusal here is a stale deadline (the room moved on); nothing to do. A store that stays
    // out of reach past the retries leaves the deadline in the store's index: whichever process
    // polls it next fires it.
    await this.apply(roomId, SYSTEM, { type: 'timerElapsed', deadline: d.deadline, dueAt: d.dueAt }).catch((err: Error) =>
      console.error(`deadline failed in a room: ${err.name}`),
    );
  }

  /** Fires whatever deadlines of this room are due now; another process may have set them. */
  async fireDue(roomId: string): Promise<void> {
    const room = await this.#persisting(() => this.#store.get(roomId));
    if (!room) return;
    const now = this.#clock.now();
    for (const d of pendingDeadlines(resolveSnapshot(room.state))) if (d.dueAt <= now) await this.#fire(roomId, d);
  }

  /**
   * After a start or restart: re-arm every stored room's deadlines from its state (one that
   * passed while nothing ran fires at once). With a shared store, also watch for deadlines that
   * other processes set, so a deadline fires even when the process that set it is gone; the
   * compare-and-set commit makes a second firing a refused, stale one.
   */
  async recover(): Promise<number> {
    const ids = await this.#store.roomIds();
    for (const id of ids) {
      const room = await this.#store.get(id);
      if (room) this.#scheduler.arm(id, pendingDeadlines(resolveSnapshot(room.state)));
    }
    if (this.#store.shared && !this.#poller) this.#pollShared();
    return ids.length;
  }

  #pollShared(): void {
    this.#poller = this.#clock.setTimeout(async () => {
      try {
        for (const id of await this.#store.dueRooms(this.#clock.now())) await this.fireDue(id);
      } catch (err) {
        console.error(`deadline poll failed: ${(err as Error).name}`);
      }
      if (this.#poller) this.#pollShared();
    }, SHARED_DEADLINE_POLL_MS);
  }

  /** Either partner can delete the room now: it is removed everywhere, and everyone in it is told. */
  async deleteRoom(roomId: string, seat: Seat): Promise<CommandReply> {
    await (this.#queues.get(roomId) ?? Promise.resolve());
    const room = await this.#persisting(() => this.#store.get(roomId));
    if (!room) return roomGone();
    const refusal = refuseDelete(resolveSnapshot(room.state), seat);
    if (refusal) return { ok: false, error: refusal };
    // Remembered as deleted (a keyed hash of the id) for as long as an idle room would have lasted,
    // so a device that was offline hears "deleted", not "no such seat", when it comes back.
    const rememberUntil = this.#clock.now() + this.#retention.idleMs;
    await this.#persisting(() => this.#store.delete(roomId, rememberUntil));
    this.#scheduler.disarm(roomId);
    this.#recent.delete(roomId);
    this.#broadcaster.notice(roomId, { code: NoticeCode.RoomDeleted, message: ROOM_DELETED_MESSAGE });
    return { ok: true, version: room.state.version };
  }

  stop(): void {
    this.#scheduler.stop();
    if (this.#poller) this.#clock.clearTimeout(this.#poller);
    this.#poller = null;
  }
}
