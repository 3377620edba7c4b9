import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { connectRedis } from '../../server/store/redisConnection';
import { type RedisProcess, startRedis } from '../support/redisServer';

/**
 * A connection cut during its handshake, as a connection to a Redis node that is being killed can
 * be: the node's listening socket still accepted it, then the node died before answering. Before
 * node-redis 5.11 such a connection was taken for ready (the handshake's CLIENT SETINFO failures
 * are ignored on purpose) and every later command was written into the closed socket and never
 * answered. That is the bug the cluster failover test found: under load, after a primary was
 * SIGKILLed, the Socket.IO adapter's reader was left on such a connection and broadcasts between
 * processes stopped for good. Here a proxy in front of a real redis-server cuts connections on cue.
 */
let redis: RedisProcess;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

/** A TCP proxy to Redis that can drop every live connection, and cut the next ones once they say their first word. */
async function cuttingProxy(targetPort: number) {
  let handshakesToCut = 0;
  const live = new Set<net.Socket>();
  const server = net.createServer((down) => {
    if (handshakesToCut > 0) {
      handshakesToCut--;
      // Accepted, then gone before any answer: what a node being killed does to a connection it had just taken.
      down.once('data', () => down.destroy());
      return;
    }
    const up = net.connect(targetPort, '127.0.0.1');
    live.add(down);
    const end = () => {
      live.delete(down);
      up.destroy();
      down.destroy();
    };
    up.on('error', end).on('close', end);
    down.on('error', end).on('close', end);
    down.pipe(up).pipe(down);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `redis://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    cutHandshakes: (n: number) => (handshakesToCut = n),
    dropAll: () => live.forEach((s) => s.destroy()),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('a Redis connection cut during its handshake', () => {
  it('is made again, not taken for ready: the first connection and a reconnection both answer', async () => {
    const proxy = await cuttingProxy(Number(new URL(redis.url).port));
    onTestFinished(() => proxy.close());
    proxy.cutHandshakes(1);
    const client = await connectRedis({ url: proxy.url }, 'handshake test');
    onTestFinished(() => client.destroy());
    expect(await client.set('tr:test:handshake', 'one')).toBe('OK');

    // The server goes away mid-talk, and the reconnection is cut in its handshake too.
    proxy.cutHandshakes(2);
    const noticed = new Promise((resolve) => client.once('error', resolve));
    proxy.dropAll();
    await noticed;
    // A command written on a connection as it is cut fails (the store sends it again): so do we.
    // One left on a connection taken for ready never settles, and the test times out.
    let answer: string | null | Error = null;
    for (let attempt = 0; attempt < 5 && typeof answer !== 'string'; attempt++) answer = await client.get('tr:test:handshake').catch((err: Error) => err);
    expect(answer).toBe('one');
  });
});
