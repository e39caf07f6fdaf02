/**
 * `sbd simulate`: one seeded run of a mechanism on a scenario file, reported as JSON or a table.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { parseScenarioText } from '../codec/report-errors.ts'
import type { DecimalSpec } from '../codec/decimal-leaf.ts'
import { showPath } from '../report/output-dir.ts'
import type { Decimal } from '../exact/decimal.ts'
import { mechanismByName, MECHANISM_NAMES } from '../mechanism/index.ts'
import { buildInstanceModel } from '../model/instance-model.ts'
import { simulate } from '../sim/engine.ts'
import type { Strategy } from '../sim/interfaces.ts'
import { runReport } from '../sim/run-report.ts'
import { strategyByName } from '../strategy/index.ts'
import { type Checked, choiceOption, collect, decimalInOption, integerOption } from './options.ts'

/** Raw `simulate` options as strings (as commander hands them over). */
export interface RawSimulateOptions {
  readonly scenario?: string
  readonly mechanism: string
  readonly epsilon: string
  readonly horizon: string
  readonly seed: string
  readonly rebate: string
  readonly strategy: readonly string[]
  readonly format: string
  readonly theta?: string
  readonly lambda?: string
}

/** Validated `simulate` options. */
export interface SimulateOptions {
  readonly scenario: string
  readonly mechanism: string
  readonly epsilon: Decimal
  readonly horizon: number
  readonly seed: number
  readonly rebate: 'on' | 'off'
  readonly strategies: readonly string[]
  readonly format: 'json' | 'table'
  readonly theta: Decimal | undefined
  readonly lambda: Decimal | undefined
}

/** `--epsilon`: as the scenario field ε (§3.1). */
export const EPSILON_OPTION: DecimalSpec = { min: '0', max: '0.5', minExclusive: true, maxExclusive: true, maxPlaces: 6, name: 'a decimal in (0, 0.5) such as 0.25, with at most 6 decimal places' }
/** `--theta`: a target in USD, as a scenario amount (§4.3). */
export const THETA_OPTION: DecimalSpec = { min: '-1000000', max: '1000000', maxPlaces: 6, name: 'a decimal target in USD such as 0.6, in [-10^6, 10^6] with at most 6 decimal places' }
/** `--lambda`: a mixing weight (§4.4). */
export const LAMBDA_OPTION: DecimalSpec = { min: '0', max: '1', maxPlaces: 6, name: 'a decimal in [0, 1] such as 0.5, with at most 6 decimal places' }

const optionalDecimal = (name: string, raw: string | undefined, spec: DecimalSpec): Checked<Decimal | undefined> =>
  raw === undefined ? E.right(undefined) : decimalInOption(name, raw, spec)

/** Validates every option; `Left` lists one message per bad option. */
export const checkSimulateOptions = (raw: RawSimulateOptions): Checked<SimulateOptions> =>
  collect<SimulateOptions>({
    scenario: raw.scenario === undefined || raw.scenario === '' ? E.left(['--scenario: required (a scenario JSON file)']) : E.right(raw.scenario),
    mechanism: choiceOption('mechanism', raw.mechanism, MECHANISM_NAMES),
    epsilon: decimalInOption('epsilon', raw.epsilon, EPSILON_OPTION),
    horizon: integerOption('horizon', raw.horizon, 1, 1_000_000_000),
    seed: integerOption('seed', raw.seed, 0, 2 ** 31 - 1),
    rebate: choiceOption('rebate', raw.rebate, ['on', 'off'] as const),
    strategies: pipe(
      raw.strategy.length === 0 ? ['recommended'] : raw.strategy,
      (names) => {
        const bad = names.flatMap((n) => {
          const s = strategyByName(n)
          return E.isLeft(s) ? [`--strategy: ${s.left}`] : []
        })
        return bad.length > 0 ? E.left(bad) : E.right(names)
      },
    ),
    format: choiceOption('format', raw.format, ['json', 'table'] as const),
    theta: optionalDecimal('theta', raw.theta, THETA_OPTION),
    lambda: optionalDecimal('lambda', raw.lambda, LAMBDA_OPTION),
  })

const strategiesFor = (names: readonly string[], n: number): Checked<readonly Strategy[]> => {
  if (names.length !== 1 && names.length !== n)
    return E.left([`--strategy: give one name for every provider or one per provider (${n}), got ${names.length}`])
  const picked = Array.from({ length: n }, (_, i) => strategyByName(names.length === 1 ? names[0]! : names[i]!))
  return E.right(picked.map((s) => (E.isRight(s) ? s.right : (undefined as never))))
}

const shownScenario = (p: string): string => (p.length <= 200 ? p : `${p.slice(0, 200)}…`)

/** A readable table of a run report. */
export const reportTable = (r: Record<string, unknown>): string => {
  const providers = r.providers as { id: string; roundsServed: number; profit: string; transfer: string; bestService: string }[]
  const phases = r.phases as Record<string, number>
  const lines = [
    `mechanism      ${String(r.mechanism)}`,
    `horizon        ${String(r.horizon)}    seed ${String(r.seed)}    L ${String(r.L)}`,
    `phases         ${Object.entries(phases).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    `userUtility    ${String(r.userUtility)} USD`,
    `secondBest     ${String(r.secondBest)} USD    firstBest ${String(r.firstBest)} USD`,
    `fired          ${(r.fired as unknown[]).length === 0 ? 'nobody' : JSON.stringify(r.fired)}`,
    '',
    `${'provider'.padEnd(28)}${'rounds'.padStart(12)}${'profit (USD)'.padStart(24)}${'best service'.padStart(16)}`,
    ...providers.map((p) => `${p.id.padEnd(28)}${String(p.roundsServed).padStart(12)}${p.profit.padStart(24)}${p.bestService.padStart(16)}`),
  ]
  return `${lines.join('\n')}\n`
}

/**
 * Runs `simulate`: validates options, decodes the scenario, runs, and returns the text to print.
 * `Left` carries every message for bad input (the caller exits with status 2, printing nothing else).
 */
export const runSimulate = (raw: RawSimulateOptions, readText: (path: string) => string): Checked<string> =>
  pipe(
    checkSimulateOptions(raw),
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
        E.chainW((inst) => pipe(buildInstanceModel(inst), E.mapLeft((m) => [`${shownScenario(o.scenario)}: ${m}`]))),
        E.chainW((model) =>
          pipe(
            mechanismByName(o.mechanism, { epsilon: o.epsilon, rebate: o.rebate === 'on', ...(o.theta ? { theta: o.theta } : {}), ...(o.lambda ? { lambda: o.lambda } : {}) }),
            E.mapLeft((m) => [`--${m}`]),
            E.chainW((mech) =>
              pipe(
                strategiesFor(o.strategies, model.n),
                E.chainW((profile) => pipe(simulate(model, mech, profile, { T: o.horizon, seed: o.seed }), E.mapLeft((m) => [`--${m}`]))),
              ),
            ),
            E.map((result) => {
              const sbdLike = o.mechanism === 'sbd' || o.mechanism === 'target-mix'
              const report = runReport(model, result, {
                scenario: o.scenario,
                epsilon: sbdLike ? o.epsilon.toString() : null,
                rebate: sbdLike ? o.rebate : null,
              })
              return o.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : reportTable(report)
            }),
          ),
        ),
      )
    }),
  )
