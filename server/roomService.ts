import type { KeyObject } from 'node:crypto';
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
import { Sealing } from '../shared/protocol/sealing';
import type { Clock } from './clock';
import { DeadlineScheduler } from './deadlineScheduler';
import { DEFAULT_RETENTION, expiresAt, type RetentionPolicy } from './retention';
import { SealError } from './sealing/cipher';
import { newContentKey, unwrapContentKey, wrapContentKey } from './sealing/contentKey';
import { type KnownState, PRESENCE_ONLY, RoomSeal, type StateSeal } from './sealing/roomSeal';
import { hashKey, keyMatches, newRoomId, newSeatKey } from './secrets';
import type { RoomStore, StoredRoom, StoredState } from './store/roomStore';
import { persisting } from './storeRetry';
import { projectChanges, projectView } from './views';
import { wireRefusal } from './wireRefusal';

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
/** Rooms whose latest state is kept at hand; beyond this, the least recently active is read from the store again. */
const RECENT_ROOMS_KEPT = 20_000;
const PARTNER_SEATS: readonly Seat[] = ['A', 'B'];

export const ROOM_DELETED_MESSAGE = 'This room was deleted by a partner. Nothing of it is kept on the server or on this device.';

const roomGone = (): CommandReply => ({
  ok: false,
  error: { code: WireErrorCode.RoomGone, message: 'This room no longer exists. It may have been deleted or have expired.' },
});

const NOT_OPEN_HERE: CommandReply = {
  ok: false,
  error: { code: WireErrorCode.Busy, message: 'This room is not open on this server right now. Reload the page to join it again; your draft is kept.' },
};

/**
 * What a process that holds no key to a room may still apply to it: presence, which reads and
 * writes no text (a survivor letting go of a dead process's seats, or seeing one back).
 */
const WITHOUT_KEY: ReadonlySet<RoomCommand['type']> = new Set(['join', 'drop']);

/** A room's state as this process knows it: in the clear and sealed, with its resolved snapshot. */
interface Known extends KnownState {
  snapshot: RoomSnapshot;
}

/** How one try at a command ended: whether its change was sent to the room, or an earlier reply to it replayed. */
interface Attempted {
  reply: CommandReply;
  sent: boolean;
  replayed?: true;
}

/** The earliest of the room's deadlines, or null when it has none. */
function earliest(deadlines: readonly PendingDeadline[]): number | null {
  let due: number | null = null;
  for (const d of deadlines) if (due === null || d.dueAt < due) due = d.dueAt;
  return due;
}

export function resolveSnapshot(state: Pick<StoredState, 'value' | 'context'>): RoomSnapshot {
  return restoreConversation(state);
}

/**
 * The authority over every room: one command at a time per room, it hands the command to the
 * shared runner (which stamps the sender's seat and the server's time, steps the machine, and
 * explains a refusal), commits the outcome (compare-and-set on the version), broadcasts it, and
 * re-arms the room's deadlines.
 *
 * Every text of a room is sealed before it reaches the store or a broadcast (`server/sealing`).
 * A room is open here (its content key in memory, its clear state at hand, its deadlines armed)
 * only while a connection to it is: the key comes unwrapped from a seat's secret at the
 * handshake, and goes with the last connection.
 */
export class RoomService {
  readonly #store: RoomStore;
  readonly #clock: Clock;
  readonly #broadcaster: Broadcaster;
  readonly #scheduler: DeadlineScheduler;
  readonly #queues = new Map<string, Promise<unknown>>();
  /**
   * The latest state of rooms open here as this process last committed or read it, in the clear
   * and sealed, with its resolved snapshot (resolving costs more than the event). Least recently
   * used first, and bounded; a room's entry goes with its key.
   */
  readonly #recent = new Map<string, Known>();
  /** Rooms open here: their seal (the content key) and how many connections to them this process holds. */
  readonly #open = new Map<string, { seal: RoomSeal; connections: number }>();
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
    // The content key is made here and kept only wrapped for each seat; this process lets go of it now.
    const contentKey = newContentKey();
    const room: StoredRoom = {
      id: roomId,
      expiresAt: expiresAt(snapshot.context, now, this.#retention),
      seatKeyHashes: Object.fromEntries(seats.map((s) => [s, hashKey(keys[s]!)])),
      wrappedKeys: Object.fromEntries(seats.map((s) => [s, wrapContentKey(contentKey, roomId, s, keys[s]!)])),
      createdAt: now,
      state: new RoomSeal(roomId, contentKey).sealNew({ version: 0, value: snapshot.value, context: snapshot.context, updatedAt: now, recordCount: 0 }),
    };
    // Writing the same new room again is harmless, so a failed write is simply retried.
    await this.#persisting(() => this.#store.create(room));
    return { roomId, keys };
  }

  /** Whether this room was deleted by a partner (remembered for the retention time). */
  wasDeleted(roomId: string): Promise<boolean> {
    return this.#persisting(() => this.#store.wasDeleted(roomId));
  }

  /**
   * Which seat this secret opens in this room, and the room's content key unwrapped with it; or
   * null, which says nothing else about the room. The key is for `connected`, and nothing else.
   */
  async unlock(roomId: string, secret: string): Promise<{ seat: Seat; contentKey: KeyObject } | null> {
    const room = await this.#persisting(() => this.#store.get(roomId));
    if (!room) return null;
    const seat = SEATS.find((s) => room.seatKeyHashes[s] !== undefined && keyMatches(secret, room.seatKeyHashes[s]!));
    const wrapped = seat && room.wrappedKeys?.[seat];
    if (!seat || !wrapped) return null;
    try {
      return { seat, contentKey: unwrapContentKey(wrapped, roomId, seat, secret) };
    } catch (err) {
      if (!(err instanceof SealError)) throw err;
      // The seat's hash matched, so its wrapping was made under an earlier sealing layout (a room
      // from before `Sealing.version` changed: it opens no seat until retention deletes it) or was
      // changed in the store. Worth a line, without the room.
      console.error(`a seat key matched but the content key it wraps did not open under ${Sealing.version}: a room sealed by an earlier version, or the store was changed`);
      return null;
    }
  }

  /**
   * A connection to the room opened here, with the key its seat's secret unwrapped: the room is
   * open here until the last such connection closes (`disconnected`). Its deadlines are armed by
   * the next change applied here (the connection's own `join`), and one that passed while nobody
   * was in the room fires then.
   */
  connected(roomId: string, contentKey: KeyObject): void {
    const open = this.#open.get(roomId);
    if (open) open.connections++;
    else this.#open.set(roomId, { seal: new RoomSeal(roomId, contentKey), connections: 1 });
  }

  /**
   * A connection to the room closed, after everything it sent was applied. With the last one,
   * the key, the clear state and the armed deadlines of the room are let go: the server cannot
   * read a room nobody is in.
   */
  disconnected(roomId: string): Promise<void> {
    return this.#enqueue(roomId, async () => {
      const open = this.#open.get(roomId);
      if (open && --open.connections === 0) this.#close(roomId);
    });
  }

  #close(roomId: string): void {
    this.#open.delete(roomId);
    this.#recent.delete(roomId);
    this.#scheduler.disarm(roomId);
  }

  /** What this process holds of a room that could be read: its key and a clear copy of its state (only while the room is open here). */
  holds(roomId: string): { key: boolean; clearState: boolean } {
    return { key: this.#open.has(roomId), clearState: this.#recent.has(roomId) };
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
    // The view and the record as stored, texts sealed: the page opens them with the key wrapped for its seat.
    const wrappedKey = room.wrappedKeys[seat] ?? '';
    return { protocol: PROTOCOL_VERSION, roomId, seat, wrappedKey, view: projectView(room.state, seat), record, serverNow: this.#clock.now() };
  }

  /**
   * Applies a command from `actor` to the room, after every command already queued for it. With
   * `origin` (the sender's connection), the sender's update comes back in the reply and the
   * broadcast leaves that connection out.
   */
  apply(roomId: string, actor: Actor, command: RoomCommand, commandId?: string, origin?: string): Promise<CommandReply> {
    return this.#enqueue(roomId, () => this.#apply(roomId, actor, command, commandId, origin));
  }

  /** Runs `task` after everything already queued for the room. */
  #enqueue<T>(roomId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(roomId) ?? Promise.resolve();
    const queued = previous.then(task);
    const settled = queued.catch(() => undefined);
    this.#queues.set(roomId, settled);
    // Drop the queue's tail once idle, so an idle room costs nothing here.
    void settled.then(() => {
      if (this.#queues.get(roomId) === settled) this.#queues.delete(roomId);
    });
    return queued;
  }

  #persisting<T>(step: () => Promise<T>): Promise<T> {
    return persisting(this.#clock, step);
  }

  async #apply(roomId: string, actor: Actor, command: RoomCommand, commandId?: string, origin?: string): Promise<CommandReply> {
    // A retried command (same id) is answered as it was the first time, never applied twice: the
    // commit finds it out in the same step, and a refusal asks the store before it is sent.
    const commandKey = commandId ? `${actor}:${commandId}` : undefined;
    const open = this.#open.get(roomId);
    // Not open here, only presence can be applied (on the sealed state); deadlines and the rest
    // wait for a process the room is open in, which the first person back makes.
    if (!open && !WITHOUT_KEY.has(command.type)) return (await this.#persisting(() => this.#store.get(roomId))) ? NOT_OPEN_HERE : roomGone();
    const seal: StateSeal = open?.seal ?? PRESENCE_ONLY;
    let tries = 0;
    const { reply, sent, replayed } = await this.#persisting(async () => {
      // After a failed try nothing known here is trusted: the store may not hold what was last
      // written (a write that failed may or may not have landed). Commands from the server itself
      // (presence, deadlines) carry no id: applied again they change nothing (a second deadline
      // is refused as stale; presence is set, not counted).
      if (tries++ > 0) this.#recent.delete(roomId);
      return this.#attempt(roomId, actor, command, commandKey, open, seal, origin);
    });
    // A try that failed may have landed all the same, and the retry then found it done (answered
    // from the store, or refused as stale) without anyone hearing of the change. A command
    // answered with its first reply may be the client retrying one whose every try here failed
    // after landing: the others may never have heard of it either. The reply does not wait for
    // that: the catch-up is the room's next step (so it reads, and arms, the room as it is then).
    if (!sent && (tries > 1 || replayed)) void this.#enqueue(roomId, () => this.#catchUp(roomId, seal));
    return reply;
  }

  /**
   * Tells every seat to fetch the room whole (an update that follows on from no version makes a
   * page `sync`), and arms the deadlines of the room as stored: after a write whose outcome went
   * unheard, this process cannot tell what the others saw.
   */
  async #catchUp(roomId: string, seal: StateSeal): Promise<void> {
    const known = await this.#persisting(() => this.#read(roomId, seal)).catch((err: Error) => {
      console.error(`catching up after a store failure failed: ${err.name}`);
      return null;
    });
    if (!known) return;
    if (this.#open.get(roomId)?.seal === seal) this.#scheduler.arm(roomId, pendingDeadlines(known.snapshot));
    const update: Update = { version: known.state.version, from: -1, entries: [], serverNow: this.#clock.now() };
    this.#broadcaster.update(roomId, [{ seats: known.snapshot.context.hasMediator ? SEATS : PARTNER_SEATS, update }]);
  }

  async #attempt(
    roomId: string,
    actor: Actor,
    command: RoomCommand,
    commandKey: string | undefined,
    open: { seal: RoomSeal } | undefined,
    seal: StateSeal,
    origin?: string,
  ): Promise<Attempted> {
    for (let attempt = 0; attempt < MAX_COMMIT_ATTEMPTS; attempt++) {
      // First try the state this process knows: a room is nearly always served by one process,
      // so it is the latest, and the store is not read at all. When another process moved the
      // room on (or it is gone), the compare-and-set below refuses, and the next try reads it.
      const known = open && attempt === 0 ? this.#recall(roomId) : undefined;
      const read = known ?? (await this.#read(roomId, seal));
      if (!read) return { reply: roomGone(), sent: false };
      const { state: current, snapshot } = read;
      const now = this.#clock.now();
      const outcome = run(snapshot, command, actor, now, current.recordCount);
      if (!outcome.ok) {
        // Refuse only on what the store holds: the state known here may be behind it.
        if (known) continue;
        const earlier = commandKey ? await this.#store.recallReply(roomId, commandKey) : null;
        if (earlier) return { reply: earlier, sent: false, replayed: true };
        return { reply: { ok: false, error: wireRefusal(outcome.refusal) }, sent: false };
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
      const sealed = seal.seal(state, read);
      const sealedEntries = seal.sealEntries(entries);
      const committed = await this.#store.commit(roomId, current.version, {
        state: sealed,
        entries: sealedEntries,
        commandKey,
        reply,
        expiresAt: expiresAt(next.context, now, this.#retention),
        nextDueAt: earliest(deadlines),
      });
      if (committed.status === 'duplicate') return { reply: committed.reply, sent: false, replayed: true };
      if (committed.status === 'stale') continue;

      if (open && this.#open.get(roomId) === open) {
        this.#remember(roomId, { state, sealed, snapshot: next });
        this.#scheduler.arm(roomId, deadlines);
      }
      // What is sent is the sealed state's change: the texts travel sealed (also through the
      // Redis stream that carries broadcasts to other processes), and each page opens them.
      const groups = projectChanges(read.sealed, sealed, next.context.hasMediator ? SEATS : PARTNER_SEATS).map(({ seats, change }) => ({
        seats,
        update: { ...change, entries: sealedEntries, serverNow: now },
      }));
      this.#broadcaster.update(roomId, groups, origin);
      // Remembered for a retry without the update: it is the sender's to have now, not to keep.
      const own = origin ? groups.find((g) => g.seats.includes(actor as Seat))?.update : undefined;
      return { reply: own ? { ...reply, update: own } : reply, sent: true };
    }
    return { reply: { ok: false, error: { code: WireErrorCode.Busy, message: 'The room is busy; please try again in a moment.' } }, sent: false };
  }

  /**
   * The room from the store, opened with `seal` (as is, for presence without a key); kept at
   * hand if the room is open here. Null when the room is gone.
   */
  async #read(roomId: string, seal: StateSeal): Promise<Known | null> {
    const room = await this.#store.get(roomId);
    if (!room) {
      this.#recent.delete(roomId);
      return null;
    }
    const state = seal.open(room.state);
    const known = { state, sealed: room.state, snapshot: resolveSnapshot(state) };
    return this.#open.get(roomId)?.seal === seal ? this.#remember(roomId, known) : known;
  }

  #recall(roomId: string): Known | undefined {
    const known = this.#recent.get(roomId);
    if (known) {
      this.#recent.delete(roomId);
      this.#recent.set(roomId, known);
    }
    return known;
  }

  #remember(roomId: string, known: Known): Known {
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

  /** Fires whatever deadlines of this room are due now, if it is open here; another process may have set them. */
  async fireDue(roomId: string): Promise<void> {
    if (!this.#open.has(roomId)) return;
    const room = await this.#persisting(() => this.#store.get(roomId));
    if (!room) return;
    const now = this.#clock.now();
    for (const d of pendingDeadlines(resolveSnapshot(room.state))) if (d.dueAt <= now) await this.#fire(roomId, d);
  }

  /**
   * After a start or restart. No room is open yet (no key is held until someone connects), so
   * nothing is armed: each room's deadlines are armed by its first connection, and one that
   * passed while nobody was in the room fires then. With a shared store, also watch for deadlines
   * other processes set, so a deadline fires even when the process that set it is gone (here, if
   * the room is open here); the compare-and-set commit makes a second firing a refused, stale one.
   */
  recover(): void {
    if (this.#store.shared && !this.#poller) this.#pollShared();
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
    if (refusal) return { ok: false, error: wireRefusal(refusal) };
    // Remembered as deleted (a keyed hash of the id) for as long as an idle room would have lasted,
    // so a device that was offline hears "deleted", not "no such seat", when it comes back.
    const rememberUntil = this.#clock.now() + this.#retention.idleMs;
    await this.#persisting(() => this.#store.delete(roomId, rememberUntil));
    this.#close(roomId);
    this.#broadcaster.notice(roomId, { code: NoticeCode.RoomDeleted, message: ROOM_DELETED_MESSAGE });
    return { ok: true, version: room.state.version };
  }

  stop(): void {
    this.#scheduler.stop();
    if (this.#poller) this.#clock.clearTimeout(this.#poller);
    this.#poller = null;
  }
}
