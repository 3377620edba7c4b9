/**
 * What one accepted statement costs the server's own code, in one process and without sockets:
 * the payload's validation, the room service (the runner: the machine's step, the record entry,
 * the deadlines; sealing; the store's commit; the update projected for each seat), and the
 * update's encoding as Socket.IO sends it. Everything the bare relay does too (reading the frame,
 * writing it to the sockets) is left out, so this is what ours adds per event.
 *
 * Prints microseconds per statement (the median of several timed runs, with their spread) and
 * bytes allocated per statement (the heap's growth over a run in which no collection happened:
 * run with a young generation large enough, `--min-semi-space-size=256 --max-semi-space-size=256`,
 * which `npm run bench` gives it; a collection during the run is said, not hidden).
 *
 * Run alone: `BENCH_ONLY=cost npm run bench`, or
 * `node --import tsx --expose-gc --min-semi-space-size=256 --max-semi-space-size=256 bench/eventCost.ts`.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { Encoder } from 'socket.io-parser';
import { systemClock } from '../server/clock';
import { type Broadcaster, RoomService } from '../server/roomService';
import { MemoryStore } from '../server/store/memoryStore';
import { commandMessageSchema } from '../shared/protocol/schemas';
import { statement } from './loadGen';

export interface EventCost {
  /** Median microseconds per accepted statement over the timed runs, and the runs' range. */
  us: number;
  usRange: [number, number];
  /** Bytes allocated per accepted statement (null when a collection ran during the measured run). */
  bytes: number | null;
  statements: number;
}

const ROOMS = 200;
const PER_RUN = 2000;
const RUNS = 7;

export async function measureEventCost(): Promise<EventCost> {
  const encoder = new Encoder();
  let encoded = 0;
  // Encodes what the transport would send, once per group, and sends nothing.
  const broadcaster: Broadcaster = {
    update(_roomId, groups) {
      for (const g of groups) encoded += (encoder.encode({ type: 2, nsp: '/', data: ['update', g.update] })[0] as string).length;
    },
    notice() {},
  };
  const store = new MemoryStore(systemClock);
  const service = new RoomService({ store, clock: systemClock, broadcaster });
  const rooms: string[] = [];
  for (let i = 0; i < ROOMS; i++) {
    const { roomId, keys } = await service.createRoom({ mediator: false });
    for (const seat of ['A', 'B'] as const) {
      const unlocked = (await service.unlock(roomId, keys[seat]!))!;
      service.connected(roomId, unlocked.contentKey);
      await service.apply(roomId, seat, { type: 'join' });
    }
    await service.apply(roomId, 'A', { type: 'setTopic', topic: 'Load' });
    // A turn long enough for every statement of the runs to land in it.
    await service.apply(roomId, 'A', { type: 'setSettings', settings: { turnSeconds: 900 } });
    await service.apply(roomId, 'A', { type: 'sign' });
    await service.apply(roomId, 'B', { type: 'sign' });
    rooms.push(roomId);
  }

  let n = 0;
  /** One statement as the transport hands it over: the raw message validated, then applied, the reply encoded. */
  const one = async () => {
    const raw = { id: `c${n}`, command: { type: 'say', text: statement(n) } };
    const roomId = rooms[n % ROOMS]!;
    n++;
    const parsed = commandMessageSchema.safeParse(raw);
    if (!parsed.success) throw new Error('a statement did not validate');
    const reply = await service.apply(roomId, 'A', parsed.data.command, parsed.data.id, 'origin');
    if (!reply.ok) throw new Error(`a statement was refused: ${reply.error.code}`);
    encoded += (encoder.encode({ type: 3, nsp: '/', id: n, data: [reply] })[0] as string).length;
  };
  const run = async (count: number) => {
    for (let i = 0; i < count; i++) await one();
  };

  await run(PER_RUN * 2); // warm up: the JIT, the maps, the rooms' records
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    await run(PER_RUN);
    times.push(((performance.now() - t0) * 1000) / PER_RUN);
  }

  // Allocation: the heap's growth over one run with no collection in it.
  let collections = 0;
  const gcs = new PerformanceObserver((list) => (collections += list.getEntries().length));
  (globalThis as { gc?: () => void }).gc?.();
  gcs.observe({ entryTypes: ['gc'] });
  const before = process.memoryUsage().heapUsed;
  await run(PER_RUN);
  const after = process.memoryUsage().heapUsed;
  await new Promise((r) => setImmediate(r));
  gcs.disconnect();

  const sorted = [...times].sort((a, b) => a - b);
  if (encoded === 0) throw new Error('nothing was encoded');
  return {
    us: sorted[Math.floor(sorted.length / 2)]!,
    usRange: [sorted[0]!, sorted.at(-1)!],
    bytes: collections === 0 ? (after - before) / PER_RUN : null,
    statements: PER_RUN * (RUNS + 3),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const cost = await measureEventCost();
  if (process.argv.includes('--json')) process.stdout.write(JSON.stringify(cost));
  else console.log(
    `per accepted statement, our own code: ${cost.us.toFixed(1)} µs (runs ${cost.usRange[0].toFixed(1)}–${cost.usRange[1].toFixed(1)}), ` +
      `${cost.bytes === null ? 'allocation not measured (a collection ran)' : `${(cost.bytes / 1024).toFixed(1)} KB allocated`}`,
  );
}
