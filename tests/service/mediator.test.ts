import { afterEach, describe, expect, it } from 'vitest';
import { stepOf } from '../../shared/conversation';
import { startTestServer } from '../support/testServer';
import type { WireClient } from '../support/wireClient';

let env: Awaited<ReturnType<typeof startTestServer>>;
afterEach(async () => env?.close());

const step = (c: WireClient) => stepOf({ value: c.view.value } as never);

describe('a talk with a mediator', () => {
  it('lets the mediator guide the agreement, grant the floor, call a pause and send notes both partners see', async () => {
    env = await startTestServer();
    const room = await env.room({ mediator: true });
    const [a, b, m] = [await room.join('A'), await room.join('B'), await room.join('M')];
    await a.until(() => a.view.connected.length === 3);

    await m.ok({ type: 'setTopic', topic: 'Rebuilding trust' });
    await m.ok({ type: 'setSettings', settings: { depth: 'mirror', turnSeconds: 180 } });
    await m.ok({ type: 'proposeOffLimits', text: 'the affair details' });
    const topicId = m.view.context.agreement.offLimits[0]!.id;
    await a.ok({ type: 'acceptOffLimits', id: topicId });
    await b.ok({ type: 'acceptOffLimits', id: topicId });
    await a.ok({ type: 'sign' });
    await b.ok({ type: 'sign' });

    await a.ok({ type: 'say', text: 'I need to know I can trust what you tell me.' });
    await a.ok({ type: 'yield' });
    await b.ok({ type: 'mirror', text: 'What I heard is you need to trust what I say.' });
    await a.ok({ type: 'confirm' });
    await m.ok({ type: 'grantFloor', to: 'B' });
    await a.until(() => a.view.context.floor?.speaker === 'B');

    await m.ok({ type: 'note', text: 'Take a breath; you are both doing well.' });
    await a.until(() => a.record.some((e) => e.type === 'note'));
    await b.until(() => b.record.some((e) => e.type === 'note'));
    expect(a.record.find((e) => e.type === 'note')).toMatchObject({ seat: 'M', text: 'Take a breath; you are both doing well.' });

    await m.ok({ type: 'callPause' });
    await m.ok({ type: 'extendPause', minutes: 10 });
    await b.until(() => step(b) === 'paused');
    expect(b.view.context.fairness.mediatorPauses).toBe(1);
    await a.ok({ type: 'ready' });
    await b.ok({ type: 'ready' });
    // The mediator proposes to close; it binds once both partners agree.
    await m.ok({ type: 'moveToClose' });
    await a.until(() => a.view.context.closeProposal !== null);
    await a.ok({ type: 'acceptClose' });
    expect(step(a)).toBe('speaking');
    await b.ok({ type: 'acceptClose' });
    await a.until(() => step(a) === 'closing');
    await m.ok({ type: 'end' });
    await b.until(() => step(b) === 'ended');
  });

  it.each([
    ['sign for a partner', { type: 'sign' }, 'seat_not_allowed', 'agreement'],
    ['speak as a partner', { type: 'say', text: 'As A, I think…' }, 'seat_not_allowed', 'talk'],
    ['mirror for the listener', { type: 'mirror', text: 'What I heard' }, 'seat_not_allowed', 'talk'],
    ['say ready for a partner', { type: 'ready' }, 'seat_not_allowed', 'paused'],
    ['accept a topic for a partner', { type: 'acceptOffLimits', id: 't1' }, 'seat_not_allowed', 'agreement'],
  ] as const)('refuses a mediator trying to %s, leaving the room unchanged', async (_n, command, code, phase) => {
    env = await startTestServer();
    const room = await env.room({ mediator: true });
    const [a, b, m] = [await room.join('A'), await room.join('B'), await room.join('M')];
    await a.ok({ type: 'setTopic', topic: 'x' });
    await a.ok({ type: 'proposeOffLimits', text: 'money' });
    if (phase !== 'agreement') {
      await a.ok({ type: 'sign' });
      await b.ok({ type: 'sign' });
    }
    if (phase === 'paused') await a.ok({ type: 'callPause' });
    await m.until(() => m.view.version === a.view.version);
    const before = JSON.stringify(m.view);
    expect(await m.send(command)).toMatchObject({ ok: false, error: { code } });
    expect(JSON.stringify(m.view)).toBe(before);
  });

  it('works the same when the mediator leaves and comes back', async () => {
    env = await startTestServer();
    const room = await env.room({ mediator: true });
    const a = await room.join('A');
    const m1 = await room.join('M');
    m1.close();
    await a.until(() => !a.view.connected.includes('M'));
    await a.ok({ type: 'setTopic', topic: 'Still going' });
    const m2 = await room.join('M');
    expect(m2.view.context.agreement.topic).toBe('Still going');
    await a.until(() => a.view.connected.includes('M'));
  });
});
