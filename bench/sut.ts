/**
 * The server under test, in its own process: our room server (memory or Redis store) or the
 * bare Socket.IO baseline. Prints its port, then answers `stats` requests over IPC with CPU and
 * memory (after a forced GC when asked, so RSS compares like with like).
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Session } from 'node:inspector/promises';
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { startTalkRoom } from '../server/app';
import { systemClock } from '../server/clock';
import { redisTargetFromEnv } from '../server/store/redisConnection';
import { RedisStore } from '../server/store/redisStore';
import { loopStalls } from './loopStalls';

const kind = process.argv[2] as 'room' | 'room-redis' | 'room-redis-store' | 'baseline';
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
  // room-redis: rooms in Redis (REDIS_URL or REDIS_CLUSTER) and the Socket.IO adapter on it (how
  // several processes run; REDIS_ADAPTER_STREAMS sets its streamCount); room-redis-store: rooms in
  // Redis, one process, no adapter (the store's own cost).
  const redis = kind === 'room-redis' ? redisTargetFromEnv(process.env) : undefined;
  const server = await startTalkRoom({
    clock: systemClock,
    port: 0,
    redisUrl: redis && 'url' in redis ? redis.url : undefined,
    redisCluster: redis && 'cluster' in redis ? redis.cluster : undefined,
    adapterStreams: process.env.REDIS_ADAPTER_STREAMS ? Number(process.env.REDIS_ADAPTER_STREAMS) : undefined,
    store: kind === 'room-redis-store' ? await RedisStore.connect(process.env.REDIS_URL!, systemClock) : undefined,
    limits: { commandsPerConnection: unlimited, commandsPerAddress: unlimited, roomsPerAddress: unlimited, failedJoinsPerAddress: unlimited, signalsPerConnection: unlimited },
  });
  return Number(new URL(server.url).port);
}

// Where a slow event comes from: how long the event loop stalled, and how much of that was GC.
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();
// Minor collections (scavenges) come from allocation; major ones (mark-compact) from what survives and is promoted.
const pauses = { count: 0, ms: 0, max: 0, minorMs: 0, majorMs: 0 };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    pauses.count++;
    pauses.ms += e.duration;
    pauses.max = Math.max(pauses.max, e.duration);
    const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
    if (kind === constants.NODE_PERFORMANCE_GC_MINOR) pauses.minorMs += e.duration;
    else pauses.majorMs += e.duration;
  }
}).observe({ entryTypes: ['gc'] });

const port = await start();
process.send!({ type: 'ready', port });
/*
 * Profiling the measuring window only (not the setup): BENCH_HEAP_SAMPLE=1 prints the top
 * allocation sites; BENCH_CPU_PROFILE=<dir> writes a .cpuprofile there (open it in Chrome DevTools).
 */
const sampler = process.env.BENCH_HEAP_SAMPLE || process.env.BENCH_CPU_PROFILE ? new Session() : null;
let sampling = false;
async function toggleSampling(): Promise<void> {
  if (!sampler) return;
  if (!sampling) {
    sampler.connect();
    if (process.env.BENCH_CPU_PROFILE) await sampler.post('Profiler.enable').then(() => sampler.post('Profiler.start'));
    if (process.env.BENCH_HEAP_SAMPLE)
      // BENCH_HEAP_SAMPLE=promoted leaves out what a scavenge collected: what is left was promoted
      // to the old generation (or is still live), which is what fills it and makes it collect.
      await sampler.post('HeapProfiler.startSampling', { samplingInterval: 512, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: process.env.BENCH_HEAP_SAMPLE !== 'promoted' } as object);
    sampling = true;
    return;
  }
  sampling = false;
  if (process.env.BENCH_CPU_PROFILE) {
    const { profile } = await sampler.post('Profiler.stop');
    writeFileSync(`${process.env.BENCH_CPU_PROFILE}/${kind}-${Date.now()}.cpuprofile`, JSON.stringify(profile));
  }
  if (!process.env.BENCH_HEAP_SAMPLE) return;
  // What the young generation still holds at the end was never offered to a scavenge: two now
  // (the first only copies a survivor, the second promotes it) leave only what outlives one.
  if (process.env.BENCH_HEAP_SAMPLE === 'promoted') for (let i = 0; i < 2; i++) (globalThis as { gc?: (o: object) => void }).gc?.({ type: 'minor' });
  const { profile } = (await sampler.post('HeapProfiler.stopSampling')) as { profile: { head: SampleNode } };
  const bySite = new Map<string, number>();
  let total = 0;
  const walk = (n: SampleNode) => {
    const k = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber}`;
    bySite.set(k, (bySite.get(k) ?? 0) + n.selfSize);
    total += n.selfSize;
    n.children.forEach(walk);
  };
  walk(profile.head);
  console.error(`[${kind}] ${process.env.BENCH_HEAP_SAMPLE === 'promoted' ? 'allocated and outliving a scavenge' : 'allocated'}: ${(total / 1024 / 1024).toFixed(1)} MB in the window; top sites:`);
  for (const [k, v] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.error(`  ${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
}
interface SampleNode { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize: number; children: SampleNode[] }

/**
 * Bytes allocated on the JS heap since the last stats request: the heap's growth between
 * collections, summed (V8's GC profiler gives the heap before and after each one). With a small
 * young generation a collection comes every megabyte or two, so this counts every allocation
 * that was not freed before it was ever looked at: all of them, to within the last young space.
 */
let gcProfiler = new v8.GCProfiler();
let usedAtMark = 0;
// Only when asked: the profiler reads the heap's statistics at every collection, which lengthens
// the pauses a latency round measures, so allocation has rounds of its own (see compare.ts).
const countAllocation = Boolean(process.env.BENCH_COUNT_ALLOC);
/** From here on (after any forced collection of the stats request itself, which allocates nothing). */
function mark(): void {
  if (!countAllocation) return;
  gcProfiler = new v8.GCProfiler();
  gcProfiler.start();
  usedAtMark = v8.getHeapStatistics().used_heap_size;
}
mark();
/** The old space's used bytes in a GC profiler entry (camelCase at run time on Node 20, whatever @types/node says). */
const oldSpace = (spaces: unknown) => (spaces as { spaceName: string; spaceUsedSize: number }[]).find((x) => x.spaceName === 'old_space')?.spaceUsedSize ?? 0;

/**
 * Allocated since the mark, and of it promoted: what the scavenges moved into the old space
 * (objects that outlived two of them), which is what fills the old generation and makes it collect.
 */
function heapSinceMark(): { allocated: number; promoted: number } {
  if (!countAllocation) return { allocated: NaN, promoted: NaN };
  const { statistics } = gcProfiler.stop();
  let allocated = 0;
  let promoted = 0;
  let used = usedAtMark;
  for (const gc of statistics) {
    allocated += gc.beforeGC.heapStatistics.usedHeapSize - used;
    used = gc.afterGC.heapStatistics.usedHeapSize;
    if (gc.gcType === 'Scavenge') promoted += oldSpace(gc.afterGC.heapSpaceStatistics) - oldSpace(gc.beforeGC.heapSpaceStatistics);
  }
  return { allocated: allocated + v8.getHeapStatistics().used_heap_size - used, promoted };
}

process.on('message', async (m: { type: string; gc?: boolean }) => {
  if (m.type !== 'stats') return;
  if (!m.gc || sampling) await toggleSampling();
  // CPU first, so a forced collection is never counted; and no forced collection at the start of a
  // measuring window, where its pause would land in the latencies being measured.
  const cpu = process.cpuUsage();
  const { allocated, promoted } = heapSinceMark();
  const loop = loopStalls(loopDelay);
  const gcPauses = { ...pauses };
  loopDelay.reset();
  pauses.count = pauses.ms = pauses.max = pauses.minorMs = pauses.majorMs = 0;
  if (m.gc) (globalThis as { gc?: () => void }).gc?.();
  const mem = process.memoryUsage();
  mark();
  // Live memory (JS heap and buffers) as well as RSS: after a collection, RSS still holds pages the heap has freed.
  process.send!({ type: 'stats', cpu, allocated, promoted, rss: mem.rss, heap: mem.heapUsed + mem.external, loop, gc: gcPauses });
});
process.on('SIGTERM', () => process.exit(0));
