import { describe, expect, it } from 'vitest';
import { RefusalCode } from '../../shared/conversation';
import { talkingRoom } from './harness';

describe('off-limits topics during the talk', () => {
  it('refuses a statement touching an agreed topic, naming the topic kindly', () => {
    const room = talkingRoom({ offLimits: ['my mother'] });
    const before = room.persisted();
    const r = room.send('A', { type: 'say', text: "It's like your Mother's birthday all over again" });
    expect(r).toMatchObject({ code: RefusalCode.OffLimits, topic: 'my mother' });
    expect(r?.message).toMatch(/draft is kept/);
    expect(room.persisted()).toEqual(before);
  });

  it('refuses a mirror touching an agreed topic', () => {
    const room = talkingRoom({ offLimits: ['the 2019 loan'] });
    room.ok('A', { type: 'say', text: 'I worry about money.' }).ok('A', { type: 'yield' });
    expect(room.send('B', { type: 'mirror', text: 'You worry, like with the 2019 loans' })?.code).toBe(RefusalCode.OffLimits);
    expect(room.step).toBe('mirroring');
  });

  it('does not block a topic that was only proposed', () => {
    const room = talkingRoom();
    room.ok('A', { type: 'proposeOffLimits', text: 'my mother' });
    room.ok('A', { type: 'say', text: 'my mother called' });
  });

  it('binds a topic proposed mid-talk once the other partner accepts it', () => {
    const room = talkingRoom();
    room.ok('B', { type: 'proposeOffLimits', text: 'golf' });
    room.ok('A', { type: 'acceptOffLimits', id: room.ctx.agreement.offLimits[0]!.id });
    expect(room.send('A', { type: 'say', text: 'Your golf weekends' })?.code).toBe(RefusalCode.OffLimits);
    expect(room.step).toBe('speaking');
  });

  it('moves a draft to its author’s private parking lot, and lets them remove it', () => {
    const room = talkingRoom({ offLimits: ['my mother'] });
    room.ok('A', { type: 'park', text: 'What your mother said at Easter' });
    expect(room.ctx.parkingLot.A).toHaveLength(1);
    expect(room.ctx.parkingLot.B).toHaveLength(0);
    const id = room.ctx.parkingLot.A[0]!.id;
    expect(room.send('B', { type: 'unpark', id })?.code).toBe(RefusalCode.NotFound);
    room.ok('A', { type: 'unpark', id });
    expect(room.ctx.parkingLot.A).toEqual([]);
  });

  it('keeps the parking lot open while paused, since nothing there is sent', () => {
    const room = talkingRoom();
    room.ok('A', { type: 'callPause' }).ok('B', { type: 'park', text: 'for later' });
    expect(room.ctx.parkingLot.B).toHaveLength(1);
  });

  it('lets a partner share a parked item with the mediator, and only then', () => {
    const room = talkingRoom({ hasMediator: true });
    room.ok('B', { type: 'park', text: 'for the mediator' });
    const id = room.ctx.parkingLot.B[0]!.id;
    expect(room.send('M', { type: 'shareParked', id })?.code).toBe(RefusalCode.SeatNotAllowed);
    room.ok('B', { type: 'shareParked', id });
    expect(room.ctx.parkingLot.B[0]!.sharedWithMediator).toBe(true);
    const alone = talkingRoom();
    alone.ok('A', { type: 'park', text: 'x' });
    expect(alone.send('A', { type: 'shareParked', id: alone.ctx.parkingLot.A[0]!.id })?.code).toBe(RefusalCode.NoMediator);
  });

  it('lets the mediator send facilitator notes, checked against the agreement like any text', () => {
    const room = talkingRoom({ hasMediator: true, offLimits: ['money'] });
    room.ok('M', { type: 'note', text: 'Slow down; you are both doing well.' });
    expect(room.send('M', { type: 'note', text: 'About the money…' })?.code).toBe(RefusalCode.OffLimits);
    expect(room.send('A', { type: 'note', text: 'hi' })?.code).toBe(RefusalCode.SeatNotAllowed);
  });
});
