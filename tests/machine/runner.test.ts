import { describe, expect, it } from 'vitest';
import { refuseDelete, RefusalCode, run, Step, stepOf } from '../../shared/conversation';
import { MIN, SEC, T0, talkingRoom } from './harness';

describe('the one runner', () => {
  it('stamps the seat and the time, steps the machine, numbers the record entry after the ones before', () => {
    const room = talkingRoom();
    const out = run(room.snapshot, { type: 'say', text: '  I felt alone.  ' }, 'A', T0 + 5 * SEC, 41);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.event).toMatchObject({ type: 'say', seat: 'A', at: T0 + 5 * SEC });
    expect(out.entries).toEqual([{ seq: 42, seat: 'A', type: 'say', at: T0 + 5 * SEC, text: 'I felt alone.' }]);
    expect(out.snapshot.context.floor!.roundStatements).toBe(1);
    expect(out.deadlines).toEqual([{ deadline: 'turn', dueAt: T0 + 2 * MIN }]);
  });

  it('refuses with a code and hands back nothing to apply; the snapshot it was given is untouched', () => {
    const room = talkingRoom();
    const before = room.snapshot;
    const out = run(before, { type: 'say', text: 'My side' }, 'B', T0, 0);
    expect(out).toEqual({ ok: false, refusal: expect.objectContaining({ code: RefusalCode.NotYourTurn }) });
    expect(room.snapshot).toBe(before);
  });

  it('keeps private events out of the record: parking a draft is applied but not recorded', () => {
    const room = talkingRoom();
    const out = run(room.snapshot, { type: 'park', text: 'The loan, another day.' }, 'B', T0, 7);
    expect(out.ok && out.entries).toEqual([]);
    expect(out.ok && out.snapshot.context.parkingLot.B).toHaveLength(1);
  });

  it('arms no turn deadline while paused, and the pause deadline instead', () => {
    const room = talkingRoom();
    const out = run(room.snapshot, { type: 'callPause' }, 'B', T0 + 30 * SEC, 0);
    expect(out.ok && out.deadlines).toEqual([{ deadline: 'pause', dueAt: T0 + 30 * SEC + 20 * MIN }]);
  });

  it('takes nothing once the room has ended, not even presence or a second end', () => {
    const room = talkingRoom({ hasMediator: true });
    room.ok('M', { type: 'end' });
    expect(stepOf(room.snapshot)).toBe(Step.Ended);
    for (const [seat, command] of [['A', { type: 'join' }], ['M', { type: 'end' }], ['B', { type: 'leave' }]] as const) {
      const out = run(room.snapshot, command, seat, T0, 3);
      expect(out.ok ? 'accepted' : out.refusal.code, `${seat} ${command.type}`).toBe(RefusalCode.Ended);
    }
  });

  it('lets either partner delete the room, and refuses the mediator with a reason', () => {
    const room = talkingRoom({ hasMediator: true });
    expect(refuseDelete(room.snapshot, 'A')).toBeNull();
    expect(refuseDelete(room.snapshot, 'B')).toBeNull();
    expect(refuseDelete(room.snapshot, 'M')).toMatchObject({ code: RefusalCode.SeatNotAllowed });
  });
});
