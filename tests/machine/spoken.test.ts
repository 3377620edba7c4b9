import { describe, expect, it } from 'vitest';
import { project, RefusalCode, Writing } from '../../shared/conversation';
import { MIN, SEC, signedAloud, TestRoom } from './harness';

const aloud = (opts: Parameters<typeof signedAloud>[1] = {}): TestRoom => signedAloud('together', opts);

describe('how the partners talk, chosen in the agreement', () => {
  it('is typed unless both sign another choice, and any change clears the signatures', () => {
    const room = new TestRoom();
    expect(room.ctx.agreement.mode).toBe('typed');
    room.ok('A', { type: 'setTopic', topic: 'Money' }).ok('A', { type: 'sign' });
    room.ok('B', { type: 'setSettings', settings: { mode: 'together' } });
    expect(room.ctx.agreement).toMatchObject({ mode: 'together', signedBy: [] });
    room.ok('A', { type: 'setSettings', settings: { mode: 'call' } });
    expect(room.ctx.agreement).toMatchObject({ mode: 'call', signedBy: [] });
    expect(room.send('A', { type: 'setSettings', settings: { mode: 'shouting' as never } })).toMatchObject({ code: RefusalCode.BadValue, field: 'mode' });
  });
});

describe('a talk held aloud: every step a tap', () => {
  it('runs a whole round with no typing at all, and records each step as spoken, with its time', () => {
    const room = aloud({ depth: 'full' });
    room.now += 40 * SEC;
    room.ok('A', { type: 'yield' }); // "I've finished"
    expect(room.step).toBe('mirroring');
    room.ok('B', { type: 'mirror', text: '' }); // "I've said it back"
    room.ok('A', { type: 'notQuite', text: '' });
    room.ok('B', { type: 'mirror', text: '' }).ok('A', { type: 'confirm' }).ok('A', { type: 'noMore' });
    room.ok('B', { type: 'validate', text: '' }).ok('B', { type: 'empathize', text: '' });
    expect(room.ctx.floor!.speaker).toBe('B');
    const mirrors = room.record.filter((e) => e.type === 'mirror');
    expect(mirrors).toEqual([expect.objectContaining({ seat: 'B', spoken: true, at: room.now }), expect.objectContaining({ spoken: true })]);
    expect(mirrors[0]).not.toHaveProperty('text');
    // Spoken floor time counts like typed.
    expect(room.ctx.fairness.A).toMatchObject({ floorMs: 40 * SEC, turns: 1 });
  });

  it('never skips the mirror: an "I\'ve finished" at once, or the turn running out, both lead to it', () => {
    const room = aloud();
    room.ok('A', { type: 'yield' });
    expect(room.step).toBe('mirroring');
    const timed = aloud();
    timed.advance(120 * SEC + 15 * SEC);
    expect(timed.step).toBe('mirroring');
    expect(timed.ctx.floor!.speaker).toBe('A');
  });

  it('keeps a short written note possible at each step, and it lands in the record', () => {
    const room = aloud();
    room.ok('A', { type: 'say', text: 'Note: the rent, mostly.' }).ok('A', { type: 'yield' });
    room.ok('B', { type: 'mirror', text: 'You worry about the rent.' });
    expect(room.record.map((e) => [e.type, e.text ?? null])).toEqual(
      expect.arrayContaining([['say', 'Note: the rent, mostly.'], ['mirror', 'You worry about the rent.']]),
    );
  });

  it('still holds every rule: the floor, the mirror gate for closing and the mediator’s grant, pauses', () => {
    const room = aloud({ hasMediator: true });
    expect(room.send('B', { type: 'yield' })?.code).toBe(RefusalCode.NotYourTurn);
    // A written note is something said: the floor cannot move over it before the mirror.
    room.ok('A', { type: 'say', text: 'Note: the rent.' });
    expect(room.send('A', { type: 'moveToClose' })?.code).toBe(RefusalCode.NotNow);
    expect(room.send('M', { type: 'grantFloor', to: 'B' })?.code).toBe(RefusalCode.NotNow);
    room.ok('B', { type: 'callPause' });
    expect(room.send('A', { type: 'yield' })?.code).toBe(RefusalCode.Paused);
    room.advance(20 * MIN).ok('A', { type: 'ready' }).ok('B', { type: 'ready' });
    room.ok('A', { type: 'yield' }).ok('B', { type: 'mirror', text: '' }).ok('A', { type: 'confirm' });
    room.ok('M', { type: 'grantFloor', to: 'B' });
    expect(room.ctx.floor!.speaker).toBe('B');
  });

  it('refuses an empty mirror when the talk is typed', () => {
    const room = new TestRoom();
    room.ok('A', { type: 'setTopic', topic: 'Money' }).ok('A', { type: 'sign' }).ok('B', { type: 'sign' });
    room.ok('A', { type: 'say', text: 'I worry.' }).ok('A', { type: 'yield' });
    expect(room.send('B', { type: 'mirror', text: '' })).toMatchObject({ code: RefusalCode.BadValue });
  });

  it('offers the listener taps, with a note optional, in the projection', () => {
    const room = aloud();
    room.ok('A', { type: 'yield' });
    expect(project(room.snapshot, 'B', room.now).composer).toMatchObject({ writing: Writing.Mirror, spoken: true });
  });
});

describe('the floor, aloud', () => {
  it('cannot be granted or closed over a speaking step under way, only once it has been mirrored', () => {
    const room = aloud({ hasMediator: true });
    expect(room.send('M', { type: 'grantFloor', to: 'B' })?.code).toBe(RefusalCode.NotNow);
    expect(room.send('B', { type: 'moveToClose' })?.code).toBe(RefusalCode.NotNow);
    room.ok('A', { type: 'yield' }).ok('B', { type: 'mirror', text: '' }).ok('A', { type: 'confirm' });
    room.ok('B', { type: 'moveToClose' }).ok('A', { type: 'acceptClose' });
    expect(room.step).toBe('closing');
  });
});

describe('a boundary, when nobody types', () => {
  it('is gone once the floor changes hands or the talk moves to close: the next speaker is not held to it', () => {
    const room = aloud({ offLimits: ['the 2019 loan'], hasMediator: true });
    room.ok('B', { type: 'callBoundary', topicId: room.ctx.agreement.offLimits[0]!.id });
    // Neither a grant nor a close may pass over an open boundary…
    expect(room.send('M', { type: 'grantFloor', to: 'B' })?.code).toBe(RefusalCode.NotNow);
    room.ok('A', { type: 'rephrase' }).ok('A', { type: 'yield' }).ok('B', { type: 'mirror', text: '' }).ok('A', { type: 'confirm' });
    // …and a grant after it starts clean.
    room.ok('M', { type: 'grantFloor', to: 'B' });
    expect(room.ctx.boundary).toBeNull();
    room.ok('B', { type: 'yield' });
    expect(room.step).toBe('mirroring');
  });

  it('freezes the speaker’s floor on the agreed topic the listener names, until they rephrase', () => {
    const room = aloud({ offLimits: ['the 2019 loan'] });
    const loan = room.ctx.agreement.offLimits[0]!.id;
    room.now += 30 * SEC;
    room.ok('B', { type: 'callBoundary', topicId: loan });
    expect(room.ctx.boundary).toEqual({ by: 'B', topicId: loan, at: room.now });
    expect(room.ctx.floor).toMatchObject({ turnEndsAt: null, turnRemainingMs: 90 * SEC });
    expect(room.send('A', { type: 'yield' })?.code).toBe(RefusalCode.Boundary);
    room.advance(5 * MIN);
    expect(room.step).toBe('speaking'); // no deadline runs while frozen
    room.ok('A', { type: 'rephrase' });
    expect(room.ctx.boundary).toBeNull();
    expect(room.ctx.floor!.turnEndsAt).toBe(room.now + 90 * SEC);
    expect(room.record.find((e) => e.type === 'callBoundary')).toMatchObject({ seat: 'B', topicId: loan });
  });

  it('lets the speaker park the subject instead: a titled item only they see, and the floor goes on', () => {
    const room = aloud({ offLimits: ['the 2019 loan'] });
    room.ok('B', { type: 'callBoundary', topicId: room.ctx.agreement.offLimits[0]!.id });
    room.ok('A', { type: 'parkSubject', title: 'What the loan meant to me' });
    expect(room.ctx.parkingLot.A.map((i) => i.text)).toEqual(['What the loan meant to me']);
    expect(room.ctx.boundary).toBeNull();
    // The title is private: the record says only that the subject was parked.
    expect(JSON.stringify(room.record)).not.toContain('What the loan meant');
  });

  it('cannot be used to silence someone: two calls a turn, then only the mediator or a pause', () => {
    const room = aloud({ offLimits: ['the 2019 loan'], hasMediator: true });
    const loan = room.ctx.agreement.offLimits[0]!.id;
    for (let i = 0; i < 2; i++) room.ok('B', { type: 'callBoundary', topicId: loan }).ok('A', { type: 'rephrase' });
    expect(room.send('B', { type: 'callBoundary', topicId: loan })?.code).toBe(RefusalCode.LimitReached);
    room.ok('M', { type: 'callBoundary', topicId: loan });
  });

  it('is called by whoever listens, on an agreed topic, and only in a talk held aloud', () => {
    const room = aloud({ offLimits: ['the 2019 loan'] });
    const loan = room.ctx.agreement.offLimits[0]!.id;
    expect(room.send('A', { type: 'callBoundary', topicId: loan })?.code).toBe(RefusalCode.SeatNotAllowed);
    expect(room.send('B', { type: 'callBoundary', topicId: 'nope' })).toMatchObject({ code: RefusalCode.BadValue, field: 'topicId' });
    const typed = new TestRoom();
    typed.ok('A', { type: 'setTopic', topic: 'x' }).ok('A', { type: 'proposeOffLimits', text: 'loan' });
    typed.ok('B', { type: 'acceptOffLimits', id: typed.ctx.agreement.offLimits[0]!.id }).ok('A', { type: 'sign' }).ok('B', { type: 'sign' });
    expect(typed.send('B', { type: 'callBoundary', topicId: typed.ctx.agreement.offLimits[0]!.id })?.code).toBe(RefusalCode.NotNow);
  });

  it('stays frozen through a pause, and the clock waits for the speaker’s answer after it', () => {
    const room = aloud({ offLimits: ['the 2019 loan'] });
    room.ok('B', { type: 'callBoundary', topicId: room.ctx.agreement.offLimits[0]!.id });
    room.ok('A', { type: 'callPause' }).advance(20 * MIN).ok('A', { type: 'ready' }).ok('B', { type: 'ready' });
    expect(room.ctx.boundary).not.toBeNull();
    expect(room.ctx.floor!.turnEndsAt).toBeNull();
    room.ok('A', { type: 'rephrase' });
    expect(room.ctx.floor!.turnEndsAt).toBe(room.now + 120 * SEC);
  });
});
