/**
 * The language coach: spots phrasing that tends to put a partner on the defensive and offers a
 * gentle, specific nudge toward "I feel … when … because … I need …". It only advises; the
 * message is never held back. Pure; runs on every keystroke.
 *
 * Choices worth knowing:
 * - Always/never only count with "you" as the subject ("you always", "you're never", "you'd
 *   never"…), so "I always feel…" passes. A warm "you are never late and I love that" is still
 *   flagged: telling praise from a verdict needs more than a pattern, and a nudge costs little.
 * - French: "tu"/"vous"/"t'" with "toujours"/"jamais" at most three words later ("tu fais
 *   toujours", "tu ne m'écoutes jamais"). Spanish: "siempre"/"nunca" straight after "tú",
 *   "usted(es)" or "vos" ("tú nunca me escuchas"); a dropped pronoun ("nunca me escuchas") is
 *   not caught, and since accents are ignored the possessive "tu" counts as "tú".
 * - "not your fault" is reassurance, so it is not blame; "you make me happy/laugh/feel safe…" is
 *   warmth, so it is not "you make me".
 * - "whatever", "so what", "typical" and "grow up" only count standing alone (before punctuation
 *   or the end), so "whatever you need" and "so what do you think?" pass.
 * - Insults are whole words, except when the writer is describing themselves: "I" then only
 *   linking words ("am", "was", "have been", "feel", "felt", "look", "sound", "acted", "must"…),
 *   softeners ("so", "such", "like", "a", "really", "kind of"…) and at most two "<word> and/or"
 *   ("I felt sick and stupid", "I feel like an idiot", "I'm such an idiot"). Anything else in
 *   between keeps the flag, so "I feel like you are lazy", "I was married to a narcissist" and
 *   "I'm sorry, idiot" (a comma counts as something else) are still name-calling. Negation is
 *   not a softener: "I'm not the liar here" is still flagged.
 */

/** The kinds of phrasing the coach notices. */
export const CoachPattern = {
  Always: 'always',
  Never: 'never',
  Blame: 'blame',
  MakeMe: 'make_me',
  NameCalling: 'name_calling',
  Contempt: 'contempt',
} as const;
/** One kind of phrasing the coach notices. */
export type CoachPattern = (typeof CoachPattern)[keyof typeof CoachPattern];

/** One spotted phrase: UTF-16 offsets into the original text, end exclusive. */
export interface CoachHit {
  pattern: CoachPattern;
  phrase: string;
  start: number;
  end: number;
}

/** Every hit in text order, and a nudge for the first one; the suggestion is null when there are no hits. */
export interface CoachAdvice {
  hits: CoachHit[];
  suggestion: string | null;
}

const FORM = 'I feel … when … because … I need …';

const SUGGESTIONS: Readonly<Record<CoachPattern, string>> = {
  always: `"Always" and "never" can feel like a verdict. Try one specific moment: "${FORM}"`,
  never: `"Always" and "never" can feel like a verdict. Try one specific moment: "${FORM}"`,
  blame: `Talk of fault can make it harder to listen. Try sharing your side: "${FORM}"`,
  make_me: `Your feelings are yours to name. Try saying what you felt: "${FORM}"`,
  name_calling: `A label can hurt more than it explains. Try describing what happened: "${FORM}"`,
  contempt: `That might land as dismissive. Try saying what is underneath it: "${FORM}"`,
};

// After folding, the text is lowercase, unaccented, with straight apostrophes.
const YOU = String.raw`you(?:'?(?:re|d|ll|ve)|\s+(?:are|were|would|will|have))?\s+`;
const FR_YOU_THEN = String.raw`(?:tu\s+|vous\s+|t')(?:[\p{L}']+\s+){0,3}?`;
const ES_YOU = String.raw`(?:tu|usted|ustedes|vos)\s+`;
// Only before punctuation, a line break or the end, i.e. said on its own.
const ALONE = String.raw`(?=[ \t]*(?:[.!?,;:…)\n]|$))`;
const WARM = String.raw`(?!\s+(?:(?:so|very|really|feel|feel\s+so)\s+)?(?:happy|laugh|smile|proud|safe|loved|seen|heard|better|special|calm|strong))`;
const INSULTS = [
  'idiot', 'idiots', 'idiotic', 'stupid', 'selfish', 'lazy', 'pathetic', 'liar', 'liars', 'crazy',
  'useless', 'worthless', 'loser', 'losers', 'jerk', 'jerks', 'psycho', 'dumb', 'moron', 'morons',
  'childish', 'immature', 'hysterical', 'clueless', 'incompetent', 'coward', 'hypocrite', 'narcissist',
];

// The writer describing themselves right before an insult (see the note at the top). Folded text.
const SELF = (() => {
  const linking = [
    'am', 'was', 'be', 'been', 'being', 'have\\s+been', 'had\\s+been', 'must', 'might', 'may', 'can', 'could',
    'would', 'should', 'will', 'really', 'just', 'still', 'truly', 'honestly', 'actually', 'feel', 'feels', 'felt',
    'feeling', 'seem', 'seemed', 'sound', 'sounded', 'look', 'looked', 'act', 'acted', 'acting', 'behave', 'behaved',
    'behaving', 'go', 'going', 'went', 'gone',
  ].join('|');
  const softeners = [
    'so', 'such', 'like', 'a', 'an', 'really', 'very', 'too', 'totally', 'completely', 'utterly', 'absolutely',
    'total', 'complete', 'utter', 'absolute', 'pretty', 'quite', 'rather', 'just', 'little', 'bit', 'kind\\s+of',
    'sort\\s+of', 'incredibly', 'unbelievably', 'ridiculously',
  ].join('|');
  // "sick and", "small or": any word but one that points at someone else.
  const others = String.raw`(?:you|your|youre|he|hes|she|shes|they|theyre|him|her|them|his|their|we|it|its|that|this)(?:'\p{L}+)?(?![\p{L}\p{N}'])`;
  const also = String.raw`\s+(?!${others})[\p{L}']+\s+(?:and|or)`;
  const soft = String.raw`(?:\s+(?:${softeners}))*`;
  const subject = String.raw`(?<![\p{L}\p{N}'])i(?:'m(?:\s+(?:${linking}))*|(?:'ve|'d|'ll)?(?:\s+(?:${linking}))+)`;
  return String.raw`${subject}${soft}(?:${also}${soft}){0,2}\s+`;
})();

const RULES: readonly { pattern: CoachPattern; source: string }[] = [
  { pattern: CoachPattern.Always, source: `${YOU}always|${FR_YOU_THEN}toujours|${ES_YOU}siempre` },
  { pattern: CoachPattern.Never, source: `${YOU}never|${FR_YOU_THEN}jamais|${ES_YOU}nunca` },
  {
    pattern: CoachPattern.Blame,
    source: String.raw`(?<!(?:not|n't)(?:\s+\p{L}+)?\s+)(?:(?:it'?s|it\s+is|that'?s|that\s+is)\s+)?(?:all\s+)?your\s+fault|because\s+of\s+you|you(?:'?re|\s+are)\s+to\s+blame`,
  },
  {
    pattern: CoachPattern.MakeMe,
    source: String.raw`you(?:\s+make|\s+made|'?re\s+making|\s+are\s+making|\s+keep\s+making)\s+me${WARM}`,
  },
  // The lookahead first, so the costlier look back only runs where an insult starts.
  { pattern: CoachPattern.NameCalling, source: `(?=${INSULTS.join('|')})(?<!${SELF})(?:${INSULTS.join('|')})` },
  {
    pattern: CoachPattern.Contempt,
    source: [
      `whatever${ALONE}`,
      String.raw`as\s+usual`,
      String.raw`(?:(?:so|how)\s+)?typical(?:${ALONE}|\s+(?:of\s+)?you)`,
      String.raw`get\s+over\s+(?:it|yourself)`,
      String.raw`grow\s+up${ALONE}`,
      String.raw`so\s+what${ALONE}`,
      String.raw`what(?:'?s|\s+is)\s+wrong\s+with\s+you`,
    ].join('|'),
  },
];

// Built once; whole words only.
const COMPILED = RULES.map((r) => ({
  pattern: r.pattern,
  regex: new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${r.source})(?![\p{L}\p{N}])`, 'gu'),
}));

const CURLY_APOSTROPHES = /[’‘ʼ`´′]/gu;
const MARKS = /\p{M}+/gu;

/**
 * The text lowercased, unaccented and with straight apostrophes, plus where each folded
 * character came from, so hits found in the folded text point into the original.
 */
function fold(text: string): { folded: string; from: number[]; to: number[] } {
  let folded = '';
  const from: number[] = [];
  const to: number[] = [];
  let at = 0;
  for (const ch of text) {
    const f = ch.replace(CURLY_APOSTROPHES, "'").toLowerCase().normalize('NFKD').replace(MARKS, '');
    for (let i = 0; i < f.length; i++) {
      from.push(at);
      to.push(at + ch.length);
    }
    folded += f;
    at += ch.length;
  }
  return { folded, from, to };
}

/**
 * Reads a draft and returns every phrase worth a second look, in text order, with one gentle
 * suggestion for the first of them. Never blocks; an empty or calm text gets no hits.
 */
export function coach(text: string): CoachAdvice {
  const { folded, from, to } = fold(text);
  const hits: CoachHit[] = [];
  for (const { pattern, regex } of COMPILED) {
    for (const m of folded.matchAll(regex)) {
      const start = from[m.index] ?? 0;
      const end = to[m.index + m[0].length - 1] ?? start;
      hits.push({ pattern, phrase: text.slice(start, end), start, end });
    }
  }
  // The sort is stable, so hits at the same place keep the order of RULES.
  hits.sort((a, b) => a.start - b.start);
  const first = hits[0];
  return { hits, suggestion: first ? SUGGESTIONS[first.pattern] : null };
}
