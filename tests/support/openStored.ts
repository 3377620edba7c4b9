import type { Seat } from '../../shared/conversation';
import type { RecordEntry } from '../../shared/protocol';
import { unwrapContentKey } from '../../server/sealing/contentKey';
import { RoomSeal } from '../../server/sealing/roomSeal';
import type { RoomStore, StoredState } from '../../server/store/roomStore';

/**
 * A room as a store holds it, opened with one seat's secret, as only a process that someone of
 * the room is connected through can. For tests that look at what was stored.
 */
export async function openStored(store: RoomStore, roomId: string, seat: Seat, secret: string): Promise<{ state: StoredState; record: RecordEntry[] } | null> {
  const room = await store.get(roomId);
  if (!room) return null;
  const seal = new RoomSeal(roomId, unwrapContentKey(room.wrappedKeys[seat]!, roomId, seat, secret));
  return { state: seal.open(room.state), record: seal.openEntries(await store.readRecord(roomId)) };
}
