import { afterEach, describe, expect, it } from 'vitest';
import { stepOf, SYSTEM } from '../../shared/conversation';
import { parseSeatLink } from '../../shared/protocol';
import { RoomService } from '../../server/roomService';
import { MemoryStore } from '../../server/store/memoryStore';
import { ManualClock } from '../support/manualClock';
import { openStored } from '../support/openStored';
import { startTestServer } from '../support/testServer';
import { WireClient } from '../support/wireClient';

/**
 * The server cannot read a talk nobody is in: a room is open on a process (its key in memory,
 * its clear state at hand, its deadlines armed) only while a connection to it is, and the store
 * holds its texts sealed, the in-memory store too.
 */
let env: Awaited<ReturnType<typeof startTestServer>> | null = null;
afterEach(async () => {
  await env?.close();
  env = null;
});

const step = (c: WireClient) => stepOf({ value: c.view.value } as never);
const secretOf = (link: string) => parseSeatLink(new URL(link).hash)!.key;

async function talking(clock: ManualClock, store: MemoryStore) {
  env = await startTestServer({ clock, store });
  const room = await env.room();
  const { a, b } = await room.signed('Mkr-topic');
  await a.ok({ type: 'say', text: 'Mkr-say before everyone leaves' });
  return { room, a, b, service: env.server.service };
}

describe('a room on a server', () => {
  it('is open while someone is connected, and lets go of its key, clear state and deadlines with the last connection', async () => {
    const clock = new ManualClock();
    const store = new MemoryStore(clock);
    const { room, a, b, service } = await talking(clock, store);
    expect(service.holds(room.roomId)).toEqual({ key: true, clearState: true });
    expect(clock.pending).toBe(1); // the turn's end

    a.close();
    await b.until(() => b.view.context.present.A === 'away');
    expect(service.holds(room.roomId)).toEqual({ key: true, clearState: true });

    b.close();
    await expect.poll(() => service.holds(room.roomId)).toEqual({ key: false, clearState: false });
    expect(clock.pending).toBe(0);
  });

  it('fires a deadline that passed while nobody was in the room when the first person comes back', async () => {
    const clock = new ManualClock();
    const store = new MemoryStore(clock);
    const { room, a, b, service } = await talking(clock, store);
    const endsAt = a.view.context.floor!.turnEndsAt!;
    a.close();
    b.close();
    await expect.poll(() => service.holds(room.roomId).key).toBe(false);

    clock.advance(10 * 60_000); // the turn and its grace run out with nobody here: nothing fires
    const stored = await openStored(store, room.roomId, 'A', secretOf(room.links.A!));
    expect(stored!.record.some((e) => e.type === 'timerElapsed')).toBe(false);
    expect(stored!.state.context.floor!.turnEndsAt).toBe(endsAt);

    const back = env!.track(await WireClient.join(env!.url, room.links.B!));
    clock.advance(0);
    await back.until(() => back.view.context.floor!.inGrace);
    clock.advance(0);
    await back.until(() => step(back) === 'mirroring');
    expect(back.record.filter((e) => e.type === 'timerElapsed').map((e) => e.at)).toEqual([clock.now(), clock.now()]);
    expect(back.record.find((e) => e.type === 'say')!.text).toBe('Mkr-say before everyone leaves');
  });

  it('keeps every text sealed in the in-memory store, and they open with a seat’s key', async () => {
    const clock = new ManualClock();
    const store = new MemoryStore(clock);
    const { room, a, b } = await talking(clock, store);
    await a.ok({ type: 'setName', name: 'Mkr-name' });
    await b.ok({ type: 'park', text: 'Mkr-parked' });
    const raw = JSON.stringify([await store.get(room.roomId), await store.readRecord(room.roomId)]);
    expect(raw).not.toContain('Mkr');
    const opened = JSON.stringify(await openStored(store, room.roomId, 'B', secretOf(room.links.B!)));
    for (const marker of ['Mkr-topic', 'Mkr-say', 'Mkr-name', 'Mkr-parked']) expect(opened).toContain(marker);
  });
});

describe('a process that holds no key to a room', () => {
  const quiet = { update() {}, notice() {} };

  it('applies presence to it on the sealed state, and nothing else: no text, no deadline', async () => {
    const clock = new ManualClock();
    const store = new MemoryStore(clock);
    // One process with both partners connected through it, and a survivor with nobody of the room.
    const serving = new RoomService({ store, clock, broadcaster: quiet });
    const survivor = new RoomService({ store, clock, broadcaster: quiet });
    const { roomId, keys } = await serving.createRoom({ mediator: false, topic: 'Mkr-topic' });
    serving.connected(roomId, (await serving.unlock(roomId, keys.A!))!.contentKey);
    for (const command of [{ type: 'join' }, { type: 'sign' }] as const) {
      expect(await serving.apply(roomId, 'A', command)).toMatchObject({ ok: true });
      expect(await serving.apply(roomId, 'B', command)).toMatchObject({ ok: true });
    }
    expect(await serving.apply(roomId, 'A', { type: 'say', text: 'Mkr-say' })).toMatchObject({ ok: true });
    const due = (await openStored(store, roomId, 'A', keys.A!))!.state.context.floor!.turnEndsAt!;

    // B's process died; the survivor lets go of B's seat without being able to read the room.
    expect(survivor.holds(roomId).key).toBe(false);
    expect(await survivor.apply(roomId, 'B', { type: 'drop' })).toMatchObject({ ok: true });
    expect(await survivor.apply(roomId, 'A', { type: 'say', text: 'Mkr-more' })).toMatchObject({ ok: false, error: { code: 'busy' } });
    expect(await survivor.apply(roomId, SYSTEM, { type: 'timerElapsed', deadline: 'turn', dueAt: due })).toMatchObject({ ok: false });
    expect(survivor.holds(roomId)).toEqual({ key: false, clearState: false });

    const after = (await openStored(store, roomId, 'A', keys.A!))!;
    expect(after.state.context.present).toMatchObject({ A: 'here', B: 'reconnecting' });
    expect(after.state.context.agreement.topic).toBe('Mkr-topic');
    expect(after.record.map((e) => e.type)).not.toContain('timerElapsed');
    expect(after.record.find((e) => e.type === 'say')!.text).toBe('Mkr-say');
    expect(JSON.stringify(await store.get(roomId))).not.toContain('Mkr');

    // The serving process, behind the survivor's change, reads the room again and goes on.
    expect(await serving.apply(roomId, 'A', { type: 'yield' })).toMatchObject({ ok: true });
    expect((await openStored(store, roomId, 'A', keys.A!))!.state.context.present.B).toBe('reconnecting');

    // Deleted, the room is gone for both, open or not: a late command hears so, not "busy".
    await serving.deleteRoom(roomId, 'A');
    expect(serving.holds(roomId)).toEqual({ key: false, clearState: false });
    expect(await serving.apply(roomId, 'A', { type: 'say', text: 'late' })).toMatchObject({ ok: false, error: { code: 'room_gone' } });
    expect(await survivor.apply(roomId, 'B', { type: 'join' })).toMatchObject({ ok: false, error: { code: 'room_gone' } });
  });
});
