import { LIMITS } from './conversation/limits';
import { nameOf, PARTNERS, SEAT_LABEL, type Partner } from './conversation/seats';
import { TalkMode, type RoomContext } from './conversation/types';
import type { RecordEntry } from './protocol/contract';

/** What the talk leaves behind: a shared reference, not evidence. Built from the state and the record alone. */
export interface Summary {
  topic: string;
  /** What each partner was called in the room. */
  names: Record<Partner, string>;
  startedAt: number | null;
  endedAt: number | null;
  agreement: { turnSeconds: number; pauseMinutes: number; depth: string; offLimits: string[]; mode: TalkMode };
  /** Each mirror the speaker confirmed: what they said, and what was heard. */
  confirmedMirrors: Array<{ speaker: Partner; statements: string[]; mirror: string; at: number }>;
  notes: string[];
  appreciations: Record<Partner, string | null>;
  commitments: Record<Partner, string | null>;
  fairness: Record<Partner, { floorShare: number; floorSeconds: number; turns: number; mirrorAttempts: number; pausesCalled: number }> & {
    mediatorPauses: number;
  };
}

/** What the summary shows for a step taken aloud, with no written note. */
export const SAID_ALOUD = '(said aloud)';

const aloud = (text: string | null) => (text === '' ? SAID_ALOUD : text);

/** The listening depth as the summary says it (and as a carried summary is read back). */
const DEPTH_WORDS = { mirror: 'mirror', full: 'mirror, validate, empathize' } as const;

export function buildSummary(ctx: RoomContext, record: readonly RecordEntry[]): Summary {
  const confirmedMirrors: Summary['confirmedMirrors'] = [];
  let pending: string[] = [];
  let lastMirror: string | null = null;
  for (const e of record) {
    if (e.type === 'say' && e.text) pending.push(e.text);
    // Aloud, a mirror is a tap: what was heard was said, not written.
    else if (e.type === 'mirror') lastMirror = e.text ?? SAID_ALOUD;
    else if (e.type === 'confirm' && lastMirror !== null) {
      confirmedMirrors.push({ speaker: e.seat as Partner, statements: pending.length ? pending : [SAID_ALOUD], mirror: lastMirror, at: e.at });
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
    names: { A: nameOf(ctx, 'A'), B: nameOf(ctx, 'B') },
    startedAt: signed?.at ?? null,
    endedAt: record.at(-1)?.at ?? null,
    agreement: {
      turnSeconds: ctx.agreement.turnSeconds,
      pauseMinutes: ctx.agreement.pauseMinutes,
      depth: DEPTH_WORDS[ctx.agreement.depth],
      mode: ctx.agreement.mode ?? TalkMode.Typed,
      offLimits: ctx.agreement.offLimits.filter((t) => t.bound).map((t) => t.text),
    },
    confirmedMirrors,
    notes: record.filter((e) => e.type === 'note' && e.text).map((e) => e.text!),
    // An appreciation shared aloud, with a tap, has no words to show.
    appreciations: { A: aloud(ctx.closing.appreciation.A), B: aloud(ctx.closing.appreciation.B) },
    commitments: { ...ctx.closing.commitment },
    fairness: { A: figures('A'), B: figures('B'), mediatorPauses: ctx.fairness.mediatorPauses },
  };
}

const pct = (x: number) => `${Math.round(x * 100)} %`;
const when = (t: number | null) => (t === null ? '—' : new Date(t).toISOString().replace('T', ' ').slice(0, 16) + ' UTC');

/**
 * What a person wrote, as Markdown that shows exactly those characters in any viewer and does
 * nothing else: every ASCII punctuation character is backslash-escaped (CommonMark shows `\x` as
 * `x` for each of them), so no HTML tag, link, image, table, heading, list, emphasis or
 * autolink can begin in it; a line break stays a line break within the same block.
 */
export function inertMarkdown(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[!-/:-@[-`{-~]/g, '\\$&')
    .replace(/\n[ \t]*/g, '\\\n');
}

/** The summary as Markdown, for downloading and keeping. Everything a person wrote is made inert (see `inertMarkdown`). */
export function summaryToMarkdown(s: Summary): string {
  const t = (text: string) => inertMarkdown(text);
  // A heading and a name stay on one line: a line break there would end the heading or the bold.
  const line = (text: string) => inertMarkdown(text.replace(/\s*[\r\n]+\s*/g, ' '));
  const lines: string[] = [`# Talk Room summary: ${line(s.topic) || 'untitled talk'}`, '', `Started ${when(s.startedAt)}; last entry ${when(s.endedAt)}.`, ''];
  lines.push('## What we agreed', '', `- Turns of ${s.agreement.turnSeconds} seconds; pauses of ${s.agreement.pauseMinutes} minutes.`, `- Listening: ${s.agreement.depth}.`);
  lines.push(`- Off-limits today: ${s.agreement.offLimits.length ? s.agreement.offLimits.map(t).join('; ') : 'none'}.`, '');
  lines.push('## What was heard', '');
  if (!s.confirmedMirrors.length) lines.push('No confirmed mirrors.', '');
  const name = (p: Partner) => line(s.names?.[p] ?? SEAT_LABEL[p]);
  for (const m of s.confirmedMirrors) {
    lines.push(`**${name(m.speaker)} said:** ${m.statements.map(t).join(' ') || '—'}`, '', `> Heard: ${t(m.mirror)}`, '');
  }
  if (s.notes.length) lines.push('## Facilitator notes', '', ...s.notes.map((n) => `- ${t(n)}`), '');
  lines.push('## Appreciations and commitments', '');
  for (const p of PARTNERS) {
    lines.push(`- ${name(p)} appreciates: ${s.appreciations[p] === null ? '—' : t(s.appreciations[p]!)}`);
    if (s.commitments[p]) lines.push(`- ${name(p)} commits to: ${t(s.commitments[p]!)}`);
  }
  lines.push('', '## How the time was shared', '', shareInWords(s, name));
  return lines.join('\n') + '\n';
}

/**
 * How the floor was shared, in plain words: each partner's share of the speaking time and their
 * turns. A balance, not a score: who paused or how often someone mirrored is nobody's tally
 * on screen (the JSON download keeps the figures).
 */
export function shareInWords(s: Pick<Summary, 'fairness'>, name: (p: Partner) => string): string {
  const turns = (n: number) => `${n} turn${n === 1 ? '' : 's'}`;
  const part = (p: Partner) => `${name(p)} spoke for ${pct(s.fairness[p].floorShare)} of the time (${turns(s.fairness[p].turns)})`;
  return s.fairness.A.floorSeconds + s.fairness.B.floorSeconds === 0 ? 'Nobody held the floor.' : `${part('A')}; ${part('B')}.`;
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
export function carriedFromSummary(json: unknown): Carried | null {
  const s = json as Partial<Summary> | null;
  if (!s || typeof s !== 'object' || !s.commitments || typeof s.commitments !== 'object') return null;
  const name = (p: Partner) => (typeof s.names?.[p] === 'string' && s.names[p].trim() ? s.names[p].trim().slice(0, LIMITS.nameChars) : SEAT_LABEL[p]);
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
    depth: a.depth === 'mirror' ? 'mirror' : a.depth === DEPTH_WORDS.full ? 'full' : undefined,
    // How they talked comes along too, unless it is one this room cannot hold.
    mode: a.mode && Object.values(TalkMode).includes(a.mode) ? a.mode : undefined,
  };
  return { topic: typeof s.topic === 'string' ? s.topic.slice(0, LIMITS.topicChars) : undefined, carriedForward, offLimits, settings };
}
