import { describe, expect, it } from 'vitest';
import { mergeRecord, type RecordEntry } from '../../shared/protocol';

const e = (seq: number): RecordEntry => ({ seq, seat: 'A', type: 'say', at: 1000 + seq, text: `statement ${seq}` });
const seqs = (r: RecordEntry[]) => r.map((x) => x.seq);

describe('merging record entries as updates arrive', () => {
  it('appends the next entries in order', () => {
    expect(seqs(mergeRecord([e(1), e(2)], [e(3), e(4)]))).toEqual([1, 2, 3, 4]);
  });

  it('keeps the entries of an update that arrives after a newer one (two processes, crossed broadcasts)', () => {
    const afterNewer = mergeRecord([e(1), e(2)], [e(4)]);
    expect(seqs(mergeRecord(afterNewer, [e(3)]))).toEqual([1, 2, 3, 4]);
  });

  it('keeps each entry once when an update is repeated (around a reconnect)', () => {
    const record = [e(1), e(2), e(3)];
    expect(mergeRecord(record, [e(2), e(3)])).toBe(record);
    expect(mergeRecord(record, [])).toBe(record);
    expect(seqs(mergeRecord(record, [e(3), e(4)]))).toEqual([1, 2, 3, 4]);
  });
});
