/**
 * Every column of every CSV of the study, and every field of `report.json`, declared once with
 * its unit and meaning (proofs-notes §11.5). The CSV writer takes its header from these
 * declarations and `COLUMNS.md` is generated from them, so the dictionary cannot drift from the
 * files: a row type's declaration must name each of its fields exactly once (the compiler checks
 * it through {@link Columns}).
 *
 * @module
 */
import type { MechanismFields } from './cells.ts'
import type { GainRow } from './deviation-gain.ts'
import type { HarmRow } from './harm-study.ts'
import type { ManipulationRow } from './manipulation.ts'
import type { Infeasible } from './plan.ts'
import type { CandidateRow, StepRow } from './responses.ts'
import type { ExperimentsResult, ScenarioReport } from './run-all.ts'
import type { ProviderStats } from './scenario.ts'
import type { RateRow } from './rates.ts'
import type { ShortfallRow } from './shortfall.ts'
import type { ProviderRow, UtilityRow } from './utility.ts'

/** The column dictionary's file name in the report directory. */
export const COLUMNS_FILE = 'COLUMNS.md'

/** Unit and meaning of one column. */
export interface ColumnDoc {
  /** Unit (`USD`, `USD per query`, `queries`, `rounds`, `seeds`, `1` for a pure number, `text`, `yes/no`). */
  readonly unit: string
  readonly meaning: string
}

/** The documentation of every field of `Row`, in column order. */
export type Columns<Row> = { readonly [K in keyof Row]-?: ColumnDoc }

/** A CSV of the study: file name, what one row is, and its columns. */
export interface CsvSpec<Row> {
  readonly file: string
  readonly row: string
  readonly columns: Columns<Row>
}

/** The column names of a declaration, in order. */
export const columnNames = <Row>(c: Columns<Row>): (keyof Row & string)[] => Object.keys(c) as (keyof Row & string)[]

const text = (meaning: string): ColumnDoc => ({ unit: 'text', meaning })
const usd = (meaning: string): ColumnDoc => ({ unit: 'USD', meaning })
const perQuery = (meaning: string): ColumnDoc => ({ unit: 'USD per query', meaning })
const pure = (meaning: string): ColumnDoc => ({ unit: '1', meaning })

const SCENARIO = text('scenario id (`llm`, `abstract`, or the slug of a scenario file name)')
const T = { unit: 'queries', meaning: 'horizon T: number of queries (rounds)' }

/** The mechanism columns shared by every CSV that has a mechanism. */
const MECHANISM: Columns<MechanismFields> = {
  mechanism: text('mechanism kind: sbd, pay-the-bill, reputation-ucb, posted-target, target-mix'),
  label: text('display label, e.g. SBD(ε=0.25, rebate=on)'),
  epsilon: pure('ε of SBD(ε) (empty for other mechanisms)'),
  rebate: text('exploration rebate of SBD: on/off, or on (δ=…) with the rebate bonus of proofs-notes §14.1 (empty for other mechanisms)'),
  theta: perQuery('target θ of PostedTarget(θ) (empty for other mechanisms)'),
  lambda: pure('mixing weight λ of TargetMix(λ) (empty for other mechanisms)'),
}

/** utility.csv: experiment (a). */
export const UTILITY_CSV: CsvSpec<UtilityRow> = {
  file: 'utility.csv',
  row: 'one cell (scenario × mechanism × T): the final profile of the best-response search, measured on the re-measure seeds',
  columns: {
    scenario: SCENARIO,
    ...MECHANISM,
    T,
    seeds: { unit: 'seeds', meaning: 're-measure seeds the final profile was run on' },
    userUtility: usd('mean user utility U over the seeds'),
    userUtilityPerQuery: perQuery('U/T (exact)'),
    userUtilityPerQuerySe: perQuery('standard error of U/T'),
    userUtilityPerQueryLo: perQuery('lower end of the 95% confidence interval of U/T'),
    userUtilityPerQueryHi: perQuery('upper end of the 95% confidence interval of U/T'),
    firstBestPerQuery: perQuery('first-best FB/T = ū(1)'),
    secondBestPerQuery: perQuery('second-best SB/T = ū(2)'),
    bestFloorPerQuery: perQuery('full-cheat mean μ^min of the provider with the largest ū'),
    profile: text('final strategy of each provider, in provider order, separated by " | "'),
    converged: { unit: 'true/false', meaning: 'whether pass 2 of the search changed nobody' },
  },
}

/** providers.csv: experiment (a) per provider. */
export const PROVIDERS_CSV: CsvSpec<ProviderRow> = {
  file: 'providers.csv',
  row: 'one provider in one cell, under the final profile, on the re-measure seeds',
  columns: {
    scenario: SCENARIO,
    ...MECHANISM,
    T,
    provider: text('provider id'),
    strategy: text('its final strategy'),
    profit: usd('mean profit Π_i over the seeds'),
    profitSe: usd('standard error of that mean'),
    roundsServed: { unit: 'rounds', meaning: 'mean number of rounds it served' },
    roundsServedSe: { unit: 'rounds', meaning: 'standard error of that mean' },
  },
}

/** best-response-steps.csv. */
export const STEPS_CSV: CsvSpec<StepRow> = {
  file: 'best-response-steps.csv',
  row: 'one best-response step of one provider in one cell',
  columns: {
    scenario: SCENARIO,
    ...MECHANISM,
    T,
    pass: pure('1: against τ*; 2: the Gauss–Seidel sweep'),
    provider: text('provider id'),
    from: text('its strategy before the step'),
    proposed: text('family member with the largest significant gain on the search seeds (empty: none)'),
    replicationGain: usd('mean gain of the proposal over `from` on the filter seeds (empty without a proposal)'),
    replicationGainSe: usd('standard error of that mean'),
    to: text('its strategy after the step'),
    gain: usd('mean gain of `to` over `from` on the search seeds (0 when it kept its strategy)'),
    gainSe: usd('standard error of that mean'),
  },
}

/** best-response-candidates.csv. */
export const CANDIDATES_CSV: CsvSpec<CandidateRow> = {
  file: 'best-response-candidates.csv',
  row: 'one candidate scored in one best-response step (search seeds)',
  columns: {
    scenario: SCENARIO,
    ...MECHANISM,
    T,
    pass: pure('1: against τ*; 2: the Gauss–Seidel sweep'),
    provider: text('provider id'),
    current: text('the strategy it played when scored'),
    candidate: text('the candidate strategy'),
    profit: usd('mean profit of the candidate on the search seeds'),
    gain: usd('mean per-seed gain over the current strategy (common random numbers)'),
    gainSe: usd('standard error of that mean'),
    simulatedSeeds: {
      unit: 'seeds',
      meaning: 'seeds on which it had to be simulated (elsewhere it played exactly like the current strategy)',
    },
    chosen: { unit: 'true/false', meaning: 'whether the step switched to it' },
  },
}

/** deviation-gains.csv: experiment (b). */
export const GAINS_CSV: CsvSpec<GainRow> = {
  file: 'deviation-gains.csv',
  row: 'one SBD cell: the deviation with the largest gain against τ* on the search seeds, re-measured on the re-measure seeds',
  columns: {
    scenario: SCENARIO,
    ...MECHANISM,
    T,
    searchSeeds: { unit: 'seeds', meaning: 'search seeds (selection)' },
    provider: text('provider of the selected deviation'),
    strategy: text('the selected deviation'),
    searchGain: usd('its mean gain on the search seeds: the maximum over candidates, biased upward'),
    searchGainSe: usd('standard error of that mean'),
    remeasureSeeds: { unit: 'seeds', meaning: 're-measure seeds (disjoint from the search and filter seeds)' },
    gain: usd('its gain Π_i(σ, τ*_−i) − Π_i(τ*) re-measured: mean over the re-measure seeds'),
    gainSe: usd('standard error of the re-measured gain'),
    gainLo: usd('lower end of its 95% confidence interval'),
    gainHi: usd('upper end of its 95% confidence interval'),
    eta: usd('the bound η of Theorem 1 for this rebate setting'),
    etaOn: usd('η_on(T) = c(K_X) + 3R'),
    etaOff: usd('η_off(T) = L·R + c(K_X) + 3R'),
    L: { unit: 'rounds', meaning: 'exploration length per provider L = ⌈T^(1−ε)⌉' },
    slackAllowance: usd('c(K_X), the withholding allowance of the firing test'),
    gainOverEta: pure('re-measured gain / η'),
    gainOverEtaLo: pure('lower end of the 95% confidence interval of gain / η'),
    gainOverEtaHi: pure('upper end of the 95% confidence interval of gain / η'),
  },
}

/** shortfall.csv: experiment (c). */
export const SHORTFALL_CSV: CsvSpec<ShortfallRow> = {
  file: 'shortfall.csv',
  row: 'one cell: the shortfall of the final profile from the second-best (re-measure seeds)',
  columns: {
    scenario: SCENARIO,
    ...MECHANISM,
    T,
    shortfallPerQuery: perQuery('(SB − U)/T; negative: the user got more than the second-best'),
    shortfallPerQuerySe: perQuery('standard error of (SB − U)/T'),
    shortfallPerQueryLo: perQuery('lower end of its 95% confidence interval'),
    shortfallPerQueryHi: perQuery('upper end of its 95% confidence interval'),
    boundPerQuery: perQuery('Δ(T)/T of Theorem 2 for SBD (empty for the baselines)'),
  },
}

/** rates.csv: fitted rates in T of (b) and (c). */
export const RATES_CSV: CsvSpec<RateRow> = {
  file: 'rates.csv',
  row: 'one SBD series (scenario, ε, rebate) and one quantity: its log-log slope over the horizons of the study',
  columns: {
    scenario: SCENARIO,
    ...MECHANISM,
    quantity: text('`gain`: the re-measured deviation gain of (b); `shortfall`: SB·T − U under the final profile, as in (c)'),
    horizons: text('the horizons fitted, `;`-separated'),
    seeds: { unit: 'seeds', meaning: 'seeds per horizon (re-measure seeds)' },
    slope: pure('least-squares slope of ln(mean) on ln T (6 significant digits)'),
    slopeSe: pure('delete-one-seed jackknife standard error of the slope'),
    slopeLo: pure('lower end of slope ± t(0.975, K−1)·SE'),
    slopeHi: pure('upper end of that interval'),
    bound: text('the bound compared with: η_on, η_off (Theorem 1) or Δ(T) (Theorem 2)'),
    boundSlope: pure("the bound's own least-squares slope over the same horizons (logarithmic factors included)"),
    boundExponent: pure("the bound's limiting exponent in T without logarithmic factors (proofs-notes §0.6)"),
    note: text('why there is no slope (one horizon, a mean that is not positive), else empty'),
  },
}

/** manipulation.csv: experiment (d). */
export const MANIPULATION_CSV: CsvSpec<ManipulationRow> = {
  file: 'manipulation.csv',
  row: 'one provider in one phase of one LLM cell, summed over the re-measure seeds (descriptive totals)',
  columns: {
    scenario: SCENARIO,
    ...MECHANISM,
    T,
    provider: text('provider id'),
    strategy: text('its final strategy'),
    phase: text('phase of SBD (other mechanisms: open)'),
    rounds: { unit: 'rounds', meaning: 'rounds it served in this phase, all seeds' },
    inflatedRounds: { unit: 'rounds', meaning: 'rounds with inflation β > 0' },
    substitutedRounds: { unit: 'rounds', meaning: 'rounds with substitution probability σ > 0' },
    inflationWithheld: usd('net utility withheld by inflation (β·O^H), summed over the rounds'),
    substitutionWithheld: usd('net utility withheld by substitution (σ·w·Δq), summed over the rounds'),
    inflationPerRound: usd('inflationWithheld per served round (12 significant digits)'),
    substitutionPerRound: usd('substitutionWithheld per served round (12 significant digits)'),
    lever: text('levers used in any round: none, inflation, substitution, both'),
  },
}

/** infeasible.csv. */
export const INFEASIBLE_CSV: CsvSpec<Infeasible> = {
  file: 'infeasible.csv',
  row: 'one (scenario, ε, T) at which SBD(ε) cannot run (T < (n+1)·L + 1), left out of the study',
  columns: {
    scenario: SCENARIO,
    mechanism: text('always sbd'),
    epsilon: pure('ε of SBD(ε)'),
    T,
    L: { unit: 'rounds', meaning: 'L = ⌈T^(1−ε)⌉' },
    needed: { unit: 'queries', meaning: '(n+1)·L + 1, what T would have to reach' },
    smallestFeasible: { unit: 'queries', meaning: 'the smallest feasible horizon for this n and ε' },
  },
}

/** A row of scenario-providers.csv. */
export type ScenarioProviderRow = { readonly scenario: string } & ProviderStats

/** scenario-providers.csv. */
export const SCENARIO_PROVIDERS_CSV: CsvSpec<ScenarioProviderRow> = {
  file: 'scenario-providers.csv',
  row: 'one provider of one scenario: its type statistics (exact)',
  columns: {
    scenario: SCENARIO,
    id: text('provider id'),
    honestMean: perQuery('best service ū'),
    honestProfit: perQuery('honest profit π^h'),
    cheatMean: perQuery('full-cheat mean μ^min'),
    cheatProfit: perQuery('full-cheat profit π̄'),
    manipulationRange: perQuery('manipulation range ū − μ^min'),
    manipulationShareOfR: pure('(ū − μ^min)/R, 6 significant digits'),
  },
}

/** harm.csv: the exact harm of proofs-notes §14.9 (default study only). */
export const HARM_CSV: CsvSpec<HarmRow> = {
  file: 'harm.csv',
  row: 'one setting of SBD, deviating provider and tolerance ζ on the two-provider example: the exact bracket of the harm H_i(ζ) (proofs-notes §14.9; no sampling; written by the default study only)',
  columns: {
    scenario: text('scenario name (the two-provider example, examples/two-provider-abstract.json)'),
    ...MECHANISM,
    T,
    bonus: pure("rebate bonus δ of proofs-notes §14.1 (0: SBD's rebate; empty with the rebate off)"),
    setting: text('the setting as the figure labels it'),
    provider: text('id of the deviating provider i (its rival plays τ*)'),
    tolerance: usd(
      'tolerance ζ: the deviation may cost provider i at most ζ of its expected profit under τ* (the programme is solved at the double nearest it)',
    ),
    eta: usd('η of the setting (Theorem 1), the largest tolerance drawn'),
    tauStarUserUtility: usd('E[U(τ*)], the user utility when both play τ* (double; within errorBound)'),
    tauStarProfit: usd("E[Π_i(τ*)], provider i's expected profit under τ* (double; within errorBound)"),
    harmUpper: usd(
      "upper bound on H_i(ζ): E[U(τ*)] minus the relaxed Lagrangian programme's dual value (its deviator is told its rival's exploration sum)",
    ),
    harmLower: usd('lower bound on H_i(ζ): the harm of a strategy the engine can play whose expected profit is E[Π_i(τ*)] − ζ'),
    errorBound: usd('absolute bound on the floating-point and truncation error of harmUpper, harmLower and the τ* values'),
    multiplier: pure("multiplier λ of the relaxed programme's dual value (the price of a unit of tolerance)"),
  },
}

/** Every CSV of the study, in the order they are written. */
export const CSV_FILES = [
  UTILITY_CSV,
  PROVIDERS_CSV,
  STEPS_CSV,
  CANDIDATES_CSV,
  GAINS_CSV,
  SHORTFALL_CSV,
  MANIPULATION_CSV,
  INFEASIBLE_CSV,
  SCENARIO_PROVIDERS_CSV,
  RATES_CSV,
  HARM_CSV,
] as const

const rowsOf = (csv: CsvSpec<unknown>): ColumnDoc => ({ unit: 'rows', meaning: `the rows of \`${csv.file}\` (same fields)` })

/** The top-level fields of report.json. */
export const REPORT_FIELDS: Columns<ExperimentsResult> = {
  meta: { unit: 'object', meaning: 'what was run (fields below)' },
  scenarios: { unit: 'objects', meaning: 'the scenarios (fields below)' },
  infeasible: rowsOf(INFEASIBLE_CSV),
  utility: rowsOf(UTILITY_CSV),
  providers: rowsOf(PROVIDERS_CSV),
  steps: rowsOf(STEPS_CSV),
  candidates: rowsOf(CANDIDATES_CSV),
  gains: rowsOf(GAINS_CSV),
  shortfall: rowsOf(SHORTFALL_CSV),
  manipulation: rowsOf(MANIPULATION_CSV),
  rates: rowsOf(RATES_CSV),
  harm: rowsOf(HARM_CSV),
}

/** The fields of report.json `meta`. */
export const META_FIELDS: Columns<ExperimentsResult['meta']> = {
  study: text('what the study is'),
  seed: { unit: 'integer', meaning: 'master seed; every run seed derives from it' },
  quick: { unit: 'true/false', meaning: 'quick mode (small horizons: a smoke run, not the study)' },
  bestResponse: text('the best-response search, in words'),
  passes: pure('best-response passes (1 or 2)'),
  significance: { unit: 'standard errors', meaning: 'a gain must exceed this many standard errors (search and filter seeds) for a switch' },
  seedPlan: text('how seeds are split by use, and the counts per cell'),
  precision: { unit: 'object', meaning: 'decimal library, significant digits and rounding of the exact arithmetic' },
  standardErrors: text('how standard errors and confidence intervals are computed and rounded'),
  versions: { unit: 'object', meaning: 'package, Node.js major version and dependency versions' },
  engine: text(
    'the engine of the runs: leap (the default; proofs-notes §13.3: the per-round law, other paths) or rounds (the per-round engine)',
  ),
}

/** The fields of each element of report.json `scenarios`. */
export const SCENARIO_FIELDS: Columns<ScenarioReport> = {
  id: SCENARIO,
  name: text('scenario name (from the file)'),
  kind: text('llm or abstract'),
  instance: { unit: 'object', meaning: 'the scenario file (as in examples/)' },
  excluded: text('facts rows left out (LLM default scenario: substitutes without a sourced score)'),
  defaults: { unit: 'objects', meaning: 'documented market defaults: symbol, value, meaning (default LLM scenario)' },
  xLo: perQuery('lower end x_lo of the public range'),
  xHi: perQuery('upper end x_hi of the public range'),
  R: perQuery('range width R = x_hi − x_lo'),
  moneyGrid: text('money grid of the run, 1e-k USD'),
  assumptions: { unit: 'object', meaning: 'whether assumptions A, D, IR hold, with reasons' },
  providers: rowsOf(SCENARIO_PROVIDERS_CSV),
  horizons: { unit: 'queries', meaning: 'horizons of its cells (every mechanism)' },
  headlineHorizons: {
    unit: 'queries',
    meaning: 'larger horizons at which only the headline setting, SBD(ε=0.25, rebate=on), runs (proofs-notes §11.6)',
  },
  epsilons: pure('ε values of SBD(ε)'),
  seeds: { unit: 'seeds', meaning: 'its seeds by use: search, filter, remeasure (pairwise disjoint)' },
}
