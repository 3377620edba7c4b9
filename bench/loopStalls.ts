import type { IntervalHistogram } from 'node:perf_hooks';

/** How long a process's event loop stalled over a window, in ms: the tail and the longest. */
export interface LoopStalls { p99: number; max: number }

/** Reads a `monitorEventLoopDelay` histogram (nanoseconds) as stalls in ms. */
export const loopStalls = (h: IntervalHistogram): LoopStalls => ({ p99: h.percentile(99) / 1e6, max: h.max / 1e6 });
