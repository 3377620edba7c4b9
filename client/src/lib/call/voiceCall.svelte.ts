import type { Seat } from '../../../../shared/conversation';
import { phrase } from '../../../../shared/i18n/phrase';
import { type CallConfig, type CallSignal, type Problem, type RelayedSignal, WireErrorCode } from '../../../../shared/protocol';
import { type LinkState, offersTo, PeerLink } from './peerLink';

/** What the call needs of the room's connection: the signaling relay and the ICE servers. */
export interface CallTransport {
  signal(to: Seat, signal: CallSignal): void;
  onSignal(handler: (s: RelayedSignal) => void): () => void;
  callConfig(): Promise<CallConfig | Problem>;
}

// What the page itself meets on the call, coded as the page's other problems of its own are.
const unreachable: Problem = { code: WireErrorCode.Busy, reason: phrase('call_unreachable') };
const noMicrophone: Problem = { code: WireErrorCode.Busy, reason: phrase('call_no_microphone') };

/** Where this person stands on the call. */
export type CallPhase = 'out' | 'asking' | 'in' | 'listening' | 'unavailable';

/**
 * How long a dropped connection may try to come back by itself before it is started over. ICE
 * recovers a short cut on its own (the same connection, no new offer); Chromium gives up
 * ("failed") about 15 s after the sound stops, and that starts it over at once.
 */
const RESTART_AFTER_MS = 20_000;
/** A signaling step that failed (a description the browser refused) is tried again soon. */
const RETRY_AFTER_MS = 2000;

/**
 * This person's side of the room's voice call: their microphone, and one peer-to-peer audio
 * connection with each other person present. The microphone is open only when the room says so
 * (`setOpen`, from the seat projection) and the person has not muted themselves. Nothing is
 * recorded: the sound goes between the devices and is played, never stored.
 */
export class VoiceCall {
  readonly me: Seat;
  readonly #transport: CallTransport;
  readonly #links = new Map<Seat, PeerLink>();
  readonly #restartTimers = new Map<Seat, ReturnType<typeof setTimeout>>();
  #microphone: { track: MediaStreamTrack; stream: MediaStream } | null = null;
  #config: CallConfig | null = null;
  #open = false;
  #peers: Seat[] = [];
  /** Bumped by `leave`: a `join` still waiting (for the servers, for the microphone) then stops. */
  #generation = 0;
  /** Restarts in a row per person without getting through: each waits longer, and after a few the screen says why. */
  readonly #attempts = new Map<Seat, number>();

  phase = $state<CallPhase>('out');
  muted = $state(false);
  /** The others' sound, one stream per seat, for the page's audio elements. */
  remote = $state.raw<Partial<Record<Seat, MediaStream>>>({});
  links = $state.raw<Partial<Record<Seat, LinkState>>>({});
  /** What stands in the call's way now (a refusal keeps its code), said on the call card in the person's language. */
  problem = $state.raw<Problem | null>(null);

  /** Listening from the start: someone who calls before this person joins is told they are not on the call yet. */
  readonly #listening: () => void;

  constructor(me: Seat, transport: CallTransport) {
    this.me = me;
    this.#transport = transport;
    this.#listening = transport.onSignal((s) => void this.#receive(s));
  }

  /** The call is over for this page (the talk ended, or the page went): leave, and stop listening. */
  dispose(): void {
    this.leave();
    this.#listening();
  }

  /** Joins the call: asks for the microphone now (and only now), then reaches everyone present. */
  async join(peers: Seat[]): Promise<void> {
    if (this.phase === 'in' || this.phase === 'asking') return;
    // Listening only and trying again (the microphone may be allowed now): start over.
    if (this.phase === 'listening') this.leave();
    const generation = this.#generation;
    this.phase = 'asking';
    this.problem = null;
    const config = await this.#transport.callConfig();
    if (generation !== this.#generation) return;
    if ('code' in config) {
      this.phase = 'out';
      this.problem = config;
      return;
    }
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true }, video: false });
      // Left (or the talk ended) while the browser asked: let the microphone go at once.
      if (generation !== this.#generation) return stream.getTracks().forEach((t) => t.stop());
      const track = stream.getAudioTracks()[0]!;
      this.#microphone = { track, stream };
      this.phase = 'in';
    } catch {
      if (generation !== this.#generation) return;
      // Without the microphone this person can still hear the others; say so plainly.
      this.phase = 'listening';
      this.problem = noMicrophone;
    }
    this.#config = config;
    this.#apply();
    this.reach(peers);
  }

  /** Who else is in the room now; a newcomer is reached by their own page, which calls on joining. */
  set peers(peers: Seat[]) {
    this.#peers = peers.filter((p) => p !== this.me);
  }

  /**
   * Reaches each person present: a new connection offered, or asked for. Called on joining, and
   * again when this page's connection to the room comes back (any link not connected starts over).
   */
  reach(peers: Seat[] = this.#peers, onlyBroken = false): void {
    if (!this.#config) return;
    this.peers = peers;
    for (const peer of this.#peers) {
      if (onlyBroken && this.#links.get(peer)?.state === 'connected') continue;
      this.#restart(peer);
    }
  }

  #restart(peer: Seat): void {
    clearTimeout(this.#restartTimers.get(peer));
    this.#restartTimers.delete(peer);
    if (!this.#config) return;
    if (offersTo(this.me, peer)) void this.#offer(peer);
    else this.#transport.signal(peer, { kind: 'hello' });
  }

  /** The room opens or closes this person's microphone (the projection's `voice.mine`). */
  setOpen(open: boolean): void {
    this.#open = open;
    this.#apply();
  }

  toggleMute(): void {
    this.muted = !this.muted;
    this.#apply();
  }

  get sending(): boolean {
    return this.#microphone !== null && this.#open && !this.muted;
  }

  #apply(): void {
    // A disabled track sends silence: the connection stays up, and nothing of the room is heard.
    if (this.#microphone) this.#microphone.track.enabled = this.#open && !this.muted;
  }

  #link(peer: Seat, session: string): PeerLink {
    this.#links.get(peer)?.close();
    const link = new PeerLink(
      {
        peer,
        offering: offersTo(this.me, peer),
        config: this.#config!,
        microphone: this.#microphone,
        send: (signal) => this.#transport.signal(peer, signal),
        onRemote: (stream) => (this.remote = { ...this.remote, [peer]: stream }),
        onState: (state) => this.#linkState(peer, link, state),
      },
      session,
    );
    this.#links.set(peer, link);
    this.links = { ...this.links, [peer]: 'connecting' };
    return link;
  }

  #linkState(peer: Seat, link: PeerLink, state: LinkState): void {
    if (this.#links.get(peer) !== link) return; // a connection already replaced
    this.links = { ...this.links, [peer]: state };
    clearTimeout(this.#restartTimers.get(peer));
    if (state === 'connected') {
      this.#attempts.delete(peer);
      if (this.problem === unreachable) this.problem = null;
      return;
    }
    if (state !== 'reconnecting') return;
    if (link.state === 'failed') this.#retry(peer);
    else this.#restartTimers.set(peer, setTimeout(() => this.#restart(peer), RESTART_AFTER_MS));
  }

  /**
   * Starts the connection with `peer` over: at once the first time, then after 2, 4, 8… seconds
   * (at most a minute), so a connection that cannot be made (no TURN server between two strict
   * networks) does not spin; after three tries the screen says why.
   */
  #retry(peer: Seat): void {
    const n = this.#attempts.get(peer) ?? 0;
    this.#attempts.set(peer, n + 1);
    if (n >= 3) this.problem = unreachable;
    clearTimeout(this.#restartTimers.get(peer));
    this.#restartTimers.set(peer, setTimeout(() => this.#restart(peer), n === 0 ? 0 : Math.min(60_000, 1000 * 2 ** n)));
  }

  async #offer(peer: Seat): Promise<void> {
    const link = this.#link(peer, crypto.randomUUID());
    await link.offer().catch(() => this.#fail(peer, link));
  }

  async #receive({ from, signal }: RelayedSignal): Promise<void> {
    if (from === this.me) return;
    if (signal.kind === 'away') return this.#away(from);
    if (!this.#config) {
      // Not on the call (yet): say so to whoever is trying to reach this page, so they stop.
      if (signal.kind === 'hello' || (signal.kind === 'description' && signal.description.type === 'offer')) this.#transport.signal(from, { kind: 'away' });
      return;
    }
    try {
      if (signal.kind === 'hello') {
        if (offersTo(this.me, from)) await this.#offer(from);
        return;
      }
      let link = this.#links.get(from);
      if (signal.kind === 'description') {
        if (signal.description.type === 'offer') {
          if (offersTo(this.me, from)) return;
          // A new session: the other page started over (reloaded, or restarted after a cut).
          if (!link || link.session !== signal.session) link = this.#link(from, signal.session);
          await link.answer(signal.description.sdp);
        } else if (link?.session === signal.session) await link.accept(signal.description.sdp);
        return;
      }
      if (link?.session === signal.session) await link.candidate(signal.candidate);
    } catch {
      this.#fail(from, this.#links.get(from));
    }
  }

  /** A signaling step failed on `link`; one already replaced (its failure is expected) changes nothing. */
  #fail(peer: Seat, link: PeerLink | undefined): void {
    if (!link || this.#links.get(peer) !== link || link.closed) return;
    this.links = { ...this.links, [peer]: 'reconnecting' };
    clearTimeout(this.#restartTimers.get(peer));
    this.#restartTimers.set(peer, setTimeout(() => this.#retry(peer), RETRY_AFTER_MS));
  }

  /** `peer` is not on the call: no connection to keep trying, and no sound of theirs to keep. */
  #away(peer: Seat): void {
    clearTimeout(this.#restartTimers.get(peer));
    this.#restartTimers.delete(peer);
    this.#links.get(peer)?.close();
    this.#links.delete(peer);
    const { [peer]: _gone, ...rest } = this.remote;
    this.remote = rest;
    if (this.#config) this.links = { ...this.links, [peer]: 'away' };
  }

  /** Leaves the call: every connection closed, the others told, the microphone released (its light goes off). */
  leave(): void {
    if (this.#config) for (const peer of this.#links.keys()) this.#transport.signal(peer, { kind: 'away' });
    this.#generation++;
    this.#attempts.clear();
    for (const t of this.#restartTimers.values()) clearTimeout(t);
    this.#restartTimers.clear();
    for (const link of this.#links.values()) link.close();
    this.#links.clear();
    this.#microphone?.stream.getTracks().forEach((t) => t.stop());
    this.#microphone = null;
    this.#config = null;
    this.remote = {};
    this.links = {};
    this.phase = 'out';
  }
}
