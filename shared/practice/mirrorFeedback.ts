import { findOffLimits } from '../offLimits';
import type { KeyPoint } from './scenarios';

/** What to advise after a mirror: every point heard (and it began as a mirror, or not), or some missed. */
export const MirrorAdvice = { Complete: 'complete', CompleteNoOpener: 'complete_no_opener', Missed: 'missed' } as const;
export type MirrorAdvice = (typeof MirrorAdvice)[keyof typeof MirrorAdvice];

/** What a mirror covered and missed; the page says the advice in the method's words, in its person's language. */
export interface MirrorFeedback {
  covered: KeyPoint[];
  missed: KeyPoint[];
  /** Covered points over all points, 0..1. */
  coverage: number;
  advice: MirrorAdvice;
}

const fold = (text: string) => text.toLowerCase().normalize('NFKD').replace(/\p{M}+/gu, '').trimStart();

/**
 * Checks a mirror against the statement's key points, with the same forgiving matching as
 * off-limits topics; `openers` are how a mirror begins in the practice's language.
 */
export function assessMirror(mirror: string, keyPoints: readonly KeyPoint[], openers: readonly string[]): MirrorFeedback {
  const covered: KeyPoint[] = [];
  const missed: KeyPoint[] = [];
  for (const point of keyPoints) {
    const cues = point.cues.map((text, i) => ({ id: `${point.id}:${i}`, text }));
    (findOffLimits(mirror, cues).length > 0 ? covered : missed).push(point);
  }
  const coverage = keyPoints.length === 0 ? 1 : covered.length / keyPoints.length;
  const folded = fold(mirror);
  const startsWell = openers.some((o) => folded.startsWith(o));
  const advice = missed.length ? MirrorAdvice.Missed : startsWell ? MirrorAdvice.Complete : MirrorAdvice.CompleteNoOpener;
  return { covered, missed, coverage, advice };
}
