import type { Partner, RoomCommand } from '../../../shared/conversation';
import type { Problem } from '../../../shared/protocol';

/**
 * One method per action a person can take, written once for both runners of the room: the live
 * room (which sends to the server) and practice (which applies to the machine in this browser).
 */
export abstract class TalkActions {
  abstract send(command: RoomCommand): Promise<Problem | null>;

  setTopic = (topic: string) => this.send({ type: 'setTopic', topic });
  setSettings = (settings: Extract<RoomCommand, { type: 'setSettings' }>['settings']) => this.send({ type: 'setSettings', settings });
  proposeOffLimits = (text: string) => this.send({ type: 'proposeOffLimits', text });
  acceptOffLimits = (id: string) => this.send({ type: 'acceptOffLimits', id });
  declineOffLimits = (id: string) => this.send({ type: 'declineOffLimits', id });
  withdrawOffLimits = (id: string) => this.send({ type: 'withdrawOffLimits', id });
  sign = () => this.send({ type: 'sign' });
  unsign = () => this.send({ type: 'unsign' });
  say = (text: string) => this.send({ type: 'say', text });
  yieldFloor = () => this.send({ type: 'yield' });
  mirror = (text: string) => this.send({ type: 'mirror', text });
  confirm = () => this.send({ type: 'confirm' });
  notQuite = (text: string) => this.send({ type: 'notQuite', text });
  more = () => this.send({ type: 'more' });
  noMore = () => this.send({ type: 'noMore' });
  validate = (text: string) => this.send({ type: 'validate', text });
  empathize = (text: string) => this.send({ type: 'empathize', text });
  callBoundary = (topicId: string) => this.send({ type: 'callBoundary', topicId });
  rephrase = () => this.send({ type: 'rephrase' });
  parkSubject = (title: string) => this.send({ type: 'parkSubject', title });
  raiseHand = () => this.send({ type: 'raiseHand' });
  lowerHand = () => this.send({ type: 'lowerHand' });
  grantFloor = (to: Partner) => this.send({ type: 'grantFloor', to });
  callPause = (minutes?: number) => this.send(minutes ? { type: 'callPause', minutes } : { type: 'callPause' });
  extendPause = (minutes: number) => this.send({ type: 'extendPause', minutes });
  ready = () => this.send({ type: 'ready' });
  proposeAdjourn = (until: number) => this.send({ type: 'proposeAdjourn', until });
  acceptAdjourn = () => this.send({ type: 'acceptAdjourn' });
  declineAdjourn = () => this.send({ type: 'declineAdjourn' });
  park = (text: string) => this.send({ type: 'park', text });
  unpark = (id: string) => this.send({ type: 'unpark', id });
  shareParked = (id: string) => this.send({ type: 'shareParked', id });
  note = (text: string) => this.send({ type: 'note', text });
  setName = (name: string) => this.send({ type: 'setName', name });
  moveToClose = () => this.send({ type: 'moveToClose' });
  acceptClose = () => this.send({ type: 'acceptClose' });
  declineClose = () => this.send({ type: 'declineClose' });
  backToTalk = () => this.send({ type: 'backToTalk' });
  appreciate = (text: string) => this.send({ type: 'appreciate', text });
  commit = (text: string) => this.send({ type: 'commit', text });
  confirmClose = () => this.send({ type: 'confirmClose' });
  end = () => this.send({ type: 'end' });
}
