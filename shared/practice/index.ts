import type { Locale } from '../i18n/locales';
import type { PracticeScript } from './scenarios';
import { ENGLISH_SCRIPT } from './scripts/en';
import { SPANISH_SCRIPT } from './scripts/es';

/** Practice mode: the same machine, a scripted partner, and transparent feedback on mirrors. */
export { kp, type Scenario, type KeyPoint, type ScriptedStatement, type PracticeScript } from './scenarios';
export { assessMirror, MirrorAdvice, type MirrorFeedback } from './mirrorFeedback';
export { hotSeatSetup, partnerMove, practiceFinished, practiceSetup, PRACTICE_PARTNER, PRACTICE_PERSON, type PracticeProgress, type SaidSoFar } from './practicePartner';

const SCRIPTS: Record<Locale, PracticeScript> = { en: ENGLISH_SCRIPT, es: SPANISH_SCRIPT };

/** Practice in the person's language: its scenarios, its scripted partner, its mirrors. */
export function scriptFor(locale: Locale): PracticeScript {
  return SCRIPTS[locale];
}
