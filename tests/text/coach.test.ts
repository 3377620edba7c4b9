import { describe, expect, it } from 'vitest';
import { coach, CoachPattern } from '../../shared/coach';
import type { CoachHit } from '../../shared/coach';
import type { Locale } from '../../shared/i18n/locales';
import { messagesIn } from '../support/messagesIn';

const FORM = { en: 'I feel … when … because … I need …', es: 'Me siento … cuando … porque … necesito …' };

/** The coach's nudge on `text` as a page in `locale` says it (the composer's own sentence starter as the form). */
function suggestion(text: string, locale: Locale = 'en'): string | null {
  const m = messagesIn(locale);
  const nudge = coach(text).nudge;
  const says: Record<CoachPattern, (i: { form: string }) => string> = {
    always: m.coach_always,
    never: m.coach_never,
    blame: m.coach_blame,
    make_me: m.coach_make_me,
    name_calling: m.coach_name_calling,
    contempt: m.coach_contempt,
  };
  return nudge ? says[nudge]({ form: m.composer_say_starter() }) : null;
}

/** [pattern, exact phrase] for every hit, in order. */
const found = (text: string): [CoachPattern, string][] =>
  coach(text).hits.map((h: CoachHit): [CoachPattern, string] => [h.pattern, h.phrase]);

describe('coach — phrasing it spots', () => {
  it.each<[string, string, [CoachPattern, string][]]>([
    ['spots "you always"', 'You always do this', [[CoachPattern.Always, 'You always']]],
    ['spots "you never"', 'you never listen', [[CoachPattern.Never, 'you never']]],
    ['spots "you\'re always" with a straight apostrophe', "you're always late", [[CoachPattern.Always, "you're always"]]],
    ['spots "you’re always" with a curly apostrophe', 'You’re always late', [[CoachPattern.Always, 'You’re always']]],
    ['spots "youre always" typed without an apostrophe', 'youre always late', [[CoachPattern.Always, 'youre always']]],
    ['spots "you are never"', 'You are never on time', [[CoachPattern.Never, 'You are never']]],
    ['spots "you\'d never"', "you'd never admit it", [[CoachPattern.Never, "you'd never"]]],
    ['spots "you\'ve never"', 'you’ve never asked', [[CoachPattern.Never, 'you’ve never']]],
    ['spots always/never across extra spaces and in capitals', 'YOU   NEVER  call', [[CoachPattern.Never, 'YOU   NEVER']]],
    ['spots "your fault"', 'That was your fault', [[CoachPattern.Blame, 'your fault']]],
    ['spots "it\'s your fault" as one phrase', 'It’s your fault.', [[CoachPattern.Blame, 'It’s your fault']]],
    ['spots "it\'s all your fault"', "it's all your fault", [[CoachPattern.Blame, "it's all your fault"]]],
    ['spots "because of you"', 'We are late because of you', [[CoachPattern.Blame, 'because of you']]],
    ['spots "you\'re to blame"', 'you’re to blame', [[CoachPattern.Blame, 'you’re to blame']]],
    ['spots "you make me"', 'you make me so angry', [[CoachPattern.MakeMe, 'you make me']]],
    ['spots "you made me"', 'You made me cry', [[CoachPattern.MakeMe, 'You made me']]],
    ['spots "you\'re making me"', 'you’re making me nervous', [[CoachPattern.MakeMe, 'you’re making me']]],
    ['spots "you make me feel" when the feeling is not a warm one', 'you make me feel small', [[CoachPattern.MakeMe, 'you make me']]],
    ['spots "whatever" said on its own', 'Whatever.', [[CoachPattern.Contempt, 'Whatever']]],
    ['spots "whatever" at the start of a clause', 'whatever, do what you want', [[CoachPattern.Contempt, 'whatever']]],
    ['spots "as usual"', 'late as usual', [[CoachPattern.Contempt, 'as usual']]],
    ['spots "typical" said on its own', 'Typical!', [[CoachPattern.Contempt, 'Typical']]],
    ['spots "so typical of you"', 'so typical of you', [[CoachPattern.Contempt, 'so typical of you']]],
    ['spots "get over it"', 'just get over it', [[CoachPattern.Contempt, 'get over it']]],
    ['spots "grow up"', 'Oh, grow up.', [[CoachPattern.Contempt, 'grow up']]],
    ['spots "so what"', 'So what?', [[CoachPattern.Contempt, 'So what']]],
    ['spots "what\'s wrong with you"', 'What’s wrong with you', [[CoachPattern.Contempt, 'What’s wrong with you']]],
    ['spots "what is wrong with you"', 'what is wrong with you?!', [[CoachPattern.Contempt, 'what is wrong with you']]],
    ['spots name-calling aimed at the partner: "You are stupid"', 'You are stupid', [[CoachPattern.NameCalling, 'stupid']]],
    ['spots name-calling aimed at the partner: "you idiot"', 'you idiot', [[CoachPattern.NameCalling, 'idiot']]],
    ['spots name-calling aimed at the partner: "you\'re pathetic"', "you're pathetic", [[CoachPattern.NameCalling, 'pathetic']]],
    ['spots name-calling aimed at someone else: "he\'s a liar"', "he's a liar", [[CoachPattern.NameCalling, 'liar']]],
    ['spots an insult at the partner after the writer speaks of themselves', 'I feel like you are lazy', [[CoachPattern.NameCalling, 'lazy']]],
    ['spots an insult at the partner joined to a feeling of the writer', 'I am tired and you are selfish', [[CoachPattern.NameCalling, 'selfish']]],
    ['spots only the insult at the partner when the writer also describes themselves', 'I feel stupid and you are an idiot', [[CoachPattern.NameCalling, 'idiot']]],
    ['spots an insult aimed at someone the writer is with', 'I was married to a narcissist', [[CoachPattern.NameCalling, 'narcissist']]],
    ['spots an insult said to the partner after "I\'m sorry,"', "I'm sorry, idiot", [[CoachPattern.NameCalling, 'idiot']]],
    ['spots an insult the writer reports saying to the partner', 'I was like, you jerk', [[CoachPattern.NameCalling, 'jerk']]],
  ])('%s', (_name, text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it.each([
    'idiot', 'stupid', 'selfish', 'lazy', 'pathetic', 'liar', 'crazy', 'useless', 'worthless', 'loser',
    'jerk', 'psycho', 'dumb', 'moron', 'childish', 'immature', 'hysterical', 'clueless', 'incompetent',
    'coward', 'hypocrite', 'narcissist',
  ])('spots the insult "%s" as name-calling, in any case', (word) => {
    const text = `Honestly, ${word.toUpperCase()}!`;
    expect(found(text)).toEqual([[CoachPattern.NameCalling, word.toUpperCase()]]);
  });

  it('spots plural insults', () => {
    expect(found('you are liars and idiots')).toEqual([
      [CoachPattern.NameCalling, 'liars'],
      [CoachPattern.NameCalling, 'idiots'],
    ]);
  });
});

describe('coach — French and Spanish always/never', () => {
  it.each<[string, string, [CoachPattern, string][]]>([
    ['spots "tu fais toujours"', 'Tu fais toujours ça', [[CoachPattern.Always, 'Tu fais toujours']]],
    ['spots "tu es toujours" with the pronoun right before', 'tu es toujours en retard', [[CoachPattern.Always, 'tu es toujours']]],
    ['spots "t\'es toujours" with a curly apostrophe', 'T’es toujours en retard', [[CoachPattern.Always, 'T’es toujours']]],
    ['spots "tu ne … jamais" with accented words in between', 'tu ne m’écoutes jamais', [[CoachPattern.Never, 'tu ne m’écoutes jamais']]],
    ['spots "tu n\'es jamais"', "tu n'es jamais là", [[CoachPattern.Never, "tu n'es jamais"]]],
    ['spots "vous ne … jamais"', 'Vous ne répondez jamais', [[CoachPattern.Never, 'Vous ne répondez jamais']]],
    ['spots "tú siempre"', 'Tú siempre llegas tarde', [[CoachPattern.Always, 'Tú siempre']]],
    ['spots "tu nunca" typed without the accent', 'tu nunca me escuchas', [[CoachPattern.Never, 'tu nunca']]],
    ['spots "usted nunca"', 'Usted nunca contesta', [[CoachPattern.Never, 'Usted nunca']]],
    ['spots "vos siempre"', 'vos siempre decís eso', [[CoachPattern.Always, 'vos siempre']]],
    ['spots text written with combining accents and covers them', 'Tu\u0301 siempre', [[CoachPattern.Always, 'Tu\u0301 siempre']]],
  ])('%s', (_name, text, expected) => {
    expect(found(text)).toEqual(expected);
  });
});

describe('coach — Spanish, with Spanish suggestions', () => {
  it.each<[string, string, [CoachPattern, string][]]>([
    ['spots "nunca" before a tú verb, the pronoun dropped', 'Nunca me escuchas', [[CoachPattern.Never, 'Nunca me escuchas']]],
    ['spots "siempre" before a tú verb', 'siempre llegas tarde', [[CoachPattern.Always, 'siempre llegas']]],
    ['spots a past tú verb after two pronouns', 'jamás me lo dijiste', [[CoachPattern.Never, 'jamás me lo dijiste']]],
    ['spots blame', 'Todo esto es tu culpa', [[CoachPattern.Blame, 'es tu culpa']]],
    ['spots "por tu culpa"', 'Llegamos tarde por tu culpa.', [[CoachPattern.Blame, 'por tu culpa']]],
    ['spots "la culpa es tuya"', 'la culpa es tuya', [[CoachPattern.Blame, 'la culpa es tuya']]],
    ['spots "me haces sentir"', 'Me haces sentir invisible', [[CoachPattern.MakeMe, 'Me haces sentir']]],
    ['spots an insult', 'Eres un egoísta', [[CoachPattern.NameCalling, 'egoísta']]],
    ['spots an insult at the partner beside the writer describing themselves', 'Me siento tonta y tú eres un imbécil', [[CoachPattern.NameCalling, 'imbécil']]],
    ['spots "lo que sea" said on its own', 'Lo que sea.', [[CoachPattern.Contempt, 'Lo que sea']]],
    ['spots "¿y qué?"', '¿Y qué?', [[CoachPattern.Contempt, 'Y qué']]],
    ['spots "típico de ti"', 'Típico de ti', [[CoachPattern.Contempt, 'Típico de ti']]],
    ['spots "supéralo"', 'Supéralo ya', [[CoachPattern.Contempt, 'Supéralo']]],
  ])('%s', (_name, text, expected) => {
    expect(found(text)).toEqual(expected);
    // Said to a person reading in Spanish, in Spanish, with the Spanish form.
    expect(suggestion(text, 'es')).toMatch(/^«|^(Hablar|Lo que|Una etiqueta|Eso puede)/);
    expect(suggestion(text, 'es')).toContain(`«${FORM.es}»`);
  });

  it.each([
    ['"siempre" before a first-person verb', 'siempre te quiero'],
    ['"nunca" before a third-person verb', 'mi madre nunca llama'],
    ['"nunca más"', 'nunca más'],
    ['"nunca jamás"', 'nunca jamás'],
    ['"nunca" before an article and a day', 'nunca los viernes'],
    ['reassurance', 'No es tu culpa, de verdad'],
    ['warmth', 'Me haces feliz; me haces reír; me haces sentir segura'],
    ['the writer describing themselves', 'Fui una cobarde y me siento tan estúpida'],
    ['"lo que sea" inside a sentence', 'lo que sea que necesites, aquí estoy'],
    ['"¿y qué quieres cenar?"', '¿y qué quieres cenar?'],
  ])('leaves alone %s', (_name, text) => {
    expect(found(text)).toEqual([]);
  });

  it('nudges about the first phrase in the text, whichever language it is in', () => {
    expect(coach('You never listen. Nunca me escuchas').nudge).toBe(CoachPattern.Never);
    expect(coach('Es tu culpa. You never listen').nudge).toBe(CoachPattern.Blame);
  });
});

describe('coach — phrasing it leaves alone', () => {
  it.each([
    ['does not flag "I always feel…"', 'I always feel unheard when plans change'],
    ['does not flag "we never…"', 'we never talk about money'],
    ['does not flag "always" without "you" as the subject', 'always, always, never'],
    ['does not flag "your" followed by "always"', 'your always-on phone'],
    ['does not flag reassurance: "it\'s not your fault"', "it's not your fault"],
    ['does not flag reassurance: "it isn\'t all your fault"', 'it isn’t all your fault'],
    ['does not flag "because of your…"', 'because of your mother'],
    ['does not flag warmth: "you make me happy"', 'you make me happy'],
    ['does not flag warmth: "you make me laugh"', 'You make me laugh'],
    ['does not flag warmth: "you make me feel safe"', 'you make me feel so safe'],
    ['does not flag "whatever" inside a sentence', 'I will do whatever you need'],
    ['does not flag "so what" starting a question', 'so what do you think?'],
    ['does not flag "typical" as an adjective', 'a typical Sunday'],
    ['does not flag "grow up" inside a sentence', 'where did you grow up before Lyon?'],
    ['does not flag insults inside longer words (dumbbell, jerky)', 'the dumbbell and some jerky'],
    ['does not flag "liar" inside "familiar"', 'that sounds familiar'],
    ['does not flag Spanish "siempre" without a you-form', 'siempre te quiero'],
    ['does not flag Spanish "nunca" after "yo" (I)', 'yo nunca dije eso'],
    ['does not flag French "toujours" with "je"', 'je suis toujours là'],
    ['does not flag French "jamais" more than three words after "tu"', 'tu sais que nous ne sommes jamais allés là'],
    ['does not flag Spanish "siempre" when a word separates it from "tu"', 'tu madre siempre llama'],
    ['does not flag an empty text', ''],
    ['does not flag a calm I-statement', 'I feel lonely when dinner is late because I need time with you.'],
    ['does not flag the writer describing themselves: "I felt sick and stupid"', 'I felt sick and stupid'],
    ['does not flag the writer describing themselves: "I feel like an idiot"', 'I feel like an idiot'],
    ['does not flag the writer describing themselves: "I was so stupid to believe it"', 'I was so stupid to believe it'],
    ['does not flag the writer describing themselves: "I\'m such a fool"', "I'm such a fool"],
    ['does not flag the writer describing themselves: "I\'m such an idiot"', 'I’m such an idiot'],
    ['does not flag the writer describing themselves: "I\'ve been so selfish"', "I've been so selfish"],
    ['does not flag the writer describing themselves: "I acted like a total jerk"', 'I acted like a total jerk'],
    ['does not flag the writer describing themselves: "I must sound crazy"', 'I must sound crazy'],
    ['does not flag the writer describing themselves in capitals: "I FEEL SO USELESS"', 'I FEEL SO USELESS'],
    ['does not flag the writer describing themselves mid-sentence', 'When you left, I felt small and worthless.'],
  ])('%s', (_name, text) => {
    expect(coach(text)).toEqual({ hits: [], nudge: null });
  });
});

describe('coach — documented judgement calls', () => {
  // The coach cannot tell praise from a verdict; it nudges and never blocks, so a warm
  // "never" is still flagged.
  it('flags "you are never late and I love that" as Never', () => {
    expect(found('you are never late and I love that')).toEqual([[CoachPattern.Never, 'you are never']]);
  });

  // Describing oneself is not calling the partner names, so "I'm so stupid" gets no nudge.
  it('does not flag an insult the writer uses about themselves', () => {
    expect(found("I'm so stupid")).toEqual([]);
  });

  // Negation is not read as self-description: "I'm not the liar here" usually points at the partner.
  it('still flags an insult after "I\'m not"', () => {
    expect(found("I'm not the liar here")).toEqual([[CoachPattern.NameCalling, 'liar']]);
  });

  // Without the accent, Spanish "tu" (your) reads like "tú" (you).
  it('flags "tu" + "siempre" even when "tu" could be the possessive', () => {
    expect(found('tu siempre')).toEqual([[CoachPattern.Always, 'tu siempre']]);
  });
});

describe('coach — several hits and offsets', () => {
  it('returns every hit sorted by position, each offset covering its phrase exactly', () => {
    const text = 'Ugh — you never help, it’s your fault, you   idiot. Whatever.';
    const { hits } = coach(text);
    expect(hits.map((h) => h.pattern)).toEqual([
      CoachPattern.Never,
      CoachPattern.Blame,
      CoachPattern.NameCalling,
      CoachPattern.Contempt,
    ]);
    for (const h of hits) expect(text.slice(h.start, h.end)).toBe(h.phrase);
    expect(hits.map((h) => h.phrase)).toEqual(['you never', 'it’s your fault', 'idiot', 'Whatever']);
  });

  it('reports UTF-16 offsets into the original text after an emoji and accents', () => {
    const text = '😤 Écoute: you always';
    expect(coach(text).hits).toEqual([{ pattern: CoachPattern.Always, phrase: 'you always', start: 11, end: 21 }]);
  });

  it('reports the same phrase twice when it appears twice', () => {
    expect(found('you never call, you never write')).toEqual([
      [CoachPattern.Never, 'you never'],
      [CoachPattern.Never, 'you never'],
    ]);
  });

  it('gives the same result on repeated calls', () => {
    const text = 'you always, you always';
    expect(coach(text)).toEqual(coach(text));
  });
});

describe('coach — suggestions', () => {
  it.each<[string, string, string]>([
    ['points always/never toward one specific moment', 'you always forget', '“Always” and “never” can feel like a verdict. Try one specific moment:'],
    ['points never the same way as always', 'you never call', '“Always” and “never” can feel like a verdict. Try one specific moment:'],
    ['points blame toward sharing one\'s side', 'your fault', 'Talk of fault can make it harder to listen.'],
    ['points "you make me" toward naming one\'s feelings', 'you made me cry', 'Your feelings are yours to name.'],
    ['points name-calling toward describing what happened', 'jerk', 'A label can hurt more than it explains.'],
    ['points contempt toward what is underneath', 'as usual', 'That might land as dismissive.'],
    ['follows the first hit in the text, not the first rule', 'Whatever. You always do this', 'That might land as dismissive.'],
  ])('%s', (_name, text, start) => {
    expect(suggestion(text)?.startsWith(start)).toBe(true);
    expect(suggestion(text)?.endsWith(`“${FORM.en}”`)).toBe(true);
  });

  it.each<[string, string, string]>([
    ['«siempre» hacia un momento concreto', 'siempre llegas tarde', '«Siempre» y «nunca» pueden sonar a sentencia. Prueba con un momento concreto:'],
    ['la culpa hacia contar tu parte', 'es tu culpa', 'Hablar de culpas puede hacer más difícil escuchar.'],
    ['«me haces sentir» hacia nombrar lo que sientes', 'me haces sentir pequeña', 'Lo que sientes es tuyo para nombrarlo.'],
    ['un insulto hacia describir lo que pasó', 'eres un egoísta', 'Una etiqueta puede doler más de lo que explica.'],
    ['el desprecio hacia lo que hay debajo', 'Lo que sea.', 'Eso puede sonar despectivo.'],
    ['English phrasing, to a person reading in Spanish', 'you never call', '«Siempre» y «nunca» pueden sonar a sentencia.'],
  ])('nudges in Spanish: %s', (_name, text, start) => {
    expect(suggestion(text, 'es')?.startsWith(start)).toBe(true);
    expect(suggestion(text, 'es')?.endsWith(`«${FORM.es}»`)).toBe(true);
  });

  it.each([
    ['has a nudge when there are hits', 'you never listen', true],
    ['has no nudge when there are no hits', 'I never liked that film', false],
  ])('%s', (_name, text, hasHits) => {
    const advice = coach(text);
    expect(advice.hits.length > 0).toBe(hasHits);
    expect(advice.nudge !== null).toBe(hasHits);
  });

  it.each(Object.values(CoachPattern))('never uses judging words in the suggestion for %s', (pattern) => {
    const samples: Record<CoachPattern, string> = {
      always: 'you always',
      never: 'you never',
      blame: 'your fault',
      make_me: 'you make me',
      name_calling: 'idiot',
      contempt: 'as usual',
    };
    expect(coach(samples[pattern]).hits[0]?.pattern).toBe(pattern);
    expect(suggestion(samples[pattern], 'en')).not.toMatch(/\b(wrong|bad|rude|toxic|must|don't|stop|not allowed|blocked)\b/i);
    expect(suggestion(samples[pattern], 'es')).not.toMatch(/\b(mal|malo|mala|grosero|grosera|tóxico|tóxica|debes|no puedes|prohibido|bloqueado)\b/i);
  });
});
