import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import type { Summary } from '../../shared/summary';
import { inertMarkdown, summaryToMarkdown } from '../../shared/summaryText';
import { messagesIn } from '../support/messagesIn';

/**
 * The Markdown download is inert: whatever a person wrote renders as the text they typed, in a
 * viewer that passes HTML through and turns URLs into links (markdown-it with `html` and
 * `linkify` on, tables included), and makes no tag, link, image, table or heading of its own.
 */
const viewer = new MarkdownIt({ html: true, linkify: true });

const HOSTILE: [string, string][] = [
  ['an image with a script', '<img src=x onerror=alert(1)>'],
  ['a script', '<script>alert("hi")</script>'],
  ['a javascript: link', '[see this](javascript:alert(1))'],
  ['an image', '![photo](https://tracker.example/p.png)'],
  ['a reference link', '[x][1]\n\n[1]: https://evil.example'],
  ['an autolink', '<https://evil.example>'],
  ['a bare URL', 'go to https://evil.example/now or www.evil.example'],
  ['a table', '| who | what |\n|---|---|\n| me | you |'],
  ['a heading', '# I am shouting'],
  ['a setext heading', 'Title\n====='],
  ['a thematic break', '---'],
  ['emphasis', '**always** _never_ ~~struck~~'],
  ['code', '`rm -rf` and\n\n    indented code'],
  ['a list', '1. first\n- second\n+ third'],
  ['a quote', '> you said'],
  ['entities', '&lt;b&gt; &amp; &#x3C;script&#x3E;'],
  ['backslashes', 'C:\\Users\\me \\* \\'],
  ['an HTML comment', 'before <!-- hidden --> after'],
  ['a footnote-ish and braces', '[^1] {braces} $math$ @mention #tag'],
];

/** What a viewer shows: the rendered HTML's text, tags removed and entities decoded. */
function shown(html: string): string {
  return html
    .replace(/<br\s*\/?>\n?/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The tags a render is made of, in order: the shape of the page. */
const tags = (html: string) => [...html.matchAll(/<\/?([a-z0-9]+)/g)].map((m) => m[0]);

/** Each text field of a summary, in turn, holding `text`. */
function summaryWith(field: string, text: string): Summary {
  const s: Summary = {
    topic: 'Evenings',
    names: { A: 'Sam', B: 'Alex' },
    startedAt: 0,
    endedAt: 60_000,
    agreement: { turnSeconds: 120, pauseMinutes: 20, depth: 'mirror', offLimits: ['money'], mode: 'typed' },
    confirmedMirrors: [{ speaker: 'A', statements: ['I felt alone'], mirror: 'You felt alone', at: 0 }],
    notes: ['Breathe'],
    appreciations: { A: 'Thank you', B: 'Thanks' },
    commitments: { A: 'Call at six', B: null },
    fairness: { A: { floorShare: 0.5, floorSeconds: 30, turns: 1, mirrorAttempts: 1, pausesCalled: 0 }, B: { floorShare: 0.5, floorSeconds: 30, turns: 1, mirrorAttempts: 1, pausesCalled: 0 }, mediatorPauses: 0 },
  };
  switch (field) {
    case 'topic': return { ...s, topic: text };
    case 'name': return { ...s, names: { A: text, B: 'Alex' } };
    case 'off-limits topic': return { ...s, agreement: { ...s.agreement, offLimits: [text] } };
    case 'statement': return { ...s, confirmedMirrors: [{ ...s.confirmedMirrors[0]!, statements: [text] }] };
    case 'mirror': return { ...s, confirmedMirrors: [{ ...s.confirmedMirrors[0]!, mirror: text }] };
    case 'note': return { ...s, notes: [text] };
    case 'appreciation': return { ...s, appreciations: { A: text, B: 'Thanks' } };
    default: return { ...s, commitments: { A: text, B: null } };
  }
}

const FIELDS = ['topic', 'name', 'off-limits topic', 'statement', 'mirror', 'note', 'appreciation', 'commitment'];
const LANGUAGES = [messagesIn('en'), messagesIn('es')];
/** The download as each language's page writes it. */
const markdowns = (s: Summary) => LANGUAGES.map((m) => summaryToMarkdown(m, s, (p) => s.names[p]!));

describe('the Markdown download is inert', () => {
  it.each(HOSTILE)('shows %s as the text that was typed, in every field and language, with the page’s shape unchanged', (_what, text) => {
    // The same text with every character but line breaks made harmless: the shape the page should keep.
    const harmless = text.replace(/[^\n]/g, 'x');
    for (const field of FIELDS) for (const [i, markdown] of markdowns(summaryWith(field, text)).entries()) {
      const html = viewer.render(markdown);
      expect(tags(html), `${field}: ${text}`).toEqual(tags(viewer.render(markdowns(summaryWith(field, harmless))[i]!)));
      // A topic (a heading) and a name stay on one line; elsewhere a line break is kept.
      const oneLine = field === 'topic' || field === 'name';
      expect(shown(html), `${field}: ${text}`).toContain(oneLine ? text.replace(/\s*\n+\s*/g, ' ') : text.replace(/\n[ \t]*/g, '\n'));
      expect(html).not.toMatch(/<(img|script|a|table|iframe)\b|<[^>]*\b(href|src)=/i);
    }
  });

  it('writes our own words in the reader’s language, and the people’s in theirs', () => {
    const [english, spanish] = markdowns(summaryWith('statement', 'Me sentí sola'));
    expect(english).toContain('## What we agreed');
    expect(spanish).toContain('## Lo que acordamos');
    for (const markdown of [english, spanish]) expect(markdown).toContain('Me sentí sola');
  });

  it('leaves plain words plain, and escapes only punctuation', () => {
    expect(inertMarkdown('I felt alone')).toBe('I felt alone');
    expect(inertMarkdown('Sorry.')).toBe('Sorry\\.');
    expect(shown(viewer.renderInline(inertMarkdown('¿Qué tal? — «bien» 😊')))).toBe('¿Qué tal? — «bien» 😊');
  });

  it('keeps the JSON download plain data: every hostile text comes back as it was', () => {
    for (const [, text] of HOSTILE) expect((JSON.parse(JSON.stringify(summaryWith('statement', text))) as Summary).confirmedMirrors[0]!.statements[0]).toBe(text);
  });
});
