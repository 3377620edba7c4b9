import type { RecordEntry } from './contract';

/**
 * The record with newly arrived entries merged in, by number: each entry once, in order, whatever
 * order updates arrive in. With several server processes, two updates can cross on the way to a
 * client; the older one's view is stale, but its entries are not, and must not be dropped.
 * Returns the same array when nothing is new, so a screen need not redraw.
 */
export function mergeRecord(record: readonly RecordEntry[], entries: readonly RecordEntry[]): RecordEntry[] {
  if (entries.length === 0) return record as RecordEntry[];
  // The usual case: the next entries, in order.
  let last = record.at(-1)?.seq ?? 0;
  let inOrder = true;
  for (const e of entries) {
    if (e.seq <= last) inOrder = false;
    last = e.seq;
  }
  if (inOrder) return [...record, ...entries];
  const bySeq = new Map(record.map((e) => [e.seq, e]));
  for (const e of entries) if (!bySeq.has(e.seq)) bySeq.set(e.seq, e);
  if (bySeq.size === record.length) return record as RecordEntry[];
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}
