/**
 * Exact analysis by dynamic programming (proofs-notes §10). On abstract instances with two-outcome
 * (Bernoulli) noise and two or three providers, SBD(ε) against one deviating provider is a finite
 * Markov decision problem whose state is the exploration sums and, per stint, the monitored rounds
 * and successes `(j, k)`; the firing test depends on `(j, k)` only. This layer computes, without
 * sampling, the expectations `E[U]` and `E[Π_i]` under τ* (by propagating the law of that state)
 * and an upper bound on every provider's optimal deviation over all strategies (by backward
 * induction, the deviator told its top rival's exploration sum in advance), the exact value of a
 * deviation the engine can play (a lower bound), and for each number an error bound computed
 * alongside it that covers every floating-point operation (checked against exact rational arithmetic). Noise-free instances with linear frontiers are
 * analysed exactly in decimal instead (one engine run and Proposition 6.6's best response). It sits above `src/strategy` and `src/theory` and
 * below `src/experiments`; the mechanism is read through a plain description ({@link MechanismRules})
 * built exactly as `src/mechanism` decides. For two providers it also brackets the harm `H_i(ζ)`
 * a provider can do to the user at a cost of at most `ζ` to itself (proofs-notes §14.9: a
 * Lagrangian programme's lower bound on the least `E[U]`, and a playable strategy's exact `E[U]`).
 *
 * @module
 */
export { type AchievableValue, type Valued, achievableValue, policyStintValue, recordedStintPolicy } from './achievable.ts'
export { type Dec, type ExactReference, distance, exactReference } from './exact-reference.ts'
export {
  type AchievableDeviation,
  type Analysis,
  type ProviderAnalysis,
  MAX_HORIZON,
  analyze,
  analyzeWith,
  fromNoiseFree,
  provenBound,
  sbdContext,
} from './analyze.ts'
export { type NoiseFreeAnalysis, type NoiseFreeProvider, noiseFreeAnalysis, noiseFreeScope } from './noise-free.ts'
export { type AnalysisContext, analysisContext } from './context.ts'
export { type DeviationValue, type FixedPlay, deviationValue } from './deviation.ts'
export { type DpAction, type DpInstance, type DpProvider, MAX_PROVIDERS, dpInstance } from './instance.ts'
export { type MechanismRules, rebateFactor, sbdRules } from './rules.ts'
export {
  type Candidate,
  type DualSolution,
  type Harm,
  type HarmProblem,
  type PlayableMixture,
  type PlayablePolicy,
  dualValue,
  harmOf,
  harmProblem,
  solveHarm,
} from './harm.ts'
export { harmStrategy } from './harm-strategy.ts'
export type { ShadedExploration, Split } from './lagrangian.ts'
export { type TauStarExpectations, tauStarExpectations } from './tau-star.ts'
