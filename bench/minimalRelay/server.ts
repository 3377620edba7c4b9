/**
 * The send-to-screen baseline's server, in its own process: a bare Socket.IO relay (no machine, no
 * validation, no storage, no sealing) that hands each text to the others in its room, and serves
 * the minimal page (`page/`) with Express, under the same security headers as ours. Prints its
 * port over IPC, like `bench/sut.ts`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Server } from 'socket.io';

const app = express();
app.disable('x-powered-by');
app.use((_req, res, next) => {
  res.setHeader('Content-Security-Policy', "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'");
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  next();
});
app.use(express.static(new URL('./page/', import.meta.url).pathname, { maxAge: '1h' }));

const http = createServer(app);
// The client comes from Socket.IO itself (`/socket.io/socket.io.min.js`), as a page with no build step would load it.
const io = new Server(http, { transports: ['websocket'], serveClient: true });
io.on('connection', (socket) => {
  const room = String((socket.handshake.auth as { room?: unknown }).room);
  void socket.join(room);
  socket.on('say', (text: unknown, ack: unknown) => {
    socket.to(room).emit('said', String(text));
    if (typeof ack === 'function') ack();
  });
});
await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
process.send!({ type: 'ready', port: (http.address() as AddressInfo).port });
process.on('SIGTERM', () => process.exit(0));
