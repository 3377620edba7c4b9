import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallSignal } from '../../shared/protocol';
import type { CallOptions } from '../../server/callConfig';
import { VoiceCall } from '../../client/src/lib/call/voiceCall.svelte';
import { lang } from '../../client/src/lib/language.svelte';
import { ManualClock } from '../support/manualClock';
import { startTestServer } from '../support/testServer';
import type { WireClient } from '../support/wireClient';

let env: Awaited<ReturnType<typeof startTestServer>>;
afterEach(async () => env?.close());

const OFFER: CallSignal = { kind: 'description', session: 's1', description: { type: 'offer', sdp: 'v=0\r\n' } };

/** Two partners (and a mediator) in a room that talks through its own call, signed: the call is on. */
async function onTheCall(opts: { mediator?: boolean } = {}) {
  const room = await env.room({ mediator: opts.mediator ?? false });
  const a = await room.join('A');
  const b = await room.join('B');
  const m = opts.mediator ? await room.join('M') : null;
  await a.ok({ type: 'setTopic', topic: 'Money' });
  await a.ok({ type: 'setSettings', settings: { mode: 'call' } });
  await a.ok({ type: 'sign' });
  await b.ok({ type: 'sign' });
  return { a, b, m };
}

const got = (c: WireClient, n: number) => c.until(() => c.signals.length >= n);

describe('the voice call’s signaling, relayed by the server', () => {
  it('carries a description and a candidate from one seat to another, named by the seat its handshake proved', async () => {
    env = await startTestServer();
    const { a, b } = await onTheCall();
    expect(await a.signal('B', OFFER)).toEqual({ ok: true });
    const candidate: CallSignal = { kind: 'candidate', session: 's1', candidate: { candidate: 'candidate:1 1 udp 2122260223 10.0.0.2 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 } };
    expect(await b.signal('A', candidate)).toEqual({ ok: true });
    await got(b, 1);
    await got(a, 1);
    expect(b.signals).toEqual([{ from: 'A', signal: OFFER }]);
    expect(a.signals).toEqual([{ from: 'B', signal: candidate }]);
  });

  it('reaches the mediator too, and nobody else', async () => {
    env = await startTestServer();
    const { a, b, m } = await onTheCall({ mediator: true });
    expect(await m!.signal('A', { kind: 'hello' })).toEqual({ ok: true });
    expect(await m!.signal('B', { kind: 'hello' })).toEqual({ ok: true });
    await got(a, 1);
    await got(b, 1);
    expect(a.signals).toEqual([{ from: 'M', signal: { kind: 'hello' } }]);
    expect(m!.signals).toEqual([]);
  });

  it('never crosses into another room: a seat of one room cannot signal a seat of another', async () => {
    env = await startTestServer();
    const ours = await onTheCall();
    const theirs = await onTheCall();
    expect(await theirs.a.signal('B', OFFER)).toEqual({ ok: true });
    await got(theirs.b, 1);
    // Sent after, over the same connection to our B: had the first reached it, it would be first.
    expect(await ours.a.signal('B', { kind: 'hello' })).toEqual({ ok: true });
    await got(ours.b, 1);
    expect(ours.b.signals).toEqual([{ from: 'A', signal: { kind: 'hello' } }]);
    // Naming the sender is the server's word: a message that claims another is refused whole.
    const claimed = await theirs.a.socket.timeout(5000).emitWithAck('signal', { to: 'B', from: 'M', signal: { kind: 'hello' } } as never);
    expect(claimed).toMatchObject({ ok: false, error: { code: 'bad_payload' } });
  });

  it('is refused while the call is not on: before the talk, in a typed or "together" talk, after it', async () => {
    env = await startTestServer();
    const room = await env.room();
    const a = await room.join('A');
    const b = await room.join('B');
    await a.ok({ type: 'setTopic', topic: 'Money' });
    await a.ok({ type: 'setSettings', settings: { mode: 'call' } });
    expect(await a.signal('B', { kind: 'hello' })).toMatchObject({ ok: false, error: { code: 'not_now', message: expect.stringMatching(/voice call/) } });
    // With its reason, so each page says why in its own person's language (not only "not now").
    const notOn = { code: 'not_now', reason: { key: 'refusal_call_not_on' } };
    expect(await a.socket.timeout(5000).emitWithAck('callConfig')).toMatchObject({ ok: false, error: notOn });
    await a.ok({ type: 'setSettings', settings: { mode: 'together' } });
    await a.ok({ type: 'sign' });
    await b.ok({ type: 'sign' });
    expect(await a.signal('B', { kind: 'hello' })).toMatchObject({ ok: false, error: notOn });
    expect(b.signals).toEqual([]);
  });

  it.each([
    ['to itself', 'A', { kind: 'hello' }, 'to'],
    ['to no seat', 'Z', { kind: 'hello' }, 'to'],
    ['of an unknown kind', 'B', { kind: 'media', data: 'x' }, 'signal.kind'],
    ['with a description too long', 'B', { ...OFFER, description: { type: 'offer', sdp: 'x'.repeat(20_000) } }, 'signal.description.sdp'],
    ['with a description of another type', 'B', { ...OFFER, description: { type: 'rollback', sdp: 'v=0' } }, 'signal.description.type'],
    ['with a candidate index out of range', 'B', { kind: 'candidate', session: 's1', candidate: { candidate: 'c', sdpMLineIndex: 9999 } }, 'signal.candidate.sdpMLineIndex'],
  ])('refuses a signal %s with a coded error naming the field', async (_what, to, signal, field) => {
    env = await startTestServer();
    const { a, b } = await onTheCall();
    expect(await a.signal(to, signal)).toMatchObject({ ok: false, error: { code: 'bad_payload', field } });
    expect(b.signals).toEqual([]);
  });

  it('slows down a seat that floods the other with signals', async () => {
    const clock = new ManualClock();
    env = await startTestServer({ clock });
    const { a, b } = await onTheCall();
    const replies = [];
    for (let i = 0; i < 61; i++) replies.push(await a.signal('B', { kind: 'hello' }));
    expect(replies.filter((r) => r.ok)).toHaveLength(60);
    expect(replies.at(-1)).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    await got(b, 60);
    clock.advance(1000);
    expect(await a.signal('B', { kind: 'hello' })).toEqual({ ok: true });
  });
});

describe('the call’s ICE servers', () => {
  const call: CallOptions = {
    iceServers: [{ urls: ['stun:turn.example.org:3478'] }, { urls: ['turn:turn.example.org:3478?transport=udp'] }],
    iceTransportPolicy: 'relay',
    turnSecret: 'not-a-real-secret',
    turnCredentialHours: 2,
  };

  it('come from configuration, with TURN credentials minted per seat in coturn’s REST form', async () => {
    const clock = new ManualClock();
    env = await startTestServer({ clock, call });
    const { a } = await onTheCall();
    const reply = await a.socket.timeout(5000).emitWithAck('callConfig');
    if (!reply.ok) throw new Error(reply.error.message);
    const [stun, turn] = reply.config.iceServers;
    expect(reply.config.iceTransportPolicy).toBe('relay');
    expect(stun).toEqual({ urls: ['stun:turn.example.org:3478'] });
    const expiry = Math.floor(clock.now() / 1000) + 2 * 3600;
    expect(turn).toEqual({
      urls: ['turn:turn.example.org:3478?transport=udp'],
      username: `${expiry}:seatA`,
      credential: createHmac('sha1', 'not-a-real-secret').update(`${expiry}:seatA`).digest('base64'),
    });
  });
});

describe('ICE_SERVERS, as configured', () => {
  it('reads a comma-separated list of URLs or a JSON array, and says what is wrong without echoing a credential', async () => {
    const { parseIceServers, parseTransportPolicy } = await import('../../server/callConfig');
    expect(parseIceServers(undefined)).toEqual([]);
    expect(parseIceServers('stun:a.example:3478, turn:a.example:3478')).toEqual([{ urls: ['stun:a.example:3478'] }, { urls: ['turn:a.example:3478'] }]);
    expect(parseIceServers('[{"urls":"turns:b.example:5349","username":"u","credential":"p"}]')).toEqual([
      { urls: ['turns:b.example:5349'], username: 'u', credential: 'p' },
    ]);
    expect(() => parseIceServers('[{"urls":"http://b.example","credential":"hunter2"}]')).toThrow(/stun:, stuns:, turn: or turns:/);
    try {
      parseIceServers('[{"urls":"http://b.example","credential":"hunter2"}]');
    } catch (err) {
      expect((err as Error).message).not.toContain('hunter2');
    }
    expect(() => parseIceServers('[{"urls":')).toThrow(/not valid JSON/);
    expect(parseTransportPolicy('relay')).toBe('relay');
    expect(() => parseTransportPolicy('direct')).toThrow(/"all" \(the default\) or "relay"/);
  });
});

describe('the voice call on a page, refused by the server', () => {
  it('keeps the coded refusal, which the call card says in its person’s language', async () => {
    env = await startTestServer();
    const room = await env.room();
    const a = await room.join('A');
    await a.ok({ type: 'setTopic', topic: 'Money' });
    // The page's own call, over a real seat's connection (the talk has not started: the call is not on).
    const call = new VoiceCall('A', {
      signal: (to, signal) => void a.signal(to, signal),
      onSignal: () => () => {},
      callConfig: async () => {
        const reply = await a.socket.timeout(5000).emitWithAck('callConfig');
        return reply.ok ? reply.config : reply.error;
      },
    });
    await call.join(['B']);
    expect(call.phase).toBe('out');
    expect(call.problem).toMatchObject({ code: 'not_now', reason: { key: 'refusal_call_not_on' } });
    await lang.prefetchProblems();
    expect(lang.explain(call.problem!)).toBe('The room’s voice call is on only during a talk held through the room.');
  });
});
