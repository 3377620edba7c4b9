import type { RoomContext } from '../shared/conversation';

/** How long rooms are kept: ephemeral by default. */
export interface RetentionPolicy {
  /** Kept this long after the last activity. */
  idleMs: number;
  /** An adjourned room is kept until its resume time plus this margin, if that is later. */
  adjournMarginMs: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = {
  idleMs: 24 * 60 * 60 * 1000,
  adjournMarginMs: 6 * 60 * 60 * 1000,
};

/** When a room expires, given its state after a change at `now`. */
export function expiresAt(ctx: RoomContext, now: number, policy: RetentionPolicy): number {
  const idle = now + policy.idleMs;
  return ctx.pause?.kind === 'adjourn' ? Math.max(idle, ctx.pause.endsAt + policy.adjournMarginMs) : idle;
}
