import { describe, expect, it } from 'vitest';
import type { RoomContext } from '../../shared/conversation';
import { applyUpdate, type RoomView, sameStateValue, type Update } from '../../shared/protocol';

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
