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

/**
 * What only that seat may be called: each seat's label in every language the app speaks (the
 * catalog's `seat_a`, `seat_b`, `seat_m`; a test keeps the two in step). A person without a
 * name is shown as their seat's label, so taking another seat's label would misattribute what is said.
 */
export const SEAT_LABELS: Readonly<Record<Seat, readonly string[]>> = {
  A: ['Partner A', 'Persona A'],
  B: ['Partner B', 'Persona B'],
  M: ['Mediator', 'Persona mediadora'],
};
