import { afterEach, describe, expect, it, vi } from 'vitest';
import { io as connect } from 'socket.io-client';
import { parseSeatLink, PROTOCOL_VERSION } from '../../shared/protocol';
import { RateLimiter } from '../../server/rateLimit';
import { ManualClock } from '../support/manualClock';
import { startTestServer } from '../support/testServer';
import { createRoom, WireClient } from '../support/wireClient';

let env: Awaited<ReturnType<typeof startTestServer>>;
afterEach(async () => {
  vi.restoreAllMocks();
  await env?.close();
});

describe('a rate limiter', () => {
  it('forgets keys that have calmed down, so memory follows who is active, and still limits the busy one', () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ burst: 2, perSecond: 1 }, clock);
    for (let i = 0; i < 12_000; i++) limiter.take(`visitor-${i}`);
    expect(limiter.take('busy') && limiter.take('busy')).toBe(true);
    expect(limiter.take('busy')).toBe(false);
    clock.advance(2_500);
    limiter.take('newcomer');
    expect(limiter.size).toBeLessThan(10);
    expect(limiter.blocked('busy')).toBe(false);
  });
});

describe('abuse limits', () => {
  it('slows a flood of commands from one connection, then lets it go on once it has calmed down', async () => {
    const clock = new ManualClock();
    env = await startTestServer({ clock });
    const room = await env.room();
    const a = await room.join('A');
    const replies = await Promise.all(Array.from({ length: 40 }, () => a.send({ type: 'setTopic', topic: 'flood' })));
    const limited = replies.filter((r) => !r.ok && r.error.code === 'rate_limited');
    expect(limited.length).toBeGreaterThanOrEqual(15);
    expect(replies.filter((r) => r.ok).length).toBeLessThanOrEqual(21);
    clock.advance(10_000);
    expect(await a.send({ type: 'setTopic', topic: 'calm again' })).toMatchObject({ ok: true });
  });

  it('caps how many rooms one address can create', async () => {
    env = await startTestServer();
    let status = 201;
    for (let i = 0; i < 30 && status === 201; i++) {
      const res = await fetch(`${env.url}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"mediator":false}' });
      status = res.status;
      if (status === 429) expect(await res.json()).toMatchObject({ error: { code: 'rate_limited' } });
    }
    expect(status).toBe(429);
  });

  it('makes guessing seat links slow and noisy, and logs no key', async () => {
    env = await startTestServer();
    const room = await createRoom(env.url);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const codes: string[] = [];
    for (let i = 0; i < 14; i++) {
      const c = env.track(new WireClient(env.url, { roomId: room.roomId, key: `guess-number-${i}` }));
      codes.push(await c.ready.then(() => 'joined', (e: { data?: { code: string } }) => e.data?.code ?? 'none'));
    }
    expect(codes.slice(0, 10).every((c) => c === 'no_seat')).toBe(true);
    expect(codes.at(-1)).toBe('rate_limited');
    const logged = warn.mock.calls.flat().join('\n');
    expect(logged).toMatch(/repeated wrong links/);
    expect(logged).not.toContain('guess-number');
    expect(logged).not.toContain('127.0.0.1');
    // Even the right key waits out the cool-down from that address.
    const right = env.track(new WireClient(env.url, parseSeatLink(new URL(room.links.A!).hash)!));
    await expect(right.ready).rejects.toMatchObject({ data: { code: 'rate_limited' } });
  });

  it('refuses a browser socket from another site', async () => {
    env = await startTestServer();
    const room = await createRoom(env.url);
    const key = new URL(room.links.A!).hash.split('key=')[1]!;
    const socket = connect(env.url, {
      auth: { protocol: PROTOCOL_VERSION, roomId: room.roomId, key },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { origin: 'https://evil.example' },
    });
    const outcome = await new Promise<string>((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', () => resolve('refused'));
    });
    socket.close();
    expect(outcome).toBe('refused');
  });

  it('drops a payload over the size limit and stays up', async () => {
    env = await startTestServer();
    const room = await env.room();
    const a = await room.join('A');
    const gone = new Promise<string>((resolve) => a.socket.once('disconnect', (reason) => resolve(reason)));
    a.socket.emit('command', { id: 'big', command: { type: 'say', text: 'x'.repeat(200_000) } }, () => undefined);
    expect(await gone).toMatch(/transport/);
    const b = await room.join('B');
    expect(await b.send({ type: 'setTopic', topic: 'still up' })).toMatchObject({ ok: true });
  });
});
