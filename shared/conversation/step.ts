import { type AnyActorScope, createActor } from 'xstate';
import { conversationMachine } from './machine';
import type { RoomSnapshot } from './moves';
import type { RoomEvent } from './types';

/*
 * XState's `transition(machine, snapshot, event)` builds a throwaway actor for every call, and
 * that actor computes (and, with no input, throws out of) a whole initial state first: under load
 * it cost three times the transition itself. The machine is pure (assignments only, no children,
 * no delays, no emitted events), so one inert scope made once serves every step. It is made on
 * the first step, not when this module loads: a room's page loads it with the machine and never
 * steps (it asks `snapshot.can`), and making the actor computes the machine's initial state.
 */
let inertScope: AnyActorScope | undefined;

function makeInertScope(): AnyActorScope {
  const self = createActor(conversationMachine, { input: { hasMediator: false } });
  return {
    self,
    id: '',
    sessionId: '',
    system: self.system,
    logger: () => {},
    defer: () => {},
    emit: () => {},
    stopChild: () => {},
    actionExecutor: () => {},
  } as unknown as AnyActorScope;
}

/** Applies one event to a snapshot, purely: the very same snapshot comes back when the event was not taken. */
export function step(snapshot: RoomSnapshot, event: RoomEvent): RoomSnapshot {
  return conversationMachine.transition(snapshot, event, (inertScope ??= makeInertScope()));
}
