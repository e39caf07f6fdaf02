/**
 * `sbd analyze`: the exact analysis of SBD(ε) on an abstract scenario with Bernoulli noise
 * (proofs-notes §10.1–§10.7) or without noise and with linear frontiers (§10.8), reported as JSON
 * or a table. Out-of-scope scenarios (LLM instances, n > 3, curved noise-free frontiers, T beyond
 * the state budget) are bad input: exit 2 with a message saying why and the limit.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { type Analysis, analyze, sbdContext } from '../analysis/analyze.ts'
import { HARM_MAX_HORIZON, type Harm, harmOf } from '../analysis/harm.ts'
import { parseScenarioText } from '../codec/report-errors.ts'
import { Decimal } from '../exact/decimal.ts'
import { type InstanceModel, buildInstanceModel } from '../model/instance-model.ts'
import { BUILTIN_REGISTRY, type Registry } from '../plugin/registry.ts'
import { deviationCheck } from '../replication/with-objects.ts'
import { estimateJson } from '../stats/interval.ts'
import { alignedTable } from '../report/text-table.ts'
import { bonusOption } from './bonus-option.ts'
import { type Checked, choiceOption, collect, decimalOption, integerOption } from './options.ts'
import { type SimulateOutput, warningText } from './simulate.ts'

/** Raw `analyze` options as strings. */
export interface RawAnalyzeOptions {
  readonly scenario?: string
  readonly horizon: string
  readonly epsilon: string
  readonly rebate: string
  /** The rebate bonus δ (§14.1); absent: 0. */
  readonly bonus?: string
  readonly format: string
  /** The harm's tolerance ζ, USD (proofs-notes §14.9): absent, no harm is computed. */
  readonly tolerance?: string
}

interface AnalyzeOptions {
  readonly scenario: string
  readonly horizon: number
  readonly epsilon: Decimal
  readonly rebate: 'on' | 'off'
  /** `undefined`: absent (δ = 0). */
  readonly bonus: Decimal | undefined
  readonly format: 'json' | 'table'
  readonly tolerance: Decimal | undefined
}

const check = (raw: RawAnalyzeOptions): Checked<AnalyzeOptions> =>
  E.chain(
    (o: AnalyzeOptions): Checked<AnalyzeOptions> =>
      o.tolerance !== undefined && o.horizon > HARM_MAX_HORIZON
        ? E.left([
            `--tolerance: the harm programme solves about T^2 stint states per target and multiplier; T = ${o.horizon} is above its limit ${HARM_MAX_HORIZON}`,
          ])
        : E.right(o),
  )(
    collect<AnalyzeOptions>({
      scenario:
        raw.scenario === undefined || raw.scenario === '' ? E.left(['--scenario: required (a scenario JSON file)']) : E.right(raw.scenario),
      horizon: integerOption('horizon', raw.horizon, 1, 1_000_000_000),
      epsilon: decimalOption('epsilon', raw.epsilon, 'a decimal in (0, 0.5) such as 0.25', (d) => d.gt(0) && d.lt('0.5')),
      rebate: choiceOption('rebate', raw.rebate, ['on', 'off'] as const),
      bonus: bonusOption(raw.bonus, raw.rebate === 'off' ? 'off' : raw.rebate === 'on' ? 'on' : undefined),
      format: choiceOption('format', raw.format, ['json', 'table'] as const),
      tolerance:
        raw.tolerance === undefined
          ? E.right(undefined)
          : decimalOption('tolerance', raw.tolerance, 'a decimal ζ ≥ 0 in USD such as 1', (d) => d.gte(0) && d.lte(1e12)),
    }),
  )

/** A double as a decimal string of USD. */
const usd = (x: number): string => new Decimal(x).toString()

/**
 * The JSON report of an analysis. Amounts are decimal strings in USD: the doubles of the dynamic
 * programs (within `errorBound`), or on noise-free instances the exact decimals (`errorBound` 0).
 */
export const analysisReport = (
  a: Analysis,
  scenario: string,
  o: { horizon: number; epsilon: Decimal; rebate: string; bonus?: Decimal | undefined },
  harms?: readonly Harm[],
): Record<string, unknown> => {
  const exact = a.exact
  return {
    scenario,
    horizon: o.horizon,
    epsilon: o.epsilon.toString(),
    rebate: o.rebate,
    ...(o.bonus === undefined || o.bonus.isZero() ? {} : { bonus: o.bonus.toString() }),
    method: exact === undefined ? 'dynamic programming (proofs-notes §10.2–§10.5)' : 'noise-free, exact decimal (proofs-notes §10.8)',
    expectedUserUtility: exact === undefined ? usd(a.expectedUserUtility) : exact.userUtility.toString(),
    secondBest: a.secondBest.toString(),
    shortfallBound: a.shortfallBound.toString(),
    eta: a.eta.toString(),
    errorBound: exact === undefined ? usd(a.errorBound) : '0',
    L: a.constants.L,
    r: a.constants.r.toString(),
    providers: a.providers.map((p, i) => {
      const e = exact?.providers[i]
      return {
        id: p.id,
        expectedProfit: e === undefined ? usd(p.expectedProfit) : e.expectedProfit.toString(),
        provenBound: p.provenBound.toString(),
        // value/gain: the DP's upper bound on the optimal deviation (§10.4); achievable*: the exact
        // value of a deviation the engine can play (§10.5). Noise-free: the optimum is attained.
        optimalDeviation:
          e === undefined
            ? {
                value: usd(p.optimalValue),
                gain: usd(p.gain),
                ...(p.achievable === undefined ? {} : { achievableValue: usd(p.achievable.value), achievableGain: usd(p.achievable.gain) }),
              }
            : {
                value: e.optimalValue.toString(),
                gain: e.gain.toString(),
                achievableValue: e.optimalValue.toString(),
                achievableGain: e.gain.toString(),
                bestResponse: e.bestResponse,
              },
        ...(harms?.[i] === undefined ? {} : { harm: harmReport(harms[i]!) }),
      }
    }),
  }
}

/**
 * The harm fields of one provider (proofs-notes §14.9), decimal strings in USD. The least `E[U]`
 * and the harm `H_i(ζ)` are bracketed: `leastUserUtility ≤ least E[U] ≤ playableUserUtility` and
 * `playableHarm ≤ H_i(ζ) ≤ harm`, each amount within `errorBound`.
 */
export const harmReport = (h: Harm): Record<string, unknown> => ({
  tolerance: usd(h.tolerance),
  leastUserUtility: usd(h.leastUserUtility),
  harm: usd(h.harm),
  multiplier: usd(h.multiplier),
  playableUserUtility: usd(h.playable.value.user),
  playableProfit: usd(h.playable.value.profit),
  playableHarm: usd(h.playableHarm),
  errorBound: usd(h.errorBound),
  reading:
    'leastUserUtility is a lower bound on the least E[U] (the deviator told its rival’s exploration sum); playableUserUtility is the exact E[U] of a strategy the engine can play that earns E[Π_i(τ*)] − tolerance, an upper bound; harm and playableHarm bracket H_i(ζ) from above and below',
})

/** Seeds on which a plug-in strategy's gain is estimated by `analyze --plugin` (1, …, 16). */
export const PLUGIN_SEEDS = 16

/**
 * The gain of every parameterless plug-in strategy of `registry`, for every provider, estimated
 * on seeds 1…{@link PLUGIN_SEEDS} (common random numbers against τ*), beside the exact optimal
 * deviation: no strategy can gain more than that optimum in expectation (§10), so a plug-in
 * whose interval lies above it is wrong, or the analysis is.
 *
 * @param model - the instance's model.
 * @param a - the exact analysis.
 * @param o - horizon, ε and rebate of the analysis.
 * @param registry - where the plug-in strategies are.
 * @returns one row per plug-in strategy and provider, or the first run's error.
 */
const pluginRows = (
  model: InstanceModel,
  a: Analysis,
  o: { readonly horizon: number; readonly epsilon: Decimal; readonly rebate: 'on' | 'off' },
  registry: Registry,
): E.Either<string, readonly Record<string, unknown>[]> => {
  const rows: Record<string, unknown>[] = []
  for (const entry of registry.strategies.values()) {
    if ((entry.parameters ?? []).length > 0) continue
    for (const [i, p] of model.providers.entries()) {
      const v = deviationCheck(model, entry.name, {
        registry,
        epsilon: o.epsilon,
        rebate: o.rebate === 'on',
        provider: i,
        T: o.horizon,
        seed: 1,
        reps: PLUGIN_SEEDS,
      })
      if (E.isLeft(v)) return v
      const optimal = a.exact?.providers[i]?.gain ?? new Decimal(a.providers[i]!.gain)
      rows.push({
        strategy: entry.name,
        provider: p.id,
        gain: estimateJson(v.right.gain),
        optimalGain: optimal.toString(),
        aboveOptimal: (v.right.gain.low ?? v.right.gain.mean).gt(optimal),
      })
    }
  }
  return E.right(rows)
}

const table = (r: ReturnType<typeof analysisReport>): string => {
  const short = (s: unknown): string => new Decimal(String(s)).toSignificantDigits(10).toString()
  const ps = r.providers as {
    id: string
    expectedProfit: string
    provenBound: string
    optimalDeviation: { value: string; gain: string; achievableGain: string }
  }[]
  return `${[
    `scenario            ${String(r.scenario)}`,
    `horizon ${String(r.horizon)}   ε ${String(r.epsilon)}   rebate ${String(r.rebate)}${r.bonus === undefined ? '' : `   δ ${String(r.bonus)}`}   L ${String(r.L)}   r ${short(r.r)}`,
    `E[U]                ${short(r.expectedUserUtility)} USD    SB ${String(r.secondBest)}    Δ ${short(r.shortfallBound)}`,
    `η                   ${short(r.eta)} USD    error bound ${short(r.errorBound)} USD`,
    '',
    ...alignedTable(
      ['provider', 'E[Π] (τ*)', 'optimal value ≤', 'gain ≤', 'achievable gain', 'G_i'],
      ps.map((p) => [
        p.id,
        short(p.expectedProfit),
        short(p.optimalDeviation.value),
        short(p.optimalDeviation.gain),
        short(p.optimalDeviation.achievableGain),
        short(p.provenBound),
      ]),
    ),
    ...harmTable(r.providers as readonly { id: string; harm?: Record<string, string> }[]),
    ...pluginTable(r.pluginStrategies as readonly PluginRow[] | undefined),
  ].join('\n')}\n`
}

/** The harm rows of the table (proofs-notes §14.9): the bracket of `H_i(ζ)` and of the least `E[U]`. */
const harmTable = (ps: readonly { id: string; harm?: Record<string, string> }[]): string[] => {
  const rows = ps.flatMap((p) => (p.harm === undefined ? [] : [{ id: p.id, h: p.harm }]))
  if (rows.length === 0) return []
  const short = (s: string | undefined): string => new Decimal(s ?? '0').toSignificantDigits(8).toString()
  return [
    '',
    `harm at tolerance ζ = ${rows[0]!.h.tolerance} USD (playable harm ≤ H_i(ζ) ≤ bound; least E[U] in [lower bound, playable])`,
    ...alignedTable(
      ['provider', 'playable harm', 'harm bound', 'least E[U] ≥', 'playable E[U]', 'multiplier', 'error bound'],
      rows.map(({ id, h }) => [
        id,
        short(h.playableHarm),
        short(h.harm),
        short(h.leastUserUtility),
        short(h.playableUserUtility),
        short(h.multiplier),
        short(h.errorBound),
      ]),
    ),
  ]
}

interface PluginRow {
  readonly strategy: string
  readonly provider: string
  readonly gain: { readonly mean: string; readonly ci95Low: string | null; readonly ci95High: string | null }
  readonly optimalGain: string
}

const pluginTable = (rows: readonly PluginRow[] | undefined): string[] => {
  if (rows === undefined || rows.length === 0) return []
  const short = (s: string | null): string => (s === null ? '–' : new Decimal(s).toSignificantDigits(10).toString())
  return [
    '',
    `plug-in strategies (gain over τ* on seeds 1..${PLUGIN_SEEDS}, against the exact optimal gain)`,
    ...alignedTable(
      ['strategy', 'provider', 'gain', '95% CI', 'optimal gain'],
      rows.map((x) => [
        x.strategy,
        x.provider,
        short(x.gain.mean),
        `[${short(x.gain.ci95Low)}, ${short(x.gain.ci95High)}]`,
        short(x.optimalGain),
      ]),
    ),
  ]
}

/** Every provider's harm at `--tolerance` (absent: none), or why the scenario is out of the programme's scope. */
const harmsOf = (model: InstanceModel, o: AnalyzeOptions): Checked<readonly Harm[] | undefined> => {
  const zeta = o.tolerance
  if (zeta === undefined) return E.right(undefined)
  const s = sbdContext(model, o.horizon, o.epsilon, o.rebate === 'on', o.bonus)
  if (E.isLeft(s)) return E.left([`--tolerance: ${s.left}`])
  const out: Harm[] = []
  for (const i of model.providers.keys()) {
    const h = harmOf(s.right.ctx, i, zeta.toNumber())
    if (E.isLeft(h)) return E.left([`--${h.left}`])
    out.push(h.right)
  }
  return E.right(out)
}

/**
 * Runs `analyze`: validates, decodes the scenario, analyses, returns the text to print and the
 * warnings on violated assumptions (§1.3) for standard error (`Left`: every message).
 *
 * @param raw - the raw options.
 * @param readText - reads a text file (throws an `Error` on failure).
 * @returns the report and the warnings, or every bad-input message.
 */
export const runAnalyze = (
  raw: RawAnalyzeOptions,
  readText: (path: string) => string,
  registry: Registry = BUILTIN_REGISTRY,
): Checked<SimulateOutput> =>
  pipe(
    check(raw),
    E.chainW((o) => {
      let text: string
      try {
        text = readText(o.scenario)
      } catch (e) {
        return E.left([`--scenario: cannot read ${JSON.stringify(o.scenario)}: ${(e as Error).message}`])
      }
      return pipe(
        parseScenarioText(text),
        E.mapLeft((msgs) => msgs.map((m) => `${o.scenario}: ${m}`)),
        E.chainW((inst) =>
          pipe(
            buildInstanceModel(inst),
            E.mapLeft((m) => [`${o.scenario}: ${m}`]),
          ),
        ),
        E.chainW((model) =>
          pipe(
            analyze(model, o.horizon, o.epsilon, o.rebate === 'on', o.bonus),
            E.mapLeft((m): readonly string[] => [`--${m}`]),
            E.chain((a) => E.map((harms: readonly Harm[] | undefined) => ({ a, harms }))(harmsOf(model, o))),
            E.chain(({ a, harms }) =>
              pipe(
                pluginRows(model, a, o, registry),
                E.mapLeft((m): readonly string[] => [`--plugin: ${m}`]),
                E.map((rows): SimulateOutput => {
                  const report = { ...analysisReport(a, o.scenario, o, harms), ...(rows.length === 0 ? {} : { pluginStrategies: rows }) }
                  return {
                    text: o.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : table(report),
                    warnings: warningText(model),
                  }
                }),
              ),
            ),
          ),
        ),
      )
    }),
  )
