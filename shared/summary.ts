import { LIMITS } from './conversation/limits';
import { PARTNERS, type Partner } from './conversation/seats';
import { TalkMode, type RoomContext } from './conversation/types';
import type { RecordEntry } from './protocol/contract';

/**
 * What the talk leaves behind: a shared reference, not evidence. Built from the state and the
 * record alone, as plain data in no language (the JSON download): the words are the people's own,
 * and each screen or Markdown download says the rest in its reader's language.
 */
export interface Summary {
  topic: string;
  /** The first name each partner gave in the room; null: none (shown as the seat's label). */
  names: Record<Partner, string | null>;
  startedAt: number | null;
  endedAt: number | null;
  agreement: { turnSeconds: number; pauseMinutes: number; depth: 'mirror' | 'full'; offLimits: string[]; mode: TalkMode };
  /** Each mirror the speaker confirmed: what they said, and what was heard (none and null: said aloud, with no written note). */
  confirmedMirrors: Array<{ speaker: Partner; statements: string[]; mirror: string | null; at: number }>;
  notes: string[];
  /** Each partner's appreciation: null when none was shared, '' when it was said aloud with no note. */
  appreciations: Record<Partner, string | null>;
  commitments: Record<Partner, string | null>;
  fairness: Record<Partner, { floorShare: number; floorSeconds: number; turns: number; mirrorAttempts: number; pausesCalled: number }> & {
    mediatorPauses: number;
  };
}

/** The listening depth as older summaries (before the app spoke two languages) wrote it in their JSON. */
const OLD_DEPTH_FULL = 'mirror, validate, empathize';

export function buildSummary(ctx: RoomContext, record: readonly RecordEntry[]): Summary {
  const confirmedMirrors: Summary['confirmedMirrors'] = [];
  let pending: string[] = [];
  let lastMirror: string | null = null;
  for (const e of record) {
    if (e.type === 'say' && e.text) pending.push(e.text);
    // Aloud, a mirror is a tap: what was heard was said, not written ('' here until confirmed).
    else if (e.type === 'mirror') lastMirror = e.text ?? '';
    else if (e.type === 'confirm' && lastMirror !== null) {
      confirmedMirrors.push({ speaker: e.seat as Partner, statements: pending, mirror: lastMirror || null, at: e.at });
      pending = [];
      lastMirror = null;
    }
  }
  const totalFloor = ctx.fairness.A.floorMs + ctx.fairness.B.floorMs;
  const figures = (p: Partner) => {
    const f = ctx.fairness[p];
    return {
      floorShare: totalFloor === 0 ? 0 : Math.round((f.floorMs / totalFloor) * 100) / 100,
      floorSeconds: Math.round(f.floorMs / 1000),
      turns: f.turns,
      mirrorAttempts: f.mirrorAttempts,
      pausesCalled: f.pausesCalled,
    };
  };
  const signed = record.find((e) => e.type === 'sign');
  return {
    topic: ctx.agreement.topic,
    names: { A: ctx.names?.A || null, B: ctx.names?.B || null },
    startedAt: signed?.at ?? null,
    endedAt: record.at(-1)?.at ?? null,
    agreement: {
      turnSeconds: ctx.agreement.turnSeconds,
      pauseMinutes: ctx.agreement.pauseMinutes,
      depth: ctx.agreement.depth,
      mode: ctx.agreement.mode ?? TalkMode.Typed,
      offLimits: ctx.agreement.offLimits.filter((t) => t.bound).map((t) => t.text),
    },
    confirmedMirrors,
    notes: record.filter((e) => e.type === 'note' && e.text).map((e) => e.text!),
    appreciations: { ...ctx.closing.appreciation },
    commitments: { ...ctx.closing.commitment },
    fairness: { A: figures('A'), B: figures('B'), mediatorPauses: ctx.fairness.mediatorPauses },
  };
}

/** What a new room takes from an earlier summary: a starting point that both partners still agree to and sign. */
export interface Carried {
  topic?: string;
  carriedForward: string[];
  offLimits: string[];
  settings: { turnSeconds?: number; pauseMinutes?: number; depth?: 'mirror' | 'full'; mode?: TalkMode };
}

const within = (n: unknown, { min, max }: { min: number; max: number }) =>
  typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max ? n : undefined;

/**
 * What a new room takes from an earlier summary (its JSON download): the commitments, the
 * off-limits topics (proposed again, each binding once both accept) and the settings. Anything
 * else in the file, or anything out of bounds, is ignored.
 */
export function carriedFromSummary(json: unknown, label: (p: Partner) => string): Carried | null {
  const s = json as Partial<Summary> | null;
  if (!s || typeof s !== 'object' || !s.commitments || typeof s.commitments !== 'object') return null;
  // A name the earlier room gave, or the seat's label in the language of whoever brings it.
  const given = (p: Partner) => (typeof s.names?.[p] === 'string' ? s.names[p].trim() : '');
  const name = (p: Partner) => given(p).slice(0, LIMITS.nameChars) || label(p);
  const carriedForward = PARTNERS.filter((p) => typeof s.commitments![p] === 'string' && s.commitments![p]!.trim() !== '')
    .map((p) => `${name(p)}: ${s.commitments![p]!.trim()}`.slice(0, LIMITS.closingChars))
    .slice(0, LIMITS.carriedForward);
  const a = (s.agreement ?? {}) as Partial<Summary['agreement']>;
  const offLimits = (Array.isArray(a.offLimits) ? a.offLimits : [])
    .filter((t): t is string => typeof t === 'string' && t.trim() !== '')
    .map((t) => t.trim().slice(0, LIMITS.offLimitsChars))
    .slice(0, LIMITS.offLimitsTopics);
  const settings: Carried['settings'] = {
    turnSeconds: within(a.turnSeconds, LIMITS.turnSeconds),
    pauseMinutes: within(a.pauseMinutes, LIMITS.pauseMinutes),
    depth: a.depth === 'mirror' ? 'mirror' : a.depth === 'full' || (a.depth as unknown) === OLD_DEPTH_FULL ? 'full' : undefined,
    // How they talked comes along too, unless it is one this room cannot hold.
    mode: a.mode && Object.values(TalkMode).includes(a.mode) ? a.mode : undefined,
  };
  return { topic: typeof s.topic === 'string' ? s.topic.slice(0, LIMITS.topicChars) : undefined, carriedForward, offLimits, settings };
}
