/**
 * A server under test in its own process (`sut.ts`), optionally pinned to one core, and this
 * orchestrator's own pinning. Shared by the benchmark's phases.
 */
import { execFileSync, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { LoopStalls } from './loopStalls';

export type Kind = 'room' | 'room-redis' | 'room-redis-store' | 'baseline';
export interface Stats { cpu: { user: number; system: number }; /** Bytes allocated on the JS heap since the previous request, and of them moved to the old space by scavenges. */ allocated: number; promoted: number; rss: number; heap: number; loop: LoopStalls; gc: { count: number; ms: number; max: number; minorMs: number; majorMs: number } }
export interface Sut { url: string; stats(gc: boolean): Promise<Stats>; stop(): void }

export const TSX = ['--import', 'tsx', '--expose-gc'];

/*
 * The servers run with the Node flags `npm start` gives ours (package.json's config.serverNodeFlags):
 * a young generation of 64 MB semi-spaces. With 2 MB ones (short pauses, chosen at 1,000 rooms
 * before the texts were sealed) a burst of statements ran into a run of scavenges each copying
 * the rooms' newest states: at 3,500 rooms every burst held the loop ~370 ms, half of it collecting.
 */
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { config: { serverNodeFlags: string } };
const SERVER_FLAGS = pkg.config.serverNodeFlags.split(' ').filter(Boolean);

/*
 * In the comparison with the relay, the server under test gets a core of its own (the last), and
 * this process, the load generator and redis-server share the others, as clients on other machines
 * would. Sharing both cores, the load generator's work lands in the middle of the server's and each
 * round's p99 swung 1.1–2.9× with where the scheduler happened to put whom. Both servers are
 * treated alike. The capacity and Redis phases ask what the whole machine holds, so there the
 * server may use every core. Needs taskset (util-linux) and two cores; BENCH_PIN=0 turns it off.
 */
const hasTaskset = (() => { try { execFileSync('taskset', ['-V'], { stdio: 'ignore' }); return true; } catch { return false; } })();
export const PIN = process.env.BENCH_PIN !== '0' && cpus().length >= 2 && hasTaskset;
export const SERVER_CPU = String(cpus().length - 1);
// Children inherit this process's cores; a pinned server under test is started on its own.
export const ALL_CPUS = `0-${cpus().length - 1}`;
export const pinSelf = (cpuList: string) => { if (PIN) execFileSync('taskset', ['-a', '-p', '-c', cpuList, String(process.pid)], { stdio: 'ignore' }); };

/** This checkout's bench: where the server under test and the load generator come from, unless another commit's is asked for (BENCH_BASELINE_REF). */
export const HERE = new URL('.', import.meta.url).pathname;

/**
 * Starts a server under test; `cpu` pins it to that core (taskset), or null to let it use every
 * core; `benchDir` is the bench (and so the server) of another checkout (see refCheckout.ts).
 */
export function startSut(kind: Kind, env: NodeJS.ProcessEnv, cpu: string | null, benchDir = HERE): Promise<Sut> {
  // The relay runs with the same Node flags as ours, so the two differ only in their code.
  const flags = [...SERVER_FLAGS, ...(process.env.BENCH_SUT_FLAGS?.split(' ').filter(Boolean) ?? [])];
  const execArgv = [...TSX, ...flags];
  // taskset execs Node in place (same pid, same IPC channel), so no thread starts on another core.
  const child = fork(`${benchDir}/sut.ts`, [kind], {
    ...(cpu !== null && PIN ? { execPath: 'taskset', execArgv: ['-c', cpu, process.execPath, ...execArgv] } : { execArgv }),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve) => {
    child.once('message', (m: { port: number }) =>
      resolve({
        url: `http://127.0.0.1:${m.port}`,
        stats: (gc) => new Promise((r) => { child.once('message', (s) => r(s as Stats)); child.send({ type: 'stats', gc }); }),
        // SIGTERM lets a profiling server write its profile on the way out.
        stop: () => child.kill(process.env.BENCH_SUT_FLAGS ? 'SIGTERM' : 'SIGKILL'),
      }),
    );
  });
}
