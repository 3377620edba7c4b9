import type { Locale } from '../i18n/locales';

/**
 * Practice scenarios, written by us in each language the app speaks (`scripts/<locale>.ts`): a scripted partner says a few short things, each with the
 * key points a good mirror covers. Cues are the words that carry a point; matching is as
 * forgiving as off-limits matching (case, accents, plurals, simple inflections).
 *
 * A clarification is the partner's answer to any incomplete mirror, so it must name every key
 * point in words the cues accept: a person who mirrors it back is then always heard, instead of
 * being told "not quite" forever. Multi-word cues match word for word, so "on my own" needs its
 * "your"/"their" forms listed too.
 */
export interface KeyPoint {
  id: string;
  /** How the point is named in feedback: "that they waited an hour". */
  label: string;
  /** Any one of these, in the mirror, counts the point as heard. */
  cues: string[];
}

export interface ScriptedStatement {
  text: string;
  keyPoints: KeyPoint[];
  /** What the partner says when a mirror missed something. */
  clarification: string;
}

export interface Scenario {
  id: string;
  title: string;
  /** One line to set the scene for the person practising. */
  setting: string;
  /** The partner's turn: one statement per round; "is there more?" answers yes while rounds remain. */
  rounds: ScriptedStatement[];
  /** When the person practises speaking: a nudge toward their own side of it. */
  yourTurnPrompt: string;
}

/** A key point of a statement: its id, how feedback names it, and the words that count it as heard. */
export const kp = (id: string, label: string, ...cues: string[]): KeyPoint => ({ id, label, cues });

/**
 * Everything practice says in one language that is content rather than interface: the scenarios
 * (each statement with the words that carry its points, which only that language's words can
 * match), the scripted partner's own lines, and how that language's mirrors begin.
 */
export interface PracticeScript {
  locale: Locale;
  scenarios: readonly Scenario[];
  /** How a mirror begins in this language ("what I heard", "lo que he oído"), folded: one that starts so lands as a mirror. */
  mirrorOpeners: readonly string[];
  /** The scripted partner's words when it listens. */
  partner: { mirror(heard: string): string; validate: string; empathize: string };
}
