/**
 * `sbd experiment NAME`: runs a study and writes its report directory atomically.
 *
 * - `all` is the default study (`npm start`): the default LLM scenario and the abstract instance.
 * - `study --scenario FILE [--horizons …] [--epsilons …]` is the same best-response study on any
 *   scenario file (proofs-notes §11).
 *
 * Figures are written in the formats of `--formats` (default `svg,png`, §11.4).
 *
 * Every option and every target (`--out`, and the proofs-notes figure with `--proofs-notes`) is
 * checked before the study runs and before the first write; a bad one is reported by name (exit 2)
 * and nothing is written.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { parseScenarioText } from '../codec/report-errors.ts'
import { Decimal } from '../exact/decimal.ts'
import { buildInstanceModel } from '../model/instance-model.ts'
import type { Instance } from '../model/types.ts'
import { ceilPow } from '../exact/ceil-pow.ts'
import { EPSILONS } from '../experiments/plan.ts'
import type { StudySpec } from '../experiments/run-all.ts'
import { BUILTIN_REGISTRY, type Registry } from '../plugin/registry.ts'
import { type CliIo, type CommandFailure, EXIT_BAD_INPUT, EXIT_FAILURE } from './io.ts'
import { type Checked, integerOption } from './options.ts'
import { type FigureFormat, FIGURE_FORMATS, formatsOption } from '../report/figure.ts'
import { engineOption, warningText } from './simulate.ts'

/** The experiments the CLI knows: `all` (the default study) and `study` (any scenario file). */
export const EXPERIMENT_NAMES = ['all', 'study'] as const

/** Horizons of `study` when `--horizons` is not given (quick: {@link QUICK_STUDY_HORIZONS}). */
export const STUDY_HORIZONS: readonly number[] = [10_000, 100_000]
/** Horizons of `study --quick` when `--horizons` is not given. */
export const QUICK_STUDY_HORIZONS: readonly number[] = [1_000, 2_000]
/** Largest horizon `--horizons` accepts. */
export const MAX_HORIZON = 100_000_000
/** Largest `--seeds`. */
export const MAX_SEEDS = 10_000

/** The raw options of `sbd experiment`. */
export interface RawExperimentOptions {
  readonly seed: string
  readonly out: string
  readonly quick: boolean
  readonly proofsNotes: boolean
  readonly scenario?: string
  readonly horizons?: string
  readonly epsilons?: string
  readonly seeds?: string
  /** `--formats`: comma-separated figure formats (`svg`, `png`); both when absent. */
  readonly formats?: string
  /** `rounds` (default) or `leap` (proofs-notes §13.3). */
  readonly engine?: string
}

const list = (raw: string): string[] => raw.split(',').map((x) => x.trim())

/** `--horizons`: distinct integers in `[2, MAX_HORIZON]`, comma-separated; returned ascending. */
export const horizonsOption = (raw: string): Checked<readonly number[]> => {
  const bad = `--horizons: expected distinct comma-separated integers in [2, ${MAX_HORIZON}], got ${JSON.stringify(raw)}`
  const xs = list(raw).map((x) => (/^[1-9]\d*$/.test(x) ? Number(x) : Number.NaN))
  if (xs.length === 0 || xs.some((x) => !Number.isSafeInteger(x) || x < 2 || x > MAX_HORIZON) || new Set(xs).size !== xs.length)
    return E.left([bad])
  return E.right([...xs].sort((a, b) => a - b))
}

/** `--epsilons`: distinct decimals in `(0, 1/2)`, comma-separated; returned as given, ascending. */
export const epsilonsOption = (raw: string): Checked<readonly string[]> => {
  const bad = `--epsilons: expected distinct comma-separated decimals in (0, 0.5), got ${JSON.stringify(raw)}`
  const xs = list(raw)
  if (xs.length === 0 || xs.some((x) => !/^0?\.\d+$|^0\.\d+$/.test(x))) return E.left([bad])
  const ds = xs.map((x) => new Decimal(x))
  if (ds.some((d) => !d.gt(0) || !d.lt('0.5'))) return E.left([bad])
  const canon = ds.map((d) => d.toString())
  if (new Set(canon).size !== canon.length) return E.left([bad])
  return E.right([...canon].sort((a, b) => new Decimal(a).comparedTo(new Decimal(b))))
}

/**
 * The default ε of `study` on `instance`: those of the default study's list (0.1, 0.25, 0.4) at
 * which SBD(ε) can run at the smallest horizon (`T ≥ (n+1)·⌈T^(1−ε)⌉ + 1`, §3.1), so that no
 * default cell is spent on an infeasible point (ε = 0.1 with three providers needs T ≳ 10⁶). If
 * none can run, the whole list (the report then lists every point as infeasible).
 *
 * @param instance - the scenario.
 * @param horizons - the study's horizons (ascending).
 * @returns the ε values, ascending.
 */
export const defaultEpsilons = (instance: Instance, horizons: readonly number[]): readonly string[] => {
  const n = instance.providers.length
  const T = horizons[0] ?? 0
  const ok = EPSILONS.filter((e) => T >= (n + 1) * ceilPow(T, new Decimal(1).minus(e)) + 1)
  return ok.length > 0 ? ok : EPSILONS
}

/** Reads, decodes and builds `--scenario`; the study needs at least two providers (a second-best). */
const scenarioOption = (path: string | undefined, readText: CliIo['readText']): Checked<Instance> => {
  if (path === undefined || path.trim() === '') return E.left(['--scenario: required (a scenario JSON file)'])
  let text: string
  try {
    text = readText(path)
  } catch (e) {
    return E.left([`--scenario: cannot read ${JSON.stringify(path)}: ${(e as Error).message}`])
  }
  return pipe(
    parseScenarioText(text),
    E.mapLeft((msgs) => msgs.map((m) => `--scenario: ${path}: ${m}`)),
    E.chainW((inst) =>
      pipe(
        buildInstanceModel(inst),
        E.mapLeft((m) => [`--scenario: ${path}: ${m}`]),
        E.chain((model) =>
          model.n >= 2
            ? E.right(inst)
            : E.left([`--scenario: ${path}: the study needs at least 2 providers (a second-best), got ${model.n}`]),
        ),
      ),
    ),
  )
}

/** The study an `experiment` command asks for, or every bad-input message. */
export const studyFromOptions = (
  name: string,
  opts: RawExperimentOptions,
  readText: CliIo['readText'],
  build: Pick<typeof import('../experiments/run-all.ts'), 'defaultStudy' | 'scenarioStudy'>,
  registry: Registry = BUILTIN_REGISTRY,
): Checked<StudySpec> => {
  const { defaultStudy, scenarioStudy } = build
  const errors: string[] = []
  const take = <A>(c: Checked<A>): A | undefined => {
    if (E.isLeft(c)) {
      errors.push(...c.left)
      return undefined
    }
    return c.right
  }
  if (!(EXPERIMENT_NAMES as readonly string[]).includes(name)) {
    errors.push(`experiment: unknown ${JSON.stringify(name)} (expected one of: ${EXPERIMENT_NAMES.join(', ')})`)
    return E.left(errors)
  }
  const seed = take(integerOption('seed', opts.seed, 0, 2 ** 31 - 1))
  const engine = take(engineOption(opts.engine))
  const withEngine = <S extends StudySpec>(s: S): S => (engine === undefined ? s : { ...s, engine })
  const seeds = opts.seeds === undefined ? undefined : take(integerOption('seeds', opts.seeds, 2, MAX_SEEDS))
  if (opts.out.trim() === '') errors.push('--out: expected a directory path, got ""')
  if (name === 'all') {
    for (const [flag, v] of [
      ['--scenario', opts.scenario],
      ['--horizons', opts.horizons],
      ['--epsilons', opts.epsilons],
    ] as const)
      if (v !== undefined) errors.push(`${flag}: only for "experiment study" (the default study "all" has fixed scenarios, horizons and ε)`)
    if (registry.strategies.size + registry.mechanisms.size > 0)
      errors.push('--plugin: only for "experiment study" (the default study "all" has fixed families)')
    if (errors.length > 0 || seed === undefined) return E.left(errors)
    return E.right(withEngine(defaultStudy({ seed, quick: opts.quick, ...(seeds === undefined ? {} : { seeds }) })))
  }
  if (opts.proofsNotes) errors.push('--proofs-notes: only for "experiment all"')
  const horizons = opts.horizons === undefined ? (opts.quick ? QUICK_STUDY_HORIZONS : STUDY_HORIZONS) : take(horizonsOption(opts.horizons))
  const instance = take(scenarioOption(opts.scenario, readText))
  const epsilons =
    opts.epsilons !== undefined
      ? take(epsilonsOption(opts.epsilons))
      : horizons === undefined || instance === undefined
        ? undefined
        : defaultEpsilons(instance, horizons)
  const pluginStrategies = [...registry.strategies.values()].filter((s) => (s.parameters ?? []).length === 0).map((s) => s.name)
  for (const s of registry.strategies.values())
    if ((s.parameters ?? []).length > 0)
      errors.push(`--plugin: strategy "${s.name}" takes parameters; the study's families hold parameterless strategies only`)
  if (errors.length > 0 || seed === undefined || horizons === undefined || epsilons === undefined || instance === undefined)
    return E.left(errors)
  return E.right(
    withEngine({
      ...scenarioStudy({ seed, instance, horizons, epsilons, seeds: seeds ?? (opts.quick ? 2 : 16) }),
      quick: opts.quick,
      ...(pluginStrategies.length > 0 ? { pluginStrategies, registry } : {}),
    }),
  )
}

const badInput = (messages: readonly string[]): E.Either<CommandFailure, never> => E.left({ status: EXIT_BAD_INPUT, messages })
const failed = (message: string): E.Either<CommandFailure, never> => E.left({ status: EXIT_FAILURE, messages: [message] })

/** Runs experiment `name`; `Left` carries the exit status and messages, `Right` a one-line summary for stderr. */
export const runExperimentCommand = async (
  name: string,
  opts: RawExperimentOptions,
  io: CliIo,
  registry: Registry = BUILTIN_REGISTRY,
): Promise<E.Either<CommandFailure, string>> => {
  // Loaded here, not at start-up: the study's modules (vega) are slow to load and other commands never need them.
  const study = await import('../experiments/run-all.ts')
  const { ABSTRACT_GAIN_FIGURE_BASE } = await import('../experiments/render.ts')
  const { PROOFS_NOTES_FIGURE_BASE } = await import('../experiments/write.ts')
  const spec = studyFromOptions(name, opts, io.readText, study, registry)
  const errors: string[] = E.isLeft(spec) ? [...spec.left] : []
  const parsedFormats = opts.formats === undefined ? E.right(FIGURE_FORMATS) : formatsOption(opts.formats)
  if (E.isLeft(parsedFormats)) errors.push(...parsedFormats.left)
  const formats: readonly FigureFormat[] = E.isRight(parsedFormats) ? parsedFormats.right : []
  // The proofs-notes copies: figure (b) on the abstract instance, in every format written.
  const copies = formats.map((f) => ({ from: `${ABSTRACT_GAIN_FIGURE_BASE}.${f}`, to: `${PROOFS_NOTES_FIGURE_BASE}.${f}` }))
  if (opts.out.trim() !== '') {
    const out = io.checkOutputDir(opts.out)
    if (out !== null) errors.push(`--out: cannot write ${out}`)
  }
  if (opts.proofsNotes && name === 'all') {
    for (const c of copies) {
      const figure = io.checkOutputFile(c.to)
      if (figure !== null) errors.push(`--proofs-notes: cannot write ${figure} (run from the root of a checkout)`)
    }
  }
  if (errors.length > 0 || E.isLeft(spec)) return badInput(errors)
  // One warning per violated assumption of each scenario (§1.3), before the long run.
  for (const input of spec.right.scenarios) {
    const model = buildInstanceModel(input.instance)
    if (E.isRight(model)) io.stderr(warningText(model.right))
  }
  const files = await io.runStudy(spec.right, formats)
  const written = io.writeDir(opts.out, files)
  if (written !== null) return failed(`--out: cannot write ${written}`)
  if (opts.proofsNotes) {
    for (const c of copies) {
      const figure = files.find((f) => f.name === c.from)
      const copied = figure === undefined ? `${c.from} was not rendered` : io.writeFile(c.to, figure.contents)
      if (copied !== null) return failed(`--proofs-notes: cannot write ${copied}`)
    }
  }
  return E.right(
    `wrote ${files.length} files to ${opts.out}/${opts.proofsNotes && copies.length > 0 ? ` and ${copies.map((c) => c.to).join(', ')}` : ''}\n`,
  )
}
