/**
 * The load generator, in its own process: N rooms, two real socket.io-client partners each.
 * The speaker sends a statement every few seconds (jittered); the listener's receipt closes the
 * measurement. Both ends live in this process, so one clock times emit → receipt. The listener
 * opens each statement with its seat's key to know which one it was, with Node's crypto (a few µs,
 * so the load generator's own load stays what it was before sealing; what a page pays to open one
 * is measured on its own, see sealCost.ts); the receipt is timed when the update arrives.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { parseSeatLink, PROTOCOL_VERSION, type RecordEntry, type Welcome } from '../shared/protocol';
import { recordField } from '../shared/protocol/sealing';
import { unwrapContentKey } from '../server/sealing/contentKey';
import { RoomSeal } from '../server/sealing/roomSeal';
import { type LoopStalls, loopStalls } from './loopStalls';

export interface LoadConfig {
  url: string;
  /**
   * Several server processes: room i's partner A joins process i mod P and B joins process
   * ⌊i/P⌋ mod P, so for two processes half the rooms have their partners on the same process and
   * half across processes, as a load balancer without sticky sessions would spread them.
   */
  urls?: string[];
  kind: 'room' | 'baseline';
  rooms: number;
  /** Open loop: each room sends one statement per interval. Closed loop (0): the next as soon as the last is received. */
  intervalMs: number;
  seconds: number;
  /** Growth check: one room, this many statements one after another; latencies kept per statement. */
  sequence?: number;
}

export interface LoadResult {
  latencies: number[];
  sent: number;
  received: number;
  seconds: number;
  /** For the growth check: latency of each statement, in order. */
  perStatement?: number[];
  /** This process's own CPU over the window (% of one core): a busy load generator adds to every latency. */
  cpuPct: number;
  /** How long this process's own loop stalled over the window (ms): a receipt waiting on it is timed late. */
  loop?: LoopStalls;
}

/** The statement number `n` as the speaker sends it. */
export const statement = (n: number): string => `s:${n} I feel this way when that happens, because I need this.`;

type S = Socket;
const connect = (url: string, auth: object): Promise<S> =>
  new Promise((resolve, reject) => {
    const s = io(url, { auth: { protocol: PROTOCOL_VERSION, ...auth }, transports: ['websocket'], forceNew: true, reconnection: false });
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });

/** A seat of a room, and what opens its texts (the content key, from the welcome's wrapping and the seat's secret). */
const joinSeat = (url: string, seat: { roomId: string; key: string }): Promise<{ socket: S; seal: RoomSeal }> =>
  new Promise((resolve, reject) => {
    const socket = io(url, { auth: { protocol: PROTOCOL_VERSION, ...seat }, transports: ['websocket'], forceNew: true, reconnection: false });
    socket.once('welcome', (w: Welcome) => resolve({ socket, seal: new RoomSeal(w.roomId, unwrapContentKey(w.wrappedKey, w.roomId, w.seat, seat.key)) }));
    socket.once('connect_error', reject);
  });

let seq = 0;
const command = (s: S, c: object) => s.timeout(30_000).emitWithAck('command', { id: `c${++seq}`, command: c });

interface Pair { speaker: S; listener: S; sentAt: Map<number, number>; n: number }

async function openRoom(cfg: LoadConfig, i: number, onReceipt: (p: Pair, n: number, at: number) => void): Promise<Pair> {
  let a: S, b: S;
  let seal: RoomSeal | null = null;
  if (cfg.kind === 'baseline') {
    [a, b] = await Promise.all([connect(cfg.url, { roomId: `r${i}` }), connect(cfg.url, { roomId: `r${i}` })]);
  } else {
    const urls = cfg.urls ?? [cfg.url];
    const [urlA, urlB] = [urls[i % urls.length]!, urls[Math.floor(i / urls.length) % urls.length]!];
    const res = await fetch(`${urlA}/api/rooms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"mediator":false}' });
    const { links } = (await res.json()) as { links: { A: string; B: string } };
    const [speaker, listener] = await Promise.all([joinSeat(urlA, parseSeatLink(new URL(links.A).hash)!), joinSeat(urlB, parseSeatLink(new URL(links.B).hash)!)]);
    [a, b] = [speaker.socket, listener.socket];
    seal = listener.seal;
    await command(a, { type: 'setTopic', topic: 'Load' });
    await command(a, { type: 'setSettings', settings: { turnSeconds: 900 } });
    await command(a, { type: 'sign' });
    await command(b, { type: 'sign' });
  }
  const pair: Pair = { speaker: a, listener: b, sentAt: new Map(), n: 0 };
  b.on('update', (u: { command?: { n?: number }; entries?: RecordEntry[] }) => {
    const at = performance.now();
    const entry = u.entries?.[0];
    if (cfg.kind === 'baseline') {
      if (u.command?.n !== undefined) onReceipt(pair, u.command.n, at);
    } else if (seal && entry?.text) {
      const text = seal.openText(entry.text, recordField(entry));
      const n = text.startsWith('s:') ? parseInt(text.slice(2), 10) : NaN;
      if (Number.isFinite(n)) onReceipt(pair, n, at);
    }
  });
  return pair;
}

function send(cfg: LoadConfig, p: Pair): void {
  const n = ++p.n;
  p.sentAt.set(n, performance.now());
  const payload = cfg.kind === 'baseline' ? { n, text: statement(n) } : { type: 'say', text: statement(n) };
  void command(p.speaker, payload).catch(() => undefined);
}

export async function runLoad(cfg: LoadConfig): Promise<LoadResult> {
  const latencies: number[] = [];
  const perStatement: number[] = [];
  let measuring = false;
  let sent = 0;
  let received = 0;
  const onReceipt = (p: Pair, n: number, at: number) => {
    const t0 = p.sentAt.get(n);
    if (t0 === undefined) return;
    p.sentAt.delete(n);
    const ms = at - t0;
    if (cfg.sequence) perStatement.push(ms);
    if (measuring) {
      latencies.push(ms);
      received++;
    }
    // Closed loop: the next statement as soon as this one is heard (the growth check sends its own).
    if (cfg.intervalMs === 0 && measuring && !cfg.sequence) send(cfg, p);
  };
  const pairs: Pair[] = [];
  // Open in batches so connecting is not itself the load.
  for (let i = 0; i < cfg.rooms; i += 50) {
    pairs.push(...(await Promise.all(Array.from({ length: Math.min(50, cfg.rooms - i) }, (_, j) => openRoom(cfg, i + j, onReceipt)))));
  }
  if (cfg.sequence) {
    const p = pairs[0]!;
    const deadline = performance.now() + 120_000; // bounded, whatever happens
    while (perStatement.length < cfg.sequence && performance.now() < deadline) {
      const before = perStatement.length;
      send(cfg, p);
      await new Promise<void>((r) => {
        const t = setInterval(() => { if (perStatement.length > before || performance.now() > deadline) { clearInterval(t); r(); } }, 1);
      });
    }
    return { latencies: perStatement, sent: cfg.sequence, received: cfg.sequence, seconds: 0, perStatement, cpuPct: NaN };
  }
  process.send?.({ type: 'measuring' });
  measuring = true;
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const timers: NodeJS.Timeout[] = [];
  if (cfg.intervalMs > 0) {
    for (const p of pairs) {
      timers.push(setTimeout(() => { send(cfg, p); sent++; timers.push(setInterval(() => { send(cfg, p); sent++; }, cfg.intervalMs)); }, Math.random() * cfg.intervalMs));
    }
  } else {
    for (const p of pairs) { send(cfg, p); sent++; }
  }
  await new Promise((r) => setTimeout(r, cfg.seconds * 1000));
  measuring = false;
  for (const t of timers) clearInterval(t);
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuPct = ((cpu.user + cpu.system) / 1e6 / seconds) * 100;
  loopDelay.disable();
  const loop = loopStalls(loopDelay);
  // Let the orchestrator read the server's memory while every room and socket is still open.
  if (process.send) {
    process.send({ type: 'window-end' });
    await new Promise<void>((r) => process.once('message', () => r()));
  }
  for (const p of pairs) { p.speaker.close(); p.listener.close(); }
  return { latencies, sent: cfg.intervalMs > 0 ? sent : received, received, seconds, cpuPct, loop };
}

// As a child process: run one load from argv and report over IPC.
if (process.send && process.argv[2]) {
  const result = await runLoad(JSON.parse(process.argv[2]) as LoadConfig);
  process.send({ type: 'result', result }, () => process.exit(0));
}
