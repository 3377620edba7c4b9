import { describe, expect, it } from 'vitest';
import { RefusalCode, type RoomCommand } from '../../shared/conversation';
import { MIN, mirroredRound, SEC, talkingRoom } from './harness';

describe('pauses', () => {
  it.each(['A', 'B'] as const)('lets partner %s call a pause from any step, with no reason asked', (seat) => {
    const room = talkingRoom();
    room.ok('A', { type: 'say', text: 'x' }).ok('A', { type: 'yield' });
    room.ok(seat, { type: 'callPause' });
    expect(room.step).toBe('paused');
    expect(room.ctx.pause).toMatchObject({ calledBy: seat, endsAt: room.now + 20 * MIN, ready: [] });
    expect(room.ctx.fairness[seat].pausesCalled).toBe(1);
  });

  it('lets the mediator call a pause, counted apart from the partners', () => {
    const room = talkingRoom({ hasMediator: true });
    room.ok('M', { type: 'callPause' });
    expect(room.step).toBe('paused');
    expect(room.ctx.fairness.mediatorPauses).toBe(1);
  });

  it('holds a pause to at least the agreed length, and lets the caller choose longer', () => {
    const room = talkingRoom();
    expect(room.send('A', { type: 'callPause', minutes: 10 })).toMatchObject({ code: RefusalCode.BadValue, field: 'minutes' });
    expect(room.send('A', { type: 'callPause', minutes: 121 })?.code).toBe(RefusalCode.BadValue);
    room.ok('A', { type: 'callPause', minutes: 45 });
    expect(room.ctx.pause!.endsAt).toBe(room.now + 45 * MIN);
  });

  it('makes one pause of two pause calls at once', () => {
    const room = talkingRoom();
    room.ok('A', { type: 'callPause' });
    const endsAt = room.ctx.pause!.endsAt;
    expect(room.send('B', { type: 'callPause' })?.code).toBe(RefusalCode.AlreadyPaused);
    expect(room.ctx.pause).toMatchObject({ calledBy: 'A', endsAt });
    expect(room.ctx.fairness.B.pausesCalled).toBe(0);
  });

  const frozen: RoomCommand[] = [
    { type: 'say', text: 'x' },
    { type: 'yield' },
    { type: 'raiseHand' },
    { type: 'proposeOffLimits', text: 'money' },
    { type: 'moveToClose' },
  ];
  it.each(frozen)('accepts nothing of the talk while paused: $type', (command) => {
    const room = talkingRoom();
    room.ok('A', { type: 'callPause' });
    const before = room.persisted();
    const seat = command.type === 'raiseHand' ? 'B' : 'A';
    expect(room.send(seat, command)?.code).toBe(RefusalCode.Paused);
    expect(room.persisted()).toEqual(before);
  });

  it('resumes exactly where the talk stood, with the turn time that was left', () => {
    const room = talkingRoom();
    room.ok('B', { type: 'raiseHand' });
    room.ok('A', { type: 'say', text: 'I felt alone.' });
    room.now += 50 * SEC; // 70 s left on the turn
    room.ok('B', { type: 'callPause' });
    expect(room.ctx.floor).toMatchObject({ turnEndsAt: null, turnRemainingMs: 70 * SEC });
    room.advance(20 * MIN);
    expect(room.step).toBe('waitingReady');
    room.ok('A', { type: 'ready' });
    expect(room.step).toBe('waitingReady');
    room.now += 3 * MIN;
    room.ok('B', { type: 'ready' });
    expect(room.step).toBe('speaking');
    expect(room.ctx.floor).toMatchObject({
      speaker: 'A',
      roundStatements: 1,
      handRaised: 'B',
      turnEndsAt: room.now + 70 * SEC,
      turnRemainingMs: null,
    });
    expect(room.ctx.pause).toBeNull();
    // Floor time stops during the pause; the turn ends after its time and the grace.
    room.advance(85 * SEC);
    expect(room.step).toBe('mirroring');
    expect(room.ctx.fairness.A.floorMs).toBe(135 * SEC);
  });

  it('resumes in the mirror step when paused there', () => {
    const room = talkingRoom({ depth: 'full' });
    mirroredRound(room).ok('A', { type: 'noMore' });
    room.ok('A', { type: 'callPause' }).ok('A', { type: 'ready' }).ok('B', { type: 'ready' });
    expect(room.step).toBe('validating');
  });

  it('is never cut short by one person alone, but both together may end it early', () => {
    const room = talkingRoom();
    room.ok('A', { type: 'callPause' });
    room.ok('A', { type: 'ready' });
    expect(room.send('A', { type: 'ready' })?.code).toBe(RefusalCode.NotNow);
    expect(room.step).toBe('paused');
    room.ok('B', { type: 'ready' });
    expect(room.step).toBe('speaking');
  });

  it('lets anyone extend a pause; asking for more time clears readiness', () => {
    const room = talkingRoom({ hasMediator: true });
    room.ok('A', { type: 'callPause' });
    const endsAt = room.ctx.pause!.endsAt;
    room.ok('M', { type: 'extendPause', minutes: 10 });
    expect(room.ctx.pause!.endsAt).toBe(endsAt + 10 * MIN);
    room.advance(30 * MIN);
    expect(room.step).toBe('waitingReady');
    room.ok('A', { type: 'ready' });
    room.ok('B', { type: 'extendPause', minutes: 5 });
    expect(room.step).toBe('paused');
    expect(room.ctx.pause).toMatchObject({ ready: [], endsAt: room.now + 5 * MIN });
    expect(room.send('B', { type: 'extendPause', minutes: 0 })?.code).toBe(RefusalCode.BadValue);
  });

  it('refuses readiness from the mediator, and readiness with no pause on', () => {
    const room = talkingRoom({ hasMediator: true });
    expect(room.send('A', { type: 'ready' })?.code).toBe(RefusalCode.NotNow);
    room.ok('A', { type: 'callPause' });
    expect(room.send('M', { type: 'ready' })?.code).toBe(RefusalCode.SeatNotAllowed);
  });

  it('ignores a pause deadline that was moved by an extension', () => {
    const room = talkingRoom();
    room.ok('A', { type: 'callPause' });
    const first = room.ctx.pause!.endsAt;
    room.ok('B', { type: 'extendPause', minutes: 10 });
    room.now = first;
    expect(room.send('system', { type: 'timerElapsed', deadline: 'pause', dueAt: first })?.code).toBe(RefusalCode.StaleTimer);
    expect(room.step).toBe('paused');
  });
});

describe('adjourning', () => {
  it('adjourns to an agreed time once both partners accept, keeping the talk as it stood', () => {
    const room = talkingRoom();
    room.ok('A', { type: 'say', text: 'I felt alone.' });
    room.now += 20 * SEC;
    const until = room.now + 18 * 60 * MIN;
    room.ok('A', { type: 'proposeAdjourn', until });
    expect(room.step).toBe('speaking');
    room.ok('B', { type: 'acceptAdjourn' });
    expect(room.step).toBe('paused');
    expect(room.ctx.pause).toMatchObject({ kind: 'adjourn', endsAt: until });
    expect(room.ctx.adjournProposal).toBeNull();
    room.advance(18 * 60 * MIN);
    expect(room.step).toBe('waitingReady');
    room.ok('A', { type: 'ready' }).ok('B', { type: 'ready' });
    expect(room.ctx.floor).toMatchObject({ speaker: 'A', roundStatements: 1, turnEndsAt: room.now + 100 * SEC });
  });

  it('adjourns only within a day', () => {
    const room = talkingRoom();
    expect(room.send('A', { type: 'proposeAdjourn', until: room.now + 25 * 60 * MIN })?.code).toBe(RefusalCode.BadValue);
    expect(room.send('A', { type: 'proposeAdjourn', until: room.now + 1 * MIN })?.code).toBe(RefusalCode.BadValue);
  });

  it('lets the other partner decline an adjournment', () => {
    const room = talkingRoom();
    room.ok('A', { type: 'proposeAdjourn', until: room.now + 60 * MIN });
    expect(room.send('A', { type: 'acceptAdjourn' })?.code).toBe(RefusalCode.NotNow);
    room.ok('B', { type: 'declineAdjourn' });
    expect(room.ctx.adjournProposal).toBeNull();
    expect(room.send('B', { type: 'acceptAdjourn' })?.code).toBe(RefusalCode.NotFound);
  });

  it('turns a pause already on into an adjournment', () => {
    const room = talkingRoom();
    room.ok('A', { type: 'callPause' });
    room.ok('B', { type: 'proposeAdjourn', until: room.now + 120 * MIN }).ok('A', { type: 'acceptAdjourn' });
    expect(room.ctx.pause).toMatchObject({ kind: 'adjourn', endsAt: room.now + 120 * MIN });
    expect(room.step).toBe('paused');
  });
});
