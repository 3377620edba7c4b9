import { describe, expect, it } from 'vitest';
import { adjacencyMapToArray, getAdjacencyMap } from 'xstate/graph';
import { eventsFor, serialize } from './modelSpace';
import { conversationMachine, stepOf, type RoomEvent, type RoomSnapshot } from '../../shared/conversation';
import { explainRefusal } from '../../shared/conversation/explain';
import { step } from '../../shared/conversation/step';
import { ALL_INVARIANTS, changed, type Step } from './invariants';

/**
 * Model-based tests: walk every state reachable with a representative set of events from every
 * seat, and check the protocol's invariants on every edge of that graph.
 */

const paused = (s: RoomSnapshot) => ['paused', 'waitingReady'].includes(stepOf(s));

// Two walks: a typed talk, and one held aloud on the room's own call (every step a tap,
// boundaries called by the listener, microphones following the floor, the mediator holding to
// talk). "Aloud, together" is the same talk without the call. Mirroring may never be skipped.
describe.each([
  ['typed', 'typed'],
  ['held aloud', 'call'],
] as const)('every reachable state of a %s conversation', (_how, mode) => {
  const adjacency = getAdjacencyMap(conversationMachine, {
    input: { hasMediator: true, settings: { mode } },
    events: eventsFor,
    // Refused events change nothing (checked below), so the walk follows accepted ones only.
    filterEvents: (s, e) => explainRefusal(s as RoomSnapshot, e as RoomEvent) === null,
    serializeState: (s) => serialize(s as RoomSnapshot),
    limit: 1_000_000,
  });

  const edges: Step[] = adjacencyMapToArray(adjacency).map(({ state, event, nextState }) => ({
    prev: state as RoomSnapshot,
    event: event as RoomEvent,
    next: nextState as RoomSnapshot,
  }));

  it('is explored broadly: all steps are reached', () => {
    console.log(`model (${mode}): ${Object.keys(adjacency).length} states, ${edges.length} edges`);
    const steps = new Set(Object.values(adjacency).map(({ state }) => stepOf(state as RoomSnapshot)));
    expect([...steps].sort()).toEqual(
      ['agreement', 'askingMore', 'checking', 'closing', 'empathizing', 'ended', 'mirroring', 'paused', 'speaking', 'validating', 'waitingReady'].sort(),
    );
    expect(Object.keys(adjacency).length).toBeGreaterThan(200);
  });

  it.each(Object.entries(ALL_INVARIANTS))('holds the invariant "%s" on every edge', (_name, invariant) => {
    const violations = edges.map((edge) => invariant(edge)).filter((v) => v !== null);
    expect(violations).toEqual([]);
  });

  it('resumes from a pause on some path, so the resume invariant was really exercised', () => {
    const resumes = edges.filter(({ prev, next }) => paused(prev) && !paused(next) && stepOf(next) !== 'ended');
    expect(resumes.length).toBeGreaterThan(0);
  });

  it('changes nothing when it explains a refusal, in every state, for every event', () => {
    let refusals = 0;
    // Every tenth state keeps this to a few seconds; the unit tests check each refusal they make too.
    for (const [i, { state }] of Object.values(adjacency).entries()) {
      const prev = state as RoomSnapshot;
      if (i % 10 !== 0) continue;
      if (prev.status === 'done') continue;
      for (const event of eventsFor(prev)) {
        const refusal = explainRefusal(prev, event);
        if (!refusal) continue;
        refusals++;
        const next = step(prev, event);
        expect(changed(prev, next), `${event.seat} ${event.type} refused ${refusal.code}`).toBe(false);
        // The server relies on this: a refused event hands back the very same snapshot object.
        expect(next === prev, `${event.seat} ${event.type} refused ${refusal.code} but made a new snapshot`).toBe(true);
      }
    }
    expect(refusals).toBeGreaterThan(10_000);
  }, 60_000);
});
