import type { Refusal } from '../shared/conversation';
import { inEnglish } from '../shared/i18n/english';
import type { WireError } from '../shared/protocol';

/**
 * A refusal as the wire carries it: the reason as a phrase, which each page renders in its own
 * person's language with the names it knows, and the same in English for tools. The English
 * calls people by their seats ("Partner A"): the names people gave are sealed texts, and the
 * server does not write them into a message of its own.
 */
export function wireRefusal(refusal: Refusal): WireError {
  return { ...refusal, message: inEnglish(refusal.reason) };
}
