import * as moves from '$moves';
// From their own modules, not the package's index: the index brings the conversation machine,
// which this page's first script does not need (the start page never runs it).
import { RefusalCode } from '../../../shared/conversation/refusals';
import type { Seat } from '../../../shared/conversation/seats';
import { type Locale } from '../../../shared/i18n/locales';
import { type MessageKey, type Messages, nameFor, type Phrase, type Reader, render } from '../../../shared/i18n/phrase';
import { NoticeCode, type Problem, WireErrorCode } from '../../../shared/protocol';

/**
 * The language this page speaks. The app is built once per language (`client/build.ts`) and the
 * server sends each person the build of their language (their choice on this device, else their
 * browser's preference), so a page carries one language, and only the messages its screens use:
 * components call them by name from `$messages`. Each person in a room may read it in their own
 * language; what people wrote stays as written.
 *
 * Here: what shared code says by key (`Phrase`), in this language. The moves come with the page;
 * the problems (refusals, errors), which most talks never meet, are fetched once the page is up
 * (`prefetchProblems`), or the first time there is one to say.
 */
export const locale: Locale = __TALKROOM_LOCALE__;

type Names = Partial<Record<Seat, string>> | undefined;

/** What each code means when no reason came with it (a refusal always brings one). */
const SAID_BY_CODE: Record<Problem['code'], MessageKey> = {
  ...(Object.fromEntries(Object.values(RefusalCode).map((c) => [c, 'error_refused'])) as Record<RefusalCode, MessageKey>),
  [WireErrorCode.BadPayload]: 'error_bad_payload',
  [WireErrorCode.UnknownCommand]: 'error_unknown_command',
  [WireErrorCode.ProtocolMismatch]: 'error_protocol_mismatch',
  [WireErrorCode.NoSeat]: 'error_no_seat',
  [WireErrorCode.RoomGone]: 'error_room_gone',
  [WireErrorCode.RoomDeleted]: 'error_room_deleted',
  [WireErrorCode.Busy]: 'error_busy',
  [WireErrorCode.RateLimited]: 'error_rate_limited',
  [WireErrorCode.Unreadable]: 'error_unreadable',
  [NoticeCode.TakenOver]: 'notice_taken_over',
};

class Language {
  readonly locale = locale;
  #phrasebook = $state.raw<Messages | null>(null);
  #loading: Promise<void> | null = null;

  /** Fetches the problems' words (once); a screen showing one re-renders when they are here. */
  prefetchProblems(): Promise<void> {
    return (this.#loading ??= import('$problems').then(
      (problems) => void (this.#phrasebook = { ...moves, ...problems }),
      () => void (this.#loading = null), // offline for now: the next problem tries again
    ));
  }

  /** Who reads, for rendering a phrase: this language's phrasebook, and the names people gave in the room. */
  reader(names?: Names): Reader {
    return { m: this.#phrasebook ?? (moves as unknown as Messages), locale, names };
  }

  /**
   * A phrase of shared code (a move, a headline, a problem) in this page's language. A problem's
   * words may not be here yet: then '' for the moment it takes to fetch them (the screen re-renders).
   */
  say(phrase: Phrase, names?: Names): string {
    // A problem's phrase may hold a move ("not part of this step: {move}"), never the other way round.
    if (!this.#phrasebook && !(phrase.key in moves)) {
      void this.prefetchProblems();
      return '';
    }
    return render(this.reader(names), phrase);
  }

  /** What this person calls someone: the name they gave, or their seat's label in this language. */
  name(names: Names, seat: Seat): string {
    return nameFor(this.reader(names), seat);
  }

  /** What went wrong: the reason when it came with one, else what its code means ('' for the moment it takes to fetch the words). */
  explain(problem: Problem, names?: Names): string {
    if (!this.#phrasebook) {
      void this.prefetchProblems();
      return '';
    }
    return problem.reason ? this.say(problem.reason, names) : (this.#phrasebook[SAID_BY_CODE[problem.code]] as () => string)();
  }

  /** A list of words joined as this language joins them ("A, B and C"). */
  list(items: string[]): string {
    return new Intl.ListFormat(locale, { type: 'conjunction' }).format(items);
  }
}

export const lang = new Language();
