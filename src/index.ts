/**
 * Second-best delegation against dishonest LLM providers: a reference implementation of the
 * mechanism SBD(ε) of arXiv:2511.00847 as the public specification in `proofs-notes/` states it
 * (§1–§12), with exact arithmetic.
 *
 * The public API, by layer (each layer imports only from the layers above it):
 * - **exact** — the project's `Decimal`, the money grid and exact sums (proofs-notes §3.4);
 * - **model** — provider types (abstract and LLM), instances, assumptions A/D/IR (§1, §2);
 * - **codec** — io-ts schemas for scenario files: decode, encode, guard, arbitrary, JSON Schema;
 * - **sim** — the seeded streaming engine, its plug-in interfaces and the exact ledger (§9.1, §9.2);
 * - **mechanism** — SBD(ε) and the baselines (§3, §4);
 * - **strategy** — the recommended profile τ* and the deviation families (§5);
 * - **theory** — the bounds of Theorems 1–3 (§6–§8);
 * - **stats** — exact summaries of replicated runs (§9.6);
 * - **analysis** — exact expectations and optimal deviations by dynamic programming (§10);
 * - **replication**, **sweep** — replicated runs of one setting, and grids of runs in shards (§11).
 *
 * Not exported: `src/obligations/`, the proof obligations of §12 as data (Z3, a development
 * dependency, discharges them in `properties/obligations/`).
 *
 * @example A first simulation: SBD(ε = 0.25) with the exploration rebate, both providers playing τ*.
 * ```ts
 * import { readFileSync } from 'node:fs'
 * import { Either as E, pipe, Decimal, buildInstanceModel, fromUnits, parseScenarioText, recommended, sbd, simulate, userUtility } from 'second-best-delegation'
 *
 * const result = pipe(
 *   parseScenarioText(readFileSync('examples/two-provider-abstract.json', 'utf8')),
 *   E.mapLeft((errors) => errors.join('\n')),
 *   E.chain(buildInstanceModel),
 *   E.chain((model) => simulate(model, sbd(new Decimal('0.25'), true), [recommended, recommended], { T: 10_000, seed: 1 })),
 *   E.map((run) => fromUnits(run.ledger.grid, userUtility(run.ledger)).toString()),
 * )
 * console.log(E.isRight(result) ? `U = ${result.right} USD` : result.left)
 * ```
 *
 * @categoryDescription exact
 * The project's `Decimal` (50 significant digits, half-even), the money grid and exact sums (proofs-notes §3.4).
 * @categoryDescription model
 * Instances, provider types and frontiers, benchmarks, assumptions A, D and IR (proofs-notes §1, §2).
 * @categoryDescription codec
 * Scenario files: one schema layer gives the io-ts codec, the guard, the fast-check arbitrary and the JSON Schema.
 * @categoryDescription sim
 * The seeded streaming engine, the plug-in interfaces of mechanisms and strategies, the exact ledger (proofs-notes §9.1, §9.2).
 * @categoryDescription mechanism
 * SBD(ε), its constants and exact firing test, and the baselines (proofs-notes §3, §4).
 * @categoryDescription strategy
 * The recommended profile τ*, the deviation families and the exact noise-free best response (proofs-notes §5).
 * @categoryDescription theory
 * The bounds of Theorems 1–3 (proofs-notes §6–§8) and the harm bound of Theorem 4 (§14).
 * @categoryDescription analysis
 * Exact expectations under τ* and optimal deviations by dynamic programming, n ≤ 3, Bernoulli outcomes (proofs-notes §10).
 * @categoryDescription stats
 * Exact summaries of replicated runs and their confidence intervals (proofs-notes §9.6).
 * @categoryDescription replication
 * One setting replicated on consecutive seeds: mean, standard error and 95% interval of every quantity (`sbd simulate --reps`).
 * @categoryDescription sweep
 * Grids of runs split into shards across machines, and the merge of the shards (`sbd sweep`, `sbd merge`).
 *
 * @module second-best-delegation
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
export {
  type BuiltLlmInstance,
  type FactRow,
  type LlmBuildOptions,
  type ProviderChoice,
  buildLlmInstance,
  decodeFacts,
  readFactsFile,
} from './codec/facts.ts'
export type { Schema } from './codec/schema.ts'
export { type JsonSchema, scenarioJsonSchema } from './codec/json-schema.ts'
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

export { ENGINE_KINDS, type EngineKind, type RunResult, type RunSettings, simulate } from './sim/engine.ts'
export type { LeapStats } from './sim/leap.ts'
export type { BlockSampler } from './sampling/index.ts'
export type {
  Mechanism,
  MechanismContext,
  MechanismOutcome,
  MechanismRun,
  ProviderContext,
  Strategy,
  StrategyRun,
} from './sim/interfaces.ts'
export { type Phase, type PublicView, PHASES, openView } from './sim/public-view.ts'
export { type Ledger, checkIdentity, providerUtility, userUtility } from './sim/ledger.ts'
export { type RunParameters, runReport } from './sim/run-report.ts'

export {
  MECHANISM_NAMES,
  type MechanismName,
  type MechanismParams,
  firstBestOracle,
  mechanismByName,
  payTheBill,
  postedTarget,
  reputationUcb,
  sbd,
  targetMix,
  checkBonus,
  paidWithBonus,
  MAX_BONUS,
  MAX_BONUS_PLACES,
} from './mechanism/index.ts'
export { type SbdConstants, explorationRadius, sbdConstants, slackAfter } from './mechanism/constants.ts'
export { type FiringTest, firesExactly, prepareFiringTest } from './mechanism/firing-test.ts'

export {
  type ActionMenu,
  type ExactSlackRidingOptions,
  type NoiseFreeBestResponse,
  type NoiseFreeOptions,
  type Rule,
  type RuleCondition,
  type RulePlay,
  MAX_STRATEGY_NAME_LENGTH,
  STRATEGY_NAMES,
  type SlackRidingOptions,
  type StationaryAction,
  type StationaryProfile,
  actionMenu,
  arbitraryRules,
  bestResponseStrategy,
  deliverer,
  describeRules,
  describeStationaryAction,
  endgameCheating,
  exactSlackRiding,
  maxDeficitUnits,
  explorationShading,
  fullCheat,
  honest,
  isMonitoredServer,
  marginWithholding,
  mimic,
  noiseFreeSlackRide,
  recommended,
  ruleStrategy,
  serverMargin,
  slackRiding,
  stationaryPerPhase,
  strategyByName,
} from './strategy/index.ts'

export { eta, etaOff, etaOn, secondBestExcess, secondBestShortfall, shortfallProvisoHolds } from './theory/bounds.ts'
export {
  type BonusChoice,
  type HarmBound,
  type HarmBoundContext,
  type ShadeBounds,
  bonusCost,
  bonusMinimizingWorstCase,
  harmBound,
  harmBoundContext,
  shadeBounds,
  stationaryBonuses,
} from './theory/harm-bound.ts'
export {
  type FamilyGrid,
  type Fraction,
  type ImpossibilityConstant,
  familyGrid,
  familyInstance,
  impossibilityConstant,
  impossibilityConstantForGrid,
  impossibilityConstantFraction,
  impossibilityConstantOfGaps,
  ratioAtMost,
} from './theory/impossibility.ts'
export {
  impossibilitySlackConstantForGrid,
  impossibilitySlackConstantFraction,
  impossibilitySlackConstantOfGaps,
  slackRatioAtMost,
  witnessDepth,
} from './theory/impossibility-slack.ts'

export { SE_DIGITS, meanUsd, seUsd } from './stats/summary.ts'

export { type Estimate, type EstimateJson, CI_METHOD, estimate, estimateJson } from './stats/interval.ts'
export { T_QUANTILE_DIGITS, tQuantile975 } from './stats/student-t.ts'
export { type SlopeFit, boundSlope, logLogSlope, olsLogLogSlope } from './stats/loglog-slope.ts'
export { type MechanismSetting, type RunOutcome, type RunSpec, outcomeOf, playRun, preflight } from './replication/run.ts'
export {
  BUILTIN_PARAMETERS,
  BUILTIN_REGISTRY,
  MECHANISM_PARAMETERS,
  type MechanismEntry,
  type MechanismParameter,
  type MechanismValues,
  PLUGIN_NAME,
  type Plugin,
  type Registry,
  type StrategyEntry,
  type StrategyParameter,
  extendRegistry,
  isMechanismName,
  mechanismIn,
  mechanismNames,
  parametersOf,
  strategyIn,
} from './plugin/registry.ts'
export { loadPlugins } from './plugin/load.ts'
export { type ExperimentsResult, type StudySpec, runStudy, scenarioStudy } from './experiments/run-all.ts'
/**
 * fp-ts's `Either` module, re-exported so that examples and plug-ins need no other dependency:
 * `import { Either as E } from 'second-best-delegation'`, then `E.right`, `E.isLeft`, `E.chain`, ….
 */
export * as Either from 'fp-ts/lib/Either.js'
/** fp-ts's `pipe` (left-to-right composition), re-exported for the same reason as {@link Either}. */
export { pipe } from 'fp-ts/lib/function.js'
export {
  type DeviationCheckOptions,
  type DeviationVerdict,
  type ReplicationRange,
  deviationCheck,
  replicateObjects,
} from './replication/with-objects.ts'
export {
  ASSUMPTION_NAMES,
  type AssumptionName,
  type AssumptionVerdict,
  assumptionVerdicts,
  assumptionWarnings,
  checkP,
  checkU,
} from './model/assumption-verdicts.ts'
export { type ReplicationSummary, MAX_REPS, MAX_SEED, replicationSpecs, summarizeOutcomes } from './replication/replicate.ts'
export { Grid as SweepGrid, type GridPoint, type Shard, gridSize, pointAt, shardIndices } from './sweep/grid.ts'
export { RunRecord, ShardManifest } from './sweep/record.ts'
export { type MergedRuns, type ShardData, combineShards } from './sweep/merge.ts'
export * from './analysis/index.ts'
export { exportedValue, optimalStintStrategy } from './analysis/policy-strategy.ts'
export { familyPlays } from './analysis/families.ts'
