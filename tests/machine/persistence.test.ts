import { describe, expect, it } from 'vitest';
import { MIN, SEC, talkingRoom, TestRoom } from './harness';

describe('a persisted room', () => {
  it('continues identically mid-turn when restored, keeping the absolute turn deadline', () => {
    const live = talkingRoom();
    live.ok('A', { type: 'say', text: 'I felt alone.' });
    live.now += 40 * SEC;
    const restored = TestRoom.restore(live.persisted(), live.now);
    expect(restored.ctx.floor!.turnEndsAt).toBe(live.ctx.floor!.turnEndsAt);
    for (const room of [live, restored]) {
      room.ok('A', { type: 'say', text: 'And tired.' });
      room.advance(95 * SEC); // the turn's time, then its grace
    }
    expect(restored.persisted()).toEqual(live.persisted());
    expect(restored.step).toBe('mirroring');
  });

  it('continues identically mid-pause, keeping the pause end and the turn time left', () => {
    const live = talkingRoom();
    live.now += 30 * SEC;
    live.ok('B', { type: 'callPause' });
    live.now += 5 * MIN;
    const restored = TestRoom.restore(live.persisted(), live.now);
    for (const room of [live, restored]) {
      room.advance(15 * MIN).ok('A', { type: 'ready' }).ok('B', { type: 'ready' });
    }
    expect(restored.persisted()).toEqual(live.persisted());
    expect(restored.ctx.floor!.turnEndsAt).toBe(restored.now + 90 * SEC);
  });

  it('fires at once a deadline that passed while nothing was running', () => {
    const live = talkingRoom();
    live.ok('A', { type: 'say', text: 'x' });
    const restored = TestRoom.restore(live.persisted(), live.now + 10 * MIN);
    restored.advance(0);
    expect(restored.step).toBe('mirroring');
  });
});
