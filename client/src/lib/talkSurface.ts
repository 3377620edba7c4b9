import type { Partner, RoomCommand, RoomContext, RoomSnapshot, Seat, SeatProjection } from '../../../shared/conversation';
import type { RecordEntry, WireError } from '../../../shared/protocol';

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
  readonly refusal: WireError | null;
  readonly isPartner: boolean;
  /** Practice alone: nobody else to agree with, so nothing that needs a partner's answer is offered. */
  readonly practice: boolean;
  readonly speaker: Partner | null;
  can(command: RoomCommand): boolean;
  clearRefusal(): void;
  send(command: RoomCommand): Promise<WireError | null>;
  say(text: string): Promise<WireError | null>;
  yieldFloor(): Promise<WireError | null>;
  mirror(text: string): Promise<WireError | null>;
  confirm(): Promise<WireError | null>;
  notQuite(text: string): Promise<WireError | null>;
  more(): Promise<WireError | null>;
  noMore(): Promise<WireError | null>;
  validate(text: string): Promise<WireError | null>;
  empathize(text: string): Promise<WireError | null>;
  raiseHand(): Promise<WireError | null>;
  callBoundary(topicId: string): Promise<WireError | null>;
  rephrase(): Promise<WireError | null>;
  parkSubject(title: string): Promise<WireError | null>;
  lowerHand(): Promise<WireError | null>;
  callPause(minutes?: number): Promise<WireError | null>;
  extendPause(minutes: number): Promise<WireError | null>;
  ready(): Promise<WireError | null>;
  proposeAdjourn(until: number): Promise<WireError | null>;
  acceptAdjourn(): Promise<WireError | null>;
  declineAdjourn(): Promise<WireError | null>;
  park(text: string): Promise<WireError | null>;
  unpark(id: string): Promise<WireError | null>;
  shareParked(id: string): Promise<WireError | null>;
  moveToClose(): Promise<WireError | null>;
  proposeOffLimits(text: string): Promise<WireError | null>;
  acceptOffLimits(id: string): Promise<WireError | null>;
  declineOffLimits(id: string): Promise<WireError | null>;
  grantFloor(to: Partner): Promise<WireError | null>;
  end(): Promise<WireError | null>;
  acceptClose(): Promise<WireError | null>;
  declineClose(): Promise<WireError | null>;
  backToTalk(): Promise<WireError | null>;
  appreciate(text: string): Promise<WireError | null>;
  commit(text: string): Promise<WireError | null>;
  confirmClose(): Promise<WireError | null>;
}
