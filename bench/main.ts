/**
 * `npm run bench`: Talk Room under load against a bare Socket.IO relay, in one run.
 * Processes: this orchestrator, the server under test, and the load generator. Loopback only;
 * every phase is bounded in rooms and seconds. Prints a Markdown table and writes bench/latest.md (not for `--quick`).
 * Env: BENCH_ROOMS (default 1000), BENCH_SECONDS (20), BENCH_ROUNDS (3), BENCH_MAX_ROOMS (12000), BENCH_CAPACITY_ROOMS, BENCH_CAPACITY_SECONDS (60), BENCH_CAPACITY_KIND (room|baseline); `--quick` for a smoke run;
 * BENCH_ONLY=compare|redis|capacity|scale|lighthouse|screen runs just that phase (scale: one process against two, one Redis against a cluster; BENCH_SCALE_ROUNDS;
 * lighthouse and screen: the page in real Chromium, bench/pages.ts);
 * BENCH_SUT_FLAGS passes Node flags to the server under test (e.g. `--cpu-prof --cpu-prof-dir=.tmp/prof`);
 * BENCH_PIN=0 lets the processes share every core (see PIN below);
 * BENCH_BASELINE_REF=<git ref> adds that commit's server to the comparison with the relay, in the
 * same rounds (e.g. the commit before a change, to see what the change costs; see refCheckout.ts).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { startRedis } from '../tests/support/redisServer';
import { type LoadConfig, type LoadResult, statement } from './loadGen';
import { compare, type Round, spread } from './compare';
import { measureEventCostInChild } from './eventCostChild';
import { checkoutRef } from './refCheckout';
import { runScale } from './scale';
import { type PagePhase, runPagePhases } from './pages';
import type { LoopStalls } from './loopStalls';
import { measureSealCost } from './sealCost';
import { ALL_CPUS, HERE, type Kind, PIN, pinSelf, SERVER_CPU, type Stats, startSut, type Sut, TSX } from './sutProcess';

const quick = process.argv.includes('--quick');
const ROOMS = Number(process.env.BENCH_ROOMS ?? (quick ? 200 : 1000));
const SECONDS = Number(process.env.BENCH_SECONDS ?? (quick ? 8 : 20));
const MAX_ROOMS = Number(process.env.BENCH_MAX_ROOMS ?? (quick ? 1000 : 12000));
const INTERVAL_MS = 3000;

// The server under test runs in its own process: see sutProcess.ts (pinning, Node flags).
interface Measured { result: LoadResult; cpuPct: number; rss: number; idleRss: number; heap: number; idleHeap: number; window?: Stats }

/** Runs one load against a server; CPU is the server's share of one core over the window. */
async function load(sut: Sut, cfg: Omit<LoadConfig, 'url'>, benchDir: string): Promise<Measured> {
  // Before any room or socket exists: what the server costs with nothing in it.
  const idle = await sut.stats(true);
  const child: ChildProcess = fork(`${benchDir}/loadGen.ts`, [JSON.stringify({ ...cfg, url: sut.url })], { execArgv: TSX, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let before: Stats | null = null;
  let t0 = 0;
  let cpuPct = 0;
  let rss = 0;
  let heap = 0;
  let window: Stats | undefined;
  return new Promise((resolve, reject) => {
    child.on('message', async (m: { type: string; result?: LoadResult }) => {
      if (m.type === 'measuring') { before = await sut.stats(false); t0 = performance.now(); }
      if (m.type === 'window-end') {
        const after = await sut.stats(true);
        const wallUs = (performance.now() - t0) * 1000;
        if (before) cpuPct = ((after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system) / wallUs) * 100;
        rss = after.rss;
        heap = after.heap;
        window = after;
        child.send({ type: 'continue' });
      }
      if (m.type === 'result') resolve({ result: m.result!, cpuPct, rss, idleRss: idle.rss, heap, idleHeap: idle.heap, window });
    });
    child.once('exit', (code) => code !== 0 && reject(new Error(`load generator exited ${code}`)));
  });
}

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN; };
const median = (xs: number[]) => pct(xs, 50);
const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '—');
const mb = (b: number) => b / 1024 / 1024;

async function measure(kind: Kind, cfg: Omit<LoadConfig, 'url' | 'kind'>, env: NodeJS.ProcessEnv = {}, pinned = false, benchDir = HERE): Promise<Measured> {
  pinSelf(pinned ? `0-${cpus().length - 2}` : ALL_CPUS);
  const sut = await startSut(kind, env, pinned ? SERVER_CPU : null, benchDir);
  try {
    return await load(sut, { ...cfg, kind: kind === 'baseline' ? 'baseline' : 'room' }, benchDir);
  } finally {
    sut.stop();
  }
}

const lines: string[] = [];
const out = (s = '') => { lines.push(s); console.log(s); };

out(`# Talk Room benchmark (${new Date().toISOString().slice(0, 16)}Z, ${cpus().length} cores, Node ${process.version}${quick ? ', quick' : ''}; ${PIN ? `against the relay, each server has core ${SERVER_CPU} to itself` : 'all processes share every core'})`);
out();

// Each comparison alternates fresh processes over several rounds and pools what they measured:
// a single window swings by a third from run to run, more than the differences being measured.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (quick ? 1 : 3));
// Against the relay: two runs of this many rounds each, pinned and unpinned (see compare.ts).
const COMPARE_ROUNDS = Number(process.env.BENCH_COMPARE_ROUNDS ?? (quick ? 1 : 4));
const COMPARE_RUNS = Number(process.env.BENCH_COMPARE_RUNS ?? 2);

// 5. Scale (run last, or alone with BENCH_ONLY=scale): one process against two, on one Redis and on a cluster.
const scale = () => runScale({ rooms: ROOMS, intervalMs: INTERVAL_MS, saturationRooms: quick ? 50 : 200, seconds: SECONDS, rounds: Number(process.env.BENCH_SCALE_ROUNDS ?? (quick ? 1 : 2)), out });
if (process.env.BENCH_ONLY === 'scale') {
  await scale();
  process.exit(0);
}
// 6. What a person feels, in real Chromium (bench/pages.ts): BENCH_ONLY=lighthouse|screen runs one alone.
const pages = (only?: PagePhase) => runPagePhases({ quick, out, only });
if (process.env.BENCH_ONLY === 'lighthouse' || process.env.BENCH_ONLY === 'screen') {
  await pages(process.env.BENCH_ONLY);
  process.exit(0);
}

/** The soft limit on open files this process (and so its children) has: Infinity where /proc says nothing. */
function openFilesAllowed(): number {
  const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
  const soft = line?.split(/\s{2,}/)[1];
  return soft && /^\d+$/.test(soft) ? Number(soft) : Infinity;
}

// 4. Capacity: grow N until p99 passes 100 ms (or alone: BENCH_ONLY=capacity). The load
// generator's CPU is printed beside the server's: a load generator near a whole core adds to
// every latency it times. So are both processes' longest loop stalls and the server's
// collections: near the limit, one stall of 150–250 ms (every statement arriving in it waits)
// is what pushes the p99 over, while the server's CPU is still near half a core.
async function capacity(): Promise<{ held: number; steps: number[] }> {
  // Each step is held 60 s: the old generation is collected about every 16 s at 6,500 rooms, and
  // each collection holds the loop for a few hundred ms; a 15-s window held one or none, and
  // passed or failed on that alone. BENCH_CAPACITY_ROOMS=6500 runs one step;
  // BENCH_CAPACITY_SECONDS sets the window. BENCH_CAPACITY_KIND=baseline asks the same of the bare
  // relay, to read what the stack itself holds on this machine.
  const kind: Kind = process.env.BENCH_CAPACITY_KIND === 'baseline' ? 'baseline' : 'room';
  const only = Number(process.env.BENCH_CAPACITY_ROOMS ?? 0);
  const seconds = Number(process.env.BENCH_CAPACITY_SECONDS ?? (quick ? 8 : 60));
  const steps = only ? [only] : [1000, 2000, 3500, 5000, 6500, 8000, 10000, 12000].filter((n) => n <= MAX_ROOMS);
  let held = 0;
  out(`## Capacity${kind === 'baseline' ? ' of the bare relay' : ''}: rooms until p99 passes 100 ms, each held ${seconds} s`);
  out();
  out('| rooms | p50 ms | p99 ms | server CPU | server RSS | server loop stall p99, max ms | GC ms (minor, major; longest pause) | heap per statement: allocated, promoted KB | load generator CPU | its loop stall p99, max ms |');
  out('|---|---|---|---|---|---|---|---|---|---|');
  const allowed = openFilesAllowed();
  const stall = (loop?: LoopStalls) => (loop ? `${f(loop.p99, 0)}, ${f(loop.max, 0)}` : '—');
  for (const n of steps) {
    // Each room is two sockets in the load generator and two in the server: a file each.
    const needed = 2 * n + 1000;
    if (needed > allowed) {
      out(`| ${n} | not tried: ${needed} open files needed per process, this shell allows ${allowed} (\`ulimit -n 65536\` first, as root) | | | | | | | | |`);
      break;
    }
    // Counting what the heap allocates and promotes reads its statistics at each collection: a
    // fraction of a millisecond against collections a second apart, on the figure that explains
    // the step (what is promoted fills the old generation, whose collections stall the loop).
    const m = await measure(kind, { rooms: n, intervalMs: INTERVAL_MS, seconds }, { BENCH_COUNT_ALLOC: '1' });
    const p99 = pct(m.result.latencies, 99);
    const w = m.window;
    const gc = w ? `${f(w.gc.minorMs, 0)}, ${f(w.gc.majorMs, 0)}; ${f(w.gc.max, 0)}` : '—';
    const heap = w ? `${f(w.allocated / m.result.received / 1024, 1)}, ${f(w.promoted / m.result.received / 1024, 2)}` : '—';
    out(`| ${n} | ${f(pct(m.result.latencies, 50), 2)} | ${f(p99, 2)} | ${f(m.cpuPct, 0)} % | ${f(mb(m.rss), 0)} MB | ${stall(w?.loop)} | ${gc} | ${heap} | ${f(m.result.cpuPct, 0)} % | ${stall(m.result.loop)} |`);
    if (!(p99 <= 100)) break;
    held = n;
  }
  out();
  return { held, steps };
}
if (process.env.BENCH_ONLY === 'capacity') {
  await capacity();
  process.exit(0);
}

// 3. Throughput, closed loop (each room sends again as soon as it is heard): memory against Redis.
// Run first: it is the phase most sensitive to a machine warmed (or worn) by the others.
const satRooms = quick ? 50 : 200;
/** Events per second over all rounds of one kind. */
const tput = (ms: Measured[]) => ms.reduce((a, m) => a + m.result.received, 0) / ms.reduce((a, m) => a + m.result.seconds, 0);
const satMem: Measured[] = [];
const satRedis: Measured[] = [];
const satScaleOut: Measured[] = [];
if (process.env.BENCH_ONLY !== 'compare') {
  const redis = await startRedis();
  const cfg = { rooms: satRooms, intervalMs: 0, seconds: SECONDS / 2 };
  for (let r = 0; r < ROUNDS; r++) {
    satMem.push(await measure('room', cfg));
    satRedis.push(await measure('room-redis-store', cfg, { REDIS_URL: redis.url }));
    satScaleOut.push(await measure('room-redis', cfg, { REDIS_URL: redis.url }));
  }
  await redis.stop();
}
const redisRatio = tput(satRedis) / tput(satMem);
const scaleOutRatio = tput(satScaleOut) / tput(satMem);
if (process.env.BENCH_ONLY === 'redis') {
  out(`Redis store ${f(redisRatio * 100, 0)} % of in-memory, with the adapter too ${f(scaleOutRatio * 100, 0)} % (${f(tput(satRedis), 0)}, ${f(tput(satScaleOut), 0)} vs ${f(tput(satMem), 0)} events/s, ${ROUNDS} rounds)`);
  process.exit(0);
}

// 1. N active rooms, a statement every 3 s per room: ours against the bare relay, pinned and not,
// in two runs of alternating rounds (see compare.ts). With BENCH_BASELINE_REF, that commit's
// server runs in the same rounds too.
const ref = process.env.BENCH_BASELINE_REF ? checkoutRef(process.env.BENCH_BASELINE_REF) : null;
const asRound = (m: Measured): Round => ({ latencies: m.result.latencies, received: m.result.received, seconds: m.result.seconds, cpuPct: m.cpuPct, allocated: m.window?.allocated ?? NaN });
const modes = await compare({
  rooms: ROOMS,
  intervalMs: INTERVAL_MS,
  seconds: SECONDS,
  rounds: COMPARE_ROUNDS,
  runs: COMPARE_RUNS,
  ref: ref?.name ?? null,
  out,
  measure: async (kind, cfg, pinned, countAllocation) =>
    asRound(await measure(kind === 'baseline' ? 'baseline' : 'room', cfg, countAllocation ? { BENCH_COUNT_ALLOC: '1' } : {}, pinned, kind === 'ref' ? ref!.benchDir : HERE)),
});
const unpinned = modes.find((m) => !m.pinned)!;
const pinnedMode = modes.find((m) => m.pinned) ?? null;
// What the rooms added to each server, ours less the relay's (which holds the same sockets), per
// room: from a pinned round of each (the last), as before.
const oursRounds: Measured[] = [];
const baseRounds: Measured[] = [];
if (process.env.BENCH_ONLY !== 'compare') {
  oursRounds.push(await measure('room', { rooms: ROOMS, intervalMs: INTERVAL_MS, seconds: SECONDS }, {}, PIN));
  baseRounds.push(await measure('baseline', { rooms: ROOMS, intervalMs: INTERVAL_MS, seconds: SECONDS }, {}, PIN));
}
const perRoomKB = (mem: (m: Measured) => number) => median(oursRounds.map((m, i) => (mem(m) - mem(baseRounds[i]!)) / ROOMS / 1024));
const perRoomHeapKB = perRoomKB((m) => m.heap - m.idleHeap);
const perRoomRssKB = perRoomKB((m) => m.rss - m.idleRss);
// Our own code per statement, in one process without sockets (see eventCost.ts).
const ownCost = await measureEventCostInChild();
out(`Our own code per accepted statement, measured alone in one process (validation, machine, sealing, store, projection, encoding; \`bench/eventCost.ts\`): ${f(ownCost.us, 1)} µs (runs ${f(ownCost.usRange[0], 1)}–${f(ownCost.usRange[1], 1)}), ${ownCost.bytes === null ? 'allocation not measured' : `${f(ownCost.bytes / 1024, 1)} KB allocated`}.`);
out();
// Sealing on its own, per statement as the load generator sends it.
const cost = await measureSealCost(statement(1234));
out(`Sealing per statement (measured alone): the server seals its entry in ${f(cost.sealUs, 1)} µs (AES-256-GCM, fresh IV); the update's entry grows from ${cost.clearBytes} to ${cost.sealedBytes} bytes; a page opens it in ${f(cost.openUs, 1)} µs (WebCrypto, awaited).`);
out();
const stalls = (name: string, ms: Measured[]) => {
  const w = ms.map((m) => m.window?.gc).filter((g) => g !== undefined);
  const loop = ms.map((m) => m.window?.loop.p99 ?? NaN);
  const avg = (k: 'count' | 'ms' | 'minorMs' | 'majorMs') => w.reduce((a, g) => a + g[k], 0) / w.length;
  return `${name}: event loop delay p99 ${f(median(loop), 1)} ms; GC ${f(avg('count'), 0)} pauses, ${f(avg('ms'), 0)} ms in all (minor ${f(avg('minorMs'), 0)}, major ${f(avg('majorMs'), 0)}), longest ${f(Math.max(...w.map((g) => g.max)), 1)} ms`;
};
if (oursRounds.length) out(`Where the tail comes from, per server and ${SECONDS}-s window — ${stalls('ours', oursRounds)}; ${stalls('relay', baseRounds)}.`);
out();
if (process.env.BENCH_ONLY === 'compare') process.exit(0);

// 2. Growth: one room, statement 1,000 against statement 10.
const growth = await measure('room', { rooms: 1, intervalMs: 0, seconds: 0, sequence: 1000 });
const early = median(growth.result.perStatement!.slice(5, 15));
const late = median(growth.result.perStatement!.slice(990, 1000));
const growthRatio = late / early;

// 4. Capacity (above).
const { held, steps } = await capacity();

out('## Targets');
out();
const check = (ok: boolean) => (ok ? '✅' : '❌');
out('| target | measured | |');
out('|---|---|---|');
const un = unpinned.all;
out(`| p99 at ${ROOMS} rooms within 1.3× of the bare relay, unpinned (as deployed) | ${f(un.p99, 2)}×${pinnedMode ? `; pinned ${f(pinnedMode.all.p99, 2)}×` : ''} | ${check(un.p99 <= 1.3)} |`);
out(`| the figure holds: pooled p99 ratio within ±15 % between two runs of the same code | unpinned ±${f(spread(unpinned.runs.map((r) => r.p99)) * 100, 0)} %${pinnedMode ? `; pinned ±${f(spread(pinnedMode.runs.map((r) => r.p99)) * 100, 0)} %` : ''} | ${check(spread(unpinned.runs.map((r) => r.p99)) <= 0.15)} |`);
out(`| server CPU per event within 1.3× of the relay's, unpinned | ${f(un.cpuUs[0] / un.cpuUs[1], 2)}× (${f(un.cpuUs[0], 0)} µs against ${f(un.cpuUs[1], 0)} µs) | ${check(un.cpuUs[0] / un.cpuUs[1] <= 1.3)} |`);
out(`| ≤ 20 KB allocated per event | ${f(unpinned.allocKb[0], 1)} KB (the relay's: ${f(unpinned.allocKb[1], 1)} KB) | ${check(unpinned.allocKb[0] <= 20)} |`);
out(`| capacity ≥ 10,000 concurrent rooms (p99 under 100 ms) | ${held} rooms held (tried up to ${steps.at(-1)}) | ${check(held >= 10000)} |`);
out(`| ≤ 30 KB server memory per room beyond the sockets | ${f(perRoomHeapKB, 1)} KB live (growth of JS heap and buffers under load, ours − relay's with the same sockets, after GC, ÷ rooms); by RSS ${f(perRoomRssKB, 1)} KB | ${check(perRoomHeapKB <= 30)} |`);
out(`| statement 1,000 / statement 10 latency ≤ 1.2 | ${f(growthRatio, 2)} (median of statements 991–1000: ${f(late, 2)} ms; of 6–15: ${f(early, 2)} ms) | ${check(growthRatio <= 1.2)} |`);
out(`| Redis store throughput ≥ 70 % of in-memory | ${f(redisRatio * 100, 0)} % (${f(tput(satRedis), 0)} vs ${f(tput(satMem), 0)} events/s, ${satRooms} rooms closed loop, one process, ${ROUNDS} × ${SECONDS / 2} s each) | ${check(redisRatio >= 0.7)} |`);
out(`| (for scale-out: Redis store and the Socket.IO Redis adapter, every broadcast through a Redis stream) | ${f(scaleOutRatio * 100, 0)} % (${f(tput(satScaleOut), 0)} events/s) | |`);
out();
await pages();
await scale();
out('Method: latency is the speaker\'s emit to the listener\'s receipt of the broadcast, timed in one load-generator process; the server runs in its own process (`bench/sut.ts`) with the abuse limits lifted, since all load comes from one address' + (PIN ? ' (in the comparison with the relay, on a core of its own)' : '') + '. Both servers run with the Node flags of `npm start`.');
// A quick run is a smoke test of the bench itself: its figures are not the ones to keep.
if (!quick) writeFileSync(new URL('./latest.md', import.meta.url), lines.join('\n') + '\n');
process.exit(0);
