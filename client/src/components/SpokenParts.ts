/** The parts of a talk held aloud, fetched together and only for such a talk. */
export { default as BoundaryCall } from './BoundaryCall.svelte';
export { default as SpokenStep } from './SpokenStep.svelte';
