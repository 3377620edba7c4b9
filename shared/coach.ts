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
 *   toujours", "tu ne m'écoutes jamais").
 * - Spanish: "siempre"/"nunca"/"jamás" straight after "tú",
 *   "usted(es)" or "vos", or, with the pronoun dropped as Spanish does, before a verb in the
 *   "tú" form ("nunca me escuchas", "siempre llegas tarde", "nunca me llamaste"), with at most
 *   two pronouns between ("me", "te", "lo"…); "los"/"las" are left out since they are also
 *   articles ("nunca los viernes" passes). Since accents are ignored, the possessive "tu"
 *   counts as "tú". Blame ("es tu culpa", "por tu culpa", not "no es tu culpa"), "me haces
 *   sentir…" (not "me haces feliz / reír / sentir segura"), insults (not when the writer
 *   describes themselves: "soy un idiota", "me siento tan estúpida") and contempt ("lo que sea",
 *   "¿y qué?", "supéralo", "típico de ti").
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

/**
 * Every hit in text order, and what to nudge about: the first hit's pattern, or null when there
 * are no hits. The page says the nudge in its person's language (the catalog's `coach_<pattern>`).
 */
export interface CoachAdvice {
  hits: CoachHit[];
  nudge: CoachPattern | null;
}

// After folding, the text is lowercase, unaccented, with straight apostrophes.
const YOU = String.raw`you(?:'?(?:re|d|ll|ve)|\s+(?:are|were|would|will|have))?\s+`;
const FR_YOU_THEN = String.raw`(?:tu\s+|vous\s+|t')(?:[\p{L}']+\s+){0,3}?`;
const ES_YOU = String.raw`(?:tu|usted|ustedes|vos)\s+`;
// Spanish drops the pronoun: "nunca me escuchas". A "tú" verb (-as, -es; -aste, -iste in the
// past) after at most two clitic pronouns; words that only look like one are left out.
const ES_CLITICS = String.raw`(?:(?:me|te|nos|se|lo|la|le|les)\s+){0,2}`;
const ES_NOT_VERBS = String.raw`(?:jamas|antes|veces|despues|mientras|demas|entonces|ademas|tantas|todas|muchas|pocas|otras|cosas|horas|dias|meses|viernes|lunes|martes|miercoles|jueves|mas|es)(?![\p{L}\p{N}])`;
const ES_TU_VERB = String.raw`${ES_CLITICS}(?!${ES_NOT_VERBS})\p{L}{2,}(?:as|es|aste|iste)`;
const ES_ALWAYS_NEVER = (word: string) => String.raw`${ES_YOU}${word}|${word}\s+${ES_TU_VERB}`;
const ES_WARM = String.raw`(?!\s+(?:(?:tan|muy|sentir)\s+)*(?:feliz|reir|sonreir|bien|segur[oa]|querid[oa]|especial|orgullos[oa]|tranquil[oa]|fuerte|en\s+paz))`;
const INSULTOS = [
  'idiota', 'idiotas', 'estupido', 'estupida', 'estupidos', 'estupidas', 'egoista', 'egoistas', 'imbecil', 'imbeciles',
  'inutil', 'inutiles', 'mentiroso', 'mentirosa', 'mentirosos', 'mentirosas', 'patetico', 'patetica', 'cobarde', 'cobardes',
  'hipocrita', 'hipocritas', 'narcisista', 'narcisistas', 'perdedor', 'perdedora', 'vago', 'vaga', 'vagos', 'vagas',
  'inmaduro', 'inmadura', 'histerico', 'histerica', 'tonto', 'tonta', 'tontos', 'tontas', 'psicopata', 'gilipollas',
];
// The writer describing themselves ("soy un idiota", "me siento tan estúpida", "fui una cobarde").
const YO = String.raw`(?:soy|fui|era|he\s+sido|estoy|estaba|me\s+siento|me\s+senti|me\s+sentia|me\s+porte\s+como|me\s+comporte\s+como)(?:\s+(?:un|una|tan|muy|un\s+poco|bastante|realmente|como|super|de\s+lo\s+mas))*\s+`;
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
  { pattern: CoachPattern.Always, source: `${YOU}always|${FR_YOU_THEN}toujours` },
  { pattern: CoachPattern.Never, source: `${YOU}never|${FR_YOU_THEN}jamais` },
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
  // Spanish, in the same order.
  { pattern: CoachPattern.Always, source: ES_ALWAYS_NEVER('siempre') },
  { pattern: CoachPattern.Never, source: `${ES_ALWAYS_NEVER('nunca')}|${ES_ALWAYS_NEVER('jamas')}` },
  {
    pattern: CoachPattern.Blame,
    source: String.raw`(?<!no\s+(?:(?:es|fue|era)\s+)?)(?:(?:es|fue)\s+)?(?:todo\s+)?(?:tu\s+culpa|culpa\s+tuya)|por\s+(?:tu\s+culpa|culpa\s+tuya)|la\s+culpa\s+es\s+tuya`,
  },
  { pattern: CoachPattern.MakeMe, source: String.raw`me\s+(?:haces|hiciste|estas\s+haciendo)(?:\s+sentir)?${ES_WARM}` },
  { pattern: CoachPattern.NameCalling, source: `(?=${INSULTOS.join('|')})(?<!${YO})(?:${INSULTOS.join('|')})` },
  {
    pattern: CoachPattern.Contempt,
    source: [
      `lo\\s+que\\s+sea${ALONE}`,
      `y\\s+que${ALONE}`,
      String.raw`superalo|supera(?:lo|te)`,
      String.raw`(?:que\s+)?tipico(?:\s+de\s+ti|${ALONE})`,
      String.raw`madura${ALONE}`,
      String.raw`que\s+problema\s+tienes|que\s+te\s+pasa\s+a\s+ti`,
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
 * Reads a draft and returns every phrase worth a second look, in text order, and the pattern of
 * the first to nudge about. Never blocks; an empty or calm text gets no hits. It reads English,
 * French and Spanish alike; the nudge is said in the writer's chosen language.
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
  return { hits, nudge: hits[0]?.pattern ?? null };
}
