import * as moves from './paraglide/phrasebook-moves.js';
import * as problems from './paraglide/phrasebook-problems.js';
import { type Phrase, type Reader, render } from './phrase';

/**
 * The phrasebook in English, for what is said outside any page: the English `message` beside a
 * refusal's phrase on the wire (for tools and the HTTP API), and tests. Never imported by the
 * client, which loads only its own person's language.
 */
export const ENGLISH: Reader = { m: { ...moves, ...problems }, locale: 'en' };

/** A phrase in English, with the room's names if given. */
export function inEnglish(phrase: Phrase, names?: Reader['names']): string {
  return render({ ...ENGLISH, names }, phrase);
}
