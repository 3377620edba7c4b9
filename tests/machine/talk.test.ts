import { describe, expect, it } from 'vitest';
import { currentMove, RefusalCode } from '../../shared/conversation';
import { mirroredRound, SEC, talkingRoom } from './harness';
import { sayIn } from '../support/messagesIn';

describe('turn-taking', () => {
  it('lets only the speaker send statements; the listener is told whose turn it is', () => {
    const room = talkingRoom();
    room.ok('A', { type: 'say', text: 'I felt alone on Friday.' });
    const r = room.send('B', { type: 'say', text: 'That is not fair' });
    expect(r?.code).toBe(RefusalCode.NotYourTurn);
    expect(r?.message).toMatch(/raise your hand/);
    expect(room.ctx.floor!.roundStatements).toBe(1);
  });

  it('never lets the mediator speak as a partner', () => {
    const room = talkingRoom({ hasMediator: true });
    expect(room.send('M', { type: 'say', text: 'Let me say it for her' })?.code).toBe(RefusalCode.SeatNotAllowed);
    expect(room.send('M', { type: 'mirror', text: 'What I heard is' })?.code).toBe(RefusalCode.SeatNotAllowed);
  });

  it('moves to the mirror when the speaker yields, and lets only the listener mirror', () => {
    const room = talkingRoom();
    room.ok('A', { type: 'say', text: 'I felt alone.' }).ok('A', { type: 'yield' });
    expect(room.step).toBe('mirroring');
    expect(room.send('A', { type: 'mirror', text: 'What I heard' })?.code).toBe(RefusalCode.NotYourTurn);
    expect(room.send('A', { type: 'say', text: 'one more thing' })?.code).toBe(RefusalCode.NotNow);
    room.ok('B', { type: 'mirror', text: 'What I heard is that you felt alone.' });
    expect(room.step).toBe('checking');
    expect(room.ctx.fairness.B.mirrorAttempts).toBe(1);
  });

  it('loops through "not quite" until the speaker confirms the mirror', () => {
    const room = talkingRoom();
    room.ok('A', { type: 'say', text: 'I felt alone.' }).ok('A', { type: 'yield' });
    room.ok('B', { type: 'mirror', text: 'You were angry.' });
    expect(room.send('B', { type: 'confirm' })?.code).toBe(RefusalCode.NotYourTurn);
    room.ok('A', { type: 'notQuite', text: 'Not angry — alone.' });
    expect(room.step).toBe('mirroring');
    room.ok('B', { type: 'mirror', text: 'You felt alone.' });
    room.ok('A', { type: 'confirm' });
    expect(room.step).toBe('askingMore');
    expect(room.ctx.fairness.B.mirrorAttempts).toBe(2);
    expect(room.ctx.floor!.speaker).toBe('A');
  });

  it('keeps the floor with the speaker who has more to say, on a fresh turn', () => {
    const room = mirroredRound(talkingRoom());
    room.now += 10 * SEC;
    room.ok('A', { type: 'more' });
    expect(room.step).toBe('speaking');
    expect(room.ctx.floor).toMatchObject({ speaker: 'A', turnEndsAt: room.now + 120 * SEC, roundStatements: 0 });
    expect(room.ctx.fairness.A.turns).toBe(1);
  });

  it('swaps roles after "no more" when only mirroring was agreed', () => {
    const room = mirroredRound(talkingRoom({ depth: 'mirror' }));
    room.ok('A', { type: 'noMore' });
    expect(room.step).toBe('speaking');
    expect(room.ctx.floor!.speaker).toBe('B');
    expect(room.ctx.fairness.B.turns).toBe(1);
  });

  it('asks the listener to validate and then empathize before the swap, when agreed', () => {
    const room = mirroredRound(talkingRoom({ depth: 'full' }));
    room.ok('A', { type: 'noMore' });
    expect(room.step).toBe('validating');
    expect(room.send('A', { type: 'validate', text: 'You make sense' })?.code).toBe(RefusalCode.NotYourTurn);
    room.ok('B', { type: 'validate', text: 'You make sense to me because I was out late.' });
    expect(room.step).toBe('empathizing');
    room.ok('B', { type: 'empathize', text: 'I imagine you might be feeling lonely.' });
    expect(room.step).toBe('speaking');
    expect(room.ctx.floor!.speaker).toBe('B');
  });

  it('ends the speaking step kindly when the turn time runs out: a 15-second grace, then the mirror', () => {
    const room = talkingRoom();
    room.ok('A', { type: 'say', text: 'I felt alone.' });
    room.advance(119 * SEC);
    expect(room.step).toBe('speaking');
    room.advance(1 * SEC);
    // Time is up, but the sentence being typed may still land.
    expect(room.step).toBe('speaking');
    expect(room.ctx.floor).toMatchObject({ inGrace: true, turnEndsAt: room.now + 15 * SEC });
    room.advance(10 * SEC).ok('A', { type: 'say', text: 'And I still do.' });
    room.advance(5 * SEC);
    expect(room.step).toBe('mirroring');
    expect(room.ctx.fairness.A.floorMs).toBe(135 * SEC);
    expect(room.ctx.floor).toMatchObject({ turnEndsAt: null, inGrace: false, timeUp: { by: 'A', at: room.now } });
  });

  it('tells a statement sent after the grace that time ran out, not whose floor it is', () => {
    const room = talkingRoom();
    room.advance(135 * SEC);
    expect(room.ctx.floor!.speaker).toBe('B');
    expect(room.send('A', { type: 'say', text: 'Wait, one more thing' })).toMatchObject({ code: RefusalCode.TimeUp, message: expect.stringMatching(/kept for your next turn/) });
    // A minute later it is simply the partner's floor.
    room.advance(61 * SEC);
    expect(room.send('A', { type: 'say', text: 'Wait, one more thing' })?.code).toBe(RefusalCode.NotYourTurn);
  });

  it('forgets whose time ran out once that partner holds the floor again', () => {
    const room = talkingRoom();
    room.advance(135 * SEC);
    expect(room.ctx.floor!.timeUp).toMatchObject({ by: 'A' });
    room.ok('B', { type: 'yield' }); // nothing said: the floor comes straight back to A
    expect(room.ctx.floor).toMatchObject({ speaker: 'A', timeUp: null });
  });

  it('keeps a pause during the grace exactly: the grace left resumes with the talk', () => {
    const room = talkingRoom();
    room.ok('A', { type: 'say', text: 'I felt alone.' }).advance(125 * SEC);
    room.ok('B', { type: 'callPause' }).advance(20 * 60 * SEC).ok('A', { type: 'ready' }).ok('B', { type: 'ready' });
    expect(room.ctx.floor).toMatchObject({ inGrace: true, turnEndsAt: room.now + 10 * SEC });
    room.advance(10 * SEC);
    expect(room.step).toBe('mirroring');
  });

  it('ignores a stale turn deadline', () => {
    const room = talkingRoom();
    const dueAt = room.ctx.floor!.turnEndsAt!;
    room.ok('A', { type: 'say', text: 'I felt alone.' }).ok('A', { type: 'yield' });
    room.now = dueAt;
    expect(room.send('system', { type: 'timerElapsed', deadline: 'turn', dueAt })?.code).toBe(RefusalCode.StaleTimer);
    expect(room.step).toBe('mirroring');
  });

  it('ignores a deadline that arrives before its time', () => {
    const room = talkingRoom();
    const dueAt = room.ctx.floor!.turnEndsAt!;
    expect(room.send('system', { type: 'timerElapsed', deadline: 'turn', dueAt })?.code).toBe(RefusalCode.StaleTimer);
  });

  it('passes the floor when the speaker yields with nothing to mirror', () => {
    const room = talkingRoom();
    room.ok('A', { type: 'yield' });
    expect(room.ctx.floor!.speaker).toBe('B');
    expect(room.step).toBe('speaking');
  });

  it('passes the floor when time and grace run out on a turn with nothing said', () => {
    const room = talkingRoom();
    room.advance(120 * SEC);
    expect(room.ctx.floor!.speaker).toBe('A');
    room.advance(15 * SEC);
    expect(room.ctx.floor!.speaker).toBe('B');
  });

  it('lets the listener raise a hand, and clears it once they hold the floor', () => {
    const room = talkingRoom();
    expect(room.send('A', { type: 'raiseHand' })?.code).toBe(RefusalCode.NotYourTurn);
    room.ok('B', { type: 'raiseHand' });
    expect(room.ctx.floor!.handRaised).toBe('B');
    expect(room.send('B', { type: 'raiseHand' })?.code).toBe(RefusalCode.NotNow);
    mirroredRound(room).ok('A', { type: 'more' });
    expect(room.ctx.floor!.handRaised).toBe('B');
    mirroredRound(room).ok('A', { type: 'noMore' });
    expect(room.ctx.floor).toMatchObject({ speaker: 'B', handRaised: null });
  });

  it('lets a raised hand be lowered by the one who raised it', () => {
    const room = talkingRoom();
    room.ok('B', { type: 'raiseHand' });
    expect(room.send('A', { type: 'lowerHand' })?.code).toBe(RefusalCode.NotNow);
    room.ok('B', { type: 'lowerHand' });
    expect(room.ctx.floor!.handRaised).toBeNull();
  });

  it('lets the mediator grant the floor between turns, never over an unmirrored statement', () => {
    const room = talkingRoom({ hasMediator: true });
    room.ok('A', { type: 'say', text: 'I felt alone.' });
    expect(room.send('M', { type: 'grantFloor', to: 'B' })?.code).toBe(RefusalCode.NotNow);
    expect(room.send('A', { type: 'grantFloor', to: 'B' })?.code).toBe(RefusalCode.SeatNotAllowed);
    room.ok('A', { type: 'yield' }).ok('B', { type: 'mirror', text: 'You felt alone.' }).ok('A', { type: 'confirm' });
    expect(room.send('M', { type: 'grantFloor', to: 'A' })?.code).toBe(RefusalCode.BadValue);
    room.ok('M', { type: 'grantFloor', to: 'B' });
    expect(room.ctx.floor).toMatchObject({ speaker: 'B', roundStatements: 0 });
    expect(room.step).toBe('speaking');
  });

  it('keeps fairness figures: floor time, turns and mirror attempts per partner', () => {
    const room = talkingRoom();
    room.ok('A', { type: 'say', text: 'one' });
    room.now += 30 * SEC;
    room.ok('A', { type: 'yield' }).ok('B', { type: 'mirror', text: 'heard one' }).ok('A', { type: 'confirm' }).ok('A', { type: 'noMore' });
    room.ok('B', { type: 'say', text: 'two' });
    room.now += 45 * SEC;
    room.ok('B', { type: 'yield' });
    expect(room.ctx.fairness.A).toMatchObject({ floorMs: 30 * SEC, turns: 1, mirrorAttempts: 0 });
    expect(room.ctx.fairness.B).toMatchObject({ floorMs: 45 * SEC, turns: 1, mirrorAttempts: 1 });
  });

  it('always says whose move it is and what that move is', () => {
    const room = talkingRoom();
    expect(currentMove(room.snapshot)).toMatchObject({ step: 'speaking', by: ['A'] });
    room.ok('A', { type: 'say', text: 'x' }).ok('A', { type: 'yield' });
    expect(currentMove(room.snapshot)).toMatchObject({ step: 'mirroring', by: ['B'] });
    expect(sayIn('en', currentMove(room.snapshot).text)).toMatch(/Partner B says back/);
  });

  it('refuses empty and oversized statements, naming the field', () => {
    const room = talkingRoom();
    expect(room.send('A', { type: 'say', text: '  ' })).toMatchObject({ code: RefusalCode.BadValue, field: 'text' });
    expect(room.send('A', { type: 'say', text: 'x'.repeat(2001) })).toMatchObject({ code: RefusalCode.BadValue, field: 'text' });
  });
});
