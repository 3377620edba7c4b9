import type { Seat } from '../conversation/seats';
import type { Locale } from './locales';
import type * as Moves from './paraglide/phrasebook-moves.js';
import type * as Problems from './paraglide/phrasebook-problems.js';

/**
 * What the app says, without saying it in any one language yet. Shared code (the machine's
 * refusals, the seat projection's moves and headlines) names a message of the catalog and its
 * inputs; each page renders it in its own person's language. So two people in one room can read
 * it in two languages, and the server never needs to know either.
 */

/**
 * The phrasebook: the messages shared code names by key (the `moves` and `problems` areas of
 * `shared/i18n/messages/`), in one language. The screens' other messages are called by name.
 */
export type Messages = typeof Moves & typeof Problems;
export type MessageKey = keyof Messages;
type InputsOf<K extends MessageKey> = NonNullable<Parameters<Messages[K]>[0]>;
type HasInputs<K extends MessageKey> = [keyof InputsOf<K>] extends [never] ? false : true;

/** Someone in the room, as the reader will call them: the first name they gave, or their seat's label in the reader's language. */
export interface Person {
  seat: Seat;
}

/** What an input of a phrase can be: plain text or a number, a person, a list of people ("Sam and Alex"), or another phrase. */
export type PhraseValue = string | number | Person | readonly Person[] | Phrase;
type ParamsOf<K extends MessageKey> = { [P in keyof InputsOf<K>]: PhraseValue };

export type Phrase = { [K in MessageKey]: HasInputs<K> extends true ? { key: K; params: ParamsOf<K> } : { key: K; params?: undefined } }[MessageKey];

/** A phrase of the catalog: `phrase('move_speaking', { speaker: person('A'), listener: person('B') })`. */
export function phrase<K extends MessageKey>(key: K, ...params: HasInputs<K> extends true ? [ParamsOf<K>] : []): Phrase {
  return (params.length ? { key, params: params[0] } : { key }) as Phrase;
}

export const person = (seat: Seat): Person => ({ seat });

/** Who reads: the phrasebook and their language, and the names people gave in the room they are in. */
export interface Reader {
  m: Messages;
  locale: Locale;
  names?: Partial<Record<Seat, string>> | undefined;
}

const SEAT_LABEL_KEY = { A: 'seat_a', B: 'seat_b', M: 'seat_m' } as const satisfies Record<Seat, MessageKey>;

/** What `reader` calls the person in `seat`: the name they gave, or the seat's label ("Partner A", "Persona A"). */
export function nameFor(reader: Reader, seat: Seat): string {
  return reader.names?.[seat] || reader.m[SEAT_LABEL_KEY[seat]](undefined, { locale: reader.locale });
}

const isPerson = (v: PhraseValue): v is Person => typeof v === 'object' && 'seat' in v;
const isPhrase = (v: PhraseValue): v is Phrase => typeof v === 'object' && 'key' in v;

function value(reader: Reader, v: PhraseValue): string | number {
  if (typeof v === 'string' || typeof v === 'number') return v;
  if (Array.isArray(v)) return new Intl.ListFormat(reader.locale, { type: 'conjunction' }).format(v.map((p: Person) => nameFor(reader, p.seat)));
  if (isPerson(v as PhraseValue)) return nameFor(reader, (v as Person).seat);
  if (isPhrase(v as PhraseValue)) return render(reader, v as Phrase);
  return String(v);
}

/** The phrase in the reader's language, with people named as the reader knows them. */
export function render(reader: Reader, p: Phrase): string {
  const message = reader.m[p.key] as (inputs: Record<string, string | number> | undefined, options: { locale: Locale }) => string;
  const options = { locale: reader.locale };
  if (!p.params) return message(undefined, options);
  const inputs: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(p.params as Record<string, PhraseValue>)) inputs[k] = value(reader, v);
  return message(inputs, options);
}
