/**
 * Practice mode: the same machine, a scripted partner, and transparent feedback on mirrors. Each
 * language's script is its own module (`scripts/<locale>.ts`; `scriptFor` in `scripts/index.ts`),
 * so a page of one language carries no other's.
 */
export { kp, type Scenario, type KeyPoint, type ScriptedStatement, type PracticeScript } from './scenarios';
export { assessMirror, MirrorAdvice, type MirrorFeedback } from './mirrorFeedback';
export { hotSeatSetup, partnerMove, practiceFinished, practiceSetup, PRACTICE_PARTNER, PRACTICE_PERSON, type PracticeProgress, type SaidSoFar } from './practicePartner';

