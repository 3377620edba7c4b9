import type { Partner, RoomCommand, RoomContext, RoomSnapshot, Seat, SeatProjection } from '../../../shared/conversation';
import type { RecordEntry, Problem } from '../../../shared/protocol';

/**
 * What the talk screens need from whatever runs the room: the live room (`RoomClient`, the server
 * decides) or practice alone (`PracticeSession`, the same machine in this browser).
 */
export interface TalkSurface {
  /** Keys this device's drafts. */
  readonly roomId: string;
  readonly seat: Seat | null;
  readonly context: RoomContext | null;
  readonly record: RecordEntry[];
  readonly snapshot: RoomSnapshot | null;
  /** What this seat sees and may do now: every screen reads this, never the step's name. */
  readonly projection: SeatProjection | null;
  readonly refusal: Problem | null;
  readonly isPartner: boolean;
  /** Practice alone: nobody else to agree with, so nothing that needs a partner's answer is offered. */
  readonly practice: boolean;
  readonly speaker: Partner | null;
  can(command: RoomCommand): boolean;
  clearRefusal(): void;
  send(command: RoomCommand): Promise<Problem | null>;
  say(text: string): Promise<Problem | null>;
  yieldFloor(): Promise<Problem | null>;
  mirror(text: string): Promise<Problem | null>;
  confirm(): Promise<Problem | null>;
  notQuite(text: string): Promise<Problem | null>;
  more(): Promise<Problem | null>;
  noMore(): Promise<Problem | null>;
  validate(text: string): Promise<Problem | null>;
  empathize(text: string): Promise<Problem | null>;
  raiseHand(): Promise<Problem | null>;
  callBoundary(topicId: string): Promise<Problem | null>;
  rephrase(): Promise<Problem | null>;
  parkSubject(title: string): Promise<Problem | null>;
  lowerHand(): Promise<Problem | null>;
  callPause(minutes?: number): Promise<Problem | null>;
  extendPause(minutes: number): Promise<Problem | null>;
  ready(): Promise<Problem | null>;
  proposeAdjourn(until: number): Promise<Problem | null>;
  acceptAdjourn(): Promise<Problem | null>;
  declineAdjourn(): Promise<Problem | null>;
  park(text: string): Promise<Problem | null>;
  unpark(id: string): Promise<Problem | null>;
  shareParked(id: string): Promise<Problem | null>;
  moveToClose(): Promise<Problem | null>;
  proposeOffLimits(text: string): Promise<Problem | null>;
  acceptOffLimits(id: string): Promise<Problem | null>;
  declineOffLimits(id: string): Promise<Problem | null>;
  grantFloor(to: Partner): Promise<Problem | null>;
  end(): Promise<Problem | null>;
  acceptClose(): Promise<Problem | null>;
  declineClose(): Promise<Problem | null>;
  backToTalk(): Promise<Problem | null>;
  appreciate(text: string): Promise<Problem | null>;
  commit(text: string): Promise<Problem | null>;
  confirmClose(): Promise<Problem | null>;
}
