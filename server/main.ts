import { startTalkRoom } from './app';
import { parseIceServers, parseTransportPolicy } from './callConfig';
import { systemClock } from './clock';
import { DEFAULT_RETENTION } from './retention';
import { redisTargetFromEnv } from './store/redisConnection';

/** Starts Talk Room (in-memory store, one Redis with REDIS_URL, or a Redis Cluster with REDIS_CLUSTER) on the wall clock, and prints where to open it. */
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';

const redis = redisTargetFromEnv(process.env);
const retentionHours = Number(process.env.RETENTION_HOURS ?? 24);
const server = await startTalkRoom({
  clock: systemClock,
  port,
  host,
  publicUrl: process.env.PUBLIC_URL,
  redisUrl: redis && 'url' in redis ? redis.url : undefined,
  redisCluster: redis && 'cluster' in redis ? redis.cluster : undefined,
  adapterStreams: process.env.REDIS_ADAPTER_STREAMS ? Number(process.env.REDIS_ADAPTER_STREAMS) : undefined,
  trustProxy: process.env.TRUST_PROXY === '1',
  allowedOrigins: process.env.ALLOWED_ORIGINS?.split(',').map((o) => o.trim()).filter(Boolean),
  retention: { ...DEFAULT_RETENTION, idleMs: retentionHours * 3_600_000 },
  call: {
    iceServers: parseIceServers(process.env.ICE_SERVERS),
    iceTransportPolicy: parseTransportPolicy(process.env.ICE_TRANSPORT_POLICY),
    turnSecret: process.env.TURN_SECRET || undefined,
  },
});
console.log(`Talk Room is running: open ${server.url}`);
console.log(
  !redis ? 'Rooms are kept in memory (set REDIS_URL or REDIS_CLUSTER to keep them in Redis).' : 'url' in redis ? 'Rooms are kept in Redis.' : 'Rooms are kept in a Redis Cluster.',
);
if (host === '127.0.0.1') console.log('Only this computer can reach it. To use phones on your network, start with HOST=0.0.0.0.');
else console.log('Phones on the same network can open it, and the links it makes, at that address.');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
