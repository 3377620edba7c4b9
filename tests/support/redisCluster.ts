import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createClient } from 'redis';
import { freePort, withoutFakeTime } from './redisServer';

const run = promisify(execFile);
const SCRIPT = new URL('../../scripts/local-cluster.sh', import.meta.url).pathname;

export interface RedisClusterProcess {
  /** Seed nodes as `redis://` URLs, for `RedisStore.connect({ cluster })` and `startTalkRoom({ redisCluster })`. */
  seeds: string[];
  /** The same seeds as `REDIS_CLUSTER` takes them: `host:port,host:port,…`. */
  env: string;
  /** The process ids of the nodes still running (the benchmark reads their CPU time). */
  pids(): number[];
  /** The port of the primary that serves this key now. */
  primaryOf(key: string): Promise<number>;
  /** The port of the replica of the primary on this port. */
  replicaOf(primary: number): Promise<number>;
  /** Freezes a node (SIGSTOP): its connections stay open, and it answers nothing. */
  pause(port: number): void;
  resume(port: number): void;
  /** SIGKILLs one node, as a crash would, and resolves once its port refuses connections. */
  kill(port: number): Promise<void>;
  /** Resolves once every slot is served again by a live primary (after a failover). */
  healed(): Promise<void>;
  stop(): Promise<void>;
}

const refuses = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createConnection({ port, host: '127.0.0.1' });
    s.once('connect', () => (s.destroy(), resolve(false)));
    s.once('error', () => resolve(true));
  });

/** Polls a condition until it holds or the deadline passes: waiting on the event, not sleeping for it. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A real local Redis Cluster: three primaries, each with a replica, on free ports, started by
 * `scripts/local-cluster.sh` (Debian's redis-server and redis-cli) and ready when it returns:
 * every slot served, every replica in sync. Nodes declare a silent peer dead after 1 s, so a
 * killed primary's replica takes over within about two.
 */
export async function startRedisCluster(): Promise<RedisClusterProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'talkroom-cluster-'));
  // Twelve different ports: a port the system called free is free again once closed, so it can
  // be handed out twice (a node's port was once another's bus port, and that node never started).
  const free = new Set<number>();
  while (free.size < 12) free.add(await freePort());
  const taken = [...free];
  const ports = taken.slice(0, 6);
  const nodes = ports.map((port, i) => `${port}:${taken[6 + i]}`);
  const script = (action: 'start' | 'stop', ...nodes: string[]) => run('bash', [SCRIPT, action, dir, ...nodes], { env: withoutFakeTime(), cwd: '/' });
  await script('start', ...nodes).catch(async (err: unknown) => {
    // The nodes that did start run as daemons: stop them, or they outlive the test run.
    await script('stop').catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  });
  const pid = (port: number) => Number(readFileSync(join(dir, `redis-${port}.pid`), 'utf8'));
  const killed = new Set<number>();

  /** Asks a live node something, on a connection of its own. */
  async function ask<T>(fn: (c: ReturnType<typeof createClient>) => Promise<T>): Promise<T> {
    for (const port of ports.filter((p) => !killed.has(p))) {
      const c = createClient({ url: `redis://127.0.0.1:${port}`, socket: { reconnectStrategy: false } });
      c.on('error', () => undefined);
      try {
        await c.connect();
        return await fn(c);
      } catch {
        // that node is not answering: the next one
      } finally {
        if (c.isOpen) c.destroy();
      }
    }
    throw new Error('no node of the cluster answers');
  }

  const slotsServed = () =>
    ask(async (c) => {
      const slots = (await c.sendCommand(['CLUSTER', 'SLOTS'])) as Array<[number, number, [string, number]]>;
      const served = slots.filter(([, , [, port]]) => !killed.has(Number(port))).reduce((n, [from, to]) => n + to - from + 1, 0);
      return served === 16384;
    });

  const seeds = ports.slice(0, 3).map((p) => `redis://127.0.0.1:${p}`);
  return {
    seeds,
    env: ports.slice(0, 3).map((p) => `127.0.0.1:${p}`).join(','),
    pids: () => ports.filter((p) => !killed.has(p)).map(pid),
    async primaryOf(key) {
      return ask(async (c) => {
        const slot = Number(await c.sendCommand(['CLUSTER', 'KEYSLOT', key]));
        const slots = (await c.sendCommand(['CLUSTER', 'SLOTS'])) as Array<[number, number, [string, number]]>;
        const range = slots.find(([from, to]) => slot >= from && slot <= to);
        if (!range) throw new Error('slot not served');
        return Number(range[2][1]);
      });
    },
    async replicaOf(primary) {
      return ask(async (c) => {
        const slots = (await c.sendCommand(['CLUSTER', 'SLOTS'])) as Array<[number, number, [string, number], ...Array<[string, number]>]>;
        const range = slots.find((r) => Number(r[2][1]) === primary);
        if (!range?.[3]) throw new Error('that primary has no replica');
        return Number(range[3][1]);
      });
    },
    pause: (port) => process.kill(pid(port), 'SIGSTOP'),
    resume: (port) => process.kill(pid(port), 'SIGCONT'),
    async kill(port) {
      killed.add(port);
      process.kill(pid(port), 'SIGKILL');
      await until(`node ${port} to die`, () => refuses(port));
    },
    healed: () => until('the cluster to serve every slot again', slotsServed),
    async stop() {
      for (const port of ports.filter((p) => !killed.has(p))) {
        try {
          process.kill(pid(port), 'SIGKILL');
        } catch {
          // already gone
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
