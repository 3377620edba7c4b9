import type { CommandReply, RecordEntry } from '../../shared/protocol';
import type { TimeSource } from '../clock';
import { deletedMark, newMarkKey } from '../secrets';
import type { Commit, CommitOutcome, RoomStore, StoredRoom } from './roomStore';

interface MemoryRoom {
  room: StoredRoom;
  record: RecordEntry[];
  /** Remembered replies in two generations: when the newer fills, the older is dropped whole. */
  replies: Map<string, CommandReply>;
  olderReplies: Map<string, CommandReply>;
  nextDueAt: number | null;
}

/**
 * Remembered replies per room: enough to cover any retry window (between 128 and 256 of the
 * latest), bounded so memory stays flat. Dropping a whole generation is O(1); evicting one
 * oldest key per event from a Map slowed every event down as deleted slots piled up.
 */
const REPLIES_PER_GENERATION = 128;
const APPLIED: CommitOutcome = { status: 'applied' };
const STALE: CommitOutcome = { status: 'stale' };

/** Rooms in this process's memory: the default, for one process and no Redis. Lost on restart. */
export class MemoryStore implements RoomStore {
  readonly shared = false;
  readonly #rooms = new Map<string, MemoryRoom>();
  /** Deleted rooms, by keyed hash of the id, until when they are remembered. */
  readonly #deleted = new Map<string, number>();
  readonly #markKey = newMarkKey();
  readonly clock: TimeSource;

  /**
   * `clock` is the clock retention is measured by: the service's own, with no default, so a test
   * cannot pair a fake service clock with a store that reads the wall clock.
   */
  constructor(clock: TimeSource) {
    this.clock = clock;
  }

  /** A room past its retention time is gone, whether or not a sweep has run. */
  #live(roomId: string): MemoryRoom | undefined {
    const r = this.#rooms.get(roomId);
    if (r && r.room.expiresAt <= this.clock.now()) {
      this.#rooms.delete(roomId);
      return undefined;
    }
    return r;
  }

  async create(room: StoredRoom): Promise<void> {
    this.#rooms.set(room.id, { room: { ...room }, record: [], replies: new Map(), olderReplies: new Map(), nextDueAt: null });
  }

  async get(roomId: string): Promise<StoredRoom | null> {
    const r = this.#live(roomId);
    // States are immutable by convention (the service builds a new one per event), so the room is
    // handed out as is: copying it on every event was a measurable share of the hot path.
    return r ? { ...r.room } : null;
  }

  async commit(roomId: string, expectedVersion: number, c: Commit): Promise<CommitOutcome> {
    const r = this.#live(roomId);
    const earlier = c.commandKey ? this.#recall(r, c.commandKey) : null;
    if (earlier) return { status: 'duplicate', reply: earlier };
    if (!r || r.room.state.version !== expectedVersion) return STALE;
    // In place: `get` hands out a copy of the room, never this object.
    r.room.state = c.state;
    r.room.expiresAt = c.expiresAt;
    r.nextDueAt = c.nextDueAt;
    r.record.push(...c.entries);
    if (c.commandKey && c.reply) {
      if (r.replies.size >= REPLIES_PER_GENERATION) {
        r.olderReplies = r.replies;
        r.replies = new Map();
      }
      r.replies.set(c.commandKey, c.reply);
    }
    return APPLIED;
  }

  async readRecord(roomId: string, fromSeq = 0): Promise<RecordEntry[]> {
    const record = this.#live(roomId)?.record ?? [];
    // Entries are numbered from 1 in order, so the slice is direct.
    return record.slice(Math.max(0, fromSeq - 1));
  }

  async recallReply(roomId: string, commandKey: string): Promise<CommandReply | null> {
    return this.#recall(this.#live(roomId), commandKey);
  }

  #recall(r: MemoryRoom | undefined, commandKey: string): CommandReply | null {
    return r?.replies.get(commandKey) ?? r?.olderReplies.get(commandKey) ?? null;
  }

  async delete(roomId: string, rememberUntil?: number): Promise<void> {
    this.#rooms.delete(roomId);
    if (rememberUntil === undefined) return;
    this.#deleted.set(deletedMark(roomId, this.#markKey), rememberUntil);
    // Forget the marks whose time is up, now and then, so the map stays as small as the rooms deleted lately.
    if (this.#deleted.size % 256 === 0) for (const [mark, until] of this.#deleted) if (until <= this.clock.now()) this.#deleted.delete(mark);
  }

  async wasDeleted(roomId: string): Promise<boolean> {
    const mark = deletedMark(roomId, this.#markKey);
    const until = this.#deleted.get(mark);
    if (until === undefined) return false;
    if (until > this.clock.now()) return true;
    this.#deleted.delete(mark);
    return false;
  }

  async roomIds(): Promise<string[]> {
    return [...this.#rooms.keys()].filter((id) => this.#live(id));
  }

  async dueRooms(now: number): Promise<string[]> {
    return [...this.#rooms.entries()].filter(([id, r]) => r.nextDueAt !== null && r.nextDueAt <= now && this.#live(id)).map(([id]) => id);
  }

  async close(): Promise<void> {}
}
