import { afterEach, describe, expect, it } from 'vitest';
import { stepOf } from '../../shared/conversation';
import { buildSummary } from '../../shared/summary';
import { DEFAULT_LIMITS } from '../../server/rateLimit';
import { startTestServer } from '../support/testServer';
import type { WireClient } from '../support/wireClient';
import type { Update } from '../../shared/protocol';

let env: Awaited<ReturnType<typeof startTestServer>>;
afterEach(async () => env?.close());

/** Two partners on two connections, the agreement signed: the talk is on, A has the floor. */
async function signedTalk(options: Parameters<typeof startTestServer>[0] = {}) {
  env = await startTestServer(options);
  return (await env.room()).signed('Chores');
}

const step = (c: WireClient) => stepOf({ value: c.view.value } as never);

describe('a whole talk over the wire', () => {
  it('runs from creation to summary with two partners on two connections', async () => {
    env = await startTestServer();
    const room = await env.room();
    const a = await room.join('A');
    const b = await room.join('B');
    await a.until(() => a.view.connected.includes('B'));
    expect(a.welcome.seat).toBe('A');
    expect(b.welcome.seat).toBe('B');

    // Agreement.
    await a.ok({ type: 'setTopic', topic: 'How we spend our evenings' });
    await a.ok({ type: 'proposeOffLimits', text: 'my mother' });
    await b.until(() => b.view.context.agreement.offLimits.length === 1);
    await b.ok({ type: 'acceptOffLimits', id: b.view.context.agreement.offLimits[0]!.id });
    await b.ok({ type: 'setSettings', settings: { depth: 'full', turnSeconds: 120 } });
    await a.ok({ type: 'sign' });
    await b.ok({ type: 'sign' });
    await a.until(() => step(a) === 'speaking');

    // A turn with a "not quite" mirror.
    await a.ok({ type: 'say', text: 'I feel lonely when you work late, because I miss you.' });
    await a.ok({ type: 'yield' });
    await b.until(() => step(b) === 'mirroring');
    await b.ok({ type: 'mirror', text: 'What I heard is you are angry I work late.' });
    await a.ok({ type: 'notQuite', text: 'Not quite: lonely, not angry.' });
    await b.ok({ type: 'mirror', text: 'What I heard is you feel lonely and miss me.' });
    await a.ok({ type: 'confirm' });

    // A pause, and the resume.
    await b.ok({ type: 'callPause' });
    await a.until(() => step(a) === 'paused');
    await a.ok({ type: 'ready' });
    await b.ok({ type: 'ready' });
    await a.until(() => step(a) === 'askingMore');

    // An off-limits message is refused, and the room does not move.
    const before = a.view.version;
    const refused = await a.send({ type: 'more' });
    expect(refused.ok).toBe(true);
    await a.until(() => step(a) === 'speaking');
    const blocked = await a.send({ type: 'say', text: "It's like with your mother" });
    expect(blocked).toMatchObject({ ok: false, error: { code: 'off_limits', topic: 'my mother' } });
    expect(a.view.version).toBe(before + 1);

    await a.ok({ type: 'yield' }); // nothing new: on to validation
    await b.ok({ type: 'validate', text: 'You make sense to me because we had no evenings.' });
    await b.ok({ type: 'empathize', text: 'I imagine you might be feeling lonely.' });
    await a.until(() => a.view.context.floor?.speaker === 'B');

    // Closing.
    await b.ok({ type: 'moveToClose' });
    await a.ok({ type: 'acceptClose' });
    await a.ok({ type: 'appreciate', text: 'Thank you for listening.' });
    await a.ok({ type: 'commit', text: 'I will say when I feel lonely.' });
    await b.ok({ type: 'appreciate', text: 'Thank you for saying it kindly.' });
    await a.ok({ type: 'confirmClose' });
    await b.ok({ type: 'confirmClose' });
    await a.until(() => step(a) === 'ended');
    await b.until(() => step(b) === 'ended');

    // Both sides hold the same record, and the summary is built from it.
    expect(b.record.map((e) => e.seq)).toEqual(a.record.map((e) => e.seq));
    const summary = buildSummary(a.view.context, a.record);
    expect(summary.confirmedMirrors).toEqual([
      expect.objectContaining({ speaker: 'A', mirror: 'What I heard is you feel lonely and miss me.' }),
    ]);
    expect(summary.appreciations.B).toBe('Thank you for saying it kindly.');
    expect(summary.fairness.A.turns).toBe(1);
    expect(summary.fairness.B.pausesCalled).toBe(1);
    expect(summary.agreement.offLimits).toEqual(['my mother']);
    expect(a.record.some((e) => e.text?.includes('your mother'))).toBe(false);
  });

  it('sends a statement as only what it changed: the floor and the new entry', async () => {
    const { a, b } = await signedTalk();
    const next = new Promise<Update>((resolve) => b.socket.once('update', resolve));
    const toSender: Update[] = [];
    a.socket.on('update', (x) => toSender.push(x));
    const reply = await a.send({ type: 'say', text: 'I feel tired when the dishes wait for me.' });
    const u = await next;
    await b.until(() => b.view.version === u.version);
    // The sender has its change in the acknowledgement, the same one B got, and no second message.
    expect(reply).toEqual({ ok: true, version: u.version, update: u });
    expect(a.view).toEqual(b.view);
    await b.ok({ type: 'raiseHand' });
    await a.until(() => a.view.version === b.view.version);
    expect(toSender.map((x) => x.version)).toEqual([b.view.version]);
    expect(u.from).toBe(u.version - 1);
    expect(Object.keys(u.context!)).toEqual(['floor']);
    expect(u.value).toBeUndefined();
    expect(u.connected).toBeUndefined();
    // The statement travels sealed; B's key opens it.
    expect(JSON.stringify(u)).not.toContain('dishes');
    expect((await b.open(u)).entries.map((e) => e.text)).toEqual(['I feel tired when the dishes wait for me.']);
    expect(JSON.stringify(u).length).toBeLessThan(450);
    // What B holds is what a whole view says: nothing was lost by sending less.
    const whole = await b.socket.emitWithAck('sync');
    expect(whole.ok && (await b.open(whole.welcome)).view).toEqual(b.view);
  });

  it('closes a gap with the whole view when an update does not follow on from the one held', async () => {
    env = await startTestServer();
    const room = await env.room();
    const a = await room.join('A');
    const b = await room.join('B');
    await a.ok({ type: 'setTopic', topic: 'Chores' });
    await b.until(() => b.view.version === a.view.version);
    // As if the update before had not arrived yet (with several processes two can cross).
    const behind = b.view;
    b.view = { ...behind, version: behind.version - 1, context: { ...behind.context, agreement: { ...behind.context.agreement, topic: 'stale' } } };
    await a.ok({ type: 'setSettings', settings: { turnSeconds: 120 } });
    await b.until(() => b.view.version === a.view.version && b.syncs === 1);
    expect(b.view.context.agreement).toMatchObject({ topic: 'Chores', turnSeconds: 120 });
    expect(b.view).toEqual(a.view);
  });

  it('sends each change as the bounded state and only the new record entries', async () => {
    // Forty statements at machine speed: lift the per-connection limit, which is not under test here.
    const fast = { burst: 1000, perSecond: 1000 };
    const { a, b } = await signedTalk({ limits: { ...DEFAULT_LIMITS, commandsPerConnection: fast, commandsPerAddress: fast } });
    const sizes: number[] = [];
    b.socket.on('update', (u) => sizes.push(JSON.stringify(u).length));
    for (let i = 0; i < 40; i++) await a.ok({ type: 'say', text: `Statement number ${i} about the dishes and the laundry.` });
    await b.until(() => b.record.filter((e) => e.type === 'say').length === 40);
    expect(sizes).toHaveLength(40);
    // Statement 40 costs what statement 1 did: no growing transcript rides along.
    expect(Math.abs(sizes[39]! - sizes[0]!)).toBeLessThan(40);
  });
});
