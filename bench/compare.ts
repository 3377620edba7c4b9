/**
 * Talk Room against the bare Socket.IO relay under the same load, as a figure that holds: two
 * runs of alternating rounds (fresh processes each round), each run's latencies pooled, so the
 * spread between the two runs of the same code says how far one run can be trusted; once with
 * each server on a core of its own (pinned) and once as a real deployment runs, sharing every
 * core (unpinned). Beside latency: the server's CPU and its heap allocation per event.
 */
import type { LoadConfig } from './loadGen';
import { PIN } from './sutProcess';

/** One round of one server, as the orchestrator measured it. */
export interface Round {
  latencies: number[];
  received: number;
  seconds: number;
  /** The server's CPU over the window, in % of one core. */
  cpuPct: number;
  /** Bytes the server allocated on its heap over the window. */
  allocated: number;
}

/**
 * `ref`: the server of another commit (BENCH_BASELINE_REF), to see what a change costs in the same
 * rounds. `countAllocation`: the server counts what it allocates (a round of its own: counting
 * lengthens the pauses a latency round measures).
 */
export type MeasureRound = (kind: 'room' | 'baseline' | 'ref', cfg: Omit<LoadConfig, 'url' | 'kind'>, pinned: boolean, countAllocation?: boolean) => Promise<Round>;

export interface CompareOptions {
  rooms: number;
  intervalMs: number;
  seconds: number;
  rounds: number;
  runs: number;
  measure: MeasureRound;
  /** The other commit's name, when one runs too. */
  ref: string | null;
  out: (line?: string) => void;
}

export interface RunFigures {
  /** Milliseconds, ours and the relay's, pooled. */
  ms: { p50: [number, number]; p99: [number, number] };
  p50: number;
  p95: number;
  p99: number;
  /** Server CPU per event, µs (ours, relay). */
  cpuUs: [number, number];
  /** The p99 ratio of each round on its own. */
  roundP99: number[];
}

export interface Mode {
  pinned: boolean;
  /** Heap allocated per event, KB (ours, relay), from rounds of their own. */
  allocKb: [number, number];
  runs: RunFigures[];
  /** The pooled ratios over every round of every run. */
  all: RunFigures;
  /** The other commit's, over every round, when one ran. */
  ref: RunFigures | null;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};
const f = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '—');
const perEvent = (rounds: Round[], of: (r: Round) => number) => rounds.reduce((a, r) => a + of(r), 0) / rounds.reduce((a, r) => a + r.received, 0);

function figures(ours: Round[], relay: Round[]): RunFigures {
  const a = ours.flatMap((r) => r.latencies);
  const b = relay.flatMap((r) => r.latencies);
  const cpuUs = (rs: Round[]) => perEvent(rs, (r) => (r.cpuPct / 100) * r.seconds * 1e6);
  return {
    ms: { p50: [pct(a, 50), pct(b, 50)], p99: [pct(a, 99), pct(b, 99)] },
    p50: pct(a, 50) / pct(b, 50),
    p95: pct(a, 95) / pct(b, 95),
    p99: pct(a, 99) / pct(b, 99),
    cpuUs: [cpuUs(ours), cpuUs(relay)],
    roundP99: ours.map((r, i) => pct(r.latencies, 99) / pct(relay[i]!.latencies, 99)),
  };
}

/** How far apart the runs' figures are: ± half their range, as a share of their mean. */
export const spread = (xs: number[]) => (Math.max(...xs) - Math.min(...xs)) / 2 / (xs.reduce((a, b) => a + b, 0) / xs.length);

export async function compare(o: CompareOptions): Promise<Mode[]> {
  const modes: Mode[] = [];
  const load = { rooms: o.rooms, intervalMs: o.intervalMs, seconds: o.seconds };
  for (const pinned of PIN ? [true, false] : [false]) {
    const all: { ours: Round[]; relay: Round[]; ref: Round[] } = { ours: [], relay: [], ref: [] };
    const runs: RunFigures[] = [];
    for (let run = 0; run < o.runs; run++) {
      const ours: Round[] = [];
      const relay: Round[] = [];
      // Alternating, so a machine that warms or tires over the run weighs on both alike.
      for (let r = 0; r < o.rounds; r++) {
        ours.push(await o.measure('room', load, pinned));
        if (o.ref) all.ref.push(await o.measure('ref', load, pinned));
        relay.push(await o.measure('baseline', load, pinned));
      }
      runs.push(figures(ours, relay));
      all.ours.push(...ours);
      all.relay.push(...relay);
    }
    const allocKb = async (kind: 'room' | 'baseline') => {
      const r = await o.measure(kind, load, pinned, true);
      return r.allocated / r.received / 1024;
    };
    modes.push({ pinned, runs, allocKb: [await allocKb('room'), await allocKb('baseline')], all: figures(all.ours, all.relay), ref: o.ref ? figures(all.ref, all.relay) : null });
  }
  report(o, modes);
  return modes;
}

function report(o: CompareOptions, modes: Mode[]): void {
  const { out } = o;
  out(`## Against the bare relay: ${o.rooms} active rooms, one statement every ${o.intervalMs / 1000} s per room`);
  out();
  out(`Each run is ${o.rounds} alternating rounds of ${o.seconds} s (fresh processes each round), its latencies pooled; ${o.runs} runs of the same code, so their spread says how far one run holds. Ratios are ours ÷ the relay's.`);
  out();
  out('| cores | run | p50 ms (ours, relay) | p99 ms (ours, relay) | p50 | p95 | p99 | p99 by round | server CPU per event (ours, relay) | CPU ratio |');
  out('|---|---|---|---|---|---|---|---|---|---|');
  for (const m of modes) {
    const name = m.pinned ? 'pinned' : 'unpinned';
    const row = (label: string, r: RunFigures) =>
      out(
        `| ${name} | ${label} | ${f(r.ms.p50[0])}, ${f(r.ms.p50[1])} | ${f(r.ms.p99[0])}, ${f(r.ms.p99[1])} | ${f(r.p50)}× | ${f(r.p95)}× | ${f(r.p99)}× | ${r.roundP99.map((x) => f(x)).join(', ')} | ${f(r.cpuUs[0], 0)} µs, ${f(r.cpuUs[1], 0)} µs | ${f(r.cpuUs[0] / r.cpuUs[1])}× |`,
      );
    m.runs.forEach((r, i) => row(String(i + 1), r));
    row('all', m.all);
    if (m.ref) row(`all, at ${o.ref}`, m.ref);
  }
  out();
  for (const m of modes) out(`${m.pinned ? 'Pinned' : 'Unpinned'}, heap allocated per event (a round each, counting): ours ${f(m.allocKb[0], 1)} KB, the relay's ${f(m.allocKb[1], 1)} KB.`);
  for (const m of modes) {
    out(
      `${m.pinned ? 'Pinned' : 'Unpinned'}: the pooled p99 ratio of the ${m.runs.length} runs is ${m.runs.map((r) => `${f(r.p99)}×`).join(' and ')}, a spread of ±${f(spread(m.runs.map((r) => r.p99)) * 100, 0)} %; the CPU ratio ${m.runs.map((r) => `${f(r.cpuUs[0] / r.cpuUs[1])}×`).join(' and ')} (±${f(spread(m.runs.map((r) => r.cpuUs[0] / r.cpuUs[1])) * 100, 0)} %).`,
    );
  }
  out();
}
