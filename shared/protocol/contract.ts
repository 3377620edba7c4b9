import type { StateValue } from 'xstate';
import type { RefusalCode, RoomCommand, RoomContext, Seat } from '../conversation';
import type { Phrase } from '../i18n/phrase';
import type { RecordEntry } from '../conversation/record';

/**
 * The whole wire contract between the Talk Room server and its clients: event maps for both
 * directions, payloads, error codes and the protocol version. Nothing else names a wire event.
 */
// 2: updates carry only what changed in the view (see `Update`), and a client can ask to `sync`.
// 3: every text a person wrote travels sealed, and the welcome carries the seat's wrapped content key (see `./sealing`).
// 4: a record entry's sealed text is bound to its seat and type too (`Sealing.version` 'talkroom-seal-2'); a page of
//    version 3 would derive the old keys and open nothing, so it is told to reload instead.
export const PROTOCOL_VERSION = 4;

/** What a client sends in the Socket.IO handshake. The key is the seat's secret from its link. */
export interface HandshakeAuth {
  protocol: number;
  roomId: string;
  key: string;
}

/** Errors of the wire itself, beside the machine's refusal codes. */
export const WireErrorCode = {
  BadPayload: 'bad_payload',
  UnknownCommand: 'unknown_command',
  ProtocolMismatch: 'protocol_mismatch',
  NoSeat: 'no_seat',
  RoomGone: 'room_gone',
  /** The link's room was deleted by a partner (told to a device that comes back after it). */
  RoomDeleted: 'room_deleted',
  Busy: 'busy',
  RateLimited: 'rate_limited',
  /** The page could not open the room's sealed texts (said by the page itself, never sent by the server). */
  Unreadable: 'unreadable',
} as const;
export type WireErrorCode = (typeof WireErrorCode)[keyof typeof WireErrorCode];

export type ErrorCode = RefusalCode | WireErrorCode;

/**
 * What went wrong, as a page shows it: its code and, for a refusal (or a problem the page itself
 * met), the reason as a phrase of the catalog. Without a reason, the page says it by its code.
 */
export interface Problem {
  code: ErrorCode | NoticeCode;
  reason?: Phrase;
  topic?: string;
  field?: string;
}

export interface WireError extends Problem {
  code: ErrorCode;
  /** What happened and what to do next, in English: for tools and the HTTP API. A page says it in its person's language (by `reason`, or by `code`). */
  message: string;
  /** A refusal's reason as a phrase of the catalog, which the page renders in its person's language. */
  reason?: Phrase;
  topic?: string;
  field?: string;
}

/** One accepted public event, as the talk's record keeps it (which events are recorded is the conversation's rule). */
export type { RecordEntry };

/**
 * The room as one seat may see it: bounded in size whatever the length of the talk (the record
 * travels separately, as new entries). `version` grows by one per accepted event. On the wire its
 * texts (and the record's) are sealed; the page opens them (`./sealing`).
 */
export interface RoomView {
  version: number;
  value: StateValue;
  context: RoomContext;
  /** Seats with a live connection right now. */
  connected: Seat[];
}

export interface Welcome {
  protocol: number;
  roomId: string;
  seat: Seat;
  /**
   * The room's content key, wrapped for this seat: the page unwraps it with a key it derives from
   * its own seat secret (in its link's fragment), then opens the texts of the view, the record and
   * every update with it.
   */
  wrappedKey: string;
  view: RoomView;
  record: RecordEntry[];
  /** The server's clock, so countdowns agree across devices. */
  serverNow: number;
}

/**
 * One accepted change, as the difference between a seat's view at `from` and at `version`
 * (`from` is always `version - 1`): the parts of the context that changed, and the state value
 * and the connected seats when they did. A statement changes one part (the floor), so it travels
 * as a few hundred bytes instead of the whole room. A client whose view is not at `from` (an
 * update crossed another on the way, with several server processes) asks for the whole view with
 * `sync` (see `applyUpdate`).
 */
export interface Update {
  version: number;
  from: number;
  value?: StateValue;
  context?: Partial<RoomContext>;
  connected?: Seat[];
  /** Record entries added by this change (usually one, often none). */
  entries: RecordEntry[];
  serverNow: number;
}

/** The answer to `sync`: the seat's whole view and record now, as at joining. */
export type SyncReply = { ok: true; welcome: Welcome } | { ok: false; error: WireError };

export interface CommandMessage {
  /** Chosen by the client, unique per action: a retried action is applied once. */
  id: string;
  command: RoomCommand;
}

/**
 * The answer to a command. An accepted one carries the sender's own update, so the sender gets
 * its change in the acknowledgement instead of a second message (the others get it broadcast).
 * A retried command answered from memory carries none: the sender's view catches up with `sync`.
 */
export type CommandReply = { ok: true; version: number; update?: Update } | { ok: false; error: WireError };

/** What the server tells everyone on a seat or in a room, outside any one command's reply. */
export const NoticeCode = {
  /** This seat was opened on another device; this one stepped out. */
  TakenOver: 'taken_over',
  /** A partner deleted the room; nothing of it is kept. */
  RoomDeleted: 'room_deleted',
} as const;
export type NoticeCode = (typeof NoticeCode)[keyof typeof NoticeCode];

export interface Notice {
  code: NoticeCode;
  message: string;
}

/** One ICE candidate, as `RTCIceCandidate.toJSON()` gives it. */
export interface IceCandidate {
  candidate: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
  usernameFragment?: string | null;
}

/**
 * WebRTC signaling for the room's own voice call, relayed by the server from one seat to another
 * seat of the same room while the call is on. The server checks its shape and size and reads
 * nothing else; the audio itself never passes through it (peer to peer, DTLS-SRTP).
 *
 * Each pair of seats has one connection, offered by the seat that comes first in A, B, M.
 * `session` names the offerer's connection, so a description or candidate of a connection
 * already replaced (after a reload) is recognized and dropped. `hello` asks the offerer for a
 * new connection (the answerer's page is new, or came back after a network cut). `away` says
 * this person is not on the call (not joined yet, or left it): the others stop trying.
 */
export type CallSignal =
  | { kind: 'hello' }
  | { kind: 'away' }
  | { kind: 'description'; session: string; description: { type: 'offer' | 'answer'; sdp: string } }
  | { kind: 'candidate'; session: string; candidate: IceCandidate };

export interface SignalMessage {
  to: Seat;
  signal: CallSignal;
}

/** A signal as the receiving seat gets it: who sent it is the server's word, not the sender's. */
export interface RelayedSignal {
  from: Seat;
  signal: CallSignal;
}

export type SignalReply = { ok: true } | { ok: false; error: WireError };

/** An ICE server for the call (STUN or TURN), as `RTCIceServer`; TURN credentials may be minted per seat. */
export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

/** How a seat's browser reaches the others: the ICE servers, and `relay` to send all audio through TURN (hiding addresses). */
export interface CallConfig {
  iceServers: IceServer[];
  iceTransportPolicy: 'all' | 'relay';
}

export type CallConfigReply = { ok: true; config: CallConfig } | { ok: false; error: WireError };

export const ClientEvent = { Command: 'command', DeleteRoom: 'deleteRoom', Sync: 'sync', Signal: 'signal', CallConfig: 'callConfig' } as const;
export const ServerEvent = { Welcome: 'welcome', Update: 'update', Notice: 'notice', Signal: 'signal' } as const;

export interface ClientToServerEvents {
  [ClientEvent.Command]: (message: CommandMessage, ack: (reply: CommandReply) => void) => void;
  /** Either partner may delete the room now; it is removed everywhere and everyone is told. */
  [ClientEvent.DeleteRoom]: (ack: (reply: CommandReply) => void) => void;
  /** The whole view again, after an update that did not follow on from the view held here. */
  [ClientEvent.Sync]: (ack: (reply: SyncReply) => void) => void;
  /** Relays call signaling to another seat of this room, while the room's voice call is on. */
  [ClientEvent.Signal]: (message: SignalMessage, ack: (reply: SignalReply) => void) => void;
  /** The ICE servers to reach the others with (asked when joining the call, and again on each restart). */
  [ClientEvent.CallConfig]: (ack: (reply: CallConfigReply) => void) => void;
}

export interface ServerToClientEvents {
  [ServerEvent.Welcome]: (welcome: Welcome) => void;
  [ServerEvent.Update]: (update: Update) => void;
  [ServerEvent.Notice]: (notice: Notice) => void;
  [ServerEvent.Signal]: (signal: RelayedSignal) => void;
}

/** Per-socket data the server keeps after the handshake. */
export interface SocketData {
  roomId: string;
  seat: Seat;
  /** Where the connection comes from, for rate limits only; never logged as is. */
  address: string;
}

/** HTTP: create a room. */
export interface CreateRoomRequest {
  mediator: boolean;
  topic?: string;
  carriedForward?: string[];
  /** Off-limits topics of the earlier talk, proposed again. */
  offLimits?: string[];
  /** The earlier talk's turn and pause lengths and listening depth, as a starting point. */
  settings?: { turnSeconds?: number; pauseMinutes?: number; depth?: 'mirror' | 'full'; mode?: 'typed' | 'together' | 'call' };
}
export interface CreateRoomResponse {
  roomId: string;
  /** One private link per seat; whoever holds a link holds that seat. */
  links: Partial<Record<Seat, string>>;
}

/** The link's fragment (never sent to a server in requests or referrers): `#room=ID&key=SECRET`. */
export function seatLinkFragment(roomId: string, key: string): string {
  return `#room=${encodeURIComponent(roomId)}&key=${encodeURIComponent(key)}`;
}

export function parseSeatLink(hash: string): { roomId: string; key: string } | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const roomId = params.get('room');
  const key = params.get('key');
  return roomId && key ? { roomId, key } : null;
}
