import { afterEach, describe, expect, it } from 'vitest';
import { stepOf } from '../../shared/conversation';
import type { Commit, CommitOutcome } from '../../server/store/roomStore';
import { SealError } from '../../server/sealing/cipher';
import { MemoryStore } from '../../server/store/memoryStore';
import { RoomService } from '../../server/roomService';
import { ManualClock } from '../support/manualClock';
import { startTestServer } from '../support/testServer';
import type { WireClient } from '../support/wireClient';

/**
 * The in-memory store, with one fault Redis really has: a write that lands, and then the
 * connection drops before the answer comes back (the server hears a failure). Everything else is
 * the real store.
 */
class AnswerLost extends MemoryStore {
  #armed = false;
  /** The next commit lands and then reports a failure. */
  loseNextAnswer(): void {
    this.#armed = true;
  }
  override async commit(roomId: string, expectedVersion: number, c: Commit): Promise<CommitOutcome> {
    const outcome = await super.commit(roomId, expectedVersion, c);
    if (!this.#armed) return outcome;
    this.#armed = false;
    throw new Error('connection lost after the write');
  }
}

/** The server's first wait before it tries the store again. */
const FIRST_RETRY_MS = 100;

/** A store whose reads fail in a way no wait cures: what it holds of the room does not open. */
class Broken extends MemoryStore {
  broken = false;
  override async get(roomId: string) {
    if (this.broken) throw new SealError();
    return super.get(roomId);
  }
}

let envs: Array<Awaited<ReturnType<typeof startTestServer>>> = [];
afterEach(async () => {
  for (const e of envs) await e.close();
  envs = [];
});

const step = (c: WireClient) => stepOf({ value: c.view.value } as never);

async function talking() {
  const clock = new ManualClock();
  const store = new AnswerLost(clock);
  const env = await startTestServer({ clock, store });
  envs.push(env);
  const { a, b } = await (await env.room()).signed('Evenings');
  return { clock, store, a, b };
}

describe('a store that loses the answer to a write that landed', () => {
  it('still brings the statement to both partners, once', async () => {
    const { clock, store, a, b } = await talking();
    store.loseNextAnswer();
    const retrying = clock.whenTimerSet(FIRST_RETRY_MS);
    const sending = a.send({ type: 'say', text: 'I felt alone on Sundays.' });
    await retrying;
    clock.advance(FIRST_RETRY_MS);
    // The retry finds the statement already stored and answers with its reply.
    expect(await sending).toMatchObject({ ok: true });
    const said = (c: WireClient) => c.record.filter((e) => e.type === 'say' && e.text === 'I felt alone on Sundays.').length;
    await b.until(() => said(b) === 1);
    await a.until(() => said(a) === 1);
    expect(b.view.version).toBe(a.view.version);
  });

  it('still tells everyone a deadline passed, and arms the next one', async () => {
    const { clock, store, a, b } = await talking();
    await a.ok({ type: 'say', text: 'I felt alone.' });
    clock.advance(119_000);
    store.loseNextAnswer();
    const retrying = clock.whenTimerSet(FIRST_RETRY_MS);
    clock.advance(1_000); // the turn's time is up: the grace to finish a sentence begins
    await retrying;
    clock.advance(FIRST_RETRY_MS); // the retry: the deadline is stored already, so it is refused as stale
    await b.until(() => b.view.context.floor?.inGrace === true);
    await a.until(() => a.view.context.floor?.inGrace === true);
    // The grace's own deadline was armed from the room as stored.
    clock.advance(15_000);
    await b.until(() => step(b) === 'mirroring');
  });
});

describe('a room whose sealed texts do not open', () => {
  it('answers at once instead of retrying for fifteen seconds', async () => {
    const clock = new ManualClock();
    const store = new Broken(clock);
    const service = new RoomService({ store, clock, broadcaster: { update() {}, notice() {} } });
    const { roomId } = await service.createRoom({ mediator: false });
    store.broken = true;
    // The clock never moves: a retry would wait on it forever.
    await expect(service.welcome(roomId, 'A')).rejects.toThrow(SealError);
  });
});
