import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { RoomCommand } from '../../shared/conversation';
import {
  type ClientToServerEvents,
  type CommandReply,
  type CreateRoomRequest,
  type CreateRoomResponse,
  type Held,
  type CallSignal,
  type Notice,
  type RelayedSignal,
  type SignalReply,
  parseSeatLink,
  PROTOCOL_VERSION,
  receiveUpdate,
  receiveWhole,
  type RecordEntry,
  type RoomView,
  type ServerToClientEvents,
  type Update,
  type Welcome,
} from '../../shared/protocol';
import { RoomOpener, SealedInbox } from '../../client/src/lib/sealed';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Creates a room over HTTP, as the home page does. */
export async function createRoom(baseUrl: string, body: CreateRoomRequest = { mediator: false }): Promise<CreateRoomResponse> {
  const res = await fetch(`${baseUrl}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`room creation failed: ${res.status}`);
  return (await res.json()) as CreateRoomResponse;
}

/**
 * A real socket.io-client for one seat, keeping what the server sent: the welcome, then the
 * view and record as updates arrive (stale views ignored, every entry kept, as the app does),
 * each opened with the seat's key as the page opens it (`client/src/lib/sealed.ts`), in order.
 */
export class WireClient {
  readonly socket: ClientSocket;
  welcome!: Welcome;
  view!: RoomView;
  record: RecordEntry[] = [];
  notices: Notice[] = [];
  /** Call signals relayed to this seat, in order. */
  signals: RelayedSignal[] = [];
  readonly ready: Promise<Welcome>;
  /** A message from the server that did not open (none, unless the server sent a wrong or tampered text). */
  unreadable: unknown = null;
  #waiters: Array<() => void> = [];
  readonly #secret: string;
  readonly #inbox: SealedInbox;

  constructor(baseUrl: string, auth: { roomId: string; key: string; protocol?: number }) {
    this.#secret = auth.key;
    this.#inbox = new SealedInbox(auth.key);
    this.socket = io(baseUrl, {
      auth: { protocol: PROTOCOL_VERSION, ...auth },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    this.ready = new Promise((resolve, reject) => {
      this.socket.once('welcome', (sealed) => {
        void this.#inbox
          .welcome(sealed, (w) => {
            this.welcome = w;
            this.#hold(receiveWhole({ view: null, record: this.record }, w));
            resolve(w);
          })
          .catch(reject);
      });
      this.socket.once('connect_error', reject);
    });
    this.socket.on('update', (u) => void this.#receive(u));
    this.socket.on('signal', (s) => {
      this.signals.push(s);
      this.#wake();
    });
    this.socket.on('notice', (n) => {
      this.notices.push(n);
      this.#wake();
    });
  }

  static async join(baseUrl: string, link: string): Promise<WireClient> {
    const seat = parseSeatLink(new URL(link).hash);
    if (!seat) throw new Error('not a seat link');
    const client = new WireClient(baseUrl, seat);
    await client.ready;
    return client;
  }

  /** Sends a command; an accepted one's own update, which comes with the acknowledgement, is applied as the app does. */
  async send(command: RoomCommand | Record<string, unknown>, id: string = randomUUID()): Promise<CommandReply> {
    const reply = await this.socket.timeout(5000).emitWithAck('command', { id, command: command as RoomCommand });
    if (reply.ok && reply.update) await this.#receive(reply.update);
    return reply;
  }

  /** Opens a welcome or an update as received raw from the socket (for tests that look at what travelled). */
  async open<M extends Update | Welcome>(message: M): Promise<M> {
    const opener = await RoomOpener.unlock(this.welcome.roomId, this.welcome.seat, this.#secret, this.welcome.wrappedKey);
    return ('wrappedKey' in message ? opener.welcome(message) : opener.update(message)) as Promise<M>;
  }

  #receive(u: Update): Promise<void> {
    return this.#inbox.update(u, (opened) => this.#update(opened)).catch((err: unknown) => {
      this.unreadable = err;
      this.#wake();
    });
  }

  /** Sends a call signal to another seat (or anything, to see it refused). */
  signal(to: string, signal: CallSignal | Record<string, unknown>): Promise<SignalReply> {
    return this.socket.timeout(5000).emitWithAck('signal', { to, signal } as never);
  }

  #update(u: Update): void {
    const { held, sync } = receiveUpdate({ view: this.view ?? null, record: this.record }, u);
    this.#hold(held);
    if (sync) void this.#sync();
  }

  /** Sends and insists it is accepted, then waits until this client has seen the new version. */
  async ok(command: RoomCommand): Promise<void> {
    const reply = await this.send(command);
    if (!reply.ok) throw new Error(`${command.type} refused: ${reply.error.code} — ${reply.error.message}`);
    await this.until(() => this.view.version >= reply.version);
  }

  /** Resolves when `check` holds on what this client has received; waits on events, never on time. */
  until(check: () => boolean): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve) => {
      const wait = () => (check() ? resolve() : this.#waiters.push(wait));
      this.#waiters.push(wait);
    });
  }

  /** How many times this client fetched the whole view after an update that did not follow on. */
  syncs = 0;

  /** As the app does: the whole view again when an update does not follow on from the one held. */
  async #sync(): Promise<void> {
    this.syncs++;
    const reply = await this.socket.timeout(5000).emitWithAck('sync');
    if (reply.ok) await this.#inbox.welcome(reply.welcome, (w) => this.#hold(receiveWhole({ view: this.view, record: this.record }, w)));
  }

  #hold(held: Held): void {
    this.view = held.view!;
    this.record = held.record;
    this.#wake();
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }

  close(): void {
    this.socket.disconnect();
  }
}
