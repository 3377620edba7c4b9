import { describe, expect, it } from 'vitest';
import { transition } from 'xstate';
import { adjacencyMapToArray, getAdjacencyMap } from 'xstate/graph';
import { eventsFor, serialize } from './modelSpace';
import {
  conversationMachine,
  explainRefusal,
  stepOf,
  talkStepOf,
  type RoomEvent,
  type RoomSnapshot,
} from '../../shared/conversation';
import { FROZEN_WHILE_PAUSED } from '../../shared/conversation/rules';

/**
 * Model-based tests: walk every state reachable with a representative set of events from every
 * seat, and check the protocol's invariants on every edge of that graph.
 */

const adjacency = getAdjacencyMap(conversationMachine, {
  input: { hasMediator: true },
  events: eventsFor,
  // Refused events change nothing (checked below), so the walk follows accepted ones only.
  filterEvents: (s, e) => explainRefusal(s as RoomSnapshot, e as RoomEvent) === null,
  serializeState: (s) => serialize(s as RoomSnapshot),
  limit: 1_000_000,
});

interface Edge {
  prev: RoomSnapshot;
  event: RoomEvent;
  next: RoomSnapshot;
}
const edges: Edge[] = adjacencyMapToArray(adjacency).map(({ state, event, nextState }) => ({
  prev: state as RoomSnapshot,
  event: event as RoomEvent,
  next: nextState as RoomSnapshot,
}));

const paused = (s: RoomSnapshot) => ['paused', 'waitingReady'].includes(stepOf(s));
const changed = (a: RoomSnapshot, b: RoomSnapshot) =>
  JSON.stringify([a.value, a.context]) !== JSON.stringify([b.value, b.context]);

describe('every reachable state of the conversation', () => {
  it('is explored broadly: all steps are reached', () => {
    console.log(`model: ${Object.keys(adjacency).length} states, ${edges.length} edges`);
    const steps = new Set(Object.values(adjacency).map(({ state }) => stepOf(state as RoomSnapshot)));
    expect([...steps].sort()).toEqual(
      ['agreement', 'askingMore', 'checking', 'closing', 'empathizing', 'ended', 'mirroring', 'paused', 'speaking', 'validating', 'waitingReady'].sort(),
    );
    expect(Object.keys(adjacency).length).toBeGreaterThan(200);
  });

  it('has exactly one speaker, who is never also the raised hand', () => {
    for (const { next } of edges) {
      const f = next.context.floor;
      if (next.value === 'agreement') expect(f).toBeNull();
      if (f) {
        expect(['A', 'B']).toContain(f.speaker);
        expect(f.handRaised).not.toBe(f.speaker);
      }
    }
  });

  it('accepts nothing of the talk while paused', () => {
    for (const { prev, event, next } of edges) {
      if (paused(prev) && FROZEN_WHILE_PAUSED.has(event.type)) expect(changed(prev, next)).toBe(false);
      // And the pause never moves the talk's own step.
      if (paused(prev) && paused(next)) expect(talkStepOf(next)).toBe(talkStepOf(prev));
    }
  });

  it('never passes the floor before what was said has been mirrored and confirmed', () => {
    for (const { prev, next } of edges) {
      const before = prev.context.floor;
      const after = next.context.floor;
      if (before && after && before.speaker !== after.speaker) {
        expect(before.roundStatements).toBe(0);
        expect(['speaking', 'askingMore', 'empathizing']).toContain(talkStepOf(prev));
      }
    }
  });

  it('clears both signatures on every change to the agreement', () => {
    for (const { prev, event, next } of edges) {
      if (prev.value !== 'agreement' || next.value !== 'agreement') continue;
      const agreementChanged =
        JSON.stringify({ ...prev.context.agreement, signedBy: [] }) !== JSON.stringify({ ...next.context.agreement, signedBy: [] });
      if (agreementChanged) expect(next.context.agreement.signedBy, event.type).toEqual([]);
    }
  });

  it('resumes from a pause into exactly the state the talk was in', () => {
    let resumes = 0;
    for (const { prev, event, next } of edges) {
      if (!paused(prev) || paused(next) || stepOf(next) === 'ended') continue;
      resumes++;
      expect(talkStepOf(next)).toBe(talkStepOf(prev));
      expect(next.context.floor!.speaker).toBe(prev.context.floor!.speaker);
      expect(next.context.floor!.roundStatements).toBe(prev.context.floor!.roundStatements);
      const left = prev.context.floor!.turnRemainingMs;
      expect(next.context.floor!.turnEndsAt).toBe(left === null ? null : event.at + left);
    }
    expect(resumes).toBeGreaterThan(0);
  });

  it('changes nothing when it explains a refusal, in every state, for every event', () => {
    let refusals = 0;
    // Every third state keeps this under a few seconds; the unit tests check each refusal they make too.
    for (const [i, { state }] of Object.values(adjacency).entries()) {
      const prev = state as RoomSnapshot;
      if (i % 3 !== 0) continue;
      if (prev.status === 'done') continue;
      for (const event of eventsFor(prev)) {
        const refusal = explainRefusal(prev, event);
        if (!refusal) continue;
        refusals++;
        const [next] = transition(conversationMachine, prev, event);
        expect(changed(prev, next), `${event.seat} ${event.type} refused ${refusal.code}`).toBe(false);
      }
    }
    expect(refusals).toBeGreaterThan(10_000);
  }, 60_000);
});
