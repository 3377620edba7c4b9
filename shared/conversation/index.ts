/** The conversation: one machine, run by the server as the authority and by the client to show what is allowed. */
export { conversationMachine, admits, type ConversationMachine } from './machine';
export { spoken as heldAloud } from './effects';
export { run, startConversation, restoreConversation, refuseDelete, type Outcome } from './runner';
export { toRecordEntry, type RecordEntry } from './record';
export {
  project,
  callIsOn,
  contextFor,
  parkingLotFor,
  Screen,
  Role,
  Writing,
  type SeatProjection,
  type ComposerSpec,
  type Controls,
  type PauseView,
  type VoiceView,
} from './projection';
export { pendingDeadlines, type PendingDeadline } from './deadlines';
export { currentMove, stepOf, talkStepOf, Step, type Move, type RoomSnapshot, type TalkStep } from './moves';
export { RefusalCode, type Refusal } from './refusals';
export { LIMITS } from './limits';
export * from './seats';
export * from './types';
