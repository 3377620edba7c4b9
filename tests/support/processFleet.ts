import { afterAll, beforeAll } from 'vitest';
import { type RedisProcess, startRedis } from './redisServer';
import { type ServerProcess, startServerProcess } from './serverProcess';
import { WireClient } from './wireClient';

/**
 * For a test file of real server processes on one real Redis: Redis starts before the file's
 * tests, and every process and client they made is stopped after them.
 */
export function processFleet() {
  let redis: RedisProcess | null = null;
  const processes: ServerProcess[] = [];
  const clients: WireClient[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    for (const p of processes) await p.kill();
    await redis?.stop();
  });
  return {
    get redisUrl(): string {
      return redis!.url;
    },
    /** A server process on this Redis (on `port`, to stand in for one that died there). */
    async server(port?: number): Promise<ServerProcess> {
      const p = await startServerProcess({ REDIS_URL: redis!.url, PORT: port });
      processes.push(p);
      return p;
    },
    /** A client for a seat's link, through the process at `url` (as a load balancer would send it there). */
    async join(url: string, link: string): Promise<WireClient> {
      const c = await WireClient.join(url, link.replace(/^http:\/\/[^/]+/, url));
      clients.push(c);
      return c;
    },
    /** Keeps a client made otherwise, to close it after the file's tests. */
    track(c: WireClient): WireClient {
      clients.push(c);
      return c;
    },
  };
}
