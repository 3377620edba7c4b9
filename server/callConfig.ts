import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { CallConfig, IceServer } from '../shared/protocol';
import type { Clock } from './clock';

/**
 * How the browsers on a voice call find each other. By default no ICE server at all: two devices
 * on one network reach each other directly, and the page makes no request to anyone else. For
 * people behind strict NAT, run a STUN/TURN server (Debian's `coturn`) and name it here.
 */
export interface CallOptions {
  iceServers: IceServer[];
  /** `relay`: all audio goes through TURN, so no device learns another's address. */
  iceTransportPolicy: 'all' | 'relay';
  /**
   * coturn's `static-auth-secret` (its REST API): TURN servers given without a username get
   * credentials minted per request, valid for `turnCredentialHours`, instead of one shared password.
   */
  turnSecret?: string;
  turnCredentialHours?: number;
}

export const NO_ICE_SERVERS: CallOptions = { iceServers: [], iceTransportPolicy: 'all' };

const URL_PATTERN = /^(stun|stuns|turn|turns):[^\s]+$/;
const urls = z.union([z.string().regex(URL_PATTERN), z.array(z.string().regex(URL_PATTERN)).min(1)]).transform((u) => (Array.isArray(u) ? u : [u]));
const serversSchema = z.array(z.strictObject({ urls, username: z.string().optional(), credential: z.string().optional() })).max(8);

/**
 * `ICE_SERVERS` is either JSON (an array of `{ urls, username?, credential? }`, as `RTCIceServer`)
 * or a comma-separated list of URLs. Throws with a message that says what is wrong, never
 * echoing a credential.
 */
export function parseIceServers(raw: string | undefined): IceServer[] {
  const text = raw?.trim();
  if (!text) return [];
  let value: unknown;
  if (text.startsWith('[')) {
    try {
      value = JSON.parse(text);
    } catch {
      throw new Error('ICE_SERVERS is not valid JSON. Give a JSON array of { "urls": ..., "username": ..., "credential": ... } or a comma-separated list of stun:/turn: URLs.');
    }
  } else value = text.split(',').map((u) => ({ urls: u.trim() }));
  const parsed = serversSchema.safeParse(value);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') ?? '';
    throw new Error(`ICE_SERVERS: each entry needs stun:, stuns:, turn: or turns: URLs (problem at ${where || 'the list'}).`);
  }
  return parsed.data;
}

export function parseTransportPolicy(raw: string | undefined): 'all' | 'relay' {
  if (raw === undefined || raw === '' || raw === 'all') return 'all';
  if (raw === 'relay') return 'relay';
  throw new Error('ICE_TRANSPORT_POLICY is "all" (the default) or "relay".');
}

const isTurn = (s: IceServer) => s.urls.some((u) => u.startsWith('turn'));

/**
 * The call configuration for one seat now. TURN credentials from the shared secret follow
 * coturn's REST API: the username is the expiry time (seconds) and a label, the password its
 * HMAC-SHA1 under the secret, so coturn checks them with no database and they lapse by themselves.
 */
export function callConfigFor(options: CallOptions, clock: Clock, label: string): CallConfig {
  const iceServers = options.iceServers.map((s) => {
    if (!options.turnSecret || !isTurn(s) || s.username) return s;
    const expiry = Math.floor(clock.now() / 1000) + (options.turnCredentialHours ?? 6) * 3600;
    const username = `${expiry}:${label}`;
    const credential = createHmac('sha1', options.turnSecret).update(username).digest('base64');
    return { ...s, username, credential };
  });
  return { iceServers, iceTransportPolicy: options.iceTransportPolicy };
}
