import { startTalkRoom } from './app';

/** Starts Talk Room with the in-memory store and prints where to open it. */
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';

const server = await startTalkRoom({ port, host, publicUrl: process.env.PUBLIC_URL });
console.log(`Talk Room is running: open ${server.url}`);
if (host === '127.0.0.1') console.log('Only this computer can reach it. To use phones on your network, start with HOST=0.0.0.0.');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
