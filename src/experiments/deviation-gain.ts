/**
 * Experiment (b): the largest deviation gain against τ* of SBD(ε), against the horizon, beside
 * the bounds `η_on(T) = c(K_X) + 3R` and `η_off(T) = L·R + c(K_X) + 3R` of Theorem 1 (§6).
 *
 * Selection and measurement use disjoint seeds (proofs-notes §11.2). The deviation is *selected*
 * in pass 1 of the best-response search (every family member of every provider against
 * everyone else truthful, on the search seeds): the one with the largest mean gain. That maximum
 * over many noisy means is biased upward, so the selected deviation is *measured* again on the
 * cell's re-measure seeds, which neither the search nor the significance filter ever saw; the
 * row's gain, standard error and 95% confidence interval are those of the re-measurement.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { Decimal } from '../exact/decimal.ts'
import { sbdConstants, slackAfter } from '../mechanism/constants.ts'
import { ci95 } from '../stats/interval.ts'
import { meanUsd, seUsd, usd } from '../stats/summary.ts'
import { etaOff, etaOn } from '../theory/bounds.ts'
import { type MechanismFields, mechanismFields } from './cells.ts'
import type { Runner } from './pool.ts'
import type { CellResult, SearchOptions } from './search.ts'
import { checkSeedPlan } from './seed-plan.ts'
import { type StrategySpec, strategyLabel } from './specs.ts'
import type { RunTask } from './tasks.ts'

/** The largest deviation gain at one (scenario, ε, rebate, T), with the bounds (USD, exact unless noted). */
export interface GainRow extends MechanismFields {
  readonly scenario: string
  readonly T: number
  /** Search seeds (selection). */
  readonly searchSeeds: number
  /** The selected deviation: provider and strategy with the largest mean gain on the search seeds. */
  readonly provider: string
  readonly strategy: string
  /** Its mean gain on the search seeds (the selection maximum: biased upward) and standard error. */
  readonly searchGain: string
  readonly searchGainSe: string
  /** Re-measure seeds (disjoint from the search and filter seeds). */
  readonly remeasureSeeds: number
  /** The selected deviation's gain `Π_i(σ, τ*_{−i}) − Π_i(τ*)` re-measured on the re-measure seeds: mean, SE, 95% CI. */
  readonly gain: string
  readonly gainSe: string
  readonly gainLo: string
  readonly gainHi: string
  /** The bound for this rebate setting (`η_on` or `η_off`), 50 significant digits. */
  readonly eta: string
  readonly etaOn: string
  readonly etaOff: string
  /** `L = ⌈T^(1−ε)⌉`. */
  readonly L: number
  /** `c(K_X)`, the withholding allowance. */
  readonly slackAllowance: string
  /** Re-measured gain / η and its 95% CI, 6 significant digits. */
  readonly gainOverEta: string
  readonly gainOverEtaLo: string
  readonly gainOverEtaHi: string
}

/** The deviation with the largest mean pass-1 gain in an SBD cell (search seeds). */
interface Leader {
  readonly provider: number
  readonly strategy: StrategySpec
  /** Per search seed, its gain over τ*. */
  readonly gains: readonly bigint[]
  readonly gain: Decimal
}

const leaderOf = (r: CellResult): Leader | undefined => {
  const grid = r.cell.model.grid
  let best: Leader | undefined
  for (const step of r.steps.filter((s) => s.pass === 1))
    for (const cand of step.candidates) {
      const gains = cand.profits.map((x, k) => x - step.currentProfits[k]!)
      const gain = meanUsd(grid, gains)
      if (best === undefined || gain.gt(best.gain)) best = { provider: step.provider, strategy: cand.strategy, gains, gain }
    }
  return best
}

/** The re-measurement of one SBD cell's selected deviation. */
export interface Remeasurement {
  /** Index into the search results. */
  readonly result: number
  readonly provider: number
  readonly strategy: StrategySpec
  readonly seeds: readonly number[]
  /** Per re-measure seed, the deviation's profit minus τ*'s (grid units). */
  readonly gains: readonly bigint[]
}

const RECOMMENDED: StrategySpec = { kind: 'recommended' }

/**
 * The τ* runs that start each SBD cell's re-measurement: one per re-measure seed, probing the
 * selected deviation (where it plays exactly like τ*, its gain on that seed is 0 without a run).
 * `Left` if a cell's re-measure seeds meet its search or filter seeds.
 */
export const remeasureBaselines = (
  results: readonly CellResult[],
): E.Either<string, readonly { readonly result: number; readonly leader: Leader; readonly tasks: readonly RunTask[] }[]> => {
  const out: { result: number; leader: Leader; tasks: RunTask[] }[] = []
  for (const [k, r] of results.entries()) {
    const { cell } = r
    if (cell.mechanism.kind !== 'sbd') continue
    const disjoint = checkSeedPlan({ search: cell.seeds, filter: cell.freshSeeds, remeasure: cell.remeasureSeeds })
    if (E.isLeft(disjoint)) return E.left(`${cell.scenario} SBD(ε=${cell.mechanism.epsilon}) T=${cell.T}: ${disjoint.left}`)
    const leader = leaderOf(r)
    if (leader === undefined) continue
    const truthful = cell.model.providers.map(() => RECOMMENDED)
    const probe = cell.model.providers.map((_, i) => (i === leader.provider ? [leader.strategy] : null))
    out.push({
      result: k,
      leader,
      tasks: cell.remeasureSeeds.map((seed) => ({
        scenario: cell.scenario,
        mechanism: cell.mechanism,
        profile: truthful,
        T: cell.T,
        seed,
        probe,
      })),
    })
  }
  return E.right(out)
}

/**
 * Re-measures every SBD cell's selected deviation on its re-measure seeds (τ* probed, then the
 * deviation where it differs). `Left` as {@link remeasureBaselines}; throws if a run fails.
 */
export const remeasureLeaders = (
  runner: Runner,
  results: readonly CellResult[],
  stage: NonNullable<SearchOptions['stage']>,
): E.Either<string, readonly Remeasurement[]> =>
  E.map((plans: ReturnType<typeof remeasureBaselines> extends E.Either<string, infer A> ? A : never) => {
    const baseTasks = plans.flatMap((p) => p.tasks)
    const base = stage('re-measuring the selected deviations (b): τ*', baseTasks.length, (tick) => runner.run(baseTasks, tick))
    const devTasks: RunTask[] = []
    const slots: { plan: number; seed: number }[] = []
    let k = 0
    for (const [pi, p] of plans.entries())
      for (const [si, t] of p.tasks.entries()) {
        const run = base[k++]!
        if (run.equivalent[p.leader.provider]?.[0] === true) continue
        const { probe: _probe, ...plain } = t
        devTasks.push({ ...plain, profile: t.profile.map((s, j) => (j === p.leader.provider ? p.leader.strategy : s)) })
        slots.push({ plan: pi, seed: si })
      }
    const dev = stage('re-measuring the selected deviations (b): deviations', devTasks.length, (tick) => runner.run(devTasks, tick))
    const gains: bigint[][] = plans.map((p) => p.tasks.map(() => 0n))
    let b = 0
    const baseProfit = plans.map((p) => p.tasks.map(() => base[b++]!.profits[p.leader.provider]!))
    slots.forEach((s, j) => {
      const p = plans[s.plan]!
      gains[s.plan]![s.seed] = dev[j]!.profits[p.leader.provider]! - baseProfit[s.plan]![s.seed]!
    })
    return plans.map((p, pi) => ({
      result: p.result,
      provider: p.leader.provider,
      strategy: p.leader.strategy,
      seeds: p.tasks.map((t) => t.seed),
      gains: gains[pi]!,
    }))
  })(remeasureBaselines(results))

const s6 = (x: Decimal): string => usd(x.toSignificantDigits(6))

/**
 * The rows of experiment (b) from the SBD cells of `results` (other cells are skipped) and their
 * re-measurements. `Left` if a cell's SBD constants cannot be built (never for a cell that ran)
 * or a cell has no re-measurement.
 */
export const gainRows = (results: readonly CellResult[], remeasured: readonly Remeasurement[]): E.Either<string, readonly GainRow[]> => {
  const rows: GainRow[] = []
  const byResult = new Map(remeasured.map((m) => [m.result, m]))
  for (const [k, r] of results.entries()) {
    const { cell } = r
    const m = cell.mechanism
    if (m.kind !== 'sbd') continue
    const c = sbdConstants(cell.T, cell.model.n, new Decimal(m.epsilon), cell.model.R)
    if (E.isLeft(c)) return c
    const best = leaderOf(r)
    if (best === undefined) continue
    const again = byResult.get(k)
    if (again === undefined) return E.left(`${cell.scenario} SBD(ε=${m.epsilon}) T=${cell.T}: no re-measurement of the selected deviation`)
    const grid = cell.model.grid
    const iv = ci95(grid, again.gains)
    const on = etaOn(c.right)
    const off = etaOff(c.right)
    const eta = m.rebate ? on : off
    rows.push({
      scenario: cell.scenario,
      ...mechanismFields(m),
      T: cell.T,
      searchSeeds: cell.seeds.length,
      provider: cell.model.providers[best.provider]!.id,
      strategy: strategyLabel(best.strategy),
      searchGain: usd(best.gain),
      searchGainSe: usd(seUsd(grid, best.gains)),
      remeasureSeeds: again.gains.length,
      gain: usd(iv.mean),
      gainSe: usd(iv.se),
      gainLo: usd(iv.lo),
      gainHi: usd(iv.hi),
      eta: usd(eta),
      etaOn: usd(on),
      etaOff: usd(off),
      L: c.right.L,
      slackAllowance: usd(slackAfter(c.right, c.right.monitoredMax)),
      gainOverEta: s6(iv.mean.div(eta)),
      gainOverEtaLo: s6(iv.lo.div(eta)),
      gainOverEtaHi: s6(iv.hi.div(eta)),
    })
  }
  return E.right(rows)
}
