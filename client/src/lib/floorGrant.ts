import type { RoomContext, Seat } from '../../../shared/conversation';
import type { RecordEntry } from '../../../shared/protocol';
import * as m from '$messages';
import { lang } from './language.svelte';

/**
 * The mediator's grant of the floor, said to whoever reads it: in the record, and to both
 * partners right after it ("The mediator gave the floor to you").
 */
export function grantLine(e: RecordEntry & { to: Seat }, me: Seat | null, names: RoomContext['names'] | undefined): string {
  const name = (s: Seat) => lang.name(names, s);
  if (e.seat === me) return m.record_grant_you_gave({ to: name(e.to) });
  return e.to === me ? m.record_grant_to_you({ who: name(e.seat as Seat) }) : m.record_grant({ who: name(e.seat as Seat), to: name(e.to) });
}
