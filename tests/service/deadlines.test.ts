import { afterEach, describe, expect, it } from 'vitest';
import { stepOf } from '../../shared/conversation';
import { MemoryStore } from '../../server/store/memoryStore';
import { ManualClock } from '../support/manualClock';
import { startTestServer } from '../support/testServer';
import { WireClient } from '../support/wireClient';

let envs: Array<Awaited<ReturnType<typeof startTestServer>>> = [];
afterEach(async () => {
  for (const e of envs) await e.close();
  envs = [];
});

const step = (c: WireClient) => stepOf({ value: c.view.value } as never);

async function talking(clock: ManualClock, store = new MemoryStore(clock)) {
  const env = await startTestServer({ clock, store });
  envs.push(env);
  const room = await env.room();
  const { a, b } = await room.signed('Evenings');
  return { env, room, a, b, store };
}

describe('deadlines kept by the server', () => {
  it('ends the speaking step when the turn time runs out, for everyone', async () => {
    const clock = new ManualClock();
    const { a, b } = await talking(clock);
    await a.ok({ type: 'say', text: 'I felt alone.' });
    clock.advance(119_000);
    expect(step(b)).toBe('speaking');
    // Time is up at 120 s; the speaker's 15-second grace to finish a sentence follows.
    clock.advance(1_000);
    await b.until(() => b.view.context.floor!.inGrace);
    expect(step(b)).toBe('speaking');
    clock.advance(15_000);
    await b.until(() => step(b) === 'mirroring');
    await a.until(() => step(a) === 'mirroring');
    expect(b.record.at(-1)).toMatchObject({ type: 'timerElapsed', seat: 'system' });
  });

  it('moves a pause to "waiting for ready" when its time is up', async () => {
    const clock = new ManualClock();
    const { a, b } = await talking(clock);
    await b.ok({ type: 'callPause' });
    clock.advance(20 * 60_000);
    await a.until(() => step(a) === 'waitingReady');
  });

  it('keeps the absolute deadlines across a restart, and fires one that passed while down', async () => {
    const clock = new ManualClock();
    const first = await talking(clock);
    await first.a.ok({ type: 'say', text: 'Before the restart.' });
    const endsAt = first.a.view.context.floor!.turnEndsAt;
    await first.env.close();
    envs = [];
    clock.advance(5 * 60_000); // nobody is running while the turn runs out

    const env = await startTestServer({ clock, store: first.store });
    envs.push(env);
    // Nothing is armed until someone is back (no key is held before): the first to connect arms
    // the deadline from the stored state, and it is already due.
    clock.advance(0);
    expect(clock.pending).toBe(0);
    const a = env.track(await WireClient.join(env.url, first.room.links.A!));
    clock.advance(0);
    // The turn's end fired: its grace ended long ago too, and fires next.
    await a.until(() => a.view.context.floor!.inGrace);
    clock.advance(0);
    await a.until(() => step(a) === 'mirroring');
    const fired = a.record.find((e) => e.type === 'timerElapsed')!;
    expect(fired.at).toBeGreaterThan(endsAt!);
    expect(fired.at).toBe(clock.now());
    expect(a.record.filter((e) => e.type === 'say').map((e) => e.text)).toEqual(['Before the restart.']);
  });
});
