/**
 * What sealing costs per statement, measured on its own (in the orchestrator, before any load):
 * the server sealing the record entry of a statement as the load generator sends it (Node's
 * AES-256-GCM, a fresh IV), the bytes it adds to the update, and the page opening it (WebCrypto,
 * asynchronous, as `client/src/lib/sealed.ts` does). The end-to-end cost is the comparison with
 * `BENCH_BASELINE_REF`; this says where it comes from.
 */
import { performance } from 'node:perf_hooks';
import type { RecordEntry } from '../shared/protocol';
import { recordField } from '../shared/protocol/sealing';
import { RoomOpener } from '../client/src/lib/sealed';
import { newContentKey, wrapContentKey } from '../server/sealing/contentKey';
import { RoomSeal } from '../server/sealing/roomSeal';
import { newRoomId, newSeatKey } from '../server/secrets';

export interface SealCost {
  /** Server: sealing one statement's entry, µs (median of batches). */
  sealUs: number;
  /** Page: opening it, µs (median of batches, awaited one by one). */
  openUs: number;
  /** The entry as JSON, clear and sealed. */
  clearBytes: number;
  sealedBytes: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function measureSealCost(statement: string, batches = 15, perBatch = 2000): Promise<SealCost> {
  const roomId = newRoomId();
  const key = newContentKey();
  const secret = newSeatKey();
  const seal = new RoomSeal(roomId, key);
  const page = await RoomOpener.unlock(roomId, 'B', secret, wrapContentKey(key, roomId, 'B', secret));
  const entry: RecordEntry = { seq: 42, seat: 'A', type: 'say', at: Date.now(), text: statement };
  const sealed = seal.sealEntries([entry])[0]!;

  const sealUs: number[] = [];
  const openUs: number[] = [];
  for (let b = 0; b < batches + 1; b++) {
    let t0 = performance.now();
    for (let i = 0; i < perBatch; i++) seal.sealEntries([{ ...entry, seq: i + 1 }]);
    const s = ((performance.now() - t0) * 1000) / perBatch;
    t0 = performance.now();
    for (let i = 0; i < perBatch / 4; i++) await page.text(sealed.text!, recordField(entry));
    const o = ((performance.now() - t0) * 1000) / (perBatch / 4);
    // The first batch warms the JIT and is not counted.
    if (b > 0) {
      sealUs.push(s);
      openUs.push(o);
    }
  }
  return { sealUs: median(sealUs), openUs: median(openUs), clearBytes: JSON.stringify(entry).length, sealedBytes: JSON.stringify(sealed).length };
}
