import { describe, expect, it } from 'vitest';
import { LIMITS, RefusalCode, type RoomCommand } from '../../shared/conversation';
import { TestRoom } from './harness';

describe('seats and presence', () => {
  it('marks a seat present when it joins and absent when it leaves, and lets it rejoin', () => {
    const room = new TestRoom({ hasMediator: true });
    room.ok('A', { type: 'join' }).ok('M', { type: 'join' });
    expect(room.ctx.present).toEqual({ A: 'here', B: 'away', M: 'here' });
    room.ok('A', { type: 'leave' });
    expect(room.ctx.present.A).toBe('away');
    room.ok('A', { type: 'drop' });
    expect(room.ctx.present.A).toBe('reconnecting');
    room.ok('A', { type: 'join' });
    expect(room.ctx.present.A).toBe('here');
  });

  it('refuses the mediator seat in a room created without one', () => {
    const room = new TestRoom({ hasMediator: false });
    expect(room.send('M', { type: 'join' })?.code).toBe(RefusalCode.NoMediator);
    expect(room.send('M', { type: 'setTopic', topic: 'x' })?.code).toBe(RefusalCode.NoMediator);
  });

  it('refuses a person posing as the room’s own scheduler', () => {
    const room = new TestRoom();
    expect(room.send('A', { type: 'timerElapsed', deadline: 'turn', dueAt: 0 })?.code).toBe(RefusalCode.SeatNotAllowed);
  });
});

describe('the agreement', () => {
  it('starts in the agreement with sensible defaults and nobody holding the floor', () => {
    const room = new TestRoom();
    expect(room.step).toBe('agreement');
    expect(room.ctx.agreement).toMatchObject({
      topic: '',
      turnSeconds: LIMITS.turnSeconds.default,
      pauseMinutes: 20,
      depth: 'mirror',
      firstSpeaker: 'A',
      signedBy: [],
    });
    expect(room.ctx.floor).toBeNull();
  });

  it('refuses a signature before the topic of today’s talk is written', () => {
    const room = new TestRoom();
    const r = room.send('A', { type: 'sign' });
    expect(r).toMatchObject({ code: RefusalCode.BadValue, field: 'topic' });
  });

  it('starts the talk only when both partners have signed, with the first speaker on a fresh turn', () => {
    const room = new TestRoom();
    room.ok('A', { type: 'setTopic', topic: 'Weekends' });
    room.ok('B', { type: 'setSettings', settings: { firstSpeaker: 'B', turnSeconds: 90 } });
    room.ok('A', { type: 'sign' });
    expect(room.step).toBe('agreement');
    room.now += 5000;
    room.ok('B', { type: 'sign' });
    expect(room.step).toBe('speaking');
    expect(room.ctx.floor).toMatchObject({ speaker: 'B', turnEndsAt: room.now + 90_000, roundStatements: 0 });
    expect(room.ctx.fairness.B.turns).toBe(1);
  });

  it('refuses a second signature from the same partner', () => {
    const room = new TestRoom();
    room.ok('A', { type: 'setTopic', topic: 'Weekends' }).ok('A', { type: 'sign' });
    expect(room.send('A', { type: 'sign' })?.code).toBe(RefusalCode.NotNow);
  });

  it('lets a partner take back their own signature', () => {
    const room = new TestRoom();
    room.ok('A', { type: 'setTopic', topic: 'Weekends' }).ok('A', { type: 'sign' }).ok('A', { type: 'unsign' });
    expect(room.ctx.agreement.signedBy).toEqual([]);
    expect(room.send('A', { type: 'unsign' })?.code).toBe(RefusalCode.NotNow);
  });

  const changes: Array<[string, (room: TestRoom) => RoomCommand, 'A' | 'B' | 'M']> = [
    ['a new topic', () => ({ type: 'setTopic', topic: 'Money' }), 'A'],
    ['a new setting', () => ({ type: 'setSettings', settings: { depth: 'full' } }), 'B'],
    ['a new off-limits proposal', () => ({ type: 'proposeOffLimits', text: 'my mother' }), 'A'],
    ['a mediator’s proposal', () => ({ type: 'setSettings', settings: { turnSeconds: 60 } }), 'M'],
    ['accepting a proposal', (r) => ({ type: 'acceptOffLimits', id: r.ctx.agreement.offLimits[0]!.id }), 'B'],
    ['declining a proposal', (r) => ({ type: 'declineOffLimits', id: r.ctx.agreement.offLimits[0]!.id }), 'B'],
    ['withdrawing a proposal', (r) => ({ type: 'withdrawOffLimits', id: r.ctx.agreement.offLimits[0]!.id }), 'A'],
  ];
  it.each(changes)('clears both signatures on %s', (_name, command, seat) => {
    const room = new TestRoom({ hasMediator: true });
    room.ok('A', { type: 'setTopic', topic: 'Weekends' }).ok('A', { type: 'proposeOffLimits', text: 'the 2019 loan' });
    room.ok('A', { type: 'sign' });
    expect(room.ctx.agreement.signedBy).toEqual(['A']);
    room.ok(seat, command(room));
    expect(room.ctx.agreement.signedBy).toEqual([]);
    expect(room.step).toBe('agreement');
  });

  it('never lets the mediator sign for a partner, and leaves the room unchanged', () => {
    const room = new TestRoom({ hasMediator: true });
    room.ok('A', { type: 'setTopic', topic: 'Weekends' }).ok('A', { type: 'sign' });
    const before = room.persisted();
    const r = room.send('M', { type: 'sign' });
    expect(r?.code).toBe(RefusalCode.SeatNotAllowed);
    expect(r?.message).toMatch(/never signs for a partner/);
    expect(room.persisted()).toEqual(before);
  });

  it('lets the mediator propose the topic, settings and off-limits topics', () => {
    const room = new TestRoom({ hasMediator: true });
    room.ok('M', { type: 'setTopic', topic: 'Rebuilding trust' });
    room.ok('M', { type: 'setSettings', settings: { depth: 'full', pauseMinutes: 25 } });
    room.ok('M', { type: 'proposeOffLimits', text: 'the affair details' });
    expect(room.ctx.agreement).toMatchObject({ topic: 'Rebuilding trust', depth: 'full', pauseMinutes: 25 });
    expect(room.ctx.agreement.offLimits[0]).toMatchObject({ proposedBy: 'M', bound: false });
  });

  it('binds an off-limits topic only once the other partner accepts it', () => {
    const room = new TestRoom();
    room.ok('A', { type: 'proposeOffLimits', text: 'my mother' });
    const id = room.ctx.agreement.offLimits[0]!.id;
    expect(room.send('A', { type: 'acceptOffLimits', id })?.code).toBe(RefusalCode.NotNow);
    expect(room.ctx.agreement.offLimits[0]!.bound).toBe(false);
    room.ok('B', { type: 'acceptOffLimits', id });
    expect(room.ctx.agreement.offLimits[0]).toMatchObject({ bound: true, acceptedBy: ['B'] });
  });

  it('binds a mediator’s proposal only once both partners accept it', () => {
    const room = new TestRoom({ hasMediator: true });
    room.ok('M', { type: 'proposeOffLimits', text: 'the holidays' });
    const id = room.ctx.agreement.offLimits[0]!.id;
    expect(room.send('M', { type: 'acceptOffLimits', id })?.code).toBe(RefusalCode.SeatNotAllowed);
    room.ok('A', { type: 'acceptOffLimits', id });
    expect(room.ctx.agreement.offLimits[0]!.bound).toBe(false);
    room.ok('B', { type: 'acceptOffLimits', id });
    expect(room.ctx.agreement.offLimits[0]!.bound).toBe(true);
  });

  it('lets either partner decline a proposal, and only its proposer withdraw it', () => {
    const room = new TestRoom();
    room.ok('A', { type: 'proposeOffLimits', text: 'my mother' });
    const id = room.ctx.agreement.offLimits[0]!.id;
    expect(room.send('B', { type: 'withdrawOffLimits', id })?.code).toBe(RefusalCode.SeatNotAllowed);
    expect(room.send('A', { type: 'declineOffLimits', id })?.code).toBe(RefusalCode.NotNow);
    room.ok('B', { type: 'declineOffLimits', id });
    expect(room.ctx.agreement.offLimits).toEqual([]);
    expect(room.send('B', { type: 'acceptOffLimits', id })?.code).toBe(RefusalCode.NotFound);
    room.ok('B', { type: 'proposeOffLimits', text: 'the car' });
    room.ok('B', { type: 'withdrawOffLimits', id: room.ctx.agreement.offLimits[0]!.id });
    expect(room.ctx.agreement.offLimits).toEqual([]);
  });

  it('refuses a topic already on the list, however it is written', () => {
    const room = new TestRoom();
    room.ok('A', { type: 'proposeOffLimits', text: 'my mother' });
    expect(room.send('B', { type: 'proposeOffLimits', text: 'Mothers!' })?.code).toBe(RefusalCode.BadValue);
    expect(room.send('B', { type: 'proposeOffLimits', text: ' ?! ' })?.code).toBe(RefusalCode.BadValue);
  });

  it.each([
    ['a turn shorter than the minimum', { turnSeconds: LIMITS.turnSeconds.min - 1 }, 'turnSeconds'],
    ['a turn longer than the maximum', { turnSeconds: LIMITS.turnSeconds.max + 1 }, 'turnSeconds'],
    ['a fractional turn', { turnSeconds: 90.5 }, 'turnSeconds'],
    ['a pause shorter than the minimum', { pauseMinutes: 0 }, 'pauseMinutes'],
    ['a pause longer than the maximum', { pauseMinutes: LIMITS.pauseMinutes.max + 1 }, 'pauseMinutes'],
    ['an unknown listening depth', { depth: 'deep' as 'full' }, 'depth'],
    ['a first speaker who is not a partner', { firstSpeaker: 'M' as 'A' }, 'firstSpeaker'],
    ['an empty change', {}, 'settings'],
  ])('refuses %s, naming the field', (_n, settings, field) => {
    const room = new TestRoom();
    const before = room.persisted();
    expect(room.send('A', { type: 'setSettings', settings })).toMatchObject({ code: RefusalCode.BadValue, field });
    expect(room.persisted()).toEqual(before);
  });

  it('refuses an empty or oversized topic', () => {
    const room = new TestRoom();
    expect(room.send('A', { type: 'setTopic', topic: '   ' })?.code).toBe(RefusalCode.BadValue);
    expect(room.send('A', { type: 'setTopic', topic: 'x'.repeat(LIMITS.topicChars + 1) })?.code).toBe(RefusalCode.BadValue);
  });

  it('refuses talk before both have signed, saying so', () => {
    const room = new TestRoom();
    const r = room.send('A', { type: 'say', text: 'hello' });
    expect(r?.code).toBe(RefusalCode.NotYourTurn);
    const p = room.send('A', { type: 'callPause' });
    expect(p).toMatchObject({ code: RefusalCode.NotNow, message: expect.stringMatching(/both partners have signed/) });
  });
});

describe('the lengths offered for turns and pauses', () => {
  it.each([
    ['turn', LIMITS.turnSeconds],
    ['pause', LIMITS.pauseMinutes],
  ] as const)('span exactly what the room accepts for a %s, shortest to longest, with the default among them', (_what, limit) => {
    expect(limit.choices[0]).toBe(limit.min);
    expect(limit.choices.at(-1)).toBe(limit.max);
    expect(limit.choices).toContain(limit.default);
    expect([...limit.choices].sort((x, y) => x - y)).toEqual([...limit.choices]);
  });
});

describe('names', () => {
  it('lets each person give a first name, or clear it to be their seat again', () => {
    const room = new TestRoom({ hasMediator: true });
    room.ok('A', { type: 'setName', name: '  Sam ' });
    expect(room.ctx.names.A).toBe('Sam');
    room.ok('A', { type: 'setName', name: '' });
    expect(room.ctx.names.A).toBe('');
    expect(room.send('A', { type: 'setName', name: 'x'.repeat(41) })).toMatchObject({ code: RefusalCode.BadValue, field: 'name' });
    expect(room.send('A', { type: 'setName', name: 'Sam\u202e' })).toMatchObject({ code: RefusalCode.BadValue, field: 'name' });
  });

  it('refuses a name that is another person’s, or another seat’s label, whatever its case', () => {
    const room = new TestRoom({ hasMediator: true });
    room.ok('A', { type: 'setName', name: 'Sam' });
    for (const name of ['sam', 'Partner A', 'mediator'])
      expect(room.send('B', { type: 'setName', name }), name).toMatchObject({ code: RefusalCode.BadValue, field: 'name' });
    room.ok('A', { type: 'setName', name: 'Partner A' });
  });
});
