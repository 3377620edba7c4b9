/**
 * Off-limits topics: finding an agreed topic's words in a message so the room can hold it back
 * before it is sent. Topic and text go through the same word folding and the same small stemmer,
 * so "my mother" finds "your mother's", "ex-wife" finds "EX WIFE", and "cafe" finds "Café".
 * Pure, and cheap enough to run on every keystroke.
 *
 * Spanish too: its leading articles and possessives go ("el préstamo" finds "tu préstamo"), its
 * plurals in -s and -es agree with the singular ("deudas", "ciudades", "tensiones", "luces" and
 * "luz"), and so do a verb's gerund and participles with the noun or verb they come from
 * ("apostando", "apostado" and "apuesta" do not agree, but "apostar", "apostando", "apostado",
 * "apostada" do).
 *
 * Limits by choice: only English and Spanish determiners are dropped ("ma mère" keeps "ma");
 * joining works one way (topic "ex wife" finds "exwife", topic "exwife" does not find "ex wife",
 * which would turn "in to" into "into"); the stemmer knows no irregular forms ("wife"/"wives",
 * Spanish stem changes like "juego"/"jugar"), and gender is a different word ("hijo", "hija").
 */

/** An agreed off-limits topic as the matcher needs it (an `OffLimitsTopic` fits). */
export interface OffLimitsTopicRef {
  id: string;
  text: string;
}

/**
 * One place where a topic appears: UTF-16 offsets into the original text, end exclusive, covering
 * the whole matched words (a possessive "'s" included).
 */
export interface OffLimitsMatch {
  topicId: string;
  topic: string;
  start: number;
  end: number;
}

// Letters, marks and digits; an apostrophe only between them ("mother's", "don't").
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’ʼ][\p{L}\p{M}\p{N}]+)*/gu;
const MARKS = /\p{M}+/gu;
const POSSESSIVE = /['’ʼ]s$/;
const APOSTROPHES = /['’ʼ]/g;
// Letters that NFKD leaves whole, so "Straße" and "strasse" (or "Øre" and "ore") still agree.
const WHOLE_LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i',
};
const WHOLE_LETTER = /[ßæœøłđðþı]/g;

// Only leading ones go: "my mother" should mean the mother, whoever's she is ("mi madre", "la madre").
const DETERMINERS = new Set([
  'the', 'a', 'an', 'my', 'your', 'his', 'her', 'our', 'their', 'this', 'that',
  'el', 'la', 'los', 'las', 'lo', 'un', 'una', 'unos', 'unas', 'mi', 'mis', 'tu', 'tus', 'su', 'sus', 'nuestro', 'nuestra',
  'nuestros', 'nuestras', 'vuestro', 'vuestra', 'vuestros', 'vuestras', 'este', 'esta', 'estos', 'estas', 'ese', 'esa',
  'esos', 'esas', 'aquel', 'aquella', 'aquellos', 'aquellas', 'del', 'al',
]);

const VOWEL = /[aeiouy]/;

interface Token {
  key: string;
  start: number;
  end: number;
}

interface CompiledTopic {
  ref: OffLimitsTopicRef;
  /** Position in the caller's list, to break ties in a stable way. */
  order: number;
  keys: string[];
  /** Key of the words written as one ("exwife"), for topics of two or more words. */
  joined: string | null;
}

/** Lowercase, accents off, possessive off: the word before stemming. */
function fold(word: string): string {
  return word
    .toLowerCase()
    .normalize('NFKD')
    .replace(MARKS, '')
    .replace(WHOLE_LETTER, (c) => WHOLE_LETTERS[c] ?? c)
    .replace(POSSESSIVE, '')
    .replace(APOSTROPHES, '');
}

function dropPlural(w: string): string {
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  // "..s" rather than "s" so "uses" keeps its stem "use" while "cases" and "buses" lose "es".
  if (/(?:x|z|ch|sh|..s)es$/.test(w)) return w.slice(0, -2);
  // "boss", "bonus", "crisis" are not plurals.
  if (w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) return w.slice(0, -1);
  return w;
}

function dropVerbEnding(w: string): string {
  if (w.length > 4 && w.endsWith('ied')) return `${w.slice(0, -3)}y`;
  for (const ending of ['ing', 'ed']) {
    if (!w.endsWith(ending)) continue;
    const base = w.slice(0, -ending.length);
    // "bring", "string", "need" are not verb forms of "br", "str", "ne".
    if (base.length < 3 || !VOWEL.test(base)) return w;
    // "betting" -> "bet", but "calling" keeps "call" and "missing" keeps "miss".
    return /([^aeiouylsz])\1$/.test(base) ? base.slice(0, -1) : base;
  }
  return w;
}

/**
 * Spanish gerunds ("apostando", "perdiendo"), participles with a stem of four letters or more
 * ("apostado(s)", "apostada(s)", "perdido"; not "Canada", which would become "can") and -ar/-ir
 * infinitives of six letters or more ("apostar", "decidir") lose their ending. Not -er: it would
 * make English "mother" a verb. Short verbs ("pagar", "pagado") keep theirs.
 */
function dropSpanishVerbEnding(w: string): string {
  const m = /^(.{3,}?)(?:ando|iendo)$/.exec(w) ?? /^(.{4,}?)[ai]d[oa]s?$/.exec(w);
  if (m) return m[1]!;
  return w.length >= 6 && /[^aeiou](?:ar|ir)$/.test(w) ? w.slice(0, -2) : w;
}

/** A deliberately small suffix stemmer; it only has to send topic and text to the same key. */
function stem(w: string): string {
  // A final "z" is the "c" its Spanish plural spells ("luz", "luces"; "voz", "voces").
  if (w.length <= 3) return w.replace(/z$/, 'c');
  const s = dropSpanishVerbEnding(dropVerbEnding(dropPlural(w)));
  // A silent final "e" goes so "gamble", "gambled" and "gambling" agree (and "ciudad",
  // "ciudades"; "tensión", "tensiones").
  const e = s.length > 3 && s.endsWith('e') ? s.slice(0, -1) : s;
  return e.replace(/z$/, 'c');
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    out.push({ key: stem(fold(m[0])), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** The folded words of a topic, leading determiners dropped while another word remains. */
function topicWords(text: string): string[] {
  const words = Array.from(text.matchAll(WORD), (m) => fold(m[0])).filter((w) => w !== '');
  let first = 0;
  while (words.length - first > 1 && DETERMINERS.has(words[first] ?? '')) first++;
  return words.slice(first);
}

function compile(ref: OffLimitsTopicRef, order: number): CompiledTopic | null {
  const words = topicWords(ref.text);
  if (words.length === 0) return null;
  return { ref, order, keys: words.map(stem), joined: words.length > 1 ? stem(words.join('')) : null };
}

function runMatches(tokens: readonly Token[], at: number, keys: readonly string[]): boolean {
  return keys.every((key, k) => tokens[at + k]?.key === key);
}

function addTo(index: Map<string, CompiledTopic[]>, key: string, topic: CompiledTopic): void {
  const list = index.get(key);
  if (list) list.push(topic);
  else index.set(key, [topic]);
}

/**
 * Every place where one of the topics appears in the text, sorted by start (then longest
 * first). Whole words only; a multi-word topic matches its words in a row whatever separates
 * them, or written as one word. Topics without words never match.
 */
export function findOffLimits(text: string, topics: readonly OffLimitsTopicRef[]): OffLimitsMatch[] {
  const byFirstKey = new Map<string, CompiledTopic[]>();
  const byJoinedKey = new Map<string, CompiledTopic[]>();
  topics.forEach((ref, order) => {
    const topic = compile(ref, order);
    if (!topic) return;
    addTo(byFirstKey, topic.keys[0] ?? '', topic);
    if (topic.joined !== null) addTo(byJoinedKey, topic.joined, topic);
  });
  if (byFirstKey.size === 0) return [];

  const tokens = tokenize(text);
  const found: { match: OffLimitsMatch; order: number }[] = [];
  const add = (topic: CompiledTopic, first: Token, last: Token): void => {
    const { id, text: topicText } = topic.ref;
    const match = { topicId: id, topic: topicText, start: first.start, end: last.end };
    found.push({ match, order: topic.order });
  };

  tokens.forEach((token, i) => {
    for (const topic of byFirstKey.get(token.key) ?? []) {
      const last = tokens[i + topic.keys.length - 1];
      if (last && runMatches(tokens, i, topic.keys)) add(topic, token, last);
    }
    for (const topic of byJoinedKey.get(token.key) ?? []) add(topic, token, token);
  });

  return found
    .sort((a, b) => a.match.start - b.match.start || b.match.end - a.match.end || a.order - b.order)
    .map((f) => f.match);
}

/** The earliest off-limits match in the text, or null when the text is clear. */
export function firstOffLimits(text: string, topics: readonly OffLimitsTopicRef[]): OffLimitsMatch | null {
  return findOffLimits(text, topics)[0] ?? null;
}

/**
 * The canonical key of a topic: its folded, stemmed words (leading determiners dropped) joined
 * by a space, so "Mothers" and "my mother" are seen as the same topic. '' when it has no words.
 */
export function normalizeTopic(text: string): string {
  return topicWords(text).map(stem).join(' ');
}
