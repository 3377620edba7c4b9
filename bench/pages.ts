/**
 * What a person feels, in real Chromium: the page's load (Lighthouse) and the time from Send to the
 * words on the partner's screen. `npm run bench` runs both; `BENCH_ONLY=lighthouse` or
 * `BENCH_ONLY=screen` runs one alone; `--quick` makes each short.
 */
import { execFileSync } from 'node:child_process';
import { runLighthouse } from './lighthouse';
import { runSendToScreen } from './sendToScreen';
import { ALL_CPUS, pinSelf } from './sutProcess';

export type PagePhase = 'lighthouse' | 'screen';

export async function runPagePhases(options: { quick: boolean; out: (line?: string) => void; only?: PagePhase }): Promise<void> {
  const { quick, out, only } = options;
  // Chromium and its servers start from here: a phone's page may use every core (the comparison pins this process).
  pinSelf(ALL_CPUS);
  // The page as `npm start` serves it, built from this checkout: both phases measure this code.
  execFileSync('npm', ['run', 'build'], { cwd: new URL('..', import.meta.url).pathname, stdio: ['ignore', 'ignore', 'inherit'] });
  if (!only || only === 'screen')
    await runSendToScreen({ rounds: Number(process.env.BENCH_SCREEN_ROUNDS ?? (quick ? 1 : 4)), perRound: Number(process.env.BENCH_SCREEN_STATEMENTS ?? (quick ? 10 : 50)), out });
  if (!only || only === 'lighthouse') await runLighthouse({ runs: Number(process.env.BENCH_LH_RUNS ?? (quick ? 1 : 5)), out });
}
