/** Practice mode: the same machine, a scripted partner, and transparent feedback on mirrors. */
export { SCENARIOS, scenarioById, type Scenario, type KeyPoint, type ScriptedStatement } from './scenarios';
export { assessMirror, MIRROR_METHOD, type MirrorFeedback } from './mirrorFeedback';
export { hotSeatSetup, partnerMove, practiceFinished, practiceSetup, PRACTICE_PARTNER, PRACTICE_PERSON, type PracticeProgress, type SaidSoFar } from './practicePartner';
