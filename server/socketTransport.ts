import type { KeyObject } from 'node:crypto';
import type { Server, Socket } from 'socket.io';
import { z } from 'zod';
import { RefusalCode, type Seat } from '../shared/conversation';
import {
  ClientEvent,
  type ClientToServerEvents,
  type CommandReply,
  NoticeCode,
  PROTOCOL_VERSION,
  ServerEvent,
  type ServerToClientEvents,
  type SocketData,
  type CallConfigReply,
  type SignalReply,
  type SyncReply,
  type WireError,
  WireErrorCode,
} from '../shared/protocol';
import { commandMessageSchema, roomCommandSchema, signalMessageSchema } from '../shared/protocol/schemas';
import { inEnglish } from '../shared/i18n/english';
import { phrase } from '../shared/i18n/phrase';
import { type CallOptions, callConfigFor } from './callConfig';
import type { Clock } from './clock';
import { type AbuseGuard, addressTag } from './rateLimit';
import { type Broadcaster, ROOM_DELETED_MESSAGE, type RoomService } from './roomService';
import type { SeatLeases } from './store/seatLeases';

export type TalkRoomIO = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type TalkRoomSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const seatChannel = (roomId: string, seat: Seat) => `seat:${roomId}:${seat}`;
const roomChannel = (roomId: string) => `room:${roomId}`;

const authSchema = z.object({ protocol: z.number(), roomId: z.string().min(1).max(64), key: z.string().min(1).max(128) });

const KNOWN_COMMANDS = new Set(roomCommandSchema.options.map((o) => o.shape.type.value as string));

function connectError(error: WireError): Error {
  const err = new Error(error.code) as Error & { data: WireError };
  err.data = error;
  return err;
}

/** Why a payload was not understood, in words a person (or a developer) can act on. */
function badPayload(raw: unknown, issues: z.core.$ZodIssue[]): WireError {
  const type = (raw as { command?: { type?: unknown } } | null)?.command?.type;
  // Nothing of what was sent is repeated back: a reply is never a way to echo text around.
  if (typeof type === 'string' && !KNOWN_COMMANDS.has(type))
    return { code: WireErrorCode.UnknownCommand, message: 'The room does not know that request. Reload the page to update it.' };
  const where = issues[0]?.path.join('.') || 'message';
  return { code: WireErrorCode.BadPayload, message: `The request was not understood (${where}). Your draft is kept.`, field: where };
}

/** Sends each seat its own view of a change, across processes when a Redis adapter is attached. */
export function socketBroadcaster(io: TalkRoomIO): Broadcaster {
  return {
    update(roomId, groups, except) {
      for (const { seats, update } of groups) {
        const to = io.to(seats.map((seat) => seatChannel(roomId, seat)));
        (except ? to.except(except) : to).emit(ServerEvent.Update, update);
      }
    },
    notice(roomId, notice) {
      io.to(roomChannel(roomId)).emit(ServerEvent.Notice, notice);
    },
  };
}

/**
 * The Socket.IO transport, kept thin: authenticate the seat in the handshake, parse and validate
 * each payload, hand it to the room service, and reply. It holds no conversation rule.
 */
/** Where a connection comes from, for rate limits (the first forwarded address behind a trusted proxy). */
function addressOf(socket: TalkRoomSocket, trustProxy: boolean): string {
  const forwarded = trustProxy ? socket.handshake.headers['x-forwarded-for'] : undefined;
  const first = typeof forwarded === 'string' ? forwarded.split(',')[0]?.trim() : undefined;
  return first || socket.handshake.address;
}

const BUSY: WireError = { code: WireErrorCode.Busy, message: 'Something went wrong on our side. Your draft is kept; try again.' };

const RATE_LIMITED: WireError = {
  code: WireErrorCode.RateLimited,
  message: 'That was a lot at once. Take a breath and try again in a moment; your draft is kept.',
};

/** A connection that keeps sending after being told to slow down is let go. */
const REFUSALS_BEFORE_DISCONNECT = 200;

export interface TransportOptions {
  guard: AbuseGuard;
  trustProxy: boolean;
  /** With several processes: which process holds each seat's connection (see `SeatLeases`). */
  leases?: SeatLeases | null;
  /** The voice call's ICE servers, and the clock TURN credentials are minted on. */
  call: CallOptions;
  clock: Clock;
}

export function attachSocketTransport(io: TalkRoomIO, service: RoomService, options: TransportOptions): void {
  const { guard, trustProxy } = options;
  // The content key a handshake unwrapped, until its connection opens the room with it. Kept off
  // `socket.data`, which the adapter may send to other processes.
  const contentKeys = new WeakMap<TalkRoomSocket, KeyObject>();
  io.use(async (socket, next) => {
    const address = addressOf(socket, trustProxy);
    if (guard.failedJoinsPerAddress.blocked(address)) {
      // Noisy on purpose (once a minute per address), and without the key or the address itself.
      if (guard.warnings.take(address)) console.warn(`seat handshakes refused: repeated wrong links from address ${addressTag(address)}`);
      return next(connectError(RATE_LIMITED));
    }
    const auth = authSchema.safeParse(socket.handshake.auth);
    if (!auth.success)
      return next(connectError({ code: WireErrorCode.NoSeat, message: 'Open the room from your private link.' }));
    if (auth.data.protocol !== PROTOCOL_VERSION)
      return next(connectError({ code: WireErrorCode.ProtocolMismatch, message: 'This page is out of date. Reload it to join the room.' }));
    let unlocked: Awaited<ReturnType<RoomService['unlock']>>;
    try {
      unlocked = await service.unlock(auth.data.roomId, auth.data.key);
    } catch (err) {
      // The store stayed out of reach through every retry: say so, and let the page try again.
      console.error(`seat check failed: ${(err as Error).name}`);
      return next(connectError(BUSY));
    }
    // The same answer for a wrong key and a missing room: a guess learns nothing. A room deleted
    // by a partner is said as such, so a device that was away clears what it holds of it.
    if (!unlocked) {
      guard.failedJoinsPerAddress.take(address);
      const deleted = await service.wasDeleted(auth.data.roomId).catch(() => false);
      if (deleted) return next(connectError({ code: WireErrorCode.RoomDeleted, message: ROOM_DELETED_MESSAGE }));
      return next(connectError({ code: WireErrorCode.NoSeat, message: 'This link does not open a seat. Check that the whole link was copied, or ask for a new one.' }));
    }
    socket.data = { roomId: auth.data.roomId, seat: unlocked.seat, address };
    contentKeys.set(socket, unlocked.contentKey);
    next();
  });

  io.on('connection', (socket) => {
    const contentKey = contentKeys.get(socket)!;
    contentKeys.delete(socket);
    // Before anything this connection sends can be handled: the room is open here from now on.
    service.connected(socket.data.roomId, contentKey);
    onConnection(io, service, socket, options).catch((err: Error) => {
      // Joining needs the store; when it stays out of reach, close the connection as a network
      // would, so the device reconnects by itself (and gets its welcome) once the store is back.
      console.error(`joining a room failed: ${err.name}`);
      socket.conn.close();
    });
  });
}

const CALL_NOT_ON_REASON = phrase('refusal_call_not_on');
/** A refusal like the machine's: its reason as a phrase, so each page says why in its own person's language. */
const CALL_NOT_ON: WireError = { code: RefusalCode.NotNow, reason: CALL_NOT_ON_REASON, message: inEnglish(CALL_NOT_ON_REASON) };

async function onConnection(io: TalkRoomIO, service: RoomService, socket: TalkRoomSocket, options: TransportOptions): Promise<void> {
  const { guard, leases = null } = options;
  const { roomId, seat } = socket.data;
  const mine = seatChannel(roomId, seat);

  // One live device per seat: the newest takes over, and the one before is told why.
  io.to(mine).except(socket.id).emit(ServerEvent.Notice, {
    code: NoticeCode.TakenOver,
    message: 'This seat was opened on another device, so this one has stepped out. Nothing you sent is lost.',
  });
  io.in(mine).except(socket.id).disconnectSockets(true);

  let refusedInARow = 0;
  socket.on(ClientEvent.Command, (raw, ack) => {
    if (guard.commandsPerConnection.take(socket.id) && guard.commandsPerAddress.take(socket.data.address)) {
      refusedInARow = 0;
      return void onCommand(service, socket, raw, ack);
    }
    if (typeof ack === 'function') (ack as (r: CommandReply) => void)({ ok: false, error: RATE_LIMITED });
    if (++refusedInARow >= REFUSALS_BEFORE_DISCONNECT) socket.disconnect(true);
  });
  socket.on(ClientEvent.DeleteRoom, async (...args: unknown[]) => {
    const ack = onlyAck<CommandReply>(args);
    if (!ack) return;
    let reply: CommandReply;
    try {
      reply = await service.deleteRoom(roomId, seat);
    } catch (err) {
      console.error(`room delete failed: ${(err as Error).name}`);
      return ack({ ok: false, error: BUSY });
    }
    ack(reply);
    // Answer first, then let go of everyone in the deleted room (on every process).
    if (reply.ok) io.in(roomChannel(roomId)).disconnectSockets(true);
  });
  socket.on(ClientEvent.Sync, async (...args: unknown[]) => {
    const ack = onlyAck<SyncReply>(args);
    if (!ack) return;
    // Counted with commands: a client that asks again and again is slowed like any other.
    if (!guard.commandsPerConnection.take(socket.id)) return ack({ ok: false, error: RATE_LIMITED });
    let welcome;
    try {
      welcome = await service.welcome(roomId, seat);
    } catch (err) {
      console.error(`sync failed in a room: ${(err as Error).name}`);
      return ack({ ok: false, error: BUSY });
    }
    ack(welcome ? { ok: true, welcome } : { ok: false, error: { code: WireErrorCode.RoomGone, message: 'This room no longer exists.' } });
  });
  socket.on(ClientEvent.Signal, async (raw: unknown, ack: unknown) => {
    if (typeof ack !== 'function') return;
    const reply = ack as (r: SignalReply) => void;
    if (!guard.signalsPerConnection.take(socket.id)) return reply({ ok: false, error: RATE_LIMITED });
    const parsed = signalMessageSchema.safeParse(raw);
    if (!parsed.success) return reply({ ok: false, error: badPayload(raw, parsed.error.issues) });
    const { to, signal } = parsed.data;
    if (to === seat) return reply({ ok: false, error: { code: WireErrorCode.BadPayload, message: 'A call signal goes to another seat.', field: 'to' } });
    try {
      if (!(await service.callOn(roomId))) return reply({ ok: false, error: CALL_NOT_ON });
    } catch (err) {
      console.error(`call signal check failed: ${(err as Error).name}`);
      return reply({ ok: false, error: BUSY });
    }
    // Only ever to a seat of the sender's own room, and from the seat its handshake proved.
    io.to(seatChannel(roomId, to)).emit(ServerEvent.Signal, { from: seat, signal });
    reply({ ok: true });
  });
  socket.on(ClientEvent.CallConfig, async (...args: unknown[]) => {
    const ack = onlyAck<CallConfigReply>(args);
    if (!ack) return;
    if (!guard.commandsPerConnection.take(socket.id)) return ack({ ok: false, error: RATE_LIMITED });
    try {
      if (!(await service.callOn(roomId))) return ack({ ok: false, error: CALL_NOT_ON });
    } catch (err) {
      console.error(`call config check failed: ${(err as Error).name}`);
      return ack({ ok: false, error: BUSY });
    }
    // TURN credentials are labelled with the seat, never with anything that names the room.
    ack({ ok: true, config: callConfigFor(options.call, options.clock, `seat${seat}`) });
  });
  socket.onAny((event: string, ...args: unknown[]) => {
    if (Object.values(ClientEvent).includes(event as never)) return;
    const ack = args.at(-1);
    if (typeof ack === 'function')
      (ack as (r: CommandReply) => void)({
        ok: false,
        error: { code: WireErrorCode.UnknownCommand, message: 'The room does not know that request. Reload the page to update it.' },
      });
  });
  socket.on('disconnect', (reason) => {
    // Disconnected by the server means taken over or deleted: the seat is not leaving. Closed on
    // purpose (leave now, tab closed cleanly): away. Lost (network, ping): expected back. In every
    // case this connection lets go of its lease (a newer connection's lease is left alone).
    // The room closes here after the seat's own presence is applied, if this was its last connection.
    const presence =
      reason === 'server namespace disconnect'
        ? Promise.resolve()
        : service.apply(roomId, seat, { type: reason === 'client namespace disconnect' ? 'leave' : 'drop' });
    void presence
      .finally(() => service.disconnected(roomId))
      .then(() => leases?.release(roomId, seat, socket.id))
      .catch((err: Error) => console.error(`seat release failed: ${err.name}`));
  });

  await socket.join([mine, roomChannel(roomId)]);
  // Held before the join is applied, so a survivor sweeping a dead process sees the seat is back.
  await leases?.hold(roomId, seat, socket.id);
  await service.apply(roomId, seat, { type: 'join' });
  const welcome = await service.welcome(roomId, seat);
  if (welcome) socket.emit(ServerEvent.Welcome, welcome);
}

/**
 * The acknowledgement of an event that takes nothing else (`deleteRoom`, `sync`). Anything sent
 * along is refused with a coded error rather than ignored, so a confused client is not left
 * waiting; without an acknowledgement there is no one to answer.
 */
function onlyAck<R>(args: unknown[]): ((reply: R) => void) | null {
  const ack = args.at(-1);
  if (typeof ack !== 'function') return null;
  if (args.length === 1) return ack as (reply: R) => void;
  (ack as (r: CommandReply) => void)({ ok: false, error: { code: WireErrorCode.BadPayload, message: 'The request was not understood (it takes no payload).' } });
  return null;
}

async function onCommand(service: RoomService, socket: TalkRoomSocket, raw: unknown, ack: unknown): Promise<void> {
  if (typeof ack !== 'function') return; // Every command expects a reply; one without cannot be answered.
  const reply = ack as (r: CommandReply) => void;
  const parsed = commandMessageSchema.safeParse(raw);
  if (!parsed.success) return reply({ ok: false, error: badPayload(raw, parsed.error.issues) });
  const { roomId, seat } = socket.data;
  try {
    reply(await service.apply(roomId, seat, parsed.data.command, parsed.data.id, socket.id));
  } catch (err) {
    console.error(`command failed in a room: ${(err as Error).name}`);
    reply({ ok: false, error: BUSY });
  }
}
