import { describe, expect, it } from 'vitest';
import { project, Role, Screen, type Seat, Step, Writing } from '../../shared/conversation';
import { closeTalk, MIN, mirroredRound, talkingRoom, TestRoom } from './harness';
import { sayIn } from '../support/messagesIn';

/**
 * The seat projection, step by step and seat by seat: what each person sees and may do now.
 * Partner A holds the floor in every talk step below (B listens); the room has a mediator.
 */

function inStep(step: Step): TestRoom {
  const room = () => talkingRoom({ depth: 'full', hasMediator: true });
  switch (step) {
    case Step.Agreement: {
      const r = new TestRoom({ hasMediator: true });
      r.ok('A', { type: 'setTopic', topic: 'Evenings' }).ok('A', { type: 'sign' });
      return r;
    }
    case Step.Speaking:
      return room();
    case Step.Mirroring:
      return room().ok('A', { type: 'say', text: 'I felt alone.' }).ok('A', { type: 'yield' });
    case Step.Checking:
      return inStep(Step.Mirroring).ok('B', { type: 'mirror', text: 'You felt alone.' });
    case Step.AskingMore:
      return inStep(Step.Checking).ok('A', { type: 'confirm' });
    case Step.Validating:
      return inStep(Step.AskingMore).ok('A', { type: 'noMore' });
    case Step.Empathizing:
      return inStep(Step.Validating).ok('B', { type: 'validate', text: 'You make sense.' });
    case Step.Paused:
      return room().ok('B', { type: 'callPause' });
    case Step.WaitingReady:
      return inStep(Step.Paused).advance(20 * MIN).ok('B', { type: 'ready' });
    case Step.Closing:
      return closeTalk(room());
    case Step.Ended:
      return room().ok('M', { type: 'end' });
  }
}

type Row = [Step, Seat, { screen: Screen; role: Role; floor: boolean; mine: boolean; writes: Writing | null; may: string[] }];
const talk = Screen.Talk;
const ALWAYS_IN_TALK = ['callPause', 'proposeAdjourn'];

// `may` lists the controls that are live (besides deleteRoom, which a partner always has).
const TABLE: Row[] = [
  [Step.Agreement, 'A', { screen: Screen.Agreement, role: Role.Partner, floor: false, mine: false, writes: null, may: ['unsign'] }],
  [Step.Agreement, 'B', { screen: Screen.Agreement, role: Role.Partner, floor: false, mine: true, writes: null, may: ['sign'] }],
  [Step.Agreement, 'M', { screen: Screen.Agreement, role: Role.Mediator, floor: false, mine: false, writes: null, may: ['note', 'end'] }],

  [Step.Speaking, 'A', { screen: talk, role: Role.Speaker, floor: true, mine: true, writes: Writing.Say, may: ['yield', 'park', 'moveToClose', ...ALWAYS_IN_TALK] }],
  [Step.Speaking, 'B', { screen: talk, role: Role.Listener, floor: false, mine: false, writes: null, may: ['raiseHand', 'park', 'moveToClose', ...ALWAYS_IN_TALK] }],
  [Step.Speaking, 'M', { screen: talk, role: Role.Mediator, floor: false, mine: false, writes: null, may: ['grantFloor', 'note', 'moveToClose', 'end', ...ALWAYS_IN_TALK] }],

  [Step.Mirroring, 'A', { screen: talk, role: Role.Speaker, floor: true, mine: false, writes: null, may: ['park', ...ALWAYS_IN_TALK] }],
  [Step.Mirroring, 'B', { screen: talk, role: Role.Listener, floor: false, mine: true, writes: Writing.Mirror, may: ['raiseHand', 'park', ...ALWAYS_IN_TALK] }],
  [Step.Mirroring, 'M', { screen: talk, role: Role.Mediator, floor: false, mine: false, writes: null, may: ['note', 'end', ...ALWAYS_IN_TALK] }],

  [Step.Checking, 'A', { screen: talk, role: Role.Speaker, floor: true, mine: true, writes: Writing.NotQuite, may: ['confirm', 'notQuite', 'park', ...ALWAYS_IN_TALK] }],
  [Step.Checking, 'B', { screen: talk, role: Role.Listener, floor: false, mine: false, writes: null, may: ['raiseHand', 'park', ...ALWAYS_IN_TALK] }],
  [Step.Checking, 'M', { screen: talk, role: Role.Mediator, floor: false, mine: false, writes: null, may: ['note', 'end', ...ALWAYS_IN_TALK] }],

  [Step.AskingMore, 'A', { screen: talk, role: Role.Speaker, floor: true, mine: true, writes: null, may: ['more', 'noMore', 'park', 'moveToClose', ...ALWAYS_IN_TALK] }],
  [Step.AskingMore, 'B', { screen: talk, role: Role.Listener, floor: false, mine: false, writes: null, may: ['raiseHand', 'park', 'moveToClose', ...ALWAYS_IN_TALK] }],
  [Step.AskingMore, 'M', { screen: talk, role: Role.Mediator, floor: false, mine: false, writes: null, may: ['grantFloor', 'note', 'moveToClose', 'end', ...ALWAYS_IN_TALK] }],

  [Step.Validating, 'A', { screen: talk, role: Role.Speaker, floor: true, mine: false, writes: null, may: ['park', ...ALWAYS_IN_TALK] }],
  [Step.Validating, 'B', { screen: talk, role: Role.Listener, floor: false, mine: true, writes: Writing.Validate, may: ['raiseHand', 'park', ...ALWAYS_IN_TALK] }],
  [Step.Validating, 'M', { screen: talk, role: Role.Mediator, floor: false, mine: false, writes: null, may: ['note', 'end', ...ALWAYS_IN_TALK] }],

  [Step.Empathizing, 'A', { screen: talk, role: Role.Speaker, floor: true, mine: false, writes: null, may: ['park', ...ALWAYS_IN_TALK] }],
  [Step.Empathizing, 'B', { screen: talk, role: Role.Listener, floor: false, mine: true, writes: Writing.Empathize, may: ['raiseHand', 'park', ...ALWAYS_IN_TALK] }],
  [Step.Empathizing, 'M', { screen: talk, role: Role.Mediator, floor: false, mine: false, writes: null, may: ['note', 'end', ...ALWAYS_IN_TALK] }],

  [Step.Paused, 'A', { screen: Screen.Pause, role: Role.Partner, floor: false, mine: false, writes: null, may: ['ready', 'extendPause', 'park', 'proposeAdjourn'] }],
  [Step.Paused, 'B', { screen: Screen.Pause, role: Role.Partner, floor: false, mine: false, writes: null, may: ['ready', 'extendPause', 'park', 'proposeAdjourn'] }],
  [Step.Paused, 'M', { screen: Screen.Pause, role: Role.Mediator, floor: false, mine: false, writes: null, may: ['extendPause', 'end', 'proposeAdjourn'] }],

  [Step.WaitingReady, 'A', { screen: Screen.Pause, role: Role.Partner, floor: false, mine: true, writes: null, may: ['ready', 'extendPause', 'park', 'proposeAdjourn'] }],
  [Step.WaitingReady, 'B', { screen: Screen.Pause, role: Role.Partner, floor: false, mine: false, writes: null, may: ['extendPause', 'park', 'proposeAdjourn'] }],
  [Step.WaitingReady, 'M', { screen: Screen.Pause, role: Role.Mediator, floor: false, mine: false, writes: null, may: ['extendPause', 'end', 'proposeAdjourn'] }],

  [Step.Closing, 'A', { screen: Screen.Closing, role: Role.Partner, floor: false, mine: true, writes: null, may: ['appreciate', 'backToTalk', 'park'] }],
  [Step.Closing, 'B', { screen: Screen.Closing, role: Role.Partner, floor: false, mine: true, writes: null, may: ['appreciate', 'backToTalk', 'park'] }],
  [Step.Closing, 'M', { screen: Screen.Closing, role: Role.Mediator, floor: false, mine: false, writes: null, may: ['note', 'backToTalk', 'end'] }],

  [Step.Ended, 'A', { screen: Screen.Summary, role: Role.Partner, floor: false, mine: false, writes: null, may: [] }],
  [Step.Ended, 'B', { screen: Screen.Summary, role: Role.Partner, floor: false, mine: false, writes: null, may: [] }],
  [Step.Ended, 'M', { screen: Screen.Summary, role: Role.Mediator, floor: false, mine: false, writes: null, may: [] }],
];

const liveControls = (c: ReturnType<typeof project>['controls']) =>
  Object.entries(c)
    .filter(([k, v]) => k !== 'deleteRoom' && (Array.isArray(v) ? v.length > 0 : v))
    .map(([k]) => k)
    .sort();

describe('what each seat sees and may do, in every step', () => {
  it.each(TABLE)('in %s, seat %s', (step, seat, want) => {
    const room = inStep(step);
    expect(room.step).toBe(step);
    const p = project(room.snapshot, seat, room.now);
    expect({ screen: p.screen, role: p.role, floor: p.holdsFloor, mine: p.myMove, writes: p.composer?.writing ?? null }).toEqual({
      screen: want.screen,
      role: want.role,
      floor: want.floor,
      mine: want.mine,
      writes: want.writes,
    });
    expect(liveControls(p.controls)).toEqual([...want.may].sort());
    expect(p.controls.deleteRoom).toBe(seat !== 'M');
  });

  it('covers every step for every seat', () => {
    for (const step of Object.values(Step)) for (const seat of ['A', 'B', 'M'] as const)
      expect(TABLE.some(([s, t]) => s === step && t === seat), `${step} ${seat}`).toBe(true);
  });

  it('tells the listener and the speaker their own part, and everyone the same move', () => {
    const room = inStep(Step.Mirroring);
    const [a, b, m] = (['A', 'B', 'M'] as const).map((s) => project(room.snapshot, s, room.now));
    expect(new Set([a!.move, b!.move, m!.move].map((move) => sayIn('en', move))).size).toBe(1);
    expect(sayIn('en', a!.headline)).toBe('Waiting for Partner B to say back what they heard.');
    expect(sayIn('en', b!.headline)).toBe('Say back what you heard.');
    expect(sayIn('en', b!.composer!.label)).toBe('What I heard is …');
    expect(b!.composer).toMatchObject({ coached: false });
    expect(m!.headline).toEqual(m!.move);
    // The same projection, read by a person who reads Spanish, with the names people gave.
    expect(sayIn('es', a!.headline, { B: 'Alex' })).toBe('Esperando a que Alex repita lo que ha oído.');
    expect(sayIn('es', b!.headline)).toBe('Repite lo que has oído.');
    expect(sayIn('es', m!.move)).toBe('Persona B repite lo que ha oído.');
  });

  it('shows the pause as it stands to each partner: who is ready, and whether its time is up', () => {
    const room = inStep(Step.WaitingReady);
    expect(project(room.snapshot, 'B', room.now).pause).toMatchObject({ kind: 'pause', timeUp: true, ready: ['B'], iAmReady: true });
    expect(project(room.snapshot, 'A', room.now).pause).toMatchObject({ iAmReady: false });
    expect(project(room.snapshot, 'M', room.now).pause).toMatchObject({ iAmReady: false });
    expect(project(inStep(Step.Paused).snapshot, 'A', room.now).pause).toMatchObject({ timeUp: false });
  });

  it('keeps each parking lot to its author, and shows the mediator only what was shared', () => {
    const room = mirroredRound(talkingRoom({ hasMediator: true }));
    room.ok('A', { type: 'park', text: 'A’s private thought' }).ok('B', { type: 'park', text: 'B’s private thought' });
    room.ok('B', { type: 'shareParked', id: room.ctx.parkingLot.B[0]!.id });
    const seen = (seat: Seat) => JSON.stringify(project(room.snapshot, seat, room.now).context);
    expect(seen('A')).toContain('A’s private thought');
    expect(seen('A')).not.toContain('B’s private thought');
    expect(seen('B')).not.toContain('A’s private thought');
    expect(seen('M')).toContain('B’s private thought');
    expect(seen('M')).not.toContain('A’s private thought');
  });
});
