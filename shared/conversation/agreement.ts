import { isPartner, type Partner, PARTNERS, type Seat } from './seats';
import type { Agreement, OffLimitsTopic, RoomContext, RoomEventOf } from './types';

/**
 * How the agreement changes: the topic, the settings, and the off-limits list. The same
 * off-limits steps run before the talk and during it; before it, every change also clears
 * both signatures (each partner signs exactly what they read).
 */

const withAgreement = (ctx: RoomContext, patch: Partial<Agreement>): RoomContext => ({
  ...ctx,
  agreement: { ...ctx.agreement, ...patch },
});

export const clearSignatures = (ctx: RoomContext): RoomContext => withAgreement(ctx, { signedBy: [] });

export const setTopic = (ctx: RoomContext, e: RoomEventOf<'setTopic'>): RoomContext =>
  withAgreement(ctx, { topic: e.topic.trim() });

export function setSettings(ctx: RoomContext, e: RoomEventOf<'setSettings'>): RoomContext {
  const s = e.settings;
  const a = ctx.agreement;
  return withAgreement(ctx, {
    turnSeconds: s.turnSeconds ?? a.turnSeconds,
    pauseMinutes: s.pauseMinutes ?? a.pauseMinutes,
    depth: s.depth ?? a.depth,
    firstSpeaker: s.firstSpeaker ?? a.firstSpeaker,
    mode: s.mode ?? a.mode,
  });
}

/** A topic binds once every partner who did not propose it has accepted it. */
const bindsWhen = (t: OffLimitsTopic): boolean =>
  PARTNERS.every((p) => p === t.proposedBy || t.acceptedBy.includes(p));

export function proposeOffLimits(ctx: RoomContext, e: RoomEventOf<'proposeOffLimits'>): RoomContext {
  const topic: OffLimitsTopic = {
    id: `t${ctx.nextId}`,
    text: e.text.trim(),
    proposedBy: e.seat as Seat,
    acceptedBy: [],
    bound: false,
  };
  return { ...withAgreement(ctx, { offLimits: [...ctx.agreement.offLimits, topic] }), nextId: ctx.nextId + 1 };
}

export function acceptOffLimits(ctx: RoomContext, e: RoomEventOf<'acceptOffLimits'>): RoomContext {
  const offLimits = ctx.agreement.offLimits.map((t) => {
    if (t.id !== e.id) return t;
    const accepted = { ...t, acceptedBy: [...t.acceptedBy, e.seat as Partner] };
    return { ...accepted, bound: bindsWhen(accepted) };
  });
  return withAgreement(ctx, { offLimits });
}

/** Declining or withdrawing takes an open proposal off the table. */
export const dropOffLimits = (ctx: RoomContext, e: { id: string }): RoomContext =>
  withAgreement(ctx, { offLimits: ctx.agreement.offLimits.filter((t) => t.id !== e.id) });

export const sign = (ctx: RoomContext, e: RoomEventOf<'sign'>): RoomContext =>
  withAgreement(ctx, { signedBy: [...ctx.agreement.signedBy, e.seat as Partner] });

export const unsign = (ctx: RoomContext, e: RoomEventOf<'unsign'>): RoomContext =>
  withAgreement(ctx, { signedBy: ctx.agreement.signedBy.filter((p) => p !== e.seat) });

export const signingCompletes = (ctx: RoomContext, e: RoomEventOf<'sign'>): boolean =>
  isPartner(e.seat) && PARTNERS.every((p) => p === e.seat || ctx.agreement.signedBy.includes(p));
