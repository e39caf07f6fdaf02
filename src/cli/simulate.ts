/**
 * `sbd simulate`: one seeded run of a mechanism on a scenario file, reported as JSON or a table;
 * with `--reps N` (N ≥ 2) the run on the seeds `s, …, s+N−1` and the estimates of its outcomes
 * (`src/replication/`). `--reps 1` is the single run, byte for byte.
 *
 * @module
 */
import { availableParallelism } from 'node:os'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { parseScenarioText } from '../codec/report-errors.ts'
import type { DecimalSpec } from '../codec/decimal-leaf.ts'
import { showPath } from '../report/output-dir.ts'
import type { Decimal } from '../exact/decimal.ts'
import { assumptionWarnings } from '../model/assumption-verdicts.ts'
import {
  BUILTIN_REGISTRY,
  MECHANISM_PARAMETERS,
  type MechanismValues,
  type Registry,
  mechanismIn,
  mechanismNames,
  parametersOf,
  strategyIn,
} from '../plugin/registry.ts'
import { type InstanceModel, buildInstanceModel } from '../model/instance-model.ts'
import { MAX_REPS, MAX_SEED, replicationSpecs, summarizeOutcomes } from '../replication/replicate.ts'
import { replicationReport, replicationTable } from '../replication/report.ts'
import { type RunSpec, leapApplies, normalizeSetting, preflight } from '../replication/run.ts'
import { playAll } from '../replication/runner.ts'
import { ENGINE_KINDS, type EngineKind, simulate } from '../sim/engine.ts'
import type { Strategy } from '../sim/interfaces.ts'
import { runReport } from '../sim/run-report.ts'
import { bonusOption } from './bonus-option.ts'
import { type Checked, choiceOption, collect, decimalInOption, integerOption } from './options.ts'

/** Raw `simulate` options as strings (as commander hands them over). */
export interface RawSimulateOptions {
  readonly scenario?: string
  readonly mechanism: string
  /** Absent: {@link DEFAULT_EPSILON} if the mechanism reads ε. */
  readonly epsilon?: string
  readonly horizon: string
  readonly seed: string
  /** Absent: {@link DEFAULT_REBATE} if the mechanism reads the rebate. */
  readonly rebate?: string
  readonly strategy: readonly string[]
  readonly format: string
  readonly theta?: string
  readonly lambda?: string
  /** The rebate bonus δ of SBD and TargetMix (§14.1); absent: 0. */
  readonly bonus?: string
  /** Number of replications (seeds `seed, …, seed + reps − 1`); absent: 1. */
  readonly reps?: string
  /** Worker threads for replications (0: this thread); absent: one per core, at most `reps`. */
  readonly workers?: string
  /** `rounds` or `leap` (proofs-notes §13.3); absent: `rounds` for one run, `leap` where it applies for `--reps N ≥ 2`. */
  readonly engine?: string
}

/** Validated `simulate` options. */
export interface SimulateOptions {
  readonly scenario: string
  readonly mechanism: string
  /** `undefined` when the mechanism does not read ε. */
  readonly epsilon: Decimal | undefined
  readonly horizon: number
  readonly seed: number
  /** `undefined` when the mechanism does not read the rebate. */
  readonly rebate: 'on' | 'off' | undefined
  readonly strategies: readonly string[]
  readonly format: 'json' | 'table'
  readonly theta: Decimal | undefined
  readonly lambda: Decimal | undefined
  /** `undefined`: absent (δ = 0). */
  readonly bonus?: Decimal | undefined
  readonly reps: number
  /** `undefined`: one per core. */
  readonly workers: number | undefined
  /** `undefined`: the default of {@link RawSimulateOptions.engine}. */
  readonly engine: EngineKind | undefined
}

/** The most worker threads `--workers` accepts. */
export const MAX_WORKERS = 256

/** `--epsilon`: as the scenario field ε (§3.1). */
export const EPSILON_OPTION: DecimalSpec = {
  min: '0',
  max: '0.5',
  minExclusive: true,
  maxExclusive: true,
  maxPlaces: 6,
  name: 'a decimal in (0, 0.5) such as 0.25, with at most 6 decimal places',
}
/** `--theta`: a target in USD, as a scenario amount (§4.3). */
export const THETA_OPTION: DecimalSpec = {
  min: '-1000000',
  max: '1000000',
  maxPlaces: 6,
  name: 'a decimal target in USD such as 0.6, in [-10^6, 10^6] with at most 6 decimal places',
}
/** `--lambda`: a mixing weight (§4.4). */
export const LAMBDA_OPTION: DecimalSpec = {
  min: '0',
  max: '1',
  maxPlaces: 6,
  name: 'a decimal in [0, 1] such as 0.5, with at most 6 decimal places',
}

const optionalDecimal = (name: string, raw: string | undefined, spec: DecimalSpec): Checked<Decimal | undefined> =>
  raw === undefined ? E.right(undefined) : decimalInOption(name, raw, spec)

/**
 * Validates every option; `Left` lists one message per bad option. Mechanism parameters follow
 * the mechanism ({@link mechanismParameterOptions}): defaults where it reads them, refused where it
 * does not.
 *
 * @param raw - the options as commander hands them over.
 * @param registry - where plug-in mechanism and strategy names are resolved.
 * @returns the typed options, or every message.
 */
export const checkSimulateOptions = (raw: RawSimulateOptions, registry: Registry = BUILTIN_REGISTRY): Checked<SimulateOptions> =>
  pipe(
    collect({
      scenario:
        raw.scenario === undefined || raw.scenario === '' ? E.left(['--scenario: required (a scenario JSON file)']) : E.right(raw.scenario),
      params: mechanismParameterOptions(raw, registry),
      horizon: integerOption('horizon', raw.horizon, 1, 1_000_000_000),
      seed: integerOption('seed', raw.seed, 0, 2 ** 31 - 1),
      strategies: pipe(raw.strategy.length === 0 ? ['recommended'] : raw.strategy, (names) => {
        const bad = names.flatMap((n) => {
          const s = strategyIn(registry, n)
          return E.isLeft(s) ? [`--strategy: ${s.left}`] : []
        })
        return bad.length > 0 ? E.left(bad) : E.right(names)
      }),
      format: choiceOption('format', raw.format, ['json', 'table'] as const),
      reps: integerOption('reps', raw.reps ?? '1', 1, MAX_REPS),
      workers: raw.workers === undefined ? E.right(undefined) : integerOption('workers', raw.workers, 0, MAX_WORKERS),
      engine: engineOption(raw.engine),
    }),
    E.map(({ params, ...o }): SimulateOptions => ({ ...o, ...params })),
    // The seeds s, …, s + N − 1 must all be seeds.
    E.chain((o) =>
      o.seed + o.reps - 1 > MAX_SEED
        ? E.left([`--reps: seeds ${o.seed}..${o.seed + o.reps - 1} leave the seed range [0, ${MAX_SEED}] (lower --seed or --reps)`])
        : E.right(o),
    ),
  )

/**
 * `--engine`: `rounds` or `leap` (proofs-notes §13.3); absent stays absent (each command has its default).
 *
 * @param raw - the raw value, or `undefined`.
 * @returns the engine, `undefined` when absent, or a message naming `--engine`.
 */
export const engineOption = (raw: string | undefined): Checked<EngineKind | undefined> =>
  raw === undefined ? E.right(undefined) : choiceOption('engine', raw, ENGINE_KINDS)

/** The default ε of every command that takes `--epsilon` (§3.1). */
export const DEFAULT_EPSILON = '0.25'
/**
 * The default `--rebate` of every command (simulate, analyze, sweeps' readers): `on`, the
 * setting under which Theorem 1's bound is tightest (η_on = c(K_X) + 3R, without the L·R of
 * η_off; §3.5, §6.1).
 */
export const DEFAULT_REBATE = 'on'

/** The mechanism and its parameter options, checked against what the mechanism reads. */
interface MechanismOptions {
  readonly mechanism: string
  readonly epsilon: Decimal | undefined
  readonly rebate: 'on' | 'off' | undefined
  readonly theta: Decimal | undefined
  readonly lambda: Decimal | undefined
  readonly bonus?: Decimal | undefined
}

/**
 * `--mechanism` and its parameters: the name must be one of `registry`; an option the mechanism
 * does not read is refused (as sweep grids refuse it); ε and the rebate default to
 * {@link DEFAULT_EPSILON} and {@link DEFAULT_REBATE} where read; θ and λ are required where read.
 *
 * @param raw - the raw options.
 * @param registry - where plug-in mechanisms are found.
 * @returns the checked mechanism options, or every message.
 */
export const mechanismParameterOptions = (
  raw: Pick<RawSimulateOptions, 'mechanism' | 'epsilon' | 'rebate' | 'theta' | 'lambda' | 'bonus'>,
  registry: Registry,
): Checked<MechanismOptions> => {
  const reads = parametersOf(registry, raw.mechanism)
  if (reads === undefined)
    return E.left([`--mechanism: expected one of ${mechanismNames(registry).join(', ')}, got ${JSON.stringify(raw.mechanism)}`])
  const refused = MECHANISM_PARAMETERS.filter((k) => raw[k] !== undefined && !reads.includes(k)).map(
    (k) => `--${k}: not a parameter of ${raw.mechanism} (it reads ${reads.length === 0 ? 'none' : reads.map((r) => `--${r}`).join(', ')})`,
  )
  const required = (k: 'theta' | 'lambda'): string[] =>
    reads.includes(k) && raw[k] === undefined ? [`--${k}: required for ${raw.mechanism}`] : []
  const fields = collect<Omit<MechanismOptions, 'mechanism'>>({
    epsilon: reads.includes('epsilon') ? decimalInOption('epsilon', raw.epsilon ?? DEFAULT_EPSILON, EPSILON_OPTION) : E.right(undefined),
    rebate: reads.includes('rebate') ? choiceOption('rebate', raw.rebate ?? DEFAULT_REBATE, ['on', 'off'] as const) : E.right(undefined),
    theta: reads.includes('theta') ? optionalDecimal('theta', raw.theta, THETA_OPTION) : E.right(undefined),
    lambda: reads.includes('lambda') ? optionalDecimal('lambda', raw.lambda, LAMBDA_OPTION) : E.right(undefined),
  })
  // The bonus depends on the rebate, so it is checked against the checked rebate (absent: δ = 0).
  const rebate = E.isRight(fields) ? fields.right.rebate : undefined
  const bonus = reads.includes('bonus') ? bonusOption(raw.bonus, rebate) : E.right(undefined)
  const errors = [
    ...refused,
    ...required('theta'),
    ...required('lambda'),
    ...(E.isLeft(fields) ? fields.left : []),
    ...(E.isLeft(bonus) ? bonus.left : []),
  ]
  if (errors.length > 0 || E.isLeft(fields) || E.isLeft(bonus)) return E.left(errors)
  return E.right({ mechanism: raw.mechanism, ...fields.right, ...(bonus.right === undefined ? {} : { bonus: bonus.right }) })
}

/** The parameter values of checked options, as mechanisms read them. */
const valuesOf = (o: MechanismOptions): MechanismValues => ({
  ...(o.epsilon === undefined ? {} : { epsilon: o.epsilon }),
  ...(o.rebate === undefined ? {} : { rebate: o.rebate === 'on' }),
  ...(o.theta === undefined ? {} : { theta: o.theta }),
  ...(o.lambda === undefined ? {} : { lambda: o.lambda }),
  ...(o.bonus === undefined ? {} : { bonus: o.bonus }),
})

const strategiesFor = (names: readonly string[], n: number, registry: Registry): Checked<readonly Strategy[]> => {
  if (names.length !== 1 && names.length !== n)
    return E.left([`--strategy: give one name for every provider or one per provider (${n}), got ${names.length}`])
  const picked = Array.from({ length: n }, (_, i) => strategyIn(registry, names.length === 1 ? names[0]! : names[i]!))
  return E.right(picked.map((s) => (E.isRight(s) ? s.right : (undefined as never))))
}

/** The warning lines of `model` (§1.3), as printed on standard error. */
export const warningText = (model: InstanceModel): string =>
  assumptionWarnings(model)
    .map((w) => `${w}\n`)
    .join('')

const shownScenario = (p: string): string => (p.length <= 200 ? p : `${p.slice(0, 200)}…`)

/** A readable table of a run report. */
export const reportTable = (r: Record<string, unknown>): string => {
  const providers = r.providers as { id: string; roundsServed: number; profit: string; transfer: string; bestService: string }[]
  const phases = r.phases as Record<string, number>
  const lines = [
    `mechanism      ${String(r.mechanism)}`,
    `horizon        ${String(r.horizon)}    seed ${String(r.seed)}    L ${String(r.L)}`,
    `phases         ${Object.entries(phases)
      .filter(([, v]) => v > 0)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `userUtility    ${String(r.userUtility)} USD`,
    `secondBest     ${String(r.secondBest)} USD    firstBest ${String(r.firstBest)} USD`,
    `fired          ${(r.fired as unknown[]).length === 0 ? 'nobody' : JSON.stringify(r.fired)}`,
    '',
    `${'provider'.padEnd(28)}${'rounds'.padStart(12)}${'profit (USD)'.padStart(24)}${'best service'.padStart(16)}`,
    ...providers.map(
      (p) => `${p.id.padEnd(28)}${String(p.roundsServed).padStart(12)}${p.profit.padStart(24)}${p.bestService.padStart(16)}`,
    ),
  ]
  return `${lines.join('\n')}\n`
}

/** The run of `o` on its first seed, as plain data (mechanism parameters normalized). */
const baseSpec = (o: SimulateOptions, registry: Registry): RunSpec => ({
  scenario: o.scenario,
  setting: normalizeSetting(
    {
      mechanism: o.mechanism,
      epsilon: o.epsilon?.toString() ?? null,
      rebate: o.rebate ?? null,
      theta: o.theta?.toString() ?? null,
      lambda: o.lambda?.toString() ?? null,
      ...(o.bonus === undefined ? {} : { bonus: o.bonus.toString() }),
    },
    registry,
  ),
  strategies: o.strategies,
  T: o.horizon,
  seed: o.seed,
})

/**
 * `--reps N` with `N ≥ 2`: checks the run once (bad input is reported before anything runs),
 * plays the N seeds over the worker pool and prints the estimates. A pool failure is internal
 * (thrown, exit status 1), not bad input.
 */
const runReplicated = (o: SimulateOptions, text: string, model: InstanceModel, registry: Registry): Checked<string> => {
  const plain = baseSpec(o, registry)
  const checked = preflight(model, plain, registry)
  if (E.isLeft(checked)) return E.left([checked.left])
  // Replications leap by default where the mechanism declares safe rounds (proofs-notes §13.3).
  const base: RunSpec = { ...plain, engine: o.engine ?? (leapApplies(model, plain, registry) ? 'leap' : 'rounds') }
  const label = mechanismIn(registry, o.mechanism, valuesOf(o))
  const specs = replicationSpecs(base, o.reps)
  const outcomes = playAll({ [o.scenario]: JSON.parse(text) as unknown }, specs, o.workers ?? availableParallelism(), undefined, registry)
  if (E.isLeft(outcomes)) throw new Error(outcomes.left)
  const summary = summarizeOutcomes(model.grid, outcomes.right)
  const name = E.isRight(label) ? label.right.name : o.mechanism
  return E.right(
    o.format === 'json'
      ? `${JSON.stringify(replicationReport(model, base, name, o.reps, summary), null, 2)}\n`
      : replicationTable(model, base, name, o.reps, summary),
  )
}

/** What `simulate` prints: the report on standard output, warnings on standard error. */
export interface SimulateOutput {
  /** The report (JSON or table). */
  readonly text: string
  /** One line per violated assumption (§1.3), each ending in a newline. */
  readonly warnings: string
}

/**
 * Runs `simulate`: validates options, decodes the scenario, runs, and returns the text to print.
 * `Left` carries every message for bad input (the caller exits with status 2, printing nothing else).
 *
 * @param raw - the raw options.
 * @param readText - reads a text file (throws an `Error` on failure).
 * @param registry - where plug-in names are resolved (default: built-in names only).
 * @returns the report and the warnings, or every bad-input message.
 */
export const runSimulate = (
  raw: RawSimulateOptions,
  readText: (path: string) => string,
  registry: Registry = BUILTIN_REGISTRY,
): Checked<SimulateOutput> =>
  pipe(
    checkSimulateOptions(raw, registry),
    E.chainW((o) => {
      let text: string
      try {
        text = readText(o.scenario)
      } catch (e) {
        return E.left([`--scenario: cannot read ${showPath(o.scenario)}: ${(e as Error).message}`])
      }
      return pipe(
        parseScenarioText(text),
        E.mapLeft((msgs) => msgs.map((m) => `${shownScenario(o.scenario)}: ${m}`)),
        E.chainW((inst) =>
          pipe(
            buildInstanceModel(inst),
            E.mapLeft((m) => [`${shownScenario(o.scenario)}: ${m}`]),
          ),
        ),
        E.chainW((model) =>
          E.map((text: string): SimulateOutput => ({ text, warnings: warningText(model) }))(
            o.reps > 1
              ? runReplicated(o, text, model, registry)
              : pipe(
                  mechanismIn(registry, o.mechanism, valuesOf(o)),
                  E.mapLeft((m) => [`--${m}`]),
                  E.chainW((mech) =>
                    pipe(
                      strategiesFor(o.strategies, model.n, registry),
                      E.chainW((profile) =>
                        pipe(
                          simulate(model, mech, profile, {
                            T: o.horizon,
                            seed: o.seed,
                            ...(o.engine === undefined ? {} : { engine: o.engine }),
                          }),
                          E.mapLeft((m) => [`--${m}`]),
                        ),
                      ),
                    ),
                  ),
                  E.map((result) => {
                    const plainReport = runReport(model, result, {
                      scenario: o.scenario,
                      epsilon: o.epsilon?.toString() ?? null,
                      rebate: o.rebate ?? null,
                    })
                    // The leaping engine's blocks, beside the report (absent for the per-round engine: its output is unchanged).
                    const report =
                      result.leap === undefined
                        ? plainReport
                        : {
                            ...plainReport,
                            engine: 'leap',
                            blocks: result.leap.blocks,
                            roundsLeaptShare: (result.leap.roundsLeapt / o.horizon).toPrecision(6),
                          }
                    return o.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : reportTable(report)
                  }),
                ),
          ),
        ),
      )
    }),
  )
