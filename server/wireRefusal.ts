import type { Refusal, RoomContext } from '../shared/conversation';
import { inEnglish } from '../shared/i18n/english';
import type { WireError } from '../shared/protocol';

/**
 * A refusal as the wire carries it: the reason as a phrase, which each page renders in its own
 * person's language, and the same in English for tools, with the room's names.
 */
export function wireRefusal(refusal: Refusal, names?: RoomContext['names']): WireError {
  return { ...refusal, message: inEnglish(refusal.reason, names) };
}
