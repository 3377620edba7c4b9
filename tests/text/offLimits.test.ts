import { describe, expect, it } from 'vitest';
import { findOffLimits, firstOffLimits, normalizeTopic } from '../../shared/offLimits';
import type { OffLimitsMatch, OffLimitsTopicRef } from '../../shared/offLimits';

const topic = (text: string, id = 't1'): OffLimitsTopicRef => ({ id, text });

/** The exact substrings a single topic covers in the text, in order. */
const spans = (text: string, topicText: string): string[] =>
  findOffLimits(text, [topic(topicText)]).map((m) => text.slice(m.start, m.end));

describe('findOffLimits — what counts as the topic', () => {
  it.each([
    // [behaviour, topic, text, exact matched substrings]
    ['matches a one-word topic as a whole word', 'mother', 'I called my mother today', ['mother']],
    ['matches regardless of case', 'mother', 'MOTHER said so', ['MOTHER']],
    ['matches a plural of a one-word topic', 'mother', 'both mothers came', ['mothers']],
    ['matches an -es plural', 'box', 'all the boxes', ['boxes']],
    ['matches an -ies plural against a -y topic', 'party', 'no more parties', ['parties']],
    ['matches a singular when the topic is written as a plural', 'Mothers', 'my mother', ['mother']],
    ['covers a possessive with a straight apostrophe', 'mother', "my mother's house", ["mother's"]],
    ['covers a possessive with a curly apostrophe', 'mother', 'my mother’s house', ['mother’s']],
    ['matches a topic written as a possessive', "mother's", 'ask mother', ['mother']],
    ['matches -ing and -ed forms with a silent e', 'gamble', 'gambling, gambled, gambles', ['gambling', 'gambled', 'gambles']],
    ['undoubles a consonant before -ing and -ed', 'bet', 'stop betting, you betted twice', ['betting', 'betted']],
    ['matches -ied and -ying forms against a -y topic', 'worry', 'I worried, I keep worrying', ['worried', 'worrying']],
    ['matches a -y topic written as an -ing form', 'worrying', 'the worry', ['worry']],
    ['drops a leading possessive from the topic', 'my mother', "your mother's birthday", ["mother's"]],
    ['drops a leading article from the topic', 'the 2019 loan', 'about that 2019 loan again', ['2019 loan']],
    ['drops several leading determiners', 'the my ex', 'my ex called', ['ex']],
    ['keeps a determiner when it is the only word', 'her', 'ask her', ['her']],
    ['matches a multi-word topic across a hyphen', 'ex-wife', 'his ex-wife', ['ex-wife']],
    ['matches a hyphenated topic written with spaces', 'ex-wife', 'his ex wife', ['ex wife']],
    ['matches a multi-word topic across extra spaces and case', 'ex wife', 'the EX  WIFE', ['EX  WIFE']],
    ['matches a multi-word topic across punctuation and a line break', 'ex wife', 'my ex,\nwife', ['ex,\nwife']],
    ['matches a multi-word topic written as one word', 'ex-wife', 'the exwife', ['exwife']],
    ['matches a multi-word topic whose last word is plural', '2019 loan', 'those 2019 loans', ['2019 loans']],
    ['matches digits-only topics', '2019', 'in 2019, then 20190', ['2019']],
    ['matches every occurrence, in order', 'mother', 'Mother, mother, MOTHERS', ['Mother', 'mother', 'MOTHERS']],
  ])('%s', (_name, topicText, text, expected) => {
    expect(spans(text, topicText)).toEqual(expected);
  });
});

describe('findOffLimits — false alarms it must not raise', () => {
  it.each([
    ['never matches inside a longer word (smother/mother)', 'mother', 'the blanket may smother him'],
    ['never matches inside a longer word (party/art)', 'art', 'see you at the party'],
    ['never matches inside a longer word (next/ex)', 'ex', 'next time, explain'],
    ['never matches the start of a longer word (Cafeteria/cafe)', 'cafe', 'meet at the Cafeteria'],
    ['never matches the end of a longer word (grandmother/mother)', 'mother', 'my grandmother'],
    ['never matches a multi-word topic with a word in between', 'ex wife', 'ex and wife'],
    ['never matches a multi-word topic in the wrong order', 'ex wife', 'wife ex'],
    ['never matches only part of a multi-word topic', '2019 loan', 'the loan from 2018'],
    ['never matches a one-word topic against two words', 'exwife', 'my ex wife'],
    ['never stems words of three letters or fewer ("its" is not "it")', 'its', 'it is what it is'],
    ['never treats a word ending in -ss as a plural', 'bos', 'my boss'],
    ['never treats "bring" as a form of "br"', 'br', 'bring it'],
    ['never reads "Canada" as a participle of "can"', 'Canada', 'I can go'],
    ['never makes an English -er word a Spanish verb ("mother" is not "moth")', 'mother', 'a moth flew in'],
    ['never matches a Spanish word inside a longer one', 'deuda', 'endeudado hasta el cuello'],
  ])('%s', (_name, topicText, text) => {
    expect(findOffLimits(text, [topic(topicText)])).toEqual([]);
  });
});

describe('findOffLimits — accents and other languages', () => {
  it.each([
    ['matches an unaccented topic against accented text (French)', 'cafe', 'Rendez-vous au Café', ['Café']],
    ['matches an accented topic against unaccented text (French)', 'café', 'at the cafe', ['cafe']],
    ['matches accented words in French', 'belle-mère', 'ta belle mere est là', ['belle mere']],
    ['matches a French plural with accents', 'mère', 'les mères', ['mères']],
    ['matches Spanish with a tilde either way', 'niño', 'los ninos y los niños', ['ninos', 'niños']],
    ['matches Spanish words and plurals', 'deuda', 'las deudas de papá', ['deudas']],
    ['drops a leading Spanish article or possessive from the topic', 'el préstamo de 2019', 'tu préstamo de 2019 otra vez', ['préstamo de 2019']],
    ['drops several Spanish determiners', 'mi la suegra', 'y tu suegra dijo', ['suegra']],
    ['matches a Spanish -es plural after a consonant', 'ciudad', 'otras ciudades', ['ciudades']],
    ['matches a Spanish -iones plural with the accent gone', 'tensión', 'tantas tensiones', ['tensiones']],
    ['matches a Spanish -z singular against its -ces plural, both ways', 'luz', 'las luces y la luz', ['luces', 'luz']],
    ['matches a Spanish plural topic against the singular', 'las deudas', 'la deuda', ['deuda']],
    ['matches a Spanish verb in its infinitive, gerund and participles', 'apostar', 'sigue apostando; ha apostado; apostadas; apostar', ['apostando', 'apostado', 'apostadas', 'apostar']],
    ['matches a Spanish verb topic written as a gerund', 'bebiendo', 'no quiero beber... ni bebiendo', ['bebiendo']],
    // Only English and Spanish determiners are dropped, so French "ma" stays part of this topic.
    ['keeps other languages’ determiners as topic words', 'ma mère', 'ta mère et ma mère', ['ma mère']],
    ['matches German umlauts either way', 'Müller', 'Herr MULLER und Frau müller', ['MULLER', 'müller']],
    ['matches German sharp s against ss', 'Straße', 'in der Strasse', ['Strasse']],
    ['matches text written with combining accents and covers them', 'café', 'un cafe\u0301 noir', ['cafe\u0301']],
    ['matches non-Latin words as whole words', 'мама', 'моя мама и мамаша', ['мама']],
  ])('%s', (_name, topicText, text, expected) => {
    expect(spans(text, topicText)).toEqual(expected);
  });
});

describe('findOffLimits — offsets, several topics, empty input', () => {
  it('reports UTF-16 offsets into the original text, past an emoji and accents', () => {
    const text = '😀 Ça va? my MOTHER’S bday';
    const [m] = findOffLimits(text, [topic('my mother')]);
    expect(m).toEqual({ topicId: 't1', topic: 'my mother', start: 13, end: 21 });
    expect(text.slice(m?.start, m?.end)).toBe('MOTHER’S');
  });

  it('reports every topic that matches, sorted by start, with its id and original text', () => {
    const text = 'The 2019 loan and my mother and the ex-wife';
    const topics = [topic('ex-wife', 'a'), topic('Mothers', 'b'), topic('the 2019 loan', 'c')];
    const got = findOffLimits(text, topics);
    expect(got.map((m) => [m.topicId, m.topic, text.slice(m.start, m.end)])).toEqual([
      ['c', 'the 2019 loan', '2019 loan'],
      ['b', 'Mothers', 'mother'],
      ['a', 'ex-wife', 'ex-wife'],
    ]);
  });

  it('reports overlapping topics at the same start longest first', () => {
    const text = 'her mother house';
    const got = findOffLimits(text, [topic('mother', 'short'), topic('mother house', 'long')]);
    expect(got.map((m): [string, string] => [m.topicId, text.slice(m.start, m.end)])).toEqual([
      ['long', 'mother house'],
      ['short', 'mother'],
    ]);
  });

  it.each<[string, string, readonly OffLimitsTopicRef[]]>([
    ['finds nothing when there are no topics', 'my mother', []],
    ['finds nothing for an empty topic', 'my mother', [topic('')]],
    ['finds nothing for a topic made only of punctuation', 'a - b', [topic(' -- !! ')]],
    ['finds nothing in an empty text', '', [topic('mother')]],
  ])('%s', (_name, text, topics) => {
    expect(findOffLimits(text, topics)).toEqual([]);
  });

  it('still matches the other topics when one topic is empty', () => {
    expect(findOffLimits('my mother', [topic('  '), topic('mother', 'm')]).map((m) => m.topicId)).toEqual(['m']);
  });

  it('stays fast on a long text with many topics', () => {
    const text = 'we talked about the weather and the garden and lunch. '.repeat(40).slice(0, 2000);
    const topics = Array.from({ length: 20 }, (_, i) => topic(`topic number ${i} thing`, String(i)));
    const started = performance.now();
    for (let i = 0; i < 100; i++) findOffLimits(text, topics);
    expect((performance.now() - started) / 100).toBeLessThan(5);
  });
});

describe('firstOffLimits', () => {
  it.each<[string, string, readonly OffLimitsTopicRef[], string | null]>([
    ['returns the earliest match across topics', 'the loan, then mother', [topic('mother', 'm'), topic('loan', 'l')], 'l'],
    ['returns null when nothing matches', 'a calm message', [topic('mother', 'm')], null],
    ['returns null when there are no topics', 'mother', [], null],
  ])('%s', (_name, text, topics, expectedId) => {
    const got: OffLimitsMatch | null = firstOffLimits(text, topics);
    expect(got?.topicId ?? null).toBe(expectedId);
  });
});

describe('normalizeTopic', () => {
  it.each([
    ['stems a plural and lowercases', 'Mothers', 'mother'],
    ['drops a leading possessive', 'my mother', 'mother'],
    ['drops a possessive ending', "Mother's", 'mother'],
    ['removes accents', 'Café', 'caf'],
    ['treats hyphens and spacing alike', '  Ex-Wife ', 'ex wif'],
    ['keeps a lone determiner', 'Her', 'her'],
    ['returns an empty key for a topic with no words', ' - ! ', ''],
    ['returns an empty key for an empty topic', '', ''],
  ])('%s', (_name, text, expected) => {
    expect(normalizeTopic(text)).toBe(expected);
  });

  it.each([
    ['Mothers', 'my mother'],
    ['The 2019 loan', '2019 loans'],
    ['ex-wife', 'EX  WIFE'],
    ['gambling', 'Gamble'],
    ['niños', 'nino'],
    ['Müller', 'muller'],
  ])('gives duplicates "%s" and "%s" the same key', (a, b) => {
    expect(normalizeTopic(a)).toBe(normalizeTopic(b));
  });

  it.each([
    ['mother', 'smother'],
    ['ex', 'next'],
    ['cafe', 'cafeteria'],
  ])('gives different topics "%s" and "%s" different keys', (a, b) => {
    expect(normalizeTopic(a)).not.toBe(normalizeTopic(b));
  });
});
