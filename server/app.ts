import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import { Server } from 'socket.io';
import { type Clock, systemClock } from './clock';
import { createHttpApp } from './httpApp';
import { RoomService } from './roomService';
import { attachSocketTransport, socketBroadcaster, type TalkRoomIO } from './socketTransport';
import { type RetentionPolicy } from './retention';
import { MemoryStore } from './store/memoryStore';
import { RedisStore } from './store/redisStore';
import type { RoomStore } from './store/roomStore';

export interface TalkRoomOptions {
  port?: number;
  /** Rooms in Redis, shared by every process pointed at it, with the Socket.IO adapter on it too. */
  redisUrl?: string;
  retention?: RetentionPolicy;
  host?: string;
  store?: RoomStore;
  clock?: Clock;
  clientDir?: string;
  publicUrl?: string;
}

export interface TalkRoomServer {
  url: string;
  io: TalkRoomIO;
  service: RoomService;
  close(): Promise<void>;
}

const DEFAULT_CLIENT_DIR = fileURLToPath(new URL('../dist/client', import.meta.url));

/** Starts a whole Talk Room server: HTTP, Socket.IO and the room service over one store. */
export async function startTalkRoom(options: TalkRoomOptions = {}): Promise<TalkRoomServer> {
  const clock = options.clock ?? systemClock;
  const store =
    options.store ?? (options.redisUrl ? await RedisStore.connect(options.redisUrl, () => clock.now()) : new MemoryStore(() => clock.now()));
  // The adapter reads a Redis stream with blocking calls, so it gets a connection of its own.
  const adapterClient = options.redisUrl ? createClient({ url: options.redisUrl }) : null;
  if (adapterClient) {
    adapterClient.on('error', (err: Error) => console.error(`redis adapter: ${err.name}`));
    await adapterClient.connect();
  }
  const http = createServer();
  const io: TalkRoomIO = new Server(http, {
    // WebSocket only: no long-polling, so several processes need no sticky sessions.
    transports: ['websocket'],
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    ...(adapterClient ? { adapter: createAdapter(adapterClient) } : {}),
  });
  const service = new RoomService({ store, clock, broadcaster: socketBroadcaster(io), retention: options.retention });
  http.on('request', createHttpApp(service, { clientDir: options.clientDir ?? DEFAULT_CLIENT_DIR, publicUrl: options.publicUrl }));
  attachSocketTransport(io, service);
  await service.recover();

  await new Promise<void>((resolve) => http.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
  return {
    url: `http://${host === '127.0.0.1' ? 'localhost' : host}:${port}`,
    io,
    service,
    async close() {
      service.stop();
      await io.close();
      await store.close();
      if (adapterClient?.isOpen) await adapterClient.quit();
    },
  };
}
