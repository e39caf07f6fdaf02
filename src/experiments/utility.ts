/**
 * Experiment (a): the user's utility per query against the horizon for every mechanism, with
 * providers playing the best responses found in their strategy families, beside the first-best
 * and second-best lines.
 *
 * @module
 */
import { Decimal } from '../exact/decimal.ts'
import { type MechanismFields, bestProviderFloor, kthBest, mechanismFields } from './cells.ts'
import type { CellResult } from './search.ts'
import { strategyLabel } from './specs.ts'
import { ci95, scaleInterval } from '../stats/interval.ts'
import { meanUsd, seUsd, usd } from '../stats/summary.ts'
import { gridOf } from '../exact/grid.ts'

/** One point of experiment (a): a mechanism at a horizon. Money as exact decimal strings (USD). */
export interface UtilityRow extends MechanismFields {
  readonly scenario: string
  readonly T: number
  /** Re-measure seeds the final profile was run on (disjoint from the seeds that selected it). */
  readonly seeds: number
  /** Mean user utility `U` over the seeds. */
  readonly userUtility: string
  /** `U/T`, exact. */
  readonly userUtilityPerQuery: string
  /** Standard error of `U/T` (6 significant digits). */
  readonly userUtilityPerQuerySe: string
  /** 95% confidence interval of `U/T` (Student t, proofs-notes §11.3). */
  readonly userUtilityPerQueryLo: string
  readonly userUtilityPerQueryHi: string
  /** `FB/T = ū_(1)`. */
  readonly firstBestPerQuery: string
  /** `SB/T = ū_(2)`. */
  readonly secondBestPerQuery: string
  /** `μ^min` of the best provider: what it delivers when it cheats fully. */
  readonly bestFloorPerQuery: string
  /** The final strategies, one per provider, `|`-separated. */
  readonly profile: string
  /** Whether the best-response search converged (see `search.ts`). */
  readonly converged: boolean
}

/** One provider in one cell of experiment (a). */
export interface ProviderRow extends MechanismFields {
  readonly scenario: string
  readonly T: number
  readonly provider: string
  /** The strategy it ended with. */
  readonly strategy: string
  /** Mean profit `Π_i` over the seeds, USD, and its standard error. */
  readonly profit: string
  readonly profitSe: string
  /** Mean rounds served over the seeds (exact decimal), and its standard error. */
  readonly roundsServed: string
  readonly roundsServedSe: string
}

/** Counts as grid units of step 1 (for standard errors of round counts). */
const COUNTS = gridOf(0)

/** The rows of experiment (a) for `results`. */
export const utilityRows = (results: readonly CellResult[]): readonly UtilityRow[] =>
  results.map(({ cell, final, profile, converged }) => {
    const grid = cell.model.grid
    const total = ci95(
      grid,
      final.map((r) => r.user),
    )
    const perQuery = scaleInterval(total, new Decimal(1).div(cell.T))
    return {
      scenario: cell.scenario,
      ...mechanismFields(cell.mechanism),
      T: cell.T,
      seeds: final.length,
      userUtility: usd(total.mean),
      userUtilityPerQuery: usd(perQuery.mean),
      userUtilityPerQuerySe: usd(perQuery.se),
      userUtilityPerQueryLo: usd(perQuery.lo),
      userUtilityPerQueryHi: usd(perQuery.hi),
      firstBestPerQuery: usd(kthBest(cell.model, 1)),
      secondBestPerQuery: usd(kthBest(cell.model, 2)),
      bestFloorPerQuery: usd(bestProviderFloor(cell.model)),
      profile: profile.map(strategyLabel).join(' | '),
      converged,
    }
  })

/** The per-provider rows of experiment (a). */
export const providerRows = (results: readonly CellResult[]): readonly ProviderRow[] =>
  results.flatMap(({ cell, final, profile }) =>
    cell.model.providers.map((p, i) => ({
      scenario: cell.scenario,
      ...mechanismFields(cell.mechanism),
      T: cell.T,
      provider: p.id,
      strategy: strategyLabel(profile[i]!),
      profit: usd(
        meanUsd(
          cell.model.grid,
          final.map((r) => r.profits[i]!),
        ),
      ),
      profitSe: usd(
        seUsd(
          cell.model.grid,
          final.map((r) => r.profits[i]!),
        ),
      ),
      roundsServed: usd(new Decimal(final.reduce((a, r) => a + r.served[i]!, 0)).div(final.length)),
      roundsServedSe: usd(
        seUsd(
          COUNTS,
          final.map((r) => BigInt(r.served[i]!)),
        ),
      ),
    })),
  )
