/**
 * The report of a replicated run (`sbd simulate --reps N`, N ≥ 2): the run's parameters (each
 * mechanism parameter in its own field), the seeds, the arithmetic and interval method, and the
 * estimates of `U`, every `Π_i` (USD, exact decimal strings), the number of firings and the phase
 * lengths; as JSON or as a table (the table rounds to 10 significant digits, the JSON does not).
 *
 * @module
 */
import { type Decimal, PRECISION_RECORD } from '../exact/decimal.ts'
import { type InstanceModel, benchmarks } from '../model/instance-model.ts'
import { PHASES } from '../sim/public-view.ts'
import { CI_METHOD, type Estimate, estimateJson } from '../stats/interval.ts'
import type { ReplicationSummary } from './replicate.ts'
import type { RunSpec } from './run.ts'

/** The JSON report of a replication. */
export const replicationReport = (
  model: InstanceModel,
  base: RunSpec,
  label: string,
  reps: number,
  s: ReplicationSummary,
): Record<string, unknown> => {
  const { firstBest, secondBest } = benchmarks(model, base.T)
  return {
    scenario: base.scenario,
    mechanism: base.setting.mechanism,
    mechanismLabel: label,
    epsilon: base.setting.epsilon,
    rebate: base.setting.rebate,
    theta: base.setting.theta,
    lambda: base.setting.lambda,
    ...(base.setting.bonus === undefined || base.setting.bonus === null ? {} : { bonus: base.setting.bonus }),
    horizon: base.T,
    strategies: model.providers.map((p, i) => ({
      provider: p.id,
      strategy: base.strategies.length === 1 ? base.strategies[0] : base.strategies[i],
    })),
    reps,
    seeds: { first: base.seed, last: base.seed + reps - 1 },
    precision: PRECISION_RECORD,
    moneyGrid: `1e-${model.grid.k} USD`,
    interval: CI_METHOD,
    firstBest: firstBest.toString(),
    secondBest: secondBest.toString(),
    userUtility: estimateJson(s.user),
    providers: model.providers.map((p, i) => ({ id: p.id, profit: estimateJson(s.profits[i]!) })),
    firings: estimateJson(s.firings),
    phases: Object.fromEntries(PHASES.map((p) => [p, estimateJson(s.phases[p])])),
    ...(base.engine === undefined ? {} : { engine: base.engine }),
    ...(s.roundsLeaptShare === null ? {} : { roundsLeaptShare: s.roundsLeaptShare.toSignificantDigits(6).toString() }),
  }
}

const TABLE_DIGITS = 10
const shown = (d: Decimal | null): string => (d === null ? '–' : d.toSignificantDigits(TABLE_DIGITS).toString())

/** A readable table of a replication (values rounded to 10 significant digits). */
export const replicationTable = (model: InstanceModel, base: RunSpec, label: string, reps: number, s: ReplicationSummary): string => {
  const { firstBest, secondBest } = benchmarks(model, base.T)
  const row = (name: string, e: Estimate): string =>
    `${name.padEnd(36)}${shown(e.mean).padStart(20)}${shown(e.se).padStart(16)}   [${shown(e.low)}, ${shown(e.high)}]`
  const lines = [
    `mechanism      ${label}`,
    `horizon        ${base.T}    seeds ${base.seed}..${base.seed + reps - 1} (${reps} runs)`,
    `secondBest     ${secondBest.toString()} USD    firstBest ${firstBest.toString()} USD`,
    `interval       ${CI_METHOD}`,
    ...(base.engine === undefined
      ? []
      : [`engine         ${base.engine}${s.roundsLeaptShare === null ? '' : `    rounds leapt ${shown(s.roundsLeaptShare.times(100))}%`}`]),
    '',
    `${'quantity'.padEnd(36)}${'mean'.padStart(20)}${'SE'.padStart(16)}   95% CI`,
    row('userUtility (USD)', s.user),
    ...model.providers.map((p, i) => row(`profit ${p.id} (USD)`, s.profits[i]!)),
    row('firings', s.firings),
    ...PHASES.filter((p) => !s.phases[p].mean.isZero()).map((p) => row(`phase ${p} (rounds)`, s.phases[p])),
  ]
  return `${lines.join('\n')}\n`
}
