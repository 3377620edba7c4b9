import { readFileSync } from 'node:fs';

/** Busy and total CPU time of the whole machine so far (jiffies, every core), from /proc/stat. */
function cpuTimes(): { busy: number; total: number } | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = fields[3]! + (fields[4] ?? 0); // idle + iowait
    const total = fields.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null; // not Linux: no waiting
  }
}

/**
 * Waits until the machine is quiet: the share of all cores busy over the last `windowMs` under
 * `quietShare`, or `maxMs` have passed. Runs of a page benchmark follow each other: the last
 * browser's exit and the Node process digesting its trace overlapped the next run's page load,
 * and second runs came out slower than first ones. Returns whether it settled.
 */
export async function settle({ quietShare = 0.15, windowMs = 250, maxMs = 10_000 } = {}): Promise<boolean> {
  (globalThis as { gc?: () => void }).gc?.();
  const until = Date.now() + maxMs;
  let last = cpuTimes();
  if (!last) return true;
  while (Date.now() < until) {
    await new Promise((r) => setTimeout(r, windowMs));
    const now = cpuTimes()!;
    const share = (now.busy - last.busy) / Math.max(1, now.total - last.total);
    if (share < quietShare) return true;
    last = now;
  }
  return false;
}
