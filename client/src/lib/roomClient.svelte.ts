import { io, type Socket } from 'socket.io-client';
import {
  isPartner,
  type Partner,
  project,
  restoreConversation,
  type RoomCommand,
  type RoomEvent,
  type Seat,
} from '../../../shared/conversation';
import {
  ClientEvent,
  type ClientToServerEvents,
  type CallConfig,
  type CallSignal,
  type CommandReply,
  type RelayedSignal,
  type Held,
  NoticeCode,
  type Problem,
  PROTOCOL_VERSION,
  receiveUpdate,
  receiveWhole,
  type RecordEntry,
  type RoomView,
  ServerEvent,
  type ServerToClientEvents,
  type Update,
  type WireError,
  type Welcome,
  WireErrorCode,
} from '../../../shared/protocol';
import { phrase } from '../../../shared/i18n/phrase';
import { serverClock } from './clock.svelte';
import { forgetRoom } from './forgetRoom';
import { SealedInbox, UnreadableError } from './sealed';
import { TalkActions } from './talkActions';
import type { TalkSurface } from './talkSurface';

/** One value for the connection, with named states. */
export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'gone';

const REPLY_TIMEOUT_MS = 8000;

/**
 * The room as this device knows it. Owns the socket and the latest state from the server; the
 * components read its getters and call its methods, and never touch the socket.
 */
export class RoomClient extends TalkActions implements TalkSurface {
  readonly roomId: string;
  readonly #socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  /** Opens the room's sealed texts with this seat's key, in the order they arrive. */
  readonly #inbox: SealedInbox;
  #view = $state.raw<RoomView | null>(null);
  #record = $state.raw<RecordEntry[]>([]);
  #seat = $state.raw<Seat | null>(null);
  #status = $state<ConnectionStatus>('connecting');
  #refusal = $state.raw<Problem | null>(null);
  #notice = $state.raw<Problem | null>(null);
  /** How many times the server welcomed this page: the voice call reaches the others again after a reconnect. */
  #welcomes = $state(0);
  /** The first connection, made in a task after the one that draws the room (cleared if the room is left first). */
  #connecting: ReturnType<typeof setTimeout> | undefined;

  #snapshot = $derived(this.#view ? restoreConversation(this.#view) : null);
  // Recomputed when the room changes, not as the clock ticks: only the adjournment window reads the time.
  #projection = $derived(this.#snapshot && this.#seat ? project(this.#snapshot, this.#seat, serverClock.exact()) : null);

  constructor(roomId: string, key: string) {
    super();
    this.roomId = roomId;
    this.#inbox = new SealedInbox(key);
    this.#socket = io({ auth: { protocol: PROTOCOL_VERSION, roomId, key }, transports: ['websocket'], autoConnect: false });
    this.#socket.on(ServerEvent.Welcome, (w) => void this.#inbox.welcome(w, (open) => this.#welcome(open)).catch(this.#unreadable));
    this.#socket.on(ServerEvent.Update, (u) => void this.#receive(u));
    this.#socket.on(ServerEvent.Notice, (n) => {
      if (n.code === NoticeCode.RoomDeleted) return this.#gone(n);
      this.#notice = n;
    });
    this.#socket.on('connect', () => (this.#status = 'live'));
    this.#socket.on('disconnect', () => {
      // The server let go of us (taken over or deleted): do not come back by ourselves.
      this.#status = this.#socket.active ? 'reconnecting' : 'gone';
    });
    this.#socket.on('connect_error', (err) => {
      const data = (err as Error & { data?: WireError }).data;
      // Back after being away while a partner deleted the room: clear it here too.
      if (data?.code === WireErrorCode.RoomDeleted) return this.#gone(data);
      // A link that opens no room (any more: deleted long ago, or expired) leaves nothing of it here either.
      if (data?.code === WireErrorCode.NoSeat || data?.code === WireErrorCode.RoomGone) forgetRoom(this.roomId);
      if (data) this.#notice = data;
      this.#status = this.#socket.active ? 'reconnecting' : 'gone';
    });
    // A closed tab or a page left behind says goodbye, so the others see "away", not
    // "reconnecting…" forever.
    addEventListener('pagehide', this.#leave);
    // Connecting (the socket's setup, the handshake's first frames) in a task after the one that
    // draws the room: together they were one long task as the page opened.
    this.#connecting = setTimeout(() => this.#socket.connect(), 0);
  }

  readonly #leave = () => this.#socket.disconnect();

  get view() { return this.#view; }
  get context() { return this.#view?.context ?? null; }
  get record() { return this.#record; }
  get seat() { return this.#seat; }
  get status() { return this.#status; }
  get refusal() { return this.#refusal; }
  get notice() { return this.#notice; }
  get snapshot() { return this.#snapshot; }
  get projection() { return this.#projection; }
  get practice(): boolean { return false; }
  get isPartner(): boolean { return this.#seat !== null && isPartner(this.#seat); }
  /** This seat was opened on another device; it may be opened here again. */
  get takenOver(): boolean { return this.#status === 'gone' && this.#notice?.code === NoticeCode.TakenOver; }
  get speaker(): Partner | null { return this.#view?.context.floor?.speaker ?? null; }

  /** Would the room accept this from me now? The server decides; this only shows what is allowed. */
  can(command: RoomCommand): boolean {
    if (!this.#snapshot || !this.#seat) return false;
    return this.#snapshot.can({ ...command, seat: this.#seat, at: serverClock.exact() } as RoomEvent);
  }

  clearRefusal(): void { this.#refusal = null; }

  /** Opens this seat here again after another device took it over. */
  reconnect(): void {
    this.#notice = null;
    this.#status = 'connecting';
    this.#socket.connect();
  }

  disconnect(): void {
    clearTimeout(this.#connecting);
    removeEventListener('pagehide', this.#leave);
    this.#socket.disconnect();
  }

  /** A partner deleted the room: nothing of it is shown or kept on this device. */
  get deleted(): boolean { return this.#deleted; }

  #deleted = $state(false);

  /** The room was deleted: drop everything of it from the page and from this device, and stop. */
  #gone(notice: Problem): void {
    this.#deleted = true;
    this.#notice = notice;
    this.#view = null;
    this.#record = [];
    forgetRoom(this.roomId);
    this.disconnect();
  }

  /** The link opened no seat, or the room is gone: there is no room to show. */
  get unopened(): boolean {
    return this.#view === null && this.#status === 'gone' && (this.#notice?.code === WireErrorCode.NoSeat || this.#notice?.code === WireErrorCode.RoomGone);
  }

  get welcomes(): number { return this.#welcomes; }

  #welcome(w: Welcome): void {
    // Opening takes a moment: a room deleted meanwhile stays cleared.
    if (this.#deleted) return;
    serverClock.sync(w.serverNow);
    this.#seat = w.seat;
    this.#welcomes++;
    this.#hold(receiveWhole(this.#held, w));
  }

  get #held(): Held {
    return { view: this.#view, record: this.#record };
  }

  #hold(held: Held): void {
    if (this.#deleted) return;
    this.#view = held.view;
    this.#record = held.record;
  }

  /** An update from the server (broadcast, or in an acknowledgement), applied once opened, in order. */
  #receive(u: Update): Promise<void> {
    return this.#inbox.update(u, (open) => this.#update(open)).catch(this.#unreadable);
  }

  /** The room's texts did not open here: say so, and show none of them. */
  readonly #unreadable = (err: unknown): void => {
    if (this.#deleted) return;
    const insecure = err instanceof UnreadableError && err.insecure;
    this.#notice = { code: WireErrorCode.Unreadable, reason: phrase(insecure ? 'error_unreadable_insecure' : 'error_unreadable') };
  };

  #update(u: Update): void {
    const { held, applied, sync } = receiveUpdate(this.#held, u);
    if (applied) serverClock.sync(u.serverNow);
    this.#hold(held);
    if (sync) void this.#sync();
  }

  #syncing = false;
  async #sync(): Promise<void> {
    if (this.#syncing) return;
    this.#syncing = true;
    try {
      // The store is never behind a change already sent, so the whole view closes the gap.
      const reply = await this.#socket.timeout(REPLY_TIMEOUT_MS).emitWithAck(ClientEvent.Sync);
      if (reply.ok) await this.#inbox.welcome(reply.welcome, (open) => this.#hold(receiveWhole(this.#held, open))).catch(this.#unreadable);
    } catch {
      // No answer (the connection dropped): reconnecting brings a welcome with the whole view.
    } finally {
      this.#syncing = false;
    }
  }

  /** Sends one action; retried with the same id after a timeout, so it is applied once. */
  async send(command: RoomCommand): Promise<Problem | null> {
    // Not connected and not trying to be: socket.io would hold the message and deliver it after a
    // later reconnect, long after we told the person it failed. Say so now; the draft stays.
    if (this.#status === 'gone') {
      this.#refusal = { code: WireErrorCode.Busy, reason: phrase('error_not_connected') };
      return this.#refusal;
    }
    const message = { id: crypto.randomUUID(), command };
    let reply: CommandReply | null = null;
    for (let attempt = 0; attempt < 3 && !reply; attempt++) {
      try {
        reply = await this.#socket.timeout(REPLY_TIMEOUT_MS).emitWithAck(ClientEvent.Command, message);
      } catch {
        // No answer yet (connection dropped): try again with the same id.
      }
    }
    // The change itself comes back with the acknowledgement (the others get it broadcast).
    if (reply?.ok && reply.update) await this.#receive(reply.update);
    const error: Problem | null = !reply
      ? { code: WireErrorCode.Busy, reason: phrase('error_unreachable') }
      : reply.ok ? null : reply.error;
    this.#refusal = error;
    return error;
  }

  // ---- The voice call's signaling. The call itself (lib/call) is loaded only for a talk held
  // through the room; it sends and hears through these, so it never touches the socket.

  /** Relays a call signal to another seat. Not queued while disconnected: a stale one is no use, and the call starts over on reconnecting. */
  signal(to: Seat, signal: CallSignal): void {
    if (this.#socket.connected) this.#socket.emit(ClientEvent.Signal, { to, signal }, () => {});
  }

  onSignal(handler: (s: RelayedSignal) => void): () => void {
    this.#socket.on(ServerEvent.Signal, handler);
    return () => void this.#socket.off(ServerEvent.Signal, handler);
  }

  async callConfig(): Promise<CallConfig | Problem> {
    try {
      const reply = await this.#socket.timeout(REPLY_TIMEOUT_MS).emitWithAck(ClientEvent.CallConfig);
      return reply.ok ? reply.config : reply.error;
    } catch {
      return { code: WireErrorCode.Busy, reason: phrase('error_unreachable_call') };
    }
  }

  /** Deletes the room now, for everyone; partners only. */
  async deleteRoom(): Promise<Problem | null> {
    try {
      const reply = await this.#socket.timeout(REPLY_TIMEOUT_MS).emitWithAck(ClientEvent.DeleteRoom);
      if (!reply.ok) return reply.error;
      this.#gone({ code: NoticeCode.RoomDeleted, reason: phrase('notice_you_deleted') });
      return null;
    } catch {
      return { code: WireErrorCode.Busy, reason: phrase('error_unreachable_delete') };
    }
  }
}
