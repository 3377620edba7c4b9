import { PARTNERS, type Partner } from './conversation/seats';
import type * as Catalog from './i18n/paraglide/messages/_index.js';
import type { Summary } from './summary';

/**
 * The summary in words, in the reader's language: the balance of the floor, and the Markdown
 * download. What people wrote stays exactly as they wrote it. The words come in as the messages
 * each function needs (the page passes its own language's; a test passes any), never the whole
 * catalog, so a page carries only these.
 */

type Words<K extends keyof typeof Catalog> = Pick<typeof Catalog, K>;
export type ShareWords = Words<'share_nobody' | 'share_part' | 'share_turns' | 'share_both'>;
export type MarkdownWords = ShareWords &
  Words<
    | 'md_title' | 'md_untitled' | 'md_when' | 'md_agreed' | 'md_turns' | 'md_listening' | 'md_off_limits' | 'md_heard' | 'md_said'
    | 'md_notes' | 'md_appreciations' | 'md_appreciates' | 'md_commits' | 'md_time' | 'said_aloud' | 'depth_full' | 'depth_mirror'
    | 'summary_none' | 'summary_no_mirrors' | 'summary_heard_line'
  >;

const percent = (x: number) => `${Math.round(x * 100)} %`;
const when = (t: number | null) => (t === null ? '—' : new Date(t).toISOString().replace('T', ' ').slice(0, 16) + ' UTC');

/**
 * How the floor was shared, in plain words: each partner's share of the speaking time and their
 * turns. A balance, not a score: who paused or how often someone mirrored is nobody's tally
 * on screen (the JSON download keeps the figures). `name` says who each partner is to this reader.
 */
export function shareInWords(m: ShareWords, s: Pick<Summary, 'fairness'>, name: (p: Partner) => string): string {
  if (s.fairness.A.floorSeconds + s.fairness.B.floorSeconds === 0) return m.share_nobody();
  const part = (p: Partner) =>
    m.share_part({ name: name(p), percent: percent(s.fairness[p].floorShare), turns: m.share_turns({ count: s.fairness[p].turns }) });
  return m.share_both({ first: part('A'), second: part('B') });
}

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

/**
 * The summary as Markdown in the reader's language, for downloading and keeping; it says who
 * each partner is to the reader (`who`). Everything a person wrote (and every name) is made inert (see
 * `inertMarkdown`); only our own words carry markup.
 */
export function summaryToMarkdown(m: MarkdownWords, s: Summary, who: (p: Partner) => string): string {
  const t = (text: string) => inertMarkdown(text);
  // A heading and a name stay on one line: a line break there would end the heading or the bold.
  const line = (text: string) => inertMarkdown(text.replace(/\s*[\r\n]+\s*/g, ' '));
  const name = (p: Partner) => line(who(p));
  const aloud = (text: string | null | undefined) => (text ? t(text) : m.said_aloud());
  const depth = s.agreement.depth === 'full' ? m.depth_full() : m.depth_mirror();
  const lines: string[] = [`# ${m.md_title({ topic: line(s.topic) || m.md_untitled() })}`, '', m.md_when({ start: when(s.startedAt), end: when(s.endedAt) }), ''];
  lines.push(`## ${m.md_agreed()}`, '', `- ${m.md_turns({ seconds: s.agreement.turnSeconds, minutes: s.agreement.pauseMinutes })}`, `- ${m.md_listening({ depth })}`);
  lines.push(`- ${m.md_off_limits({ topics: s.agreement.offLimits.length ? s.agreement.offLimits.map(t).join('; ') : m.summary_none() })}`, '');
  lines.push(`## ${m.md_heard()}`, '');
  if (!s.confirmedMirrors.length) lines.push(m.summary_no_mirrors(), '');
  for (const mirror of s.confirmedMirrors) {
    const said = mirror.statements.length ? mirror.statements.map(t).join(' ') : m.said_aloud();
    lines.push(`**${m.md_said({ name: name(mirror.speaker) })}** ${said}`, '', `> ${m.summary_heard_line({ mirror: aloud(mirror.mirror) })}`, '');
  }
  if (s.notes.length) lines.push(`## ${m.md_notes()}`, '', ...s.notes.map((n) => `- ${t(n)}`), '');
  lines.push(`## ${m.md_appreciations()}`, '');
  for (const p of PARTNERS) {
    const appreciation = s.appreciations[p];
    lines.push(`- ${m.md_appreciates({ name: name(p), text: appreciation === null ? '—' : aloud(appreciation) })}`);
    if (s.commitments[p]) lines.push(`- ${m.md_commits({ name: name(p), text: t(s.commitments[p]!) })}`);
  }
  lines.push('', `## ${m.md_time()}`, '', shareInWords(m, s, name));
  return lines.join('\n') + '\n';
}
