import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/testServer';
import { WireClient } from '../support/wireClient';
import type { CommandReply } from '../../shared/protocol';

let env: Awaited<ReturnType<typeof startTestServer>>;
afterEach(async () => env?.close());

async function talking(mediator = false) {
  env = await startTestServer();
  const room = await env.room({ mediator });
  const a = await room.join('A');
  const b = await room.join('B');
  const m = mediator ? await room.join('M') : null;
  await a.ok({ type: 'setTopic', topic: 'Money' });
  await a.ok({ type: 'sign' });
  await b.ok({ type: 'sign' });
  await b.until(() => b.view.context.floor !== null);
  return { room, a, b, m };
}

/** The room as the server holds it (its store), not as any client saw it: view and record. */
async function stored(client: WireClient) {
  const w = await env.server.service.welcome(client.welcome.roomId, client.welcome.seat);
  return JSON.stringify({ view: w?.view, record: w?.record });
}

/** Sends something the room must refuse, and checks the code and that the stored room did not change. */
async function refused(client: WireClient, payload: unknown, code: string) {
  const before = await stored(client);
  const reply = await client.socket.timeout(5000).emitWithAck('command', payload as never);
  expect(reply).toMatchObject({ ok: false, error: { code } });
  if (!reply.ok) expect(reply.error.message.length).toBeGreaterThan(10);
  // The server still answers the next request, and the room has not moved.
  const probe = await client.send({ type: 'raiseHand' });
  expect(probe.ok).toBe(false);
  expect(await stored(client)).toBe(before);
}

describe('bad input over the wire', () => {
  it.each([
    ['an unknown command type', { id: 'x1', command: { type: 'takeOverTheRoom' } }, 'unknown_command'],
    ['a command that is not an object', { id: 'x2', command: 'say hello' }, 'bad_payload'],
    ['a statement whose text is a number', { id: 'x3', command: { type: 'say', text: 42 } }, 'bad_payload'],
    ['a message with no id', { command: { type: 'yield' } }, 'bad_payload'],
    ['a command carrying a seat of its own', { id: 'x4', command: { type: 'say', text: 'hi', seat: 'B' } }, 'bad_payload'],
    ['a command carrying its own time', { id: 'x5', command: { type: 'yield', at: 0 } }, 'bad_payload'],
    ['a timer event from a person', { id: 'x6', command: { type: 'timerElapsed', deadline: 'turn', dueAt: 0 } }, 'unknown_command'],
    ['a huge text beyond the hard cap', { id: 'x7', command: { type: 'say', text: 'x'.repeat(20_000) } }, 'bad_payload'],
    ['a statement over the length limit', { id: 'x8', command: { type: 'say', text: 'x'.repeat(2_001) } }, 'bad_value'],
    ['a null payload', null, 'bad_payload'],
  ])('refuses %s with a code, and leaves the room as it was', async (_name, payload, code) => {
    const { a } = await talking();
    await refused(a, payload, code);
  });

  it('answers an unknown event name with a coded refusal', async () => {
    const { a } = await talking();
    const reply = await (a.socket as unknown as { timeout(ms: number): { emitWithAck(e: string, p: unknown): Promise<unknown> } })
      .timeout(5000)
      .emitWithAck('deleteEverything', {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
  });
});

const withoutUpdate = (r: CommandReply): CommandReply => (r.ok ? { ok: true, version: r.version } : r);

describe('rules over the wire', () => {
  it('refuses the listener’s statement while the other holds the floor, keeping the room unchanged', async () => {
    const { a, b } = await talking();
    const before = await stored(a);
    expect(await b.send({ type: 'say', text: 'My side of it' })).toMatchObject({ ok: false, error: { code: 'not_your_turn' } });
    expect(await stored(a)).toBe(before);
  });

  it('refuses a mirror out of turn', async () => {
    const { a } = await talking();
    expect(await a.send({ type: 'mirror', text: 'What I heard' })).toMatchObject({ ok: false, error: { code: 'not_your_turn' } });
  });

  it('never lets a partner act for the other seat: the seat comes from the link, not the payload', async () => {
    const { b } = await talking();
    const reply = await b.send({ type: 'yield' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'not_your_turn' } });
  });

  it('refuses the mediator’s signature and speech with a code', async () => {
    env = await startTestServer();
    const room = await env.room({ mediator: true });
    const m = await room.join('M');
    await m.ok({ type: 'setTopic', topic: 'Trust' });
    expect(await m.send({ type: 'sign' })).toMatchObject({ ok: false, error: { code: 'seat_not_allowed' } });
    expect(m.view.context.agreement.signedBy).toEqual([]);
  });

  it('says a refusal in English without the names people gave: names are sealed, and the page puts them in itself', async () => {
    const { a } = await talking();
    await a.ok({ type: 'setName', name: 'Mkr-name' });
    // The refusal says what the room waits for, which names the speaker: by seat, for the page to name.
    const reply = await a.send({ type: 'confirm' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'not_now', reason: { key: 'refusal_not_this_step', params: { move: { params: { speaker: { seat: 'A' } } } } } } });
    if (!reply.ok) expect(reply.error.message).toMatch(/Partner A is speaking/);
    expect(JSON.stringify(reply)).not.toContain('Mkr');
  });

  it('applies a retried action once, answering the retry with the first reply', async () => {
    const { a, b } = await talking();
    const first = await a.send({ type: 'say', text: 'Only once, please.' }, 'retry-1');
    const again = await a.send({ type: 'say', text: 'Only once, please.' }, 'retry-1');
    // The same answer; the change itself came with the first one only.
    expect(first.ok && first.update && (await a.open(first.update)).entries.map((e) => e.text)).toEqual(['Only once, please.']);
    expect(again).toEqual(withoutUpdate(first));
    await b.until(() => b.view.version >= (first.ok ? first.version : 0));
    expect(b.record.filter((e) => e.type === 'say')).toHaveLength(1);
  });

  it('answers a retried action with its first reply even where the room would now refuse it', async () => {
    const { a } = await talking();
    await a.ok({ type: 'say', text: 'Something to mirror.' });
    const first = await a.send({ type: 'yield' }, 'yield-1');
    expect(first.ok).toBe(true);
    // The floor has moved to mirroring: a fresh yield is refused, the retried one is not.
    expect(await a.send({ type: 'yield' }, 'yield-2')).toMatchObject({ ok: false });
    expect(await a.send({ type: 'yield' }, 'yield-1')).toEqual(withoutUpdate(first));
  });
});
