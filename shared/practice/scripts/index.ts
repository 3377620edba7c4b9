import type { Locale } from '../../i18n/locales';
import type { PracticeScript } from '../scenarios';
import { ENGLISH_SCRIPT } from './en';
import { SPANISH_SCRIPT } from './es';

const SCRIPTS: Record<Locale, PracticeScript> = { en: ENGLISH_SCRIPT, es: SPANISH_SCRIPT };

/**
 * Practice in a given language: its scenarios, its scripted partner, its mirrors. For code that
 * speaks every language (tests, the server); a page holds only its own language's script
 * (`$practiceScript`), so the page never imports this.
 */
export function scriptFor(locale: Locale): PracticeScript {
  return SCRIPTS[locale];
}
