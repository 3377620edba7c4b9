import { describe, expect, it } from 'vitest';
import { project, RefusalCode, type Seat } from '../../shared/conversation';
import { MIN, signedAloud, TestRoom } from './harness';
import { sayIn } from '../support/messagesIn';

const onTheCall = (opts: Parameters<typeof signedAloud>[1] = {}): TestRoom => signedAloud('call', opts);

const voice = (room: TestRoom, seat: Seat = 'A') => project(room.snapshot, seat, room.now).voice;
const open = (room: TestRoom) => voice(room)?.open;

describe('microphones follow the floor on the room’s voice call', () => {
  it('opens the speaker’s while speaking and answering, the listener’s while saying back, validating and empathizing', () => {
    const room = onTheCall({ depth: 'full' });
    const steps: [string, Seat[]][] = [];
    const note = () => steps.push([room.step, open(room)!]);
    note();
    room.ok('A', { type: 'yield' });
    note();
    room.ok('B', { type: 'mirror', text: '' });
    note();
    room.ok('A', { type: 'confirm' });
    note();
    room.ok('A', { type: 'noMore' });
    note();
    room.ok('B', { type: 'validate', text: '' });
    note();
    room.ok('B', { type: 'empathize', text: '' });
    note();
    expect(steps).toEqual([
      ['speaking', ['A']],
      ['mirroring', ['B']],
      ['checking', ['A']],
      ['askingMore', ['A']],
      ['validating', ['B']],
      ['empathizing', ['B']],
      ['speaking', ['B']],
    ]);
  });

  it('tells each seat whether its own microphone is open, and everyone who can be heard, by name', () => {
    const room = onTheCall();
    room.ok('A', { type: 'setName', name: 'Sam' });
    expect(voice(room, 'A')).toMatchObject({ mine: true });
    expect(voice(room, 'B')).toMatchObject({ mine: false });
    for (const seat of ['A', 'B'] as const) expect(sayIn('en', voice(room, seat)!.heard, room.ctx.names)).toBe('Sam can be heard now.');
    expect(sayIn('es', voice(room, 'B')!.heard, room.ctx.names)).toBe('Ahora se oye a Sam.');
  });

  it('is quiet for everyone during a pause, the mediator included, and opens again where the talk resumes', () => {
    const room = onTheCall({ hasMediator: true });
    room.ok('M', { type: 'holdToTalk' });
    room.ok('B', { type: 'callPause' });
    expect(voice(room)).toMatchObject({ open: [], mediatorTalking: false });
    expect(sayIn('en', voice(room)!.heard)).toBe('Nobody can be heard during the pause.');
    expect(room.send('M', { type: 'holdToTalk' })?.code).toBe(RefusalCode.Paused);
    room.advance(20 * MIN).ok('A', { type: 'ready' }).ok('B', { type: 'ready' });
    expect(open(room)).toEqual(['A']);
  });

  it('goes quiet while a boundary waits for the speaker, and opens again when they rephrase', () => {
    const room = onTheCall({ offLimits: ['the loan'] });
    room.ok('B', { type: 'callBoundary', topicId: room.ctx.agreement.offLimits[0]!.id });
    expect(voice(room)).toMatchObject({ open: [] });
    expect(sayIn('en', voice(room)!.heard)).toMatch(/^Nobody can be heard until/);
    room.ok('A', { type: 'rephrase' });
    expect(open(room)).toEqual(['A']);
  });

  it('opens both partners’ at the close, and the call ends with the talk', () => {
    const room = onTheCall();
    room.ok('A', { type: 'yield' }).ok('B', { type: 'mirror', text: '' }).ok('A', { type: 'confirm' });
    room.ok('A', { type: 'moveToClose' }).ok('B', { type: 'acceptClose' });
    expect(room.step).toBe('closing');
    expect(open(room)).toEqual(['A', 'B']);
    for (const p of ['A', 'B'] as const) room.ok(p, { type: 'appreciate', text: '' });
    for (const p of ['A', 'B'] as const) room.ok(p, { type: 'confirmClose' });
    expect(room.step).toBe('ended');
    expect(voice(room)).toBeNull();
  });

  it('is there only when the partners signed to talk through the room', () => {
    const typed = new TestRoom();
    typed.ok('A', { type: 'setTopic', topic: 'Money' }).ok('A', { type: 'setSettings', settings: { mode: 'call' } });
    expect(voice(typed)).toBeNull(); // not before the talk starts
    typed.ok('A', { type: 'setSettings', settings: { mode: 'together' } }).ok('A', { type: 'sign' }).ok('B', { type: 'sign' });
    expect(voice(typed)).toBeNull();
  });
});

describe('the mediator holds to talk', () => {
  it('is heard only while holding, beside whoever the floor gives the word, and the partners see it', () => {
    const room = onTheCall({ hasMediator: true });
    expect(project(room.snapshot, 'M', room.now).controls.holdToTalk).toBe(true);
    room.ok('M', { type: 'holdToTalk' });
    expect(voice(room, 'B')).toMatchObject({ open: ['A', 'M'], mediatorTalking: true });
    expect(sayIn('en', voice(room, 'B')!.heard, room.ctx.names)).toBe('Partner A and Mediator can be heard now.');
    expect(sayIn('es', voice(room, 'B')!.heard, room.ctx.names)).toBe('Ahora se oye a Persona A y Persona mediadora.');
    expect(voice(room, 'M')!.mine).toBe(true);
    expect(room.send('M', { type: 'holdToTalk' })?.code).toBe(RefusalCode.NotNow);
    room.ok('M', { type: 'releaseTalk' });
    expect(open(room)).toEqual(['A']);
    expect(room.send('M', { type: 'releaseTalk' })?.code).toBe(RefusalCode.NotNow);
    // Holding to talk is live state, not a step of the talk: the record does not keep it.
    expect(room.record.some((e) => e.type === 'holdToTalk' || e.type === 'releaseTalk')).toBe(false);
  });

  it('is the mediator’s alone, and only on the room’s own call', () => {
    const room = onTheCall({ hasMediator: true });
    expect(room.send('A', { type: 'holdToTalk' })?.code).toBe(RefusalCode.SeatNotAllowed);
    const together = new TestRoom({ hasMediator: true });
    together.ok('A', { type: 'setTopic', topic: 'Money' }).ok('A', { type: 'setSettings', settings: { mode: 'together' } });
    together.ok('A', { type: 'sign' }).ok('B', { type: 'sign' });
    expect(together.send('M', { type: 'holdToTalk' })).toMatchObject({ code: RefusalCode.NotNow, message: expect.stringMatching(/voice call/) });
    expect(project(together.snapshot, 'M', together.now).controls.holdToTalk).toBe(false);
  });

  it('lets go when the mediator leaves or drops: their button went with them', () => {
    for (const gone of ['leave', 'drop'] as const) {
      const room = onTheCall({ hasMediator: true });
      room.ok('M', { type: 'holdToTalk' }).ok('M', { type: gone });
      expect(voice(room)).toMatchObject({ open: ['A'], mediatorTalking: false });
    }
  });

  it('keeps a partner’s leaving from touching the mediator’s hold', () => {
    const room = onTheCall({ hasMediator: true });
    room.ok('M', { type: 'holdToTalk' }).ok('B', { type: 'drop' });
    expect(voice(room)!.mediatorTalking).toBe(true);
  });
});
