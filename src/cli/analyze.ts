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
import { type Analysis, analyze } from '../analysis/analyze.ts'
import { parseScenarioText } from '../codec/report-errors.ts'
import { Decimal } from '../exact/decimal.ts'
import { buildInstanceModel } from '../model/instance-model.ts'
import { alignedTable } from '../report/text-table.ts'
import { type Checked, choiceOption, collect, decimalOption, integerOption } from './options.ts'
import { type SimulateOutput, warningText } from './simulate.ts'

/** Raw `analyze` options as strings. */
export interface RawAnalyzeOptions {
  readonly scenario?: string
  readonly horizon: string
  readonly epsilon: string
  readonly rebate: string
  readonly format: string
}

interface AnalyzeOptions {
  readonly scenario: string
  readonly horizon: number
  readonly epsilon: Decimal
  readonly rebate: 'on' | 'off'
  readonly format: 'json' | 'table'
}

const check = (raw: RawAnalyzeOptions): Checked<AnalyzeOptions> =>
  collect<AnalyzeOptions>({
    scenario: raw.scenario === undefined || raw.scenario === '' ? E.left(['--scenario: required (a scenario JSON file)']) : E.right(raw.scenario),
    horizon: integerOption('horizon', raw.horizon, 1, 1_000_000_000),
    epsilon: decimalOption('epsilon', raw.epsilon, 'a decimal in (0, 0.5) such as 0.25', (d) => d.gt(0) && d.lt('0.5')),
    rebate: choiceOption('rebate', raw.rebate, ['on', 'off'] as const),
    format: choiceOption('format', raw.format, ['json', 'table'] as const),
  })

/** A double as a decimal string of USD. */
const usd = (x: number): string => new Decimal(x).toString()

/**
 * The JSON report of an analysis. Amounts are decimal strings in USD: the doubles of the dynamic
 * programs (within `errorBound`), or on noise-free instances the exact decimals (`errorBound` 0).
 */
export const analysisReport = (a: Analysis, scenario: string, o: { horizon: number; epsilon: Decimal; rebate: string }): Record<string, unknown> => {
  const exact = a.exact
  return {
    scenario,
    horizon: o.horizon,
    epsilon: o.epsilon.toString(),
    rebate: o.rebate,
    method: exact === undefined ? 'dynamic programming (proofs-notes §10.2–§10.4)' : 'noise-free, exact decimal (proofs-notes §10.8)',
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
        optimalDeviation:
          e === undefined
            ? { value: usd(p.optimalValue), gain: usd(p.gain) }
            : { value: e.optimalValue.toString(), gain: e.gain.toString(), bestResponse: e.bestResponse },
      }
    }),
  }
}

const table = (r: ReturnType<typeof analysisReport>): string => {
  const short = (s: unknown): string => new Decimal(String(s)).toSignificantDigits(10).toString()
  const ps = r.providers as { id: string; expectedProfit: string; provenBound: string; optimalDeviation: { value: string; gain: string } }[]
  return `${[
    `scenario            ${String(r.scenario)}`,
    `horizon ${String(r.horizon)}   ε ${String(r.epsilon)}   rebate ${String(r.rebate)}   L ${String(r.L)}   r ${short(r.r)}`,
    `E[U]                ${short(r.expectedUserUtility)} USD    SB ${String(r.secondBest)}    Δ ${short(r.shortfallBound)}`,
    `η                   ${short(r.eta)} USD    error bound ${short(r.errorBound)} USD`,
    '',
    ...alignedTable(
      ['provider', 'E[Π] (τ*)', 'optimal value', 'gain', 'G_i'],
      ps.map((p) => [p.id, short(p.expectedProfit), short(p.optimalDeviation.value), short(p.optimalDeviation.gain), short(p.provenBound)]),
    ),
  ].join('\n')}\n`
}

/**
 * Runs `analyze`: validates, decodes the scenario, analyses, returns the text to print and the
 * warnings on violated assumptions (§1.3) for standard error (`Left`: every message).
 *
 * @param raw - the raw options.
 * @param readText - reads a text file (throws an `Error` on failure).
 * @returns the report and the warnings, or every bad-input message.
 */
export const runAnalyze = (raw: RawAnalyzeOptions, readText: (path: string) => string): Checked<SimulateOutput> =>
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
        E.chainW((inst) => pipe(buildInstanceModel(inst), E.mapLeft((m) => [`${o.scenario}: ${m}`]))),
        E.chainW((model) =>
          pipe(
            analyze(model, o.horizon, o.epsilon, o.rebate === 'on'),
            E.mapLeft((m) => [`--${m}`]),
            E.map((a): SimulateOutput => {
              const report = analysisReport(a, o.scenario, o)
              return { text: o.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : table(report), warnings: warningText(model) }
            }),
          ),
        ),
      )
    }),
  )
