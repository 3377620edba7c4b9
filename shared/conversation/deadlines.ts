import { type RoomSnapshot, Step, stepOf } from './moves';
import { Deadline } from './types';

export interface PendingDeadline {
  deadline: Deadline;
  dueAt: number;
}

/**
 * The timers a runner must arm for this state. Deadlines live in the context as absolute
 * times, so a runner that restarts (or another process) re-arms exactly the same ones; one that
 * passed while nobody was running fires at once.
 */
export function pendingDeadlines(snapshot: Pick<RoomSnapshot, 'value' | 'context'>): PendingDeadline[] {
  const ctx = snapshot.context;
  const out: PendingDeadline[] = [];
  if (ctx.floor?.turnEndsAt != null) out.push({ deadline: Deadline.Turn, dueAt: ctx.floor.turnEndsAt });
  if (ctx.pause && stepOf(snapshot) === Step.Paused) out.push({ deadline: Deadline.Pause, dueAt: ctx.pause.endsAt });
  return out;
}
