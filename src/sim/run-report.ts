/**
 * The JSON report of one simulation run (the `sbd simulate` output): parameters, SBD constants,
 * phases, targets, firings, the exact ledger in USD, the benchmarks, and the assumption verdicts.
 * Money is written as exact decimal strings.
 *
 * @module
 */
import { PRECISION_RECORD } from '../exact/decimal.ts'
import { fromUnits } from '../exact/grid.ts'
import { type InstanceModel, benchmarks } from '../model/instance-model.ts'
import type { RunResult } from './engine.ts'
import { providerUtility, userUtility } from './ledger.ts'

/** Parameters recorded beside a run. */
export interface RunParameters {
  readonly scenario: string
  readonly epsilon: string | null
  readonly rebate: 'on' | 'off' | null
}

/**
 * The report of a run, JSON-ready (money as decimal strings).
 *
 * @param model - the scenario's model.
 * @param r - the run.
 * @param p - the parameters to record (scenario path, ε, rebate).
 * @returns the JSON report `sbd simulate` prints.
 */
export const runReport = (model: InstanceModel, r: RunResult, p: RunParameters): Record<string, unknown> => {
  const l = r.ledger
  const usd = (u: bigint): string => fromUnits(l.grid, u).toString()
  const { firstBest, secondBest } = benchmarks(model, l.T)
  const d = r.outcome.details
  return {
    scenario: p.scenario,
    mechanism: r.mechanism,
    horizon: l.T,
    epsilon: p.epsilon,
    rebate: p.rebate,
    seed: r.settings.seed,
    precision: PRECISION_RECORD,
    moneyGrid: `1e-${l.grid.k} USD`,
    strategies: model.providers.map((pm, i) => ({ provider: pm.id, strategy: r.strategies[i] })),
    L: d.L ?? null,
    phases: r.outcome.phases,
    targets: d.targets ?? [],
    fired: d.fired ?? [],
    userUtility: usd(userUtility(l)),
    firstBest: firstBest.toString(),
    secondBest: secondBest.toString(),
    providers: model.providers.map((pm, i) => ({
      id: pm.id,
      roundsServed: l.roundsServed[i],
      profit: usd(providerUtility(l, i)),
      transfer: usd(l.transfers[i] ?? 0n),
      bestService: pm.honestMean.toString(),
    })),
    totalSurplus: usd(l.totalX + l.totalY),
    assumptions: model.assumptions,
    mechanismDetails: d,
  }
}
