import * as m from '$messages';
import * as moves from '$moves';
import * as problems from '$problems';
import type { Locale } from '../../shared/i18n/locales';
import { type Phrase, type Reader, render } from '../../shared/i18n/phrase';

type Catalog = typeof m;

/**
 * The whole message catalog in one language, for tests: each message called with that locale,
 * as a page of that language's build says it.
 */
export function messagesIn(locale: Locale): Catalog {
  return Object.fromEntries(
    Object.entries(m).map(([key, message]) => [key, (inputs?: object) => (message as (i: object | undefined, o: { locale: Locale }) => string)(inputs, { locale })]),
  ) as unknown as Catalog;
}

/** A phrase of shared code (a move, a headline, a refusal's reason) as a page in `locale` says it. */
export function sayIn(locale: Locale, phrase: Phrase, names?: Reader['names']): string {
  return render({ m: { ...moves, ...problems }, locale, names }, phrase);
}
