/**
 * The scale phase: what a second server process buys, on one Redis and on a Redis Cluster (three
 * primaries, three replicas, all on this machine). Each server process is pinned to a core of its
 * own (one process: the last core; two: one each); the load generator and Redis use every core.
 * For each setup: events/s at saturation (closed loop: each room speaks again as soon as it is
 * heard) and the latency at a fixed open-loop load, with the CPU the servers and Redis spent.
 * Two processes share the rooms as a load balancer would: half the rooms with both partners on
 * one process, half across (see loadGen.ts), so half the broadcasts cross the adapter's stream.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { cpuSeconds } from '../tests/support/processCpu';
import { cpus } from 'node:os';
import { startRedisCluster } from '../tests/support/redisCluster';
import { startRedis } from '../tests/support/redisServer';
import type { LoadConfig, LoadResult } from './loadGen';
import { ALL_CPUS, pinSelf, type Stats, startSut, type Sut, TSX } from './sutProcess';

export interface ScaleOptions {
  /** Rooms of the fixed load (one statement every `intervalMs` each). */
  rooms: number;
  intervalMs: number;
  /** Rooms of the closed loop. */
  saturationRooms: number;
  seconds: number;
  rounds: number;
  out: (line?: string) => void;
}

interface Setup { name: string; backend: 'single' | 'cluster'; processes: number; streams?: number }
const SETUPS: Setup[] = [
  { name: 'one Redis', backend: 'single', processes: 1 },
  { name: 'one Redis', backend: 'single', processes: 2 },
  { name: 'Redis Cluster 3+3', backend: 'cluster', processes: 1 },
  { name: 'Redis Cluster 3+3', backend: 'cluster', processes: 2 },
  { name: 'Redis Cluster 3+3, adapter streamCount 4', backend: 'cluster', processes: 2, streams: 4 },
];

interface Window { result: LoadResult; serverCpuPct: number; redisCpuPct: number }

/** One load against several servers at once; CPU in % of one core, summed over the servers and over Redis's processes. */
function loadAll(suts: Sut[], cfg: Omit<LoadConfig, 'url' | 'urls' | 'kind'>, redisPids: number[]): Promise<Window> {
  const urls = suts.map((s) => s.url);
  const child: ChildProcess = fork(new URL('./loadGen.ts', import.meta.url).pathname, [JSON.stringify({ ...cfg, kind: 'room', url: urls[0], urls })], {
    execArgv: TSX,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const serverCpu = async () => (await Promise.all(suts.map((s) => s.stats(false)))).reduce((a, s: Stats) => a + s.cpu.user + s.cpu.system, 0) / 1e6;
  const redisCpu = () => redisPids.reduce((a, pid) => a + cpuSeconds(pid), 0);
  let t0 = 0;
  let before = { server: 0, redis: 0 };
  let serverCpuPct = 0;
  let redisCpuPct = 0;
  return new Promise((resolve, reject) => {
    child.on('message', async (m: { type: string; result?: LoadResult }) => {
      if (m.type === 'measuring') {
        before = { server: await serverCpu(), redis: redisCpu() };
        t0 = performance.now();
      }
      if (m.type === 'window-end') {
        const wall = (performance.now() - t0) / 1000;
        serverCpuPct = ((await serverCpu()) - before.server) / wall * 100;
        redisCpuPct = (redisCpu() - before.redis) / wall * 100;
        child.send({ type: 'continue' });
      }
      if (m.type === 'result') resolve({ result: m.result!, serverCpuPct, redisCpuPct });
    });
    child.once('exit', (code) => code !== 0 && reject(new Error(`load generator exited ${code}`)));
  });
}

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN; };
const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '—');
const rate = (ws: Window[]) => ws.reduce((a, w) => a + w.result.received, 0) / ws.reduce((a, w) => a + w.result.seconds, 0);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export async function runScale(o: ScaleOptions): Promise<void> {
  pinSelf(ALL_CPUS);
  const [redis, cluster] = await Promise.all([startRedis(), startRedisCluster()]);
  const saturation = new Map<Setup, Window[]>(SETUPS.map((s) => [s, []]));
  const fixed = new Map<Setup, Window[]>(SETUPS.map((s) => [s, []]));
  try {
    // Rounds alternate the setups, so a machine that slows down (other work, heat) slows all alike.
    for (let r = 0; r < o.rounds; r++) {
      for (const setup of SETUPS) {
        const env = {
          ...(setup.backend === 'single' ? { REDIS_URL: redis.url } : { REDIS_CLUSTER: cluster.env }),
          ...(setup.streams ? { REDIS_ADAPTER_STREAMS: String(setup.streams) } : {}),
        };
        const cores = cpus().length;
        // One process: the last core; two: the last two (on two cores, one each).
        const suts = await Promise.all(Array.from({ length: setup.processes }, (_, k) => startSut('room-redis', env, String(cores - setup.processes + k))));
        const pids = setup.backend === 'single' ? [redis.pid] : cluster.pids();
        try {
          saturation.get(setup)!.push(await loadAll(suts, { rooms: o.saturationRooms, intervalMs: 0, seconds: o.seconds / 2 }, pids));
          fixed.get(setup)!.push(await loadAll(suts, { rooms: o.rooms, intervalMs: o.intervalMs, seconds: o.seconds }, pids));
        } finally {
          for (const s of suts) s.stop();
        }
      }
    }
  } finally {
    await redis.stop();
    await cluster.stop();
  }

  const one = (backend: Setup['backend']) => SETUPS.find((s) => s.backend === backend && s.processes === 1)!;
  const p99 = (ws: Window[]) => pct(ws.flatMap((w) => w.result.latencies), 99);
  o.out(`## Scale: one server process against two, on one Redis and on a Redis Cluster (${o.rounds} round${o.rounds > 1 ? 's' : ''})`);
  o.out();
  o.out(`Each server process pinned to a core of its own; the load generator and Redis on every core. Saturation: ${o.saturationRooms} rooms, closed loop, ${o.seconds / 2} s. Fixed load: ${o.rooms} rooms, one statement every ${o.intervalMs / 1000} s each, ${o.seconds} s.`);
  o.out();
  o.out('| setup | processes | events/s at saturation | × one process | servers CPU | Redis CPU | load generator CPU | p99 ms at the fixed load | × one process | p50 ms |');
  o.out('|---|---|---|---|---|---|---|---|---|---|');
  for (const setup of SETUPS) {
    const sat = saturation.get(setup)!;
    const fix = fixed.get(setup)!;
    const base = one(setup.backend);
    const spread = sat.length > 1 ? ` (rounds ${sat.map((w) => f(w.result.received / w.result.seconds, 0)).join(', ')})` : '';
    o.out(
      `| ${setup.name} | ${setup.processes} | ${f(rate(sat), 0)}${spread} | ${f(rate(sat) / rate(saturation.get(base)!), 2)}× | ${f(mean(sat.map((w) => w.serverCpuPct)), 0)} % | ${f(mean(sat.map((w) => w.redisCpuPct)), 0)} % | ${f(mean(sat.map((w) => w.result.cpuPct)), 0)} % | ${f(p99(fix), 2)} | ${f(p99(fix) / p99(fixed.get(base)!), 2)}× | ${f(pct(fix.flatMap((w) => w.result.latencies), 50), 2)} |`,
    );
  }
  o.out();
  const two = (backend: Setup['backend']) => SETUPS.find((s) => s.backend === backend && s.processes === 2 && !s.streams)!;
  o.out(
    `Ratios: a second process gives ${f(rate(saturation.get(two('single'))!) / rate(saturation.get(one('single'))!), 2)}× the events/s on one Redis and ${f(rate(saturation.get(two('cluster'))!) / rate(saturation.get(one('cluster'))!), 2)}× on the cluster; the cluster gives ${f(rate(saturation.get(one('cluster'))!) / rate(saturation.get(one('single'))!), 2)}× one Redis's events/s with one process and ${f(rate(saturation.get(two('cluster'))!) / rate(saturation.get(two('single'))!), 2)}× with two (every cluster write also waits for a replica). CPU is % of one core, summed over the processes.`,
  );
  o.out();
}
