import { findOffLimits } from '../offLimits';
import type { KeyPoint } from './scenarios';

/** What a mirror covered and missed, and how to say it in the method's words. */
export interface MirrorFeedback {
  covered: KeyPoint[];
  missed: KeyPoint[];
  /** Covered points over all points, 0..1. */
  coverage: number;
  /** The method's words: one sentence of advice. */
  advice: string;
}

/**
 * How the feedback works, shown on screen as is: no scoring model, just words.
 */
export const MIRROR_METHOD =
  'Each thing your partner said has a few words that carry it. A point counts as heard when your mirror uses one of those words, or a close form (plural, -ing, -ed, any case or accent). Your own words are fine; the check only looks for the key word.';

/** Checks a mirror against the statement's key points, with the same forgiving matching as off-limits topics. */
export function assessMirror(mirror: string, keyPoints: readonly KeyPoint[]): MirrorFeedback {
  const covered: KeyPoint[] = [];
  const missed: KeyPoint[] = [];
  for (const point of keyPoints) {
    const cues = point.cues.map((text, i) => ({ id: `${point.id}:${i}`, text }));
    (findOffLimits(mirror, cues).length > 0 ? covered : missed).push(point);
  }
  const coverage = keyPoints.length === 0 ? 1 : covered.length / keyPoints.length;
  const startsWell = /^\s*(what i heard|i heard|so you|you said|it sounds like|what i hear)/i.test(mirror);
  const advice =
    missed.length === 0
      ? startsWell
        ? 'You caught every point. Now ask: "Did I get that? Is there more?"'
        : 'You caught every point. Try opening with "What I heard is …" so it lands as a mirror.'
      : `You missed ${missed.map((p) => p.label).join(' and ')}. Try: "What I heard is … Did I get that?"`;
  return { covered, missed, coverage, advice };
}
