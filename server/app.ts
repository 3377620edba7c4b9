import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Server } from 'socket.io';
import { type CallOptions, NO_ICE_SERVERS } from './callConfig';
import type { Clock } from './clock';
import { createHttpApp } from './httpApp';
import { reachableOrigin } from './reachableOrigin';
import { RoomService } from './roomService';
import { attachSocketTransport, socketBroadcaster, type TalkRoomIO } from './socketTransport';
import { AbuseGuard, type AbuseLimits, DEFAULT_LIMITS } from './rateLimit';
import { type RetentionPolicy } from './retention';
import { MemoryStore } from './store/memoryStore';
import { connectRedis, type RedisTarget } from './store/redisConnection';
import { RedisStore } from './store/redisStore';
import type { RoomStore } from './store/roomStore';
import { type LeaseTiming, SeatLeases } from './store/seatLeases';

export interface TalkRoomOptions {
  port?: number;
  /** Rooms in Redis, shared by every process pointed at it, with the Socket.IO adapter on it too. */
  redisUrl?: string;
  /** Instead of `redisUrl`: a Redis Cluster, found from these seed nodes (`redis://host:port`). */
  redisCluster?: string[];
  /**
   * How many streams the Socket.IO adapter spreads over (its `streamCount`; 1 by default). The
   * adapter picks a stream by namespace, and every process reads every stream, so with our one
   * namespace more streams carry nothing more apart (the scale benchmark measures it).
   */
  adapterStreams?: number;
  retention?: RetentionPolicy;
  limits?: AbuseLimits;
  /** Browser origins allowed to open a WebSocket, besides the server's own host. */
  allowedOrigins?: string[];
  /** Behind a reverse proxy: take the client address from X-Forwarded-For. */
  trustProxy?: boolean;
  host?: string;
  /** Built on `clock` when not given; one given must have been made with that same clock. */
  store?: RoomStore;
  /** Every part of the server reads time from this one clock: the service, the store, limits, leases. */
  clock: Clock;
  clientDir?: string;
  publicUrl?: string;
  /** The voice call's ICE servers (none by default: devices on one network reach each other directly). */
  call?: CallOptions;
  /** With Redis: how often a process says it is alive, and how long silent before its seats count as dropped. */
  leaseTiming?: LeaseTiming;
}

export interface TalkRoomServer {
  url: string;
  io: TalkRoomIO;
  service: RoomService;
  close(): Promise<void>;
}

function safeHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

const DEFAULT_CLIENT_DIR = fileURLToPath(new URL('../dist/client', import.meta.url));

/** Starts a whole Talk Room server: HTTP, Socket.IO and the room service over one store. */
export async function startTalkRoom(options: TalkRoomOptions): Promise<TalkRoomServer> {
  const clock = options.clock;
  // One clock rules: a store reading another clock than the service once expired every room of
  // a test whose fixed date had passed in real time.
  if (options.store && options.store.clock !== clock)
    throw new Error('The store was made with another clock than the server: build it with the same clock object you pass as `clock`.');
  if (options.redisUrl && options.redisCluster) throw new Error('Give redisUrl (one Redis) or redisCluster (a cluster), not both.');
  const redis: RedisTarget | null = options.redisUrl ? { url: options.redisUrl } : options.redisCluster ? { cluster: options.redisCluster } : null;
  const store = options.store ?? (redis ? await RedisStore.connect(redis, clock) : new MemoryStore(clock));
  // The adapter reads a Redis stream with blocking calls, so it gets a connection of its own.
  const adapterClient = redis ? await connectRedis(redis, 'redis adapter') : null;
  const http = createServer();
  const guard = new AbuseGuard(options.limits ?? DEFAULT_LIMITS, clock);
  const trustProxy = options.trustProxy ?? false;
  const allowed = new Set((options.allowedOrigins ?? []).concat(options.publicUrl ? [new URL(options.publicUrl).origin] : []));
  const io: TalkRoomIO = new Server(http, {
    // WebSocket only: no long-polling, so several processes need no sticky sessions.
    transports: ['websocket'],
    // A browser on another site must not open a socket to us with a person's link (cross-site
    // WebSocket hijacking). Non-browser clients send no Origin; they still need a seat key.
    allowRequest: (req, done) => {
      const origin = req.headers.origin;
      done(null, !origin || allowed.has(origin) || safeHost(origin) === req.headers.host);
    },
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    ...(adapterClient ? { adapter: createAdapter(adapterClient, { streamCount: options.adapterStreams ?? 1 }) } : {}),
  });
  const service = new RoomService({ store, clock, broadcaster: socketBroadcaster(io), retention: options.retention });
  // Links carry the public URL if one is set; on every address, the network address phones can open.
  let networkOrigin: string | undefined;
  const publicUrl = options.publicUrl ? new URL(options.publicUrl).origin : undefined;
  http.on('request', createHttpApp(service, { clientDir: options.clientDir ?? DEFAULT_CLIENT_DIR, publicUrl, networkOrigin: () => networkOrigin, guard, trustProxy }));
  // Several processes: a killed one cannot report its connections gone, so the others watch for it.
  const leases =
    store instanceof RedisStore
      ? new SeatLeases(
          store.client,
          clock,
          {
            dropped: async (roomId, seat) => void (await service.apply(roomId, seat, { type: 'drop' })),
            returned: async (roomId, seat) => void (await service.apply(roomId, seat, { type: 'join' })),
          },
          options.leaseTiming,
        )
      : null;
  attachSocketTransport(io, service, { guard, trustProxy, leases, clock, call: options.call ?? NO_ICE_SERVERS });
  service.recover();
  leases?.start();

  await new Promise<void>((resolve) => http.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const onNetwork = reachableOrigin(options.host ?? '127.0.0.1', port, networkInterfaces());
  networkOrigin = onNetwork ?? undefined;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
  return {
    url: onNetwork ?? `http://${host === '127.0.0.1' ? 'localhost' : host}:${port}`,
    io,
    service,
    async close() {
      service.stop();
      await leases?.stop();
      await io.close();
      await store.close();
      if (adapterClient?.isOpen) await adapterClient.quit();
    },
  };
}
