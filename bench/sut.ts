/**
 * The server under test, in its own process: our room server (memory or Redis store) or the
 * bare Socket.IO baseline. Prints its port, then answers `stats` requests over IPC with CPU and
 * memory, after a forced GC so RSS compares like with like.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { startTalkRoom } from '../server/app';

const kind = process.argv[2] as 'room' | 'room-redis' | 'baseline';
const unlimited = { burst: 1e9, perSecond: 1e9 };

async function start(): Promise<number> {
  if (kind === 'baseline') {
    // Relays a message to the others in the room: no machine, no validation, no storage.
    const http = createServer();
    const io = new Server(http, { transports: ['websocket'], serveClient: false });
    io.on('connection', (socket) => {
      const room = String((socket.handshake.auth as { roomId?: string }).roomId);
      void socket.join(room);
      socket.on('command', (msg: unknown, ack: (r: unknown) => void) => {
        socket.to(room).emit('update', msg);
        if (typeof ack === 'function') ack({ ok: true });
      });
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    return (http.address() as AddressInfo).port;
  }
  // All load comes from one address, so the per-address abuse limits are lifted here: the bench
  // measures the room's own path (validation, machine, store, broadcast), not the limiter.
  const server = await startTalkRoom({
    port: 0,
    redisUrl: kind === 'room-redis' ? process.env.REDIS_URL : undefined,
    limits: { commandsPerConnection: unlimited, commandsPerAddress: unlimited, roomsPerAddress: unlimited, failedJoinsPerAddress: unlimited },
  });
  return Number(new URL(server.url).port);
}

const port = await start();
process.send!({ type: 'ready', port });
process.on('message', (m: { type: string }) => {
  if (m.type !== 'stats') return;
  (globalThis as { gc?: () => void }).gc?.();
  process.send!({ type: 'stats', cpu: process.cpuUsage(), rss: process.memoryUsage().rss, heap: process.memoryUsage().heapUsed });
});
