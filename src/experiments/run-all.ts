/**
 * The best-response study (proofs-notes §11) from one call: {@link runStudy} runs experiments
 * (a)–(d) on the scenarios of a {@link StudySpec}; {@link defaultStudy} is the study `npm start`
 * runs (the default LLM scenario and the abstract instance), {@link scenarioStudy} the study of
 * any scenario file (`sbd experiment study`). `render.ts` turns the result into the files of
 * `results/`; neither writes anything (`write.ts` does).
 *
 * Determinism: everything in the result is a function of the spec (and the package versions it
 * records). It holds no timestamps, durations, paths or worker counts, so two runs with the same
 * spec give byte-identical report.json and CSVs.
 *
 * @module
 */
import { readFileSync } from 'node:fs'
import os from 'node:os'
import * as E from 'fp-ts/lib/Either.js'
import { scenarioCodec } from '../codec/instance.ts'
import { PRECISION_RECORD } from '../exact/decimal.ts'
import { type InstanceModel, buildInstanceModel } from '../model/instance-model.ts'
import type { Instance } from '../model/types.ts'
import type { EngineKind } from '../sim/engine.ts'
import { withProgress } from '../report/progress.ts'
import { SE_DIGITS } from '../stats/summary.ts'
import { type StudyScenario, cellsOf, studyScenario } from './cells.ts'
import { type GainRow, gainRows, remeasureLeaders } from './deviation-gain.ts'
import { type ManipulationRow, manipulationRows } from './manipulation.ts'
import { type Infeasible, type ScenarioPlan, type SearchPlan, planFor } from './plan.ts'
import { BUILTIN_REGISTRY, type Registry } from '../plugin/registry.ts'
import { type Runner, inProcessRunner, workerRunner } from './pool.ts'
import type { StrategySpec } from './specs.ts'
import { type CandidateRow, type StepRow, candidateRows, stepRows } from './responses.ts'
import {
  type ProviderStats,
  type ScenarioDefault,
  DEFAULT_MARKET_DOC,
  abstractScenario,
  loadDefaultLlmScenario,
  providerStats,
} from './scenario.ts'
import { type HarmRow, runHarmStudy } from './harm-study.ts'
import { searchBestResponses } from './search.ts'
import type { SeedPlan } from './seed-plan.ts'
import { type RateRow, rateRows } from './rates.ts'
import { type ShortfallRow, shortfallRows } from './shortfall.ts'
import { type ProviderRow, type UtilityRow, providerRows, utilityRows } from './utility.ts'

/** Options of {@link runStudy} and {@link runExperiments}. */
export interface ExperimentOptions {
  /** Master seed (every run's seed derives from it). */
  readonly seed: number
  /** Small horizons (seconds instead of minutes), for tests and smoke checks. */
  readonly quick?: boolean
  /** Seeds per cell for each use (default: 16, quick: 2). */
  readonly seeds?: number
  /**
   * Worker threads (default: 0 in quick mode, else up to 2, one per core). The result does not
   * depend on it; if the workers cannot start, the study runs in this thread.
   */
  readonly workers?: number
  /** Called after every batch with its label, task count and wall time (diagnostics; not in the result). */
  readonly onStage?: (label: string, tasks: number, milliseconds: number) => void
}

/** One scenario of a study, as given. */
export interface StudyInput {
  /** Id used in rows and file names (letters, digits, `-`). */
  readonly id: string
  readonly instance: Instance
  /** Facts rows left out (LLM default scenario: substitutes without a sourced MMLU score). */
  readonly excluded: readonly string[]
  /** Documented market defaults (LLM default scenario only). */
  readonly defaults: readonly ScenarioDefault[]
  readonly plan: ScenarioPlan
  /** Mixed into the master seed, so scenarios get different seeds. */
  readonly salt: number
}

/** A whole study: search settings and scenarios. */
export interface StudySpec extends SearchPlan {
  /** One line saying what the study is. */
  readonly study: string
  readonly scenarios: readonly StudyInput[]
  /**
   * Plug-in strategies (names of `registry`) that join every provider's family (§5), after the
   * built-in members; absent: none.
   */
  readonly pluginStrategies?: readonly string[]
  /** Where plug-in names are resolved (worker threads load its files); absent: built-in names only. */
  readonly registry?: Registry
  /** The engine of every run (proofs-notes §13.3); absent: `rounds` (the default study and {@link scenarioStudy} say `leap`). */
  readonly engine?: EngineKind
  /** Whether to add the exact harm `H_i(ζ)` on the two-provider example (proofs-notes §14.9; `harm-study.ts`); absent: no. */
  readonly harm?: boolean
}

/** A scenario as the report describes it. */
export interface ScenarioReport {
  readonly id: string
  readonly name: string
  /** `llm` or `abstract`. */
  readonly kind: string
  /** The scenario file (as in `examples/`). */
  readonly instance: unknown
  readonly excluded: readonly string[]
  readonly defaults: readonly ScenarioDefault[]
  readonly xLo: string
  readonly xHi: string
  readonly R: string
  /** Money grid of the run: `1e-k USD`. */
  readonly moneyGrid: string
  readonly assumptions: InstanceModel['assumptions']
  readonly providers: readonly ProviderStats[]
  /** Horizons and ε values of its cells. */
  readonly horizons: readonly number[]
  /** Larger horizons at which only the headline setting runs (see `ScenarioPlan.headlineHorizons`). */
  readonly headlineHorizons: readonly number[]
  readonly epsilons: readonly string[]
  /** Its seeds by use (pairwise disjoint; proofs-notes §11.2). */
  readonly seeds: SeedPlan
}

/** Everything the study produced (JSON-ready; money as exact decimal strings). */
export interface ExperimentsResult {
  readonly meta: {
    readonly study: string
    readonly seed: number
    readonly quick: boolean
    readonly bestResponse: string
    readonly passes: number
    /** Standard errors a gain must exceed for a provider to switch strategy. */
    readonly significance: number
    readonly seedPlan: string
    readonly precision: typeof PRECISION_RECORD
    readonly standardErrors: string
    readonly versions: Readonly<Record<string, unknown>>
    /** The engine of the study's runs (proofs-notes §13.3). */
    readonly engine: EngineKind
  }
  readonly scenarios: readonly ScenarioReport[]
  /** SBD(ε) horizons that cannot run (`T < (n+1)·⌈T^(1−ε)⌉ + 1`), left out. */
  readonly infeasible: readonly Infeasible[]
  /** (a) user utility per query. */
  readonly utility: readonly UtilityRow[]
  /** (a) per provider: final strategy, profit, rounds. */
  readonly providers: readonly ProviderRow[]
  /** Best-response search: one row per provider step, and every scored candidate. */
  readonly steps: readonly StepRow[]
  readonly candidates: readonly CandidateRow[]
  /** (b) largest deviation gain vs η. */
  readonly gains: readonly GainRow[]
  /** (c) shortfall from the second-best per query. */
  readonly shortfall: readonly ShortfallRow[]
  /** (d) manipulation per provider and phase (LLM scenarios). */
  readonly manipulation: readonly ManipulationRow[]
  /** Rates in T: fitted log-log slopes of (b)'s gain and (c)'s shortfall per SBD series, beside the bounds' (proofs-notes §11.3). */
  readonly rates: readonly RateRow[]
  /** The exact harm `H_i(ζ)` on the two-provider example (proofs-notes §14.9), when the study asks for it. */
  readonly harm?: readonly HarmRow[]
}

const BEST_RESPONSE_METHOD = (z: number): string =>
  "Pass 1: every member of every provider's strategy family is scored against τ* of the others on the search seeds (common random numbers: the same seeds for every profile of a cell). " +
  `A provider proposes the family member with the largest mean profit among those whose gain over its current strategy exceeds ${z} standard errors on the search seeds, and switches to it only if the gain exceeds ${z} standard errors again on the filter seeds (replication; a maximum over many noisy candidates would otherwise be adopted on noise — e.g. exploration play under the rebate with a pure-transfer frontier is exactly as good as honest play in expectation). ` +
  'Pass 2: one Gauss–Seidel sweep — providers in index order re-pick against the current profile; a provider whose opponents are unchanged since it was last scored keeps its choice. ' +
  '"converged" means pass 2 changed nobody (the profile is then a mutual best response within the families, up to that significance, on these seeds). ' +
  "A candidate that plays exactly the current strategy's action in every round it serves on a seed, and under the leaping engine also declares the same stability whenever the engine asks (checked by running it alongside), has that seed's profit without being simulated. " +
  'What the search selected is measured on the re-measure seeds, which took no part in selecting it: the final profile (experiments a, c, d) and the largest pass-1 deviation (experiment b).'

const SEED_PLAN =
  'Per scenario, one stream of distinct seeds from the master seed is cut into search, filter and re-measure seeds (pairwise disjoint, checked before any run). Search: scoring candidates. Filter: replicating a proposed switch. Re-measure: every reported estimate of something the search selected (proofs-notes §11.2).'

const packageVersions = (): Readonly<Record<string, unknown>> => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as Record<string, unknown>
    return {
      package: `${String(pkg.name)}@${String(pkg.version)}`,
      nodeMajor: Number(process.versions.node.split('.')[0]),
      dependencies: pkg.dependencies ?? {},
      devDependencies: pkg.devDependencies ?? {},
    }
  } catch {
    return { nodeMajor: Number(process.versions.node.split('.')[0]) }
  }
}

const scenarioReport = (input: StudyInput, s: StudyScenario): ScenarioReport => ({
  id: s.id,
  name: s.model.instance.name,
  kind: s.model.instance.kind,
  instance: scenarioCodec.encode(s.model.instance),
  excluded: input.excluded,
  defaults: input.defaults,
  xLo: s.model.xLo.toString(),
  xHi: s.model.xHi.toString(),
  R: s.model.R.toString(),
  moneyGrid: `1e-${s.model.grid.k} USD`,
  assumptions: s.model.assumptions,
  providers: providerStats(s.model),
  horizons: s.plan.horizons,
  headlineHorizons: s.plan.headlineHorizons ?? [],
  epsilons: s.plan.epsilons,
  seeds: s.seeds,
})

const unwrap = <A>(what: string, e: E.Either<string | readonly string[], A>): A => {
  if (E.isLeft(e)) throw new Error(`${what}: ${typeof e.left === 'string' ? e.left : e.left.join('; ')}`)
  return e.right
}

const makeRunner = (
  inputs: readonly StudyInput[],
  models: ReadonlyMap<string, InstanceModel>,
  workers: number,
  registry: Registry,
): Runner => {
  if (workers < 1 || !registry.fromFilesOnly) return inProcessRunner(models, registry)
  const json = Object.fromEntries(inputs.map((s) => [s.id, scenarioCodec.encode(s.instance)]))
  const pool = workerRunner(json, workers, registry)
  return E.isRight(pool) ? pool.right : inProcessRunner(models, registry)
}

/**
 * Runs a study: searches best responses for every mechanism and horizon of every scenario,
 * re-measures what the search selected on disjoint seeds, and derives the rows of experiments
 * (a)–(d). Shows a progress bar per batch on a TTY. Throws an `Error` if a scenario cannot be
 * built or a run fails (a bug: the CLI validates the scenario first).
 *
 * @param spec - the study: scenarios, plans, search settings, and optionally plug-in strategies with their registry.
 * @param options - worker threads (the result does not depend on them) and a per-batch callback.
 * @returns everything the study measured (JSON-ready).
 *
 * @example Runnable from the repository root (the docs test runs it and compares its output).
 * ```ts
 * import { readFileSync } from 'node:fs'
 * import { Either as E, parseScenarioText, runStudy, scenarioStudy } from 'second-best-delegation'
 *
 * const instance = parseScenarioText(readFileSync('examples/two-provider-abstract.json', 'utf8'))
 * if (E.isLeft(instance)) throw new Error(instance.left.join('\n'))
 * const result = runStudy(scenarioStudy({ seed: 1, instance: instance.right, horizons: [2000], epsilons: ['0.25'], seeds: 2 }), { workers: 0 })
 * for (const u of result.utility) console.log(`${u.label.padEnd(24)} U/T = ${u.userUtilityPerQuery} (profile ${u.profile})`)
 * ```
 *
 * ```text output
 * SBD(ε=0.25, rebate=on)   U/T = 0.27 (profile margin-3R | τ*)
 * SBD(ε=0.25, rebate=off)  U/T = 0.2535 (profile full-cheat | shade(0.2))
 * SBD(ε=0.25, rebate=on, δ=0.1) U/T = 0.248775 (profile margin-3R | τ*)
 * PayTheBill               U/T = 0.29225 (profile full-cheat | τ*)
 * ReputationUCB            U/T = 0.37575 (profile full-cheat | mimic(0.4))
 * PostedTarget(θ=0.6)      U/T = 0.4585 (profile margin-3R | τ*)
 * ```
 */
export const runStudy = (spec: StudySpec, options: Pick<ExperimentOptions, 'workers' | 'onStage'> = {}): ExperimentsResult => {
  const scenarios = spec.scenarios.map((input) => {
    const model = unwrap(`scenario ${input.id}`, buildInstanceModel(input.instance))
    return unwrap(`scenario ${input.id}`, studyScenario(input.id, model, input.plan, spec.seed, input.salt))
  })
  const extra = (spec.pluginStrategies ?? []).map((name): StrategySpec => ({ kind: 'plugin', name }))
  const parts = scenarios.map((s) => cellsOf(s, extra))
  const cells = parts.flatMap((p) => p.cells)
  const workers = options.workers ?? (spec.quick ? 0 : Math.min(2, os.availableParallelism()))
  const plainRunner = makeRunner(spec.scenarios, new Map(scenarios.map((s) => [s.id, s.model])), workers, spec.registry ?? BUILTIN_REGISTRY)
  const engine = spec.engine
  const runner: Runner =
    engine === undefined
      ? plainRunner
      : {
          ...plainRunner,
          run: (tasks, tick) =>
            plainRunner.run(
              tasks.map((t) => ({ ...t, engine })),
              tick,
            ),
        }
  const stage = <A>(label: string, tasks: number, work: (tick: (n?: number) => void) => A): A => {
    const t0 = performance.now()
    const out = withProgress(label, tasks, work)
    options.onStage?.(label, tasks, performance.now() - t0)
    return out
  }
  let results: ReturnType<typeof searchBestResponses>
  let remeasured: ReturnType<typeof remeasureLeaders> extends E.Either<unknown, infer R> ? R : never
  try {
    results = searchBestResponses(runner, cells, { passes: spec.passes, significance: spec.significance, stage })
    remeasured = unwrap('experiment b', remeasureLeaders(runner, results, stage))
  } finally {
    runner.close()
  }
  const harm =
    spec.harm === true
      ? stage('exact harm (§14.9)', 1, (tick) => {
          const rows = unwrap('harm', runHarmStudy(spec.quick))
          tick()
          return rows
        })
      : undefined
  const counts = [...new Set(spec.scenarios.map((s) => `${s.plan.seeds.search}/${s.plan.seeds.filter}/${s.plan.seeds.remeasure}`))]
  return {
    meta: {
      study: spec.study,
      seed: spec.seed,
      quick: spec.quick,
      bestResponse: BEST_RESPONSE_METHOD(spec.significance),
      passes: spec.passes,
      significance: spec.significance,
      seedPlan: `${SEED_PLAN} Seeds per cell (search/filter/re-measure): ${counts.join(', ')}.`,
      precision: PRECISION_RECORD,
      standardErrors: `rounded to ${SE_DIGITS} significant digits; 95% confidence intervals are mean ± t(0.975, k−1)·SE over k independent seeds (proofs-notes §11.3); means are exact decimals (to ${PRECISION_RECORD.significantDigits} significant digits when the seed count has a prime factor other than 2 and 5)`,
      versions: packageVersions(),
      engine: spec.engine ?? 'rounds',
    },
    scenarios: spec.scenarios.map((input, k) => scenarioReport(input, scenarios[k]!)),
    infeasible: parts.flatMap((p) => p.infeasible),
    utility: utilityRows(results),
    providers: providerRows(results),
    steps: stepRows(results),
    candidates: candidateRows(results),
    gains: unwrap('experiment b', gainRows(results, remeasured)),
    shortfall: unwrap('experiment c', shortfallRows(results)),
    manipulation: manipulationRows(results),
    rates: unwrap('rates', rateRows(results, remeasured)),
    ...(harm === undefined ? {} : { harm }),
  }
}

/** What the default study is (report.json `meta.study`). */
export const DEFAULT_STUDY =
  'SBD(ε) against PayTheBill, ReputationUCB and PostedTarget with best-responding providers: the default LLM scenario and the abstract instance'

/**
 * The default study (`npm start`, `sbd experiment all`): the default LLM scenario built from
 * `data/llm-apis.csv` and the abstract instance, with the plan of {@link planFor}. Throws an
 * `Error` if the facts cannot be read or built.
 */
export const defaultStudy = (options: Pick<ExperimentOptions, 'seed' | 'quick' | 'seeds'>): StudySpec => {
  const plan = planFor(options)
  const built = unwrap('data/llm-apis.csv', loadDefaultLlmScenario())
  const abstract = unwrap('abstract scenario', abstractScenario())
  return {
    study: DEFAULT_STUDY,
    engine: 'leap',
    seed: plan.seed,
    quick: plan.quick,
    passes: plan.passes,
    significance: plan.significance,
    scenarios: [
      { id: 'llm', instance: built.instance, excluded: built.excluded, defaults: DEFAULT_MARKET_DOC, plan: plan.llm, salt: 1 },
      { id: 'abstract', instance: abstract, excluded: [], defaults: [], plan: plan.abstract, salt: 2 },
    ],
    harm: true,
  }
}

/** Runs the default study ({@link defaultStudy}); throws like {@link runStudy}. */
export const runExperiments = (options: ExperimentOptions): ExperimentsResult => runStudy(defaultStudy(options), options)

/** A file-name-safe id for a scenario name: lower-case letters, digits and `-` (`scenario` if none remain). */
export const scenarioId = (name: string): string => {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
  return slug === '' ? 'scenario' : slug
}

/** The study of one scenario (`sbd experiment study`): validated inputs. */
export interface ScenarioStudyOptions {
  readonly seed: number
  readonly instance: Instance
  readonly horizons: readonly number[]
  readonly epsilons: readonly string[]
  readonly seeds: number
}

/**
 * The best-response study on one scenario (every mechanism of the default study, at the given horizons and ε).
 *
 * @param o - the scenario, its horizons and ε values, seeds per cell and the master seed.
 * @returns the study specification of `sbd experiment study`.
 */
export const scenarioStudy = (o: ScenarioStudyOptions): StudySpec => ({
  study: `SBD(ε) against PayTheBill, ReputationUCB and PostedTarget with best-responding providers: scenario ${o.instance.name}`,
  engine: 'leap',
  seed: o.seed,
  quick: false,
  passes: 2,
  significance: 2,
  scenarios: [
    {
      id: scenarioId(o.instance.name),
      instance: o.instance,
      excluded: [],
      defaults: [],
      plan: { horizons: o.horizons, epsilons: o.epsilons, seeds: { search: o.seeds, filter: o.seeds, remeasure: o.seeds } },
      salt: 1,
    },
  ],
})
