import type { CommandReply, RecordEntry } from '../../shared/protocol';
import type { Commit, RoomStore, StoredRoom } from './roomStore';

interface MemoryRoom {
  room: StoredRoom;
  record: RecordEntry[];
  replies: Map<string, CommandReply>;
  nextDueAt: number | null;
}

/** Remembered replies per room: enough to cover any retry window, bounded so memory stays flat. */
const REPLIES_KEPT = 256;

/** Rooms in this process's memory: the default, for one process and no Redis. Lost on restart. */
export class MemoryStore implements RoomStore {
  readonly shared = false;
  readonly #rooms = new Map<string, MemoryRoom>();
  readonly #now: () => number;

  /** `now` is the clock retention is measured by (the service's clock). */
  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** A room past its retention time is gone, whether or not a sweep has run. */
  #live(roomId: string): MemoryRoom | undefined {
    const r = this.#rooms.get(roomId);
    if (r && r.room.expiresAt <= this.#now()) {
      this.#rooms.delete(roomId);
      return undefined;
    }
    return r;
  }

  async create(room: StoredRoom): Promise<void> {
    this.#rooms.set(room.id, { room: { ...room }, record: [], replies: new Map(), nextDueAt: null });
  }

  async get(roomId: string): Promise<StoredRoom | null> {
    const r = this.#live(roomId);
    // States are immutable by convention (the service builds a new one per event), so the room is
    // handed out as is: copying it on every event was a measurable share of the hot path.
    return r ? { ...r.room } : null;
  }

  async commit(roomId: string, expectedVersion: number, c: Commit): Promise<boolean> {
    const r = this.#live(roomId);
    if (!r || r.room.state.version !== expectedVersion) return false;
    r.room = { ...r.room, state: c.state };
    r.room = { ...r.room, expiresAt: c.expiresAt };
    r.nextDueAt = c.nextDueAt;
    r.record.push(...c.entries);
    if (c.commandKey && c.reply) {
      r.replies.set(c.commandKey, c.reply);
      if (r.replies.size > REPLIES_KEPT) r.replies.delete(r.replies.keys().next().value!);
    }
    return true;
  }

  async readRecord(roomId: string, fromSeq = 0): Promise<RecordEntry[]> {
    const record = this.#live(roomId)?.record ?? [];
    // Entries are numbered from 1 in order, so the slice is direct.
    return record.slice(Math.max(0, fromSeq - 1));
  }

  async recallReply(roomId: string, commandKey: string): Promise<CommandReply | null> {
    return this.#live(roomId)?.replies.get(commandKey) ?? null;
  }

  async delete(roomId: string): Promise<void> {
    this.#rooms.delete(roomId);
  }

  async roomIds(): Promise<string[]> {
    return [...this.#rooms.keys()].filter((id) => this.#live(id));
  }

  async dueRooms(now: number): Promise<string[]> {
    return [...this.#rooms.entries()].filter(([id, r]) => r.nextDueAt !== null && r.nextDueAt <= now && this.#live(id)).map(([id]) => id);
  }

  async close(): Promise<void> {}
}
