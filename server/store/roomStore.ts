import type { StateValue } from 'xstate';
import type { RoomContext, Seat } from '../../shared/conversation';
import type { CommandReply, RecordEntry } from '../../shared/protocol';
import type { TimeSource } from '../clock';

/**
 * The room's machine state: plain JSON, with a version that grows by one per accepted event. What
 * a store holds has every text a person wrote sealed (`shared/protocol/sealing.ts`); the room
 * service alone opens it, with the room's key, while someone is connected to the room.
 */
export interface StoredState {
  version: number;
  value: StateValue;
  context: RoomContext;
  updatedAt: number;
  /** How many record entries the talk has; the next entry is numbered `recordCount + 1`. */
  recordCount: number;
}

export interface StoredRoom {
  id: string;
  /** When the room is deleted unless something happens in it (retention). */
  expiresAt: number;
  /** sha256 of each seat's key; the keys themselves are never stored. */
  seatKeyHashes: Partial<Record<Seat, string>>;
  /**
   * The room's content key, wrapped for each seat under a key derived from that seat's secret
   * (see `server/sealing`): only someone holding a seat's link can open it.
   */
  wrappedKeys: Partial<Record<Seat, string>>;
  createdAt: number;
  state: StoredState;
}

export interface Commit {
  state: StoredState;
  entries: RecordEntry[];
  /** The client's action id, so a retried action is answered from here instead of applied twice. */
  commandKey?: string;
  reply?: CommandReply;
  /** The new retention deadline: the room and its record expire then. */
  expiresAt: number;
  /** The earliest pending deadline, so any process can fire it (null: none). */
  nextDueAt: number | null;
}

/** Applied; stale (the room moved on past the expected version, or is gone); or a retry of a command applied before, with the reply it got then. */
export type CommitOutcome = { status: 'applied' } | { status: 'stale' } | { status: 'duplicate'; reply: CommandReply };

/**
 * Where rooms live. The in-memory store is the default; a Redis store slots in behind the same
 * interface. `commit` is a compare-and-set on the version, so several processes can share rooms
 * and exactly one change is applied at a time per room.
 */
export interface RoomStore {
  create(room: StoredRoom): Promise<void>;
  get(roomId: string): Promise<StoredRoom | null>;
  /**
   * Saves the state and appends the record entries only if the stored version is still
   * `expectedVersion` and the command (by its key) was not applied before; in one atomic step,
   * so a retry costs no extra round trip to find out. A commit that throws may or may not have
   * been applied (a connection lost, a write no replica confirmed): retrying it with the same
   * `commandKey` is safe, and answers with the first reply if it was.
   */
  commit(roomId: string, expectedVersion: number, commit: Commit): Promise<CommitOutcome>;
  /** Record entries with `seq >= fromSeq`, in order. */
  readRecord(roomId: string, fromSeq?: number): Promise<RecordEntry[]>;
  recallReply(roomId: string, commandKey: string): Promise<CommandReply | null>;
  /**
   * Removes every key of the room. With `rememberUntil`, keeps a keyed hash of its id until then
   * (see `deletedMark`), so a device that was away can be told the room was deleted.
   */
  delete(roomId: string, rememberUntil?: number): Promise<void>;
  /** Whether a room with this id was deleted, and is still remembered as such. */
  wasDeleted(roomId: string): Promise<boolean>;
  /**
   * Every stored room's id: what the store tests and an operator use to see what is kept. The
   * server itself never lists rooms: it finds its work through `dueRooms` and the people who come back.
   */
  roomIds(): Promise<string[]>;
  /** Rooms with a deadline due at or before `now`, whichever process set it. */
  dueRooms(now: number): Promise<string[]>;
  /** The clock expiry is judged by; it must be the service's own (`startTalkRoom` checks). */
  readonly clock: TimeSource;
  /** True when several processes share this store (they must poll for each other's deadlines). */
  readonly shared: boolean;
  close(): Promise<void>;
}
