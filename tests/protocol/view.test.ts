import { describe, expect, it } from 'vitest';
import type { RoomContext } from '../../shared/conversation';
import { applyUpdate, type RecordEntry, receiveUpdate, receiveWhole, type RoomView, sameStateValue, type Update, type Welcome } from '../../shared/protocol';

const view: RoomView = {
  version: 7,
  value: { talk: { flow: 'speaking', pause: 'running' } },
  context: { floor: { speaker: 'A', roundStatements: 1 }, agreement: { topic: 'Chores' } } as unknown as RoomContext,
  connected: ['A', 'B'],
};
const update = (u: Partial<Update>): Update => ({ version: 8, from: 7, entries: [], serverNow: 0, ...u });

describe('applying an update to the view held here', () => {
  it('replaces only the parts of the context that changed, keeping the rest as they were', () => {
    const floor = { speaker: 'A', roundStatements: 2 } as RoomContext['floor'];
    const applied = applyUpdate(view, update({ context: { floor } }));
    if (!('view' in applied)) throw new Error('not applied');
    expect(applied.view.version).toBe(8);
    expect(applied.view.context.floor).toBe(floor);
    expect(applied.view.context.agreement).toBe(view.context.agreement);
    expect(applied.view.value).toBe(view.value);
    expect(applied.view.connected).toBe(view.connected);
  });

  it('takes a new state value and new connected seats when they come', () => {
    const applied = applyUpdate(view, update({ value: { talk: { flow: 'mirroring', pause: 'running' } }, connected: ['A'] }));
    if (!('view' in applied)) throw new Error('not applied');
    expect(applied.view.value).toEqual({ talk: { flow: 'mirroring', pause: 'running' } });
    expect(applied.view.connected).toEqual(['A']);
  });

  it('ignores an update the view already includes', () => {
    expect(applyUpdate(view, update({ version: 7, from: 6 }))).toEqual({ stale: true });
  });

  it('calls it a gap when an update does not follow on (it crossed another), or no view is held yet', () => {
    expect(applyUpdate(view, update({ version: 9, from: 8 }))).toEqual({ gap: true });
    expect(applyUpdate(null, update({}))).toEqual({ gap: true });
  });
});

describe('comparing state values', () => {
  it('compares the trees of names, not the objects', () => {
    expect(sameStateValue({ talk: { flow: 'speaking', pause: 'running' } }, { talk: { flow: 'speaking', pause: 'running' } })).toBe(true);
    expect(sameStateValue({ talk: { flow: 'speaking', pause: 'running' } }, { talk: { flow: 'speaking', pause: 'paused' } })).toBe(false);
    expect(sameStateValue('agreement', 'agreement')).toBe(true);
    expect(sameStateValue('agreement', { talk: 'x' })).toBe(false);
    expect(sameStateValue({ a: 'x' }, { a: 'x', b: 'y' })).toBe(false);
  });
});

const entry = (seq: number): RecordEntry => ({ seq, seat: 'A', type: 'say', at: seq, text: `statement ${seq}` });

describe('what a client holds as updates and whole views arrive', () => {
  it('keeps a stale update\'s entries but not its change, and asks for nothing', () => {
    const got = receiveUpdate({ view, record: [entry(1)] }, update({ version: 7, from: 6, entries: [entry(2)] }));
    expect(got).toMatchObject({ applied: false, sync: false });
    expect(got.held.view).toBe(view);
    expect(got.held.record.map((e) => e.seq)).toEqual([1, 2]);
  });

  it('asks for the whole view on a gap, but not before the welcome (which carries it)', () => {
    expect(receiveUpdate({ view, record: [] }, update({ version: 9, from: 8 })).sync).toBe(true);
    expect(receiveUpdate({ view: null, record: [] }, update({})).sync).toBe(false);
  });

  it('takes a whole view unless it is older than the one held, and merges its record either way', () => {
    const older = { view: { ...view, version: 6 }, record: [entry(1), entry(2)] } as unknown as Welcome;
    const kept = receiveWhole({ view, record: [entry(3)] }, older);
    expect(kept.view).toBe(view);
    expect(kept.record.map((e) => e.seq)).toEqual([1, 2, 3]);
    const newer = { view: { ...view, version: 9 }, record: [entry(1)] } as unknown as Welcome;
    expect(receiveWhole({ view, record: [] }, newer).view?.version).toBe(9);
  });
});
