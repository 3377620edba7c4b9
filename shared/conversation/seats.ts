/**
 * Who can act in a room. Partners A and B hold the conversation; M is the optional mediator.
 * `system` is what the runner stamps on events it raises itself (deadlines), never a person.
 */
export const Seat = { A: 'A', B: 'B', Mediator: 'M' } as const;
export type Seat = (typeof Seat)[keyof typeof Seat];

/** The two seats that hold the conversation: they speak, listen, sign and close. */
export type Partner = typeof Seat.A | typeof Seat.B;

export const PARTNERS: readonly Partner[] = [Seat.A, Seat.B];
export const SEATS: readonly Seat[] = [Seat.A, Seat.B, Seat.Mediator];

export const SYSTEM = 'system' as const;
export type Actor = Seat | typeof SYSTEM;

export function isPartner(seat: Actor): seat is Partner {
  return seat === Seat.A || seat === Seat.B;
}

/** The partner who is not `p`. */
export function otherPartner(p: Partner): Partner {
  return p === Seat.A ? Seat.B : Seat.A;
}

/** Names a person reads on screen when nobody gave a name; the seat letters stay internal. */
export const SEAT_LABEL: Record<Seat, string> = { A: 'Partner A', B: 'Partner B', M: 'Mediator' };

/**
 * What to call the person in `seat`: the first name they gave, or their seat's label. Takes the
 * names loosely, so a room stored before names existed still reads.
 */
export function nameOf(room: { names?: Partial<Record<Seat, string>> }, seat: Seat): string {
  return room.names?.[seat] || SEAT_LABEL[seat];
}
