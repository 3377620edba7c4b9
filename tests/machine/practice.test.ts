import { describe, expect, it } from 'vitest';
import { type KeyPoint, MirrorAdvice, partnerMove, type PracticeProgress, practiceFinished, practiceSetup, type SaidSoFar } from '../../shared/practice';
import { scriptFor } from '../../shared/practice/scripts';
import { assessMirror as assessIn } from '../../shared/practice/mirrorFeedback';
import { TestRoom } from './harness';

const ENGLISH = scriptFor('en');
const SPANISH = scriptFor('es');
const SCENARIOS = ENGLISH.scenarios;
/** A mirror checked as English practice checks it. */
const assessMirror = (mirror: string, points: readonly KeyPoint[]) => assessIn(mirror, points, ENGLISH.mirrorOpeners);

function practiceRoom(scenarioIndex = 0, depth: 'mirror' | 'full' = 'mirror', script = ENGLISH) {
  const scenario = script.scenarios[scenarioIndex]!;
  const room = new TestRoom();
  for (const { seat, command } of practiceSetup(`Practice: ${scenario.title}`, depth)) room.ok(seat, command);
  const record: SaidSoFar[] = [];
  let progress: PracticeProgress = { round: 0 };
  /** Lets the scripted partner move until it is the person's turn. */
  const partnerPlays = () => {
    for (let i = 0; i < 20; i++) {
      const move = partnerMove(room.snapshot, script, scenario, progress, record);
      if (!move) return;
      room.ok('B', move.command);
      record.push({ seat: 'B', ...move.command });
      progress = move.progress;
    }
    throw new Error('the partner never stopped');
  };
  const person = (command: Parameters<TestRoom['ok']>[1]) => {
    room.ok('A', command);
    record.push({ seat: 'A', ...command });
    partnerPlays();
  };
  partnerPlays();
  return { scenario, room, record, person, progress: () => progress };
}

describe('the practice library', () => {
  it('has at least six scenarios covering lateness, phones, money, chores, family and a broken promise', () => {
    expect(SCENARIOS.map((s) => s.id)).toEqual(expect.arrayContaining(['lateness', 'phones', 'money', 'chores', 'family', 'promise']));
    for (const s of SCENARIOS) {
      expect(s.rounds.length).toBeGreaterThan(0);
      for (const r of s.rounds) {
        // Each statement's own words must count as a complete mirror of it, or the script is unfair.
        expect(assessMirror(r.text, r.keyPoints).missed, `${s.id}: ${r.text}`).toEqual([]);
      }
    }
  });

  const everyRound = SCENARIOS.flatMap((s) => s.rounds.map((r, i) => ({ title: s.title, round: i + 1, statement: r })));

  it.each(everyRound)("accepts a mirror that repeats the partner's own words and clarification, in every scenario ($title, round $round)", ({ statement }) => {
    const mirror = `What I heard is: ${statement.text} ${statement.clarification}`;
    expect(assessMirror(mirror, statement.keyPoints).missed.map((p) => p.id)).toEqual([]);
  });

  // After "Not quite", the person may mirror only what the partner just said; if that can never
  // be enough, the partner repeats the same clarification forever.
  it.each(everyRound)("accepts a mirror of the partner's clarification alone, so \"not quite\" cannot loop ($title, round $round)", ({ statement }) => {
    const mirror = `What I heard is: ${statement.clarification.replace(/^[^.]*\.\s*/, '')}`;
    expect(assessMirror(mirror, statement.keyPoints).missed.map((p) => p.id)).toEqual([]);
  });
});

describe('mirror feedback', () => {
  const points = SCENARIOS[0]!.rounds[0]!.keyPoints;

  it('names what a deliberately incomplete mirror missed', () => {
    const f = assessMirror('What I heard is that you waited for me for an hour.', points);
    expect(f.covered.map((p) => p.id)).toEqual(['waited']);
    expect(f.missed.map((p) => p.id)).toEqual(['foolish', 'alone']);
    expect(f.coverage).toBeCloseTo(1 / 3);
    expect(f.advice).toBe(MirrorAdvice.Missed);
  });

  it.each([
    'What I heard is: it was the waiting, and feeling foolish there on my own.',
    'What I heard is you waited an hour and felt foolish sitting there on your own.',
    'So you waited an hour and felt silly, all by themselves at the table.',
    'You waited for an hour, felt foolish, and were there by yourself.',
  ])('counts "on my own" and its paraphrases as being alone in "Running late again": %s', (mirror) => {
    const lateness = SCENARIOS.find((s) => s.title === 'Running late again')!;
    expect(assessMirror(mirror, lateness.rounds[0]!.keyPoints).missed).toEqual([]);
  });

  it('forgives case, inflection and accents', () => {
    const f = assessMirror('WHAT I HEARD: you were WAITING, felt Foolish, all ALONE', points);
    expect(f.missed).toEqual([]);
    expect(f.advice).toBe(MirrorAdvice.Complete);
  });
});

describe('practice in Spanish', () => {
  it('has the same scenarios, each statement a complete mirror of itself', () => {
    expect(SPANISH.scenarios.map((s) => s.id)).toEqual(SCENARIOS.map((s) => s.id));
    for (const s of SPANISH.scenarios)
      for (const r of s.rounds) expect(assessIn(r.text, r.keyPoints, SPANISH.mirrorOpeners).missed, `${s.id}: ${r.text}`).toEqual([]);
  });

  const everyRound = SPANISH.scenarios.flatMap((s) => s.rounds.map((r, i) => ({ title: s.title, round: i + 1, statement: r })));
  it.each(everyRound)('accepts a mirror of the clarification alone, so «no del todo» cannot loop ($title, ronda $round)', ({ statement }) => {
    const mirror = `Lo que he oído es: ${statement.clarification.replace(/^[^.]*\.\s*/, '')}`;
    expect(assessIn(mirror, statement.keyPoints, SPANISH.mirrorOpeners).missed.map((p) => p.id)).toEqual([]);
  });

  it.each<[string, string, string[]]>([
    ['names what an incomplete mirror missed', 'Lo que he oído es que esperaste una hora.', ['foolish', 'alone']],
    ['hears the points in other persons and forms of the verb', 'Me dices que esperaste una hora, que te sentiste en ridículo y sola.', []],
    ['forgives case and accents', 'LO QUE HE OIDO: ESPERASTE una hora, te sentiste RIDICULO, sin nadie', []],
  ])('%s', (_name, mirror, missed) => {
    const points = SPANISH.scenarios[0]!.rounds[0]!.keyPoints;
    expect(assessIn(mirror, points, SPANISH.mirrorOpeners).missed.map((p) => p.id)).toEqual(missed);
  });

  it('tells a complete mirror that begins as one from one that does not', () => {
    const points = SPANISH.scenarios[1]!.rounds[1]!.keyPoints;
    expect(assessIn('Lo que he oído es que la cena es el único momento en que hablamos.', points, SPANISH.mirrorOpeners).advice).toBe(MirrorAdvice.Complete);
    expect(assessIn('La cena es el único momento en que hablamos.', points, SPANISH.mirrorOpeners).advice).toBe(MirrorAdvice.CompleteNoOpener);
  });

  it('plays a whole scenario with its partner speaking Spanish: corrects, confirms, then mirrors the person back', () => {
    const p = practiceRoom(0, 'mirror', SPANISH);
    expect(p.record[0]).toMatchObject({ type: 'say', text: SPANISH.scenarios[0]!.rounds[0]!.text });
    p.person({ type: 'mirror', text: 'Lo que he oído es que esperaste una hora.' });
    expect(p.record.at(-1)).toMatchObject({ type: 'notQuite', text: SPANISH.scenarios[0]!.rounds[0]!.clarification });
    p.person({ type: 'mirror', text: 'Lo que he oído es: fue la espera, y sentirte en ridículo allí, sin nadie.' });
    expect(p.record.map((e) => e.type).slice(-4)).toEqual(['confirm', 'more', 'say', 'yield']);
    p.person({ type: 'mirror', text: 'Necesitas un mensaje cuando llego tarde.' });
    expect(p.room.ctx.floor!.speaker).toBe('A');
    p.person({ type: 'say', text: 'Me siento mal cuando se me olvida escribir.' });
    p.person({ type: 'yield' });
    expect(p.record.at(-1)).toMatchObject({ type: 'mirror', text: 'Lo que he oído es: Me siento mal cuando se me olvida escribir.' });
    p.person({ type: 'confirm' });
    p.person({ type: 'noMore' });
    expect(practiceFinished(p.progress(), p.scenario, p.room.snapshot)).toBe(true);
  });
});

describe('the scripted practice partner', () => {
  it('speaks first, corrects an incomplete mirror, then confirms a complete one', () => {
    const p = practiceRoom(0);
    expect(p.room.step).toBe('mirroring');
    expect(p.record[0]).toMatchObject({ type: 'say', text: p.scenario.rounds[0]!.text });
    p.person({ type: 'mirror', text: 'What I heard is you waited an hour.' });
    expect(p.record.at(-1)).toMatchObject({ type: 'notQuite', text: p.scenario.rounds[0]!.clarification });
    expect(p.room.step).toBe('mirroring');
    p.person({ type: 'mirror', text: 'What I heard is you waited an hour, felt foolish and alone.' });
    // Confirmed, "is there more?" yes, and the second round is said.
    expect(p.record.map((e) => e.type).slice(-4)).toEqual(['confirm', 'more', 'say', 'yield']);
    expect(p.room.step).toBe('mirroring');
  });

  it('confirms "Running late again" once the person mirrors the clarification\'s "on my own", instead of saying "not quite" again', () => {
    const p = practiceRoom(0);
    expect(p.scenario.title).toBe('Running late again');
    p.person({ type: 'mirror', text: 'What I heard is you waited an hour and felt foolish.' });
    expect(p.record.at(-1)).toMatchObject({ type: 'notQuite', text: p.scenario.rounds[0]!.clarification });
    p.person({ type: 'mirror', text: 'What I heard is: it was the waiting, and feeling foolish there on my own.' });
    expect(p.record.map((e) => e.type).slice(-4)).toEqual(['confirm', 'more', 'say', 'yield']);
    expect(p.progress().round).toBe(1);
  });

  it('hands the floor to the person after its last round, then mirrors them back', () => {
    const p = practiceRoom(0);
    p.person({ type: 'mirror', text: 'You waited an hour and felt foolish, alone.' });
    p.person({ type: 'mirror', text: 'You need a message when I am late.' });
    expect(p.room.ctx.floor!.speaker).toBe('A');
    p.person({ type: 'say', text: 'I feel ashamed when I forget to write.' });
    p.person({ type: 'yield' });
    expect(p.record.at(-1)).toMatchObject({ type: 'mirror', text: 'What I heard is: I feel ashamed when I forget to write.' });
    p.person({ type: 'notQuite', text: 'Also that I want to change it.' });
    expect(p.record.at(-1)!.text).toContain('Also that I want to change it.');
    p.person({ type: 'confirm' });
    p.person({ type: 'noMore' });
    expect(practiceFinished(p.progress(), p.scenario, p.room.snapshot)).toBe(true);
  });

  it('validates and empathizes when the deeper listening is chosen', () => {
    const p = practiceRoom(1, 'full');
    p.person({ type: 'mirror', text: 'You feel less interesting than my phone at dinner.' });
    p.person({ type: 'mirror', text: 'Dinner is the only time we talk.' });
    p.person({ type: 'validate', text: 'You make sense to me because we barely talk.' });
    p.person({ type: 'empathize', text: 'I imagine you might be feeling lonely.' });
    expect(p.room.ctx.floor!.speaker).toBe('A');
    p.person({ type: 'say', text: 'I feel on call all the time.' });
    p.person({ type: 'yield' });
    p.person({ type: 'confirm' });
    p.person({ type: 'noMore' });
    expect(p.record.map((e) => e.type)).toEqual(expect.arrayContaining(['validate', 'empathize']));
    expect(p.record.filter((e) => e.seat === 'B' && e.type === 'validate')).toHaveLength(1);
  });
});
