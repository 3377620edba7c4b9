import type { CommandReply, RecordEntry } from '../../shared/protocol';
import type { Commit, RoomStore, StoredRoom } from './roomStore';

interface MemoryRoom {
  room: StoredRoom;
  record: RecordEntry[];
  replies: Map<string, CommandReply>;
}

/** Remembered replies per room: enough to cover any retry window, bounded so memory stays flat. */
const REPLIES_KEPT = 256;

/** Rooms in this process's memory: the default, for one process and no Redis. Lost on restart. */
export class MemoryStore implements RoomStore {
  readonly #rooms = new Map<string, MemoryRoom>();

  async create(room: StoredRoom): Promise<void> {
    this.#rooms.set(room.id, { room: structuredClone(room), record: [], replies: new Map() });
  }

  async get(roomId: string): Promise<StoredRoom | null> {
    const r = this.#rooms.get(roomId);
    // Copies out, so a caller can never change a stored room without a commit.
    return r ? structuredClone(r.room) : null;
  }

  async commit(roomId: string, expectedVersion: number, c: Commit): Promise<boolean> {
    const r = this.#rooms.get(roomId);
    if (!r || r.room.state.version !== expectedVersion) return false;
    r.room.state = structuredClone(c.state);
    r.record.push(...c.entries);
    if (c.commandKey && c.reply) {
      r.replies.set(c.commandKey, c.reply);
      if (r.replies.size > REPLIES_KEPT) r.replies.delete(r.replies.keys().next().value!);
    }
    return true;
  }

  async readRecord(roomId: string, fromSeq = 0): Promise<RecordEntry[]> {
    const record = this.#rooms.get(roomId)?.record ?? [];
    // Entries are numbered from 1 in order, so the slice is direct.
    return record.slice(Math.max(0, fromSeq - 1));
  }

  async recallReply(roomId: string, commandKey: string): Promise<CommandReply | null> {
    return this.#rooms.get(roomId)?.replies.get(commandKey) ?? null;
  }

  async delete(roomId: string): Promise<void> {
    this.#rooms.delete(roomId);
  }

  async roomIds(): Promise<string[]> {
    return [...this.#rooms.keys()];
  }

  async close(): Promise<void> {}
}
