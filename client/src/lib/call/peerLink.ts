import { type Seat, SEATS } from '../../../../shared/conversation';
import type { CallConfig, CallSignal, IceCandidate } from '../../../../shared/protocol';

/** How the connection with one other person on the call stands, as the screen says it. */
export type LinkState = 'connecting' | 'connected' | 'reconnecting' | 'away';

/** Of each pair of seats, the one that comes first in A, B, M offers the connection; the other answers. */
export const offersTo = (me: Seat, peer: Seat): boolean => SEATS.indexOf(me) < SEATS.indexOf(peer);

export interface LinkOptions {
  peer: Seat;
  /** This side offers the connection (see `offersTo`). */
  offering: boolean;
  config: CallConfig;
  /** This person's microphone, or null when they listen only (no microphone allowed). */
  microphone: { track: MediaStreamTrack; stream: MediaStream } | null;
  send(signal: CallSignal): void;
  onRemote(stream: MediaStream): void;
  onState(state: LinkState): void;
}

/**
 * One audio connection with one other person on the call. `session` names the offerer's
 * connection: every description and candidate carries it, so one from a connection already
 * replaced (the other page reloaded, or restarted after a network cut) is dropped, not applied.
 */
export class PeerLink {
  readonly session: string;
  readonly #pc: RTCPeerConnection;
  readonly #options: LinkOptions;
  /** Candidates that arrived before the description they belong to. */
  #early: IceCandidate[] = [];
  #closed = false;

  constructor(options: LinkOptions, session: string) {
    this.session = session;
    this.#options = options;
    this.#pc = new RTCPeerConnection({ iceServers: options.config.iceServers, iceTransportPolicy: options.config.iceTransportPolicy });
    if (options.microphone) this.#pc.addTrack(options.microphone.track, options.microphone.stream);
    // Listening only: an offer still needs its audio line to receive on (an answer takes the offer's).
    else if (options.offering) this.#pc.addTransceiver('audio', { direction: 'recvonly' });
    this.#pc.onicecandidate = (e) => {
      if (e.candidate) options.send({ kind: 'candidate', session, candidate: e.candidate.toJSON() as IceCandidate });
    };
    this.#pc.ontrack = (e) => options.onRemote(e.streams[0] ?? new MediaStream([e.track]));
    this.#pc.onconnectionstatechange = () => this.#report();
  }

  get state(): RTCPeerConnectionState {
    return this.#pc.connectionState;
  }

  get closed(): boolean {
    return this.#closed;
  }

  #report(): void {
    if (this.#closed) return;
    const s = this.#pc.connectionState;
    this.#options.onState(s === 'connected' ? 'connected' : s === 'disconnected' || s === 'failed' ? 'reconnecting' : 'connecting');
  }

  /** As the offerer: start this connection. */
  async offer(): Promise<void> {
    if (this.#closed) return;
    const offer = await this.#pc.createOffer();
    await this.#pc.setLocalDescription(offer);
    if (!this.#closed) this.#options.send({ kind: 'description', session: this.session, description: { type: 'offer', sdp: offer.sdp ?? '' } });
  }

  /** As the answerer: take the offer of this session and answer it. */
  async answer(sdp: string): Promise<void> {
    if (this.#closed) return;
    await this.#pc.setRemoteDescription({ type: 'offer', sdp });
    await this.#addEarly();
    const answer = await this.#pc.createAnswer();
    await this.#pc.setLocalDescription(answer);
    if (!this.#closed) this.#options.send({ kind: 'description', session: this.session, description: { type: 'answer', sdp: answer.sdp ?? '' } });
  }

  /** As the offerer: the answer to our offer (a repeated one is ignored). */
  async accept(sdp: string): Promise<void> {
    if (this.#closed || this.#pc.signalingState !== 'have-local-offer') return;
    await this.#pc.setRemoteDescription({ type: 'answer', sdp });
    await this.#addEarly();
  }

  async candidate(c: IceCandidate): Promise<void> {
    if (this.#closed) return;
    if (!this.#pc.remoteDescription) return void this.#early.push(c);
    await this.#pc.addIceCandidate(c).catch(() => {
      // A candidate the browser cannot use (e.g. of an address family it lacks) is not an error of the call.
    });
  }

  async #addEarly(): Promise<void> {
    const early = this.#early;
    this.#early = [];
    for (const c of early) await this.candidate(c);
  }

  close(): void {
    this.#closed = true;
    this.#pc.close();
  }
}
