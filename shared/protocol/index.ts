// The contract and the record, for both sides. The zod schemas live in ./schemas and are
// imported by the server only, so the page does not carry a validation library it never runs.
export * from './contract';
export { mergeRecord } from './record';
export { applyUpdate, type Applied, connectedSeats, type Held, receiveUpdate, receiveWhole, sameStateValue } from './view';
