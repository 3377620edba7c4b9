import { execFileSync } from 'node:child_process';
import type { EventCost } from './eventCost';

/**
 * `eventCost.ts` in a process of its own, with the young generation it needs to measure allocation
 * (large enough that no collection runs during a measured run) and nothing else running in it.
 */
export function measureEventCostInChild(): EventCost {
  const script = new URL('./eventCost.ts', import.meta.url).pathname;
  const flags = ['--import', 'tsx', '--expose-gc', '--min-semi-space-size=256', '--max-semi-space-size=256'];
  const json = execFileSync(process.execPath, [...flags, script, '--json'], { encoding: 'utf8' });
  return JSON.parse(json) as EventCost;
}
