import { describe, expect, it } from 'vitest';
import { buildSummary, carriedFromSummary } from '../../shared/summary';
import { closeTalk, mirroredRound, talkingRoom, TestRoom } from '../machine/harness';

/** As the start page reads it: a partner who gave no name is credited by their seat's label. */
const carriedFrom = (json: unknown) => carriedFromSummary(json, (p) => `Partner ${p}`);

/** A summary of a finished talk, as the JSON download holds it. */
function earlierSummary() {
  const room = talkingRoom({ depth: 'full', offLimits: ['the 2019 loan', 'my mother'] });
  room.ok('A', { type: 'setName', name: 'Sam' });
  mirroredRound(room);
  closeTalk(room.ok('A', { type: 'noMore' }).ok('B', { type: 'validate', text: 'You make sense.' }).ok('B', { type: 'empathize', text: 'Lonely.' }));
  room.ok('A', { type: 'appreciate', text: 'Thanks.' }).ok('A', { type: 'commit', text: 'I will text when late.' });
  return JSON.parse(JSON.stringify(buildSummary(room.ctx, room.record)));
}

describe('carrying an earlier talk forward', () => {
  it('brings the commitments, the off-limits topics and the settings, not only the topic', () => {
    const carried = carriedFrom(earlierSummary())!;
    expect(carried).toEqual({
      topic: 'How we share the evenings',
      carriedForward: ['Sam: I will text when late.'],
      offLimits: ['the 2019 loan', 'my mother'],
      settings: { turnSeconds: 120, pauseMinutes: 20, depth: 'full', mode: 'typed' },
    });
  });

  it('proposes the earlier off-limits topics again: each binds once both partners accept, and either may decline', () => {
    const carried = carriedFrom(earlierSummary())!;
    const room = new TestRoom({ hasMediator: false, ...carried });
    expect(room.ctx.agreement).toMatchObject({ turnSeconds: 120, pauseMinutes: 20, depth: 'full' });
    const [loan, mother] = room.ctx.agreement.offLimits;
    expect(loan).toMatchObject({ text: 'the 2019 loan', proposedBy: 'earlier', bound: false });
    room.ok('A', { type: 'acceptOffLimits', id: loan!.id });
    expect(room.ctx.agreement.offLimits[0]!.bound).toBe(false);
    room.ok('B', { type: 'acceptOffLimits', id: loan!.id });
    expect(room.ctx.agreement.offLimits[0]!.bound).toBe(true);
    room.ok('B', { type: 'declineOffLimits', id: mother!.id });
    expect(room.ctx.agreement.offLimits.map((t) => t.text)).toEqual(['the 2019 loan']);
    // New proposals get ids of their own.
    room.ok('A', { type: 'proposeOffLimits', text: 'work' });
    expect(new Set(room.ctx.agreement.offLimits.map((t) => t.id)).size).toBe(2);
  });

  it('brings how the partners talked: a talk held aloud starts the next one aloud', () => {
    const s = earlierSummary();
    s.agreement.mode = 'together';
    const carried = carriedFrom(s)!;
    expect(carried.settings.mode).toBe('together');
    expect(new TestRoom({ hasMediator: false, ...carried }).ctx.agreement.mode).toBe('together');
  });

  it('ignores settings out of the room’s bounds and anything that is not a summary', () => {
    const s = earlierSummary();
    s.agreement.turnSeconds = 5;
    s.agreement.depth = 'deep';
    s.agreement.mode = 'shouting' as never;
    expect(carriedFrom(s)!.settings).toEqual({ turnSeconds: undefined, pauseMinutes: 20, depth: undefined, mode: undefined });
    // Talking through the room's own call is a way this room can hold, so it comes along.
    s.agreement.mode = 'call';
    expect(carriedFrom(s)!.settings.mode).toBe('call');
    expect(carriedFrom({ hello: 'world' })).toBeNull();
  });

  it('credits a commitment to the seat of a partner who gave no name, in the language of whoever brings it', () => {
    const s = earlierSummary();
    s.commitments.B = 'Ask before buying.';
    const carried = carriedFromSummary(s, (p) => (p === 'A' ? 'Persona A' : 'Persona B'))!;
    expect(carried.carriedForward).toEqual(['Sam: I will text when late.', 'Persona B: Ask before buying.']);
  });

  it('reads a summary downloaded before the app spoke two languages (depth in words, names as labels)', () => {
    const s = earlierSummary();
    s.agreement.depth = 'mirror, validate, empathize';
    s.names = { A: 'Partner A', B: 'Partner B' };
    expect(carriedFrom(s)!.settings.depth).toBe('full');
    expect(carriedFrom(s)!.carriedForward).toEqual(['Partner A: I will text when late.']);
  });
});
