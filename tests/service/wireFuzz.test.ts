import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WireErrorCode } from '../../shared/protocol';
import { RefusalCode as MachineCodes } from '../../shared/conversation';
import { DEFAULT_LIMITS } from '../../server/rateLimit';
import { startTestServer } from '../support/testServer';
import { WireClient } from '../support/wireClient';

/**
 * A wire fuzzer against a live server: random and malformed payloads, huge strings, deep
 * objects, prototype keys, unknown events and floods. Each must get a coded refusal or a
 * disconnect; the server stays up and the room never changes.
 */
let env: Awaited<ReturnType<typeof startTestServer>>;
let room: Awaited<ReturnType<Awaited<ReturnType<typeof startTestServer>>['room']>>;
let observer: WireClient;

const CODES = new Set<string>([...Object.values(WireErrorCode), ...Object.values(MachineCodes)]);

beforeAll(async () => {
  // Limits lifted so every payload reaches the parser; the flood test below runs with them on.
  const open = { burst: 10_000, perSecond: 10_000 };
  env = await startTestServer({ limits: { ...DEFAULT_LIMITS, commandsPerConnection: open, commandsPerAddress: open } });
  room = await env.room();
  observer = await room.join('B');
});
afterAll(async () => env?.close());

const deep = (n: number): unknown => (n === 0 ? 'bottom' : { nested: deep(n - 1) });

const hostile = fc.oneof(
  fc.anything({ maxDepth: 4 }),
  fc.record({ id: fc.string(), command: fc.anything({ maxDepth: 3 }) }),
  fc.record({ id: fc.string({ maxLength: 80 }), command: fc.record({ type: fc.string(), text: fc.anything() }) }),
  fc.constant({ id: 'huge', command: { type: 'say', text: 'x'.repeat(50_000) } }),
  fc.constant({ id: 'deep', command: deep(200) }),
  fc.constant(JSON.parse('{"id":"proto","command":{"type":"setTopic","topic":"x","__proto__":{"seat":"B"}}}')),
  fc.constant(JSON.parse('{"id":"proto2","__proto__":{"command":{"type":"sign"}}}')),
  fc.constant({ id: 'ctor', command: { type: 'constructor' } }),
  fc.constant({ id: 'seat', command: { type: 'setTopic', topic: 'as B', seat: 'B' } }),
);

async function fire(client: WireClient, event: string, payload: unknown): Promise<'refused' | 'disconnected'> {
  if (!client.socket.connected) return 'disconnected';
  const gone = new Promise<'disconnected'>((resolve) => client.socket.once('disconnect', () => resolve('disconnected')));
  const answered = (client.socket as unknown as { timeout(ms: number): { emitWithAck(e: string, p: unknown): Promise<unknown> } })
    .timeout(5000)
    .emitWithAck(event, payload)
    .then((reply) => {
      expect(reply).toMatchObject({ ok: false });
      expect(CODES.has((reply as { error: { code: string } }).error.code)).toBe(true);
      return 'refused' as const;
    });
  return Promise.race([answered, gone]);
}

describe('a hostile client on the wire', () => {
  it('gets a coded refusal or a disconnect for every malformed payload, and the room never changes', async () => {
    const versionBefore = observer.view.version;
    let attacker = await room.join('A');
    await observer.until(() => observer.view.version > versionBefore); // A's join
    const agreement = structuredClone(observer.view.context.agreement);
    const outcomes: string[] = [];
    await fc.assert(
      fc.asyncProperty(hostile, fc.constantFrom('command', 'command', 'deleteEverything', '__proto__', 'constructor', 'sync', 'deleteRoom'), async (payload, event) => {
        if (!attacker.socket.connected) attacker = await room.join('A');
        outcomes.push(await fire(attacker, event, payload));
      }),
      { numRuns: 300, seed: 7 },
    );
    expect(outcomes).toContain('refused');
    // Reconnections change presence only: nothing entered the record, the agreement is as it was.
    expect(observer.view.context.agreement).toEqual(agreement);
    expect(observer.record).toEqual([]);
    // And the server still answers a good request.
    expect(await observer.send({ type: 'setTopic', topic: 'Still standing' })).toMatchObject({ ok: true });
  });

  it('rate-limits a flood, answering every message with a code', async () => {
    const limited = await startTestServer();
    const flooded = await limited.room();
    const flooder = await flooded.join('A');
    const bystander = await flooded.join('B');
    const replies = await Promise.all(Array.from({ length: 300 }, (_, i) => flooder.send({ type: 'raiseHand' }, `flood-${i}`).catch(() => null)));
    const codes = new Set(replies.filter((r) => r && !r.ok).map((r) => (r as { error: { code: string } }).error.code));
    expect(codes.has(WireErrorCode.RateLimited)).toBe(true);
    expect(await bystander.send({ type: 'setTopic', topic: 'After the flood' })).toMatchObject({ ok: true });
    await limited.close();
  });
});
