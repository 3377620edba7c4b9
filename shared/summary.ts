import { nameOf, PARTNERS, SEAT_LABEL, type Partner } from './conversation/seats';
import type { RoomContext } from './conversation/types';
import type { RecordEntry } from './protocol/contract';

/** What the talk leaves behind: a shared reference, not evidence. Built from the state and the record alone. */
export interface Summary {
  topic: string;
  /** What each partner was called in the room. */
  names: Record<Partner, string>;
  startedAt: number | null;
  endedAt: number | null;
  agreement: { turnSeconds: number; pauseMinutes: number; depth: string; offLimits: string[] };
  /** Each mirror the speaker confirmed: what they said, and what was heard. */
  confirmedMirrors: Array<{ speaker: Partner; statements: string[]; mirror: string; at: number }>;
  notes: string[];
  appreciations: Record<Partner, string | null>;
  commitments: Record<Partner, string | null>;
  fairness: Record<Partner, { floorShare: number; floorSeconds: number; turns: number; mirrorAttempts: number; pausesCalled: number }> & {
    mediatorPauses: number;
  };
}

export function buildSummary(ctx: RoomContext, record: readonly RecordEntry[]): Summary {
  const confirmedMirrors: Summary['confirmedMirrors'] = [];
  let pending: string[] = [];
  let lastMirror: string | null = null;
  for (const e of record) {
    if (e.type === 'say' && e.text) pending.push(e.text);
    else if (e.type === 'mirror' && e.text) lastMirror = e.text;
    else if (e.type === 'confirm' && lastMirror !== null) {
      confirmedMirrors.push({ speaker: e.seat as Partner, statements: pending, mirror: lastMirror, at: e.at });
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
      depth: ctx.agreement.depth === 'full' ? 'mirror, validate, empathize' : 'mirror',
      offLimits: ctx.agreement.offLimits.filter((t) => t.bound).map((t) => t.text),
    },
    confirmedMirrors,
    notes: record.filter((e) => e.type === 'note' && e.text).map((e) => e.text!),
    appreciations: { ...ctx.closing.appreciation },
    commitments: { ...ctx.closing.commitment },
    fairness: { A: figures('A'), B: figures('B'), mediatorPauses: ctx.fairness.mediatorPauses },
  };
}

const pct = (x: number) => `${Math.round(x * 100)} %`;
const when = (t: number | null) => (t === null ? '—' : new Date(t).toISOString().replace('T', ' ').slice(0, 16) + ' UTC');

/** The summary as Markdown, for downloading and keeping. */
export function summaryToMarkdown(s: Summary): string {
  const lines: string[] = [`# Talk Room summary: ${s.topic || 'untitled talk'}`, '', `Started ${when(s.startedAt)}; last entry ${when(s.endedAt)}.`, ''];
  lines.push('## What we agreed', '', `- Turns of ${s.agreement.turnSeconds} seconds; pauses of ${s.agreement.pauseMinutes} minutes.`, `- Listening: ${s.agreement.depth}.`);
  lines.push(`- Off-limits today: ${s.agreement.offLimits.length ? s.agreement.offLimits.join('; ') : 'none'}.`, '');
  lines.push('## What was heard', '');
  if (!s.confirmedMirrors.length) lines.push('No confirmed mirrors.', '');
  const name = (p: Partner) => s.names?.[p] ?? SEAT_LABEL[p];
  for (const m of s.confirmedMirrors) {
    lines.push(`**${name(m.speaker)} said:** ${m.statements.join(' ') || '—'}`, '', `> Heard: ${m.mirror}`, '');
  }
  if (s.notes.length) lines.push('## Facilitator notes', '', ...s.notes.map((n) => `- ${n}`), '');
  lines.push('## Appreciations and commitments', '');
  for (const p of PARTNERS) {
    lines.push(`- ${name(p)} appreciates: ${s.appreciations[p] ?? '—'}`);
    if (s.commitments[p]) lines.push(`- ${name(p)} commits to: ${s.commitments[p]}`);
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

/**
 * What a new room takes from an earlier summary (its JSON download): the commitments, as a
 * starting point for the next agreement. Anything else in the file is ignored.
 */
export function carriedFromSummary(json: unknown): { topic?: string; carriedForward: string[] } | null {
  const s = json as Partial<Summary> | null;
  if (!s || typeof s !== 'object' || !s.commitments || typeof s.commitments !== 'object') return null;
  const carriedForward = PARTNERS.map((p) => s.commitments![p])
    .filter((c): c is string => typeof c === 'string' && c.trim() !== '')
    .map((c) => `${SEAT_LABEL[PARTNERS.find((p) => s.commitments![p] === c)!]}: ${c.trim()}`.slice(0, 600));
  return { topic: typeof s.topic === 'string' ? s.topic.slice(0, 140) : undefined, carriedForward };
}
