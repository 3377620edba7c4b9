import { describe, expect, it } from 'vitest';
import { RefusalCode } from '../../shared/conversation';
import { closeTalk, mirroredRound, talkingRoom } from './harness';

describe('closing', () => {
  it('moves to close between turns, never over a statement not yet mirrored', () => {
    const room = talkingRoom();
    room.ok('A', { type: 'say', text: 'x' });
    expect(room.send('B', { type: 'moveToClose' })?.code).toBe(RefusalCode.NotNow);
    room.ok('A', { type: 'yield' });
    expect(room.send('B', { type: 'moveToClose' })?.code).toBe(RefusalCode.NotNow);
    room.ok('B', { type: 'mirror', text: 'heard x' }).ok('A', { type: 'confirm' });
    closeTalk(room, 'B');
    expect(room.step).toBe('closing');
  });

  it('moves to close only once both partners agree: one proposes, the other accepts or declines', () => {
    const room = talkingRoom();
    room.ok('A', { type: 'moveToClose' });
    expect(room.step).toBe('speaking');
    expect(room.ctx.closeProposal).toEqual({ by: 'A', acceptedBy: ['A'] });
    expect(room.send('A', { type: 'acceptClose' })?.code).toBe(RefusalCode.NotNow);
    expect(room.send('A', { type: 'moveToClose' })?.code).toBe(RefusalCode.NotNow);
    room.ok('B', { type: 'declineClose' });
    expect(room.ctx.closeProposal).toBeNull();
    expect(room.send('B', { type: 'acceptClose' })?.code).toBe(RefusalCode.NotFound);
    room.ok('A', { type: 'moveToClose' }).ok('B', { type: 'acceptClose' });
    expect(room.step).toBe('closing');
    expect(room.ctx.closeProposal).toBeNull();
  });

  it('needs both partners to accept the mediator’s move to close, and never over an unmirrored statement', () => {
    const room = talkingRoom({ hasMediator: true });
    room.ok('M', { type: 'moveToClose' });
    expect(room.send('M', { type: 'acceptClose' })?.code).toBe(RefusalCode.SeatNotAllowed);
    room.ok('A', { type: 'acceptClose' });
    expect(room.step).toBe('speaking');
    room.ok('A', { type: 'say', text: 'One more thing.' });
    expect(room.send('B', { type: 'acceptClose' })?.code).toBe(RefusalCode.NotNow);
    room.ok('A', { type: 'yield' }).ok('B', { type: 'mirror', text: 'One more thing.' }).ok('A', { type: 'confirm' });
    room.ok('B', { type: 'acceptClose' });
    expect(room.step).toBe('closing');
  });

  it('ends when both partners have shared an appreciation and confirmed; a commitment is optional', () => {
    const room = closeTalk(talkingRoom());
    expect(room.send('A', { type: 'confirmClose' })).toMatchObject({ code: RefusalCode.BadValue, field: 'appreciation' });
    room.ok('A', { type: 'appreciate', text: 'Thank you for staying.' });
    room.ok('A', { type: 'commit', text: 'I will text when I am late.' });
    room.ok('B', { type: 'appreciate', text: 'You listened.' });
    room.ok('A', { type: 'confirmClose' });
    expect(room.step).toBe('closing');
    room.ok('B', { type: 'confirmClose' });
    expect(room.step).toBe('ended');
    expect(room.snapshot.status).toBe('done');
    expect(room.ctx.closing.commitment).toEqual({ A: 'I will text when I am late.', B: null });
  });

  it('clears both confirmations when anything shared at the close changes', () => {
    const room = talkingRoom();
    closeTalk(room).ok('A', { type: 'appreciate', text: 'Thanks.' }).ok('A', { type: 'confirmClose' });
    room.ok('B', { type: 'commit', text: 'I will call on Sundays.' });
    expect(room.ctx.closing.confirmedBy).toEqual([]);
  });

  it('lets the talk go back from closing to the same speaker', () => {
    const room = mirroredRound(talkingRoom());
    closeTalk(room.ok('A', { type: 'noMore' })).ok('A', { type: 'backToTalk' });
    expect(room.step).toBe('speaking');
    expect(room.ctx.floor!.speaker).toBe('B');
    expect(room.ctx.floor!.turnEndsAt).toBe(room.now + 120_000);
  });

  it('lets only the mediator end the room, at any time', () => {
    const room = talkingRoom({ hasMediator: true });
    expect(room.send('A', { type: 'end' })?.code).toBe(RefusalCode.SeatNotAllowed);
    room.ok('M', { type: 'end' });
    expect(room.step).toBe('ended');
  });

  it('refuses everything once the talk has ended', () => {
    const room = talkingRoom({ hasMediator: true });
    room.ok('M', { type: 'end' });
    expect(room.send('A', { type: 'say', text: 'wait' })?.code).toBe(RefusalCode.Ended);
    expect(room.send('A', { type: 'join' })?.code).toBe(RefusalCode.Ended);
  });

  it('checks appreciations against the agreed topics too', () => {
    const room = closeTalk(talkingRoom({ offLimits: ['money'] }));
    expect(room.send('A', { type: 'appreciate', text: 'Thanks for the money' })?.code).toBe(RefusalCode.OffLimits);
  });
});
