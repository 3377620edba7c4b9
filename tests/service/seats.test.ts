import { ManualClock } from '../support/manualClock';
import { DEFAULT_RETENTION } from '../../server/retention';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSeatLink } from '../../shared/protocol';
import { startTestServer } from '../support/testServer';
import { WireClient } from '../support/wireClient';

let env: Awaited<ReturnType<typeof startTestServer>>;
afterEach(async () => env?.close());

function connectError(url: string, auth: { roomId: string; key: string; protocol?: number }) {
  const c = env.track(new WireClient(url, auth));
  return c.ready.then(
    () => {
      throw new Error('connected');
    },
    (err: Error & { data?: { code: string; message: string } }) => err,
  );
}

describe('seats and links', () => {
  it('gives one private link per seat, with the key only in the fragment', async () => {
    env = await startTestServer();
    const room = await env.room({ mediator: true });
    expect(Object.keys(room.links).sort()).toEqual(['A', 'B', 'M']);
    for (const link of Object.values(room.links)) {
      const url = new URL(link!);
      expect(url.pathname + url.search).toBe('/');
      expect(parseSeatLink(url.hash)?.key).toMatch(/^[\w-]{43}$/);
    }
  });

  it('refuses a wrong key and a missing room alike, learning nothing about the room', async () => {
    env = await startTestServer();
    const room = await env.room();
    const wrongKey = await connectError(env.url, { roomId: room.roomId, key: 'guess' });
    const noRoom = await connectError(env.url, { roomId: 'nope', key: 'guess' });
    expect(wrongKey.data).toEqual(noRoom.data);
    expect(wrongKey.data?.code).toBe('no_seat');
  });

  it('refuses a client speaking another protocol version before touching the room', async () => {
    env = await startTestServer();
    const room = await env.room();
    const key = parseSeatLink(new URL(room.links.A!).hash)!.key;
    const err = await connectError(env.url, { roomId: room.roomId, key, protocol: 999 });
    expect(err.data?.code).toBe('protocol_mismatch');
  });

  it('refuses the mediator seat in a room made without one', async () => {
    env = await startTestServer();
    const room = await env.room({ mediator: false });
    expect(room.links.M).toBeUndefined();
  });

  it('hands a seat to the newest device and tells the first one why', async () => {
    env = await startTestServer();
    const room = await env.room();
    const first = await room.join('A');
    const b = await room.join('B');
    const second = await room.join('A');
    await first.until(() => first.notices.length > 0);
    expect(first.notices[0]).toMatchObject({ code: 'taken_over' });
    await first.until(() => !first.socket.connected);
    // The seat stays present: it moved, it did not leave.
    await second.ok({ type: 'setTopic', topic: 'Still here' });
    expect(b.view.context.present.A).toBe('here');
  });

  it('shows everyone who is present, the mediator included, and who left', async () => {
    env = await startTestServer();
    const room = await env.room({ mediator: true });
    const a = await room.join('A');
    const m = await room.join('M');
    await a.until(() => a.view.connected.includes('M'));
    m.close();
    await a.until(() => !a.view.connected.includes('M'));
    expect(a.view.context.present).toEqual({ A: 'here', B: 'away', M: 'away' });
  });

  it('keeps each parking lot private to its author, and the mediator sees only what was shared', async () => {
    env = await startTestServer();
    const room = await env.room({ mediator: true });
    const a = await room.join('A');
    const b = await room.join('B');
    const m = await room.join('M');
    await a.ok({ type: 'setTopic', topic: 'x' });
    await a.ok({ type: 'sign' });
    await b.ok({ type: 'sign' });
    const seen: string[] = [];
    a.socket.on('update', (u) => seen.push(JSON.stringify(u)));
    await b.ok({ type: 'park', text: 'What I really want to say about Easter' });
    await b.ok({ type: 'park', text: 'For the mediator only' });
    await b.ok({ type: 'shareParked', id: b.view.context.parkingLot.B[1]!.id });
    await a.until(() => a.view.version === b.view.version);
    await m.until(() => m.view.version === b.view.version);
    expect(a.view.context.parkingLot.B).toEqual([]);
    expect(m.view.context.parkingLot.B.map((i) => i.text)).toEqual(['For the mediator only']);
    expect(JSON.stringify(a.record)).not.toContain('Easter');
    // Not even in the changes sent to A: each seat's update carries only its own view of the lot.
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.join()).not.toContain('Easter');
    expect(seen.join()).not.toContain('For the mediator only');
  });
});

describe('a dropped connection', () => {
  it('shows the others "reconnecting" when a connection is lost, then "here" when it is back', async () => {
    env = await startTestServer();
    const room = await env.room();
    const a = await room.join('A');
    const b = await room.join('B');
    await a.until(() => a.view.context.present.B === 'here');
    b.socket.io.engine.close(); // the network goes, not the person
    await a.until(() => a.view.context.present.B === 'reconnecting');
    const back = await room.join('B');
    await a.until(() => a.view.context.present.B === 'here');
    expect(back.view.context.present.B).toBe('here');
  });
});

describe('deleting a room now', () => {
  it('lets a partner delete the room: everyone is told, disconnected, and a link that comes back hears it was deleted', async () => {
    env = await startTestServer();
    const room = await env.room({ mediator: true });
    const [a, b, m] = [await room.join('A'), await room.join('B'), await room.join('M')];
    expect(await m.socket.timeout(5000).emitWithAck('deleteRoom')).toMatchObject({ ok: false, error: { code: 'seat_not_allowed' } });
    expect(await b.socket.timeout(5000).emitWithAck('deleteRoom')).toMatchObject({ ok: true });
    for (const c of [a, m]) {
      await c.until(() => c.notices.some((n) => n.code === 'room_deleted'));
      await c.until(() => !c.socket.connected);
    }
    // A device that was away comes back: told the room was deleted (so it clears what it holds),
    // not that its link is wrong. A wrong key for a room that never was still learns nothing.
    const again = env.track(new WireClient(env.url, parseSeatLink(new URL(room.links.A!).hash)!));
    await expect(again.ready).rejects.toMatchObject({ data: { code: 'room_deleted', message: expect.stringMatching(/deleted by a partner/) } });
    const never = env.track(new WireClient(env.url, { roomId: 'no-such-room', key: 'x' }));
    await expect(never.ready).rejects.toMatchObject({ data: { code: 'no_seat' } });
  });

  it('forgets that a room was deleted once the retention time has passed', async () => {
    const clock = new ManualClock();
    env = await startTestServer({ clock, retention: { ...DEFAULT_RETENTION, idleMs: 3_600_000 } });
    const room = await env.room();
    const b = await room.join('B');
    expect(await b.socket.timeout(5000).emitWithAck('deleteRoom')).toMatchObject({ ok: true });
    clock.advance(3_600_000);
    const later = env.track(new WireClient(env.url, parseSeatLink(new URL(room.links.A!).hash)!));
    await expect(later.ready).rejects.toMatchObject({ data: { code: 'no_seat' } });
  });
});
