import { describe, expect, it } from 'vitest';
import type { RoomCommand, Seat } from '../../shared/conversation';
import { RoomService } from '../../server/roomService';
import { MemoryStore } from '../../server/store/memoryStore';
import { ManualClock } from '../support/manualClock';
import { openStored } from '../support/openStored';

/**
 * Each process keeps the latest state of its rooms at hand and does not read the store for it.
 * Two services over one store stand for two processes sharing Redis, each with a partner of the
 * room connected through it (so the room is open in both): whatever one of them knows may be
 * behind, and neither a change nor a refusal may ever be decided on a stale state.
 */
describe('two processes serving one room through a shared store', () => {
  const clock = new ManualClock();
  const store = new MemoryStore(clock);
  const quiet = { update() {}, notice() {} };
  const first = new RoomService({ store, clock, broadcaster: quiet });
  const second = new RoomService({ store, clock, broadcaster: quiet });
  const send = (service: RoomService, roomId: string, seat: Seat, command: RoomCommand) => service.apply(roomId, seat, command);
  /** A room open in both processes, as when a partner is connected through each. */
  const secrets = new Map<string, string>();
  async function openInBoth(): Promise<string> {
    const { roomId, keys } = await first.createRoom({ mediator: false });
    first.connected(roomId, (await first.unlock(roomId, keys.A!))!.contentKey);
    second.connected(roomId, (await second.unlock(roomId, keys.B!))!.contentKey);
    secrets.set(roomId, keys.A!);
    return roomId;
  }
  /** The room as stored, opened (the store holds its texts sealed). */
  async function stored(roomId: string) {
    return (await openStored(store, roomId, 'A', secrets.get(roomId)!))!.state;
  }

  it('apply each change on top of the other’s, never over it', async () => {
    const roomId = await openInBoth();
    expect(await send(first, roomId, 'A', { type: 'join' })).toMatchObject({ ok: true, version: 1 });
    expect(await send(second, roomId, 'B', { type: 'join' })).toMatchObject({ ok: true, version: 2 });
    // The first process last saw version 1, without B: its change must land on version 2.
    expect(await send(first, roomId, 'A', { type: 'setTopic', topic: 'Weekends' })).toMatchObject({ ok: true, version: 3 });
    const room = await stored(roomId);
    expect(room.context.present).toMatchObject({ A: 'here', B: 'here' });
    expect(room.context.agreement.topic).toBe('Weekends');
  });

  it('refuse only on the room as stored, not on what one process remembered', async () => {
    const roomId = await openInBoth();
    await send(second, roomId, 'A', { type: 'join' });
    await send(first, roomId, 'B', { type: 'join' });
    await send(first, roomId, 'A', { type: 'setTopic', topic: 'Money' });
    // The second process remembers the room without a topic, where signing is refused.
    expect(await send(second, roomId, 'A', { type: 'sign' })).toMatchObject({ ok: true });
    expect((await stored(roomId)).context.agreement.signedBy).toEqual(['A']);
  });

  it('answer that a deleted room is gone, though a process still remembered it', async () => {
    const roomId = await openInBoth();
    await send(first, roomId, 'A', { type: 'join' });
    await send(second, roomId, 'B', { type: 'join' });
    await second.deleteRoom(roomId, 'B');
    expect(await send(first, roomId, 'A', { type: 'setTopic', topic: 'Anything' })).toMatchObject({ ok: false, error: { code: 'room_gone' } });
  });
});
