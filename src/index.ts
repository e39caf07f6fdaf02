/**
 * Second-best delegation against dishonest LLM providers: a reference implementation of the
 * mechanism of arXiv:2511.00847 as formalized in this project's specification (proofs-notes §0–§11), with exact arithmetic.
 *
 * The public API, by layer:
 * - **exact** — the project's `Decimal`, the money grid and exact sums;
 * - **model** — provider types (abstract and LLM), instances, assumptions A/D/IR;
 * - **codec** — io-ts schemas for scenario files (decode, encode, guard, arbitrary);
 * - **mechanism** — SBD(ε) and the baselines;
 * - **strategy** — the recommended profile τ* and the deviation families;
 * - **sim** — the seeded streaming engine and its exact ledger;
 * - **theory** — the bounds of Theorems 1–3.
 *
 * @example
 * ```ts
 * import * as E from 'fp-ts/lib/Either.js'
 * import { Decimal, buildInstanceModel, parseScenarioText, recommended, sbd, simulate } from 'second-best-delegation'
 *
 * const run = E.chain(buildInstanceModel)(parseScenarioText(text))
 * // then: simulate(model, sbd(new Decimal('0.25'), true), [recommended, recommended], { T: 100_000, seed: 1 })
 * ```
 *
 * @packageDocumentation
 */
export { Decimal, PRECISION, PRECISION_RECORD, ROUNDING } from './exact/decimal.ts'
export { type Grid, fromUnits, gridFor, gridOf, toUnits } from './exact/grid.ts'
export { type ExactSum, addUnits, newSum, sumValue } from './exact/exact-sum.ts'
export { ceilPow } from './exact/ceil-pow.ts'

export type * from './model/types.ts'
export type { ProviderModel } from './model/provider-model.ts'
export { type InstanceModel, benchmarks, buildInstanceModel } from './model/instance-model.ts'
export { type AssumptionReport, type Verdict, checkAssumptions } from './model/assumptions.ts'
export type { OutcomeTable } from './model/outcome-table.ts'

export { Scenario, type ScenarioJson, instanceArbitrary, scenarioCodec } from './codec/instance.ts'
export { decodeScenario, parseScenarioText } from './codec/report-errors.ts'
export { type BuiltLlmInstance, type FactRow, type LlmBuildOptions, type ProviderChoice, buildLlmInstance, decodeFacts, readFactsFile } from './codec/facts.ts'
export type { Schema } from './codec/schema.ts'
export {
  Epsilon,
  type EpsilonBrand,
  Horizon,
  type HorizonBrand,
  PROVIDER_ID_PATTERN,
  Probability,
  type ProbabilityBrand,
  ProviderId,
  type ProviderIdBrand,
  Round,
  type RoundBrand,
  TokenCount,
  type TokenCountBrand,
  Usd,
  type UsdBrand,
} from './codec/leaves.ts'

export * from './mechanism/index.ts'
export { type SbdConstants, explorationRadius, sbdConstants, slackAfter } from './mechanism/constants.ts'
export { roundRobin } from './mechanism/round-robin.ts'
export { type FiringTest, fires, firesExactly, firingFilter, prepareFiringTest, slackFloat } from './mechanism/firing-test.ts'

export * from './strategy/index.ts'

export { type RunResult, type RunSettings, simulate } from './sim/engine.ts'
export type { Mechanism, MechanismContext, MechanismOutcome, MechanismRun, ProviderContext, Strategy, StrategyRun } from './sim/interfaces.ts'
export { type Phase, type PublicView, PHASES } from './sim/public-view.ts'
export { type Ledger, checkIdentity, providerUtility, userUtility } from './sim/ledger.ts'
export { type RunParameters, runReport } from './sim/run-report.ts'

export { eta, etaOff, etaOn, secondBestExcess, secondBestShortfall } from './theory/bounds.ts'
