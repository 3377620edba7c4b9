import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { conversationMachine, pendingDeadlines, type RoomEvent, type RoomSnapshot, stepOf } from '../../shared/conversation';
import { explainRefusal } from '../../shared/conversation/explain';
import { step } from '../../shared/conversation/step';
import { T0 } from './harness';
import { ALL_INVARIANTS, changed } from './invariants';
import { commandsFor } from './modelSpace';

/**
 * Property-based: random sequences of events from random seats at random times, every invariant
 * checked after every step, and every refusal checked to change nothing. Where the model walk
 * covers breadth with fixed clocks, this covers long, messy histories with time moving.
 */
const action = fc.record({
  pick: fc.nat(),
  waitMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5 * 60_000 })),
  timer: fc.boolean(),
  // Mostly pick among events the room would accept, so histories go deep; sometimes anything at all.
  wellFormed: fc.nat(9).map((n) => n < 8),
});

const SEATS = ['A', 'B', 'M'] as const;

const reached = new Set<string>();

function run(steps: Array<{ pick: number; waitMs: number; timer: boolean; wellFormed: boolean }>, hasMediator: boolean) {
  let [s]: [RoomSnapshot, unknown] = initialTransition(conversationMachine, { hasMediator });
  let now = T0;
  for (const a of steps) {
    now += a.waitMs;
    const due = pendingDeadlines(s).find((d) => d.dueAt <= now);
    const all = SEATS.flatMap((seat) => commandsFor(s).map((c) => ({ ...c, seat, at: now }) as RoomEvent));
    const accepted = all.filter((e) => explainRefusal(s, e) === null);
    const pool = a.wellFormed && accepted.length ? accepted : all;
    const event: RoomEvent =
      a.timer && due ? { type: 'timerElapsed', deadline: due.deadline, dueAt: due.dueAt, seat: 'system', at: now } : pool[a.pick % pool.length]!;
    const refusal = explainRefusal(s, event);
    if (s.status === 'done') break;
    const next = step(s, event);
    // The runners' fast step and XState's own transition() agree, including on "nothing changed".
    const [reference] = transition(conversationMachine, s, event);
    expect(next === s, `${event.type}: step and transition() disagree on whether it was taken`).toBe(reference === s);
    expect({ value: next.value, context: next.context }).toEqual({ value: reference.value, context: reference.context });
    if (refusal) {
      expect(changed(s, next), `${event.seat} ${event.type} refused ${refusal.code} but changed the room`).toBe(false);
      continue;
    }
    for (const [name, invariant] of Object.entries(ALL_INVARIANTS)) {
      const broken = invariant({ prev: s, event, next });
      expect(broken, `${name} after ${event.seat} ${event.type}`).toBeNull();
    }
    // Counters never go backwards and floor time never goes negative.
    for (const p of ['A', 'B'] as const) {
      expect(next.context.fairness[p].floorMs).toBeGreaterThanOrEqual(s.context.fairness[p].floorMs);
      expect(next.context.fairness[p].turns).toBeGreaterThanOrEqual(s.context.fairness[p].turns);
    }
    // Plain JSON: what is persisted and restored is exactly what runs.
    expect(JSON.parse(JSON.stringify(next.context))).toEqual(next.context);
    s = next;
    reached.add(stepOf(s));
  }
}

describe('random histories of the conversation', () => {
  it('keep every invariant after every step, with or without a mediator', () => {
    fc.assert(
      fc.property(fc.array(action, { minLength: 20, maxLength: 200 }), fc.boolean(), (steps, hasMediator) => run(steps, hasMediator)),
      { numRuns: 150, seed: 20261123 },
    );
    // The histories really went deep: not only the agreement. (Ending takes both partners'
    // agreement to close and then both confirmations in a row, which random picks seldom make;
    // the model walk and the closing tests reach it.)
    expect([...reached].sort()).toEqual(expect.arrayContaining(['speaking', 'mirroring', 'checking', 'paused', 'closing']));
  });
});
