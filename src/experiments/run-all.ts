/**
 * The simulation study "with real-world API settings" (proofs-notes §11), from one call:
 * {@link runExperiments} runs experiments (a)–(d) on the default LLM scenario and on the
 * abstract instance, and {@link renderResults} turns the result into the files of `results/`
 * (report.json, tidy CSVs, SVG figures, README.md). Neither writes anything; `write.ts` does.
 *
 * Determinism: everything in the result is a function of the seed and the quick flag (and the
 * package versions it records). It holds no timestamps, durations, paths or worker counts, so
 * two runs with the same seed give byte-identical report.json and CSVs.
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
import { type CsvRow, toCsv } from '../report/csv.ts'
import { renderSvg } from '../report/plot.ts'
import { withProgress } from '../report/progress.ts'
import { cellsOf, studyScenario } from './cells.ts'
import { type GainRow, confirmations, gainRows } from './deviation-gain.ts'
import { gainFigure, manipulationFigure, shortfallFigure, utilityFigure } from './figures.ts'
import { type ManipulationRow, manipulationRows } from './manipulation.ts'
import { type Infeasible, type ExperimentPlan, planFor } from './plan.ts'
import { type Runner, inProcessRunner, workerRunner } from './pool.ts'
import { readmeText } from './readme.ts'
import { type CandidateRow, type StepRow, candidateRows, stepRows } from './responses.ts'
import { type ProviderStats, type ScenarioDefault, DEFAULT_MARKET_DOC, abstractScenario, loadDefaultLlmScenario, providerStats } from './scenario.ts'
import { searchBestResponses } from './search.ts'
import type { RunSummary } from './tasks.ts'
import { type ShortfallRow, shortfallRows } from './shortfall.ts'
import { SE_DIGITS } from '../stats/summary.ts'
import { type ProviderRow, type UtilityRow, providerRows, utilityRows } from './utility.ts'

/** Options of {@link runExperiments}. */
export interface ExperimentOptions {
  /** Master seed (every run's seed derives from it). */
  readonly seed: number
  /** Small horizons (seconds instead of minutes), for tests and smoke checks. */
  readonly quick?: boolean
  /**
   * Worker threads (default: 0 in quick mode, else up to 2, one per core). The result does not
   * depend on it; if the workers cannot start, the study runs in this thread.
   */
  readonly workers?: number
  /** Called after every batch with its label, task count and wall time (diagnostics; not in the result). */
  readonly onStage?: (label: string, tasks: number, milliseconds: number) => void
}

/** A scenario as the report describes it. */
export interface ScenarioReport {
  /** `llm` or `abstract`. */
  readonly id: string
  readonly name: string
  /** The scenario file (as in `examples/`). */
  readonly instance: unknown
  /** Facts rows left out (LLM: substitutes without a sourced MMLU score). */
  readonly excluded: readonly string[]
  /** Documented market defaults (LLM only). */
  readonly defaults: readonly ScenarioDefault[]
  readonly xLo: string
  readonly xHi: string
  readonly R: string
  /** Money grid of the run: `1e-k USD`. */
  readonly moneyGrid: string
  readonly assumptions: InstanceModel['assumptions']
  readonly providers: readonly ProviderStats[]
  /** Horizons of its cells and seeds per cell. */
  readonly horizons: readonly number[]
  readonly seeds: readonly number[]
  /** Fresh seeds of the re-measured largest gains (experiment b). */
  readonly confirmSeeds: readonly number[]
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
    readonly precision: typeof PRECISION_RECORD
    readonly standardErrors: string
    readonly versions: Readonly<Record<string, unknown>>
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
  /** (d) manipulation per provider and phase. */
  readonly manipulation: readonly ManipulationRow[]
}

const BEST_RESPONSE_METHOD = (z: number): string =>
  "Pass 1: every member of every provider's strategy family is scored against τ* of the others (common random numbers: the same seeds for every profile of a cell); these pass-1 gains are experiment (b). " +
  `A provider proposes the family member with the largest mean profit among those whose gain over its current strategy exceeds ${z} standard errors on the common seeds, and switches to it only if the gain exceeds ${z} standard errors again on fresh seeds (replication; a maximum over many noisy candidates would otherwise be adopted on noise — e.g. exploration play under the rebate with a pure-transfer frontier is exactly as good as honest play in expectation). ` +
  'Pass 2: one Gauss–Seidel sweep — providers in index order re-pick against the current profile; a provider whose opponents are unchanged since it was last scored keeps its choice. ' +
  '"converged" means pass 2 changed nobody (the profile is then a mutual best response within the families, up to that significance, on these seeds). ' +
  "A candidate that plays exactly the current strategy's action in every round it serves on a seed (checked by running it alongside) has that seed's profit without being simulated."

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

const scenarioReport = (id: string, model: InstanceModel, excluded: readonly string[], horizons: readonly number[], seeds: readonly number[], confirmSeeds: readonly number[]): ScenarioReport => ({
  id,
  name: model.instance.name,
  instance: scenarioCodec.encode(model.instance),
  excluded,
  defaults: model.instance.kind === 'llm' ? DEFAULT_MARKET_DOC : [],
  xLo: model.xLo.toString(),
  xHi: model.xHi.toString(),
  R: model.R.toString(),
  moneyGrid: `1e-${model.grid.k} USD`,
  assumptions: model.assumptions,
  providers: providerStats(model),
  horizons,
  seeds,
  confirmSeeds,
})

const unwrap = <A>(what: string, e: E.Either<string | readonly string[], A>): A => {
  if (E.isLeft(e)) throw new Error(`${what}: ${typeof e.left === 'string' ? e.left : e.left.join('; ')}`)
  return e.right
}

const makeRunner = (instances: Readonly<Record<string, Instance>>, models: ReadonlyMap<string, InstanceModel>, workers: number): Runner => {
  if (workers < 1) return inProcessRunner(models)
  const json = Object.fromEntries(Object.entries(instances).map(([id, inst]) => [id, scenarioCodec.encode(inst)]))
  const pool = workerRunner(json, workers)
  return E.isRight(pool) ? pool.right : inProcessRunner(models)
}

/**
 * Runs the study: builds the default LLM scenario from `data/llm-apis.csv` and the abstract
 * instance, searches best responses for every mechanism and horizon of the plan
 * ({@link planFor}), and derives the rows of experiments (a)–(d). Shows a progress bar per batch
 * on a TTY. Throws an `Error` if the facts cannot be read or built, or a run fails (a bug).
 */
export const runExperiments = (options: ExperimentOptions): ExperimentsResult => {
  const plan: ExperimentPlan = planFor(options)
  const built = unwrap('data/llm-apis.csv', loadDefaultLlmScenario())
  const abstract = unwrap('abstract scenario', abstractScenario())
  const llmModel = unwrap('default LLM scenario', buildInstanceModel(built.instance))
  const abstractModel = unwrap('abstract scenario', buildInstanceModel(abstract))
  const llm = studyScenario('llm', llmModel, plan.llm, plan.seed, 1)
  const abs = studyScenario('abstract', abstractModel, plan.abstract, plan.seed, 2)
  const llmCells = cellsOf(llm)
  const absCells = cellsOf(abs)
  const cells = [...llmCells.cells, ...absCells.cells]
  const workers = options.workers ?? (plan.quick ? 0 : Math.min(2, os.availableParallelism()))
  const runner = makeRunner({ llm: built.instance, abstract }, new Map([['llm', llmModel], ['abstract', abstractModel]]), workers)
  const stage = <A>(label: string, tasks: number, work: (tick: (n?: number) => void) => A): A => {
    const t0 = performance.now()
    const out = withProgress(label, tasks, work)
    options.onStage?.(label, tasks, performance.now() - t0)
    return out
  }
  let results
  let checks
  let confirmed: (readonly RunSummary[])[] = []
  try {
    results = searchBestResponses(runner, cells, { passes: plan.passes, significance: plan.significance, stage })
    const seedsOf = (id: string): readonly number[] => (id === 'llm' ? llm.confirmSeeds : abs.confirmSeeds)
    checks = confirmations(results, seedsOf)
    const tasks = checks.flatMap((c) => c.tasks)
    const runs = stage('re-measuring the largest gains (b)', tasks.length, (tick) => runner.run(tasks, tick))
    let k = 0
    confirmed = checks.map((c) => c.tasks.map(() => runs[k++]!))
  } finally {
    runner.close()
  }
  return {
    meta: {
      study: 'SBD(ε) against PayTheBill, ReputationUCB and PostedTarget with best-responding providers (proofs-notes §11)',
      seed: plan.seed,
      quick: plan.quick,
      bestResponse: BEST_RESPONSE_METHOD(plan.significance),
      passes: plan.passes,
      significance: plan.significance,
      precision: PRECISION_RECORD,
      standardErrors: `rounded to ${SE_DIGITS} significant digits; means of ${plan.llm.seedCount} (LLM) and ${plan.abstract.seedCount} (abstract) seeds are exact`,
      versions: packageVersions(),
    },
    scenarios: [
      scenarioReport('llm', llmModel, built.excluded, plan.llm.horizons, llm.seeds, llm.confirmSeeds),
      scenarioReport('abstract', abstractModel, [], plan.abstract.horizons, abs.seeds, abs.confirmSeeds),
    ],
    infeasible: [...llmCells.infeasible, ...absCells.infeasible],
    utility: utilityRows(results),
    providers: providerRows(results),
    steps: stepRows(results),
    candidates: candidateRows(results),
    gains: unwrap('experiment b', gainRows(results, checks, confirmed)),
    shortfall: unwrap('experiment c', shortfallRows(results)),
    manipulation: manipulationRows(results),
  }
}

/** One output file: a path relative to the results directory and its text. */
export interface OutputFile {
  readonly name: string
  readonly contents: string
}

/** Name of figure (b) on the abstract instance inside `results/` (also copied to proofs-notes). */
export const ABSTRACT_GAIN_FIGURE = 'figures/b-deviation-gain-abstract.svg'

const csvFile = (name: string, rows: readonly object[], columns: readonly string[]): E.Either<Error, OutputFile> =>
  E.map((contents: string) => ({ name, contents }))(toCsv(columns, rows as readonly CsvRow[]))

const columnsOf = <A extends object>(example: A): (keyof A & string)[] => Object.keys(example) as (keyof A & string)[]

/** The figures of the study: file name and spec. */
const figureSpecs = (r: ExperimentsResult) => {
  const largestLlm = Math.max(0, ...r.utility.filter((u) => u.scenario === 'llm').map((u) => u.T))
  const floorOf = (scenario: string) => {
    const s = r.scenarios.find((x) => x.id === scenario)
    const p = s?.providers[0]
    return p === undefined ? undefined : { label: `PayTheBill's provider (${p.id}): full-cheat floor`, value: p.cheatMean }
  }
  return [
    { name: 'figures/a-utility-llm.svg', spec: utilityFigure(r.utility, 'llm', '(a) User utility per query — default LLM scenario, best-responding providers', floorOf('llm')) },
    { name: 'figures/a-utility-abstract.svg', spec: utilityFigure(r.utility, 'abstract', '(a) User utility per query — abstract instance (ū = 0.8, 0.6; R = 1)', floorOf('abstract')) },
    { name: ABSTRACT_GAIN_FIGURE, spec: gainFigure(r.gains, 'abstract', '(b) Largest deviation gain vs T against τ* of SBD(ε) — abstract instance, with η(T)') },
    { name: 'figures/b-deviation-gain-llm.svg', spec: gainFigure(r.gains, 'llm', '(b) Largest deviation gain vs T against τ* of SBD(ε) — default LLM scenario, with η(T)') },
    { name: 'figures/c-shortfall-llm.svg', spec: shortfallFigure(r.shortfall, r.utility, 'llm', '(c) (SB − U)/T vs T — default LLM scenario') },
    { name: 'figures/c-shortfall-abstract.svg', spec: shortfallFigure(r.shortfall, r.utility, 'abstract', '(c) (SB − U)/T vs T — abstract instance') },
    { name: 'figures/d-manipulation-llm.svg', spec: manipulationFigure(r.manipulation, largestLlm, `(d) Manipulation used per provider and phase at T = ${largestLlm} — default LLM scenario`) },
  ]
}

/**
 * The files of `results/`: `report.json` (the whole result), tidy CSVs, SVG figures rendered
 * headlessly, and `README.md` (findings computed from the result, figures embedded).
 * `Left` if a CSV cell is not finite or a figure fails to render.
 */
export const renderResults = async (result: ExperimentsResult): Promise<E.Either<Error, ReadonlyArray<{ name: string; contents: string }>>> => {
  const csvs: E.Either<Error, OutputFile>[] = [
    csvFile('utility.csv', result.utility, UTILITY_COLUMNS),
    csvFile('providers.csv', result.providers, PROVIDER_COLUMNS),
    csvFile('best-response-steps.csv', result.steps, STEP_COLUMNS),
    csvFile('best-response-candidates.csv', result.candidates, CANDIDATE_COLUMNS),
    csvFile('deviation-gains.csv', result.gains, GAIN_COLUMNS),
    csvFile('shortfall.csv', result.shortfall, SHORTFALL_COLUMNS),
    csvFile('manipulation.csv', result.manipulation, MANIPULATION_COLUMNS),
    csvFile('infeasible.csv', result.infeasible, INFEASIBLE_COLUMNS),
    csvFile(
      'scenario-providers.csv',
      result.scenarios.flatMap((s) => s.providers.map((p) => ({ scenario: s.id, ...p }))),
      ['scenario', ...PROVIDER_STAT_COLUMNS],
    ),
  ]
  const files: OutputFile[] = [{ name: 'report.json', contents: `${JSON.stringify(result, null, 2)}\n` }]
  for (const c of csvs) {
    if (E.isLeft(c)) return c
    files.push(c.right)
  }
  const figures: OutputFile[] = []
  for (const f of figureSpecs(result)) {
    const svg = await renderSvg(f.spec)
    if (E.isLeft(svg)) return E.left(new Error(`${f.name}: ${svg.left.message}`))
    figures.push({ name: f.name, contents: svg.right })
  }
  files.push(...figures)
  files.push({ name: 'README.md', contents: readmeText(result, figures.map((f) => f.name)) })
  return E.right(files)
}

const UTILITY_COLUMNS = columnsOf<UtilityRow>({
  scenario: '', mechanism: '', epsilon: '', rebate: '', T: 0, seeds: 0, userUtility: '', userUtilityPerQuery: '', userUtilityPerQuerySe: '',
  firstBestPerQuery: '', secondBestPerQuery: '', bestFloorPerQuery: '', profile: '', converged: false,
})
const PROVIDER_COLUMNS = columnsOf<ProviderRow>({ scenario: '', mechanism: '', T: 0, provider: '', strategy: '', profit: '', roundsServed: '' })
const STEP_COLUMNS = columnsOf<StepRow>({ scenario: '', mechanism: '', T: 0, pass: 0, provider: '', from: '', proposed: '', replicationGain: '', replicationGainSe: '', to: '', gain: '' })
const CANDIDATE_COLUMNS = columnsOf<CandidateRow>({
  scenario: '', mechanism: '', epsilon: '', rebate: '', T: 0, pass: 0, provider: '', current: '', candidate: '', profit: '', gain: '', gainSe: '', simulatedSeeds: 0, chosen: false,
})
const GAIN_COLUMNS = columnsOf<GainRow>({
  scenario: '', epsilon: '', rebate: '', T: 0, seeds: 0, largestGain: '', largestGainSe: '', provider: '', strategy: '',
  confirmedGain: '', confirmedGainSe: '', confirmedSeeds: 0, eta: '', etaOn: '', etaOff: '', L: 0, slackAllowance: '', gainOverEta: '',
})
const SHORTFALL_COLUMNS = columnsOf<ShortfallRow>({ scenario: '', mechanism: '', epsilon: '', rebate: '', T: 0, shortfallPerQuery: '', shortfallPerQuerySe: '', boundPerQuery: '' })
const MANIPULATION_COLUMNS = columnsOf<ManipulationRow>({
  scenario: '', mechanism: '', T: 0, provider: '', strategy: '', phase: 'open', rounds: 0, inflatedRounds: 0, substitutedRounds: 0,
  inflationWithheld: '', substitutionWithheld: '', inflationPerRound: '', substitutionPerRound: '', lever: 'none',
})
const INFEASIBLE_COLUMNS = columnsOf<Infeasible>({ scenario: '', epsilon: '', T: 0, L: 0, needed: 0, smallestFeasible: 0 })
const PROVIDER_STAT_COLUMNS = columnsOf<ProviderStats>({
  id: '', honestMean: '', honestProfit: '', cheatMean: '', cheatProfit: '', manipulationRange: '', manipulationShareOfR: '',
})
