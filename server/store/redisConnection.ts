import { createClient, createCluster } from 'redis';

export type RedisSingle = ReturnType<typeof createClient>;
export type RedisCluster = ReturnType<typeof createCluster>;
/** One Redis or a Redis Cluster: every command the store and the leases use reads the same on both. */
export type RedisConnection = RedisSingle | RedisCluster;

/** Where rooms live: one Redis (`REDIS_URL`), or a cluster found from a few of its nodes (`REDIS_CLUSTER`). */
export type RedisTarget = { url: string } | { cluster: string[] };

export const RedisConfigErrorCode = { BadSeed: 'bad_cluster_seed', Both: 'both_redis_settings' } as const;

/** A Redis setting that cannot be used, with what to write instead. */
export class RedisConfigError extends Error {
  override readonly name = 'RedisConfigError';
  constructor(
    readonly code: (typeof RedisConfigErrorCode)[keyof typeof RedisConfigErrorCode],
    message: string,
  ) {
    super(message);
  }
}

/**
 * `REDIS_CLUSTER`'s seed nodes, comma-separated, each `host:port` or a `redis://` URL (which may
 * carry a password), as `redis://` URLs. The client finds every other node from any one of them.
 */
export function parseClusterSeeds(value: string): string[] {
  const seeds = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (seeds.length === 0) throw new RedisConfigError(RedisConfigErrorCode.BadSeed, 'REDIS_CLUSTER names no node: give one or more host:port, comma-separated.');
  return seeds.map((seed) => {
    const url = /^rediss?:\/\//.test(seed) ? seed : `redis://${seed}`;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      parsed = new URL('redis://invalid');
    }
    // Never echo the seed itself: a URL may carry a password.
    if (!parsed.hostname || parsed.hostname === 'invalid' || !parsed.port)
      throw new RedisConfigError(RedisConfigErrorCode.BadSeed, 'A REDIS_CLUSTER node is not host:port or redis://host:port; write each node as 127.0.0.1:7000.');
    return url;
  });
}

/** The one Redis setting of the environment, or none (the in-memory store). */
export function redisTargetFromEnv(env: NodeJS.ProcessEnv): RedisTarget | undefined {
  const url = env.REDIS_URL || undefined;
  const cluster = env.REDIS_CLUSTER || undefined;
  if (url && cluster) throw new RedisConfigError(RedisConfigErrorCode.Both, 'Set REDIS_URL (one Redis) or REDIS_CLUSTER (a cluster), not both.');
  if (cluster) return { cluster: parseClusterSeeds(cluster) };
  return url ? { url } : undefined;
}

export function isCluster(client: RedisConnection): client is RedisCluster {
  return 'masters' in client;
}

/** Opens a connection to the target; `role` names it in logs (never the address: it may carry a password). */
export async function connectRedis(target: RedisTarget, role: string): Promise<RedisConnection> {
  if ('url' in target) {
    const client = createClient({ url: target.url });
    client.on('error', (err: Error) => console.error(`${role}: ${err.name}`));
    await client.connect();
    return client;
  }
  const cluster = followFailovers(createCluster({ rootNodes: target.cluster.map((url) => ({ url })) }), role);
  await cluster.connect();
  return cluster;
}

/** How often a cluster client asks for the slot map again while one of its nodes fails. */
const REDISCOVER_MS = 250;

/**
 * node-redis learns a new cluster layout only from a MOVED reply, and a primary that died answers
 * nothing: commands for its slots would wait on it for ever. So whenever a node fails, the client
 * asks a live node for the slot map again, every 250 ms until the failed node is out of it (its
 * replica promoted) or back. Dropping the dead node's client fails the commands queued on it,
 * which their callers retry (the store with the command's id, so nothing is applied twice).
 * Copies made with `duplicate()` (the Socket.IO adapter makes its own) follow failovers too.
 */
function followFailovers(cluster: RedisCluster, role: string): RedisCluster {
  const failing = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let reported = false;
  const rediscover = async () => {
    timer = null;
    if (!cluster.isOpen) return;
    const live = cluster.masters.find((m) => m.client?.isReady && !failing.has(m.address))?.client;
    const any = live ?? cluster.masters.find((m) => m.client)?.client;
    if (any) await cluster._slots.rediscover(any).catch(() => undefined);
    for (const address of failing) {
      const node = cluster.nodeByAddress.get(address);
      if (!node || node.client?.isReady) failing.delete(address);
    }
    if (failing.size > 0) schedule();
    else reported = false;
  };
  const schedule = () => {
    // A timer of the connection itself, like node-redis's own reconnect delays: not the room's time.
    timer ??= setTimeout(() => void rediscover(), REDISCOVER_MS).unref();
  };
  cluster.on('node-error', (_err: Error, node: { host: string; port: number }) => {
    if (!reported) console.error(`${role}: a cluster node failed; following the cluster to its replacement`);
    reported = true;
    failing.add(`${node.host}:${node.port}`);
    schedule();
  });
  cluster.on('error', (err: Error) => console.error(`${role}: ${err.name}`));
  const duplicate = cluster.duplicate.bind(cluster) as unknown as (overrides?: object) => RedisCluster;
  (cluster as { duplicate: unknown }).duplicate = (overrides?: object) => followFailovers(duplicate(overrides), role);
  return cluster;
}
