/**
 * Experiment (a): the user's utility per query against the horizon for every mechanism, with
 * providers playing the best responses found in their strategy families, beside the first-best
 * and second-best lines.
 *
 * @module
 */
import { Decimal } from '../exact/decimal.ts'
import { bestProviderFloor, kthBest, sbdFields } from './cells.ts'
import type { CellResult } from './search.ts'
import { mechanismLabel, strategyLabel } from './specs.ts'
import { meanUsd, seUsd, usd } from '../stats/summary.ts'

/** One point of experiment (a): a mechanism at a horizon. Money as exact decimal strings (USD). */
export interface UtilityRow {
  readonly scenario: string
  readonly mechanism: string
  readonly epsilon: string
  readonly rebate: string
  readonly T: number
  readonly seeds: number
  /** Mean user utility `U` over the seeds. */
  readonly userUtility: string
  /** `U/T`, exact. */
  readonly userUtilityPerQuery: string
  /** Standard error of `U/T` (6 significant digits). */
  readonly userUtilityPerQuerySe: string
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
export interface ProviderRow {
  readonly scenario: string
  readonly mechanism: string
  readonly T: number
  readonly provider: string
  /** The strategy it ended with. */
  readonly strategy: string
  /** Mean profit `Π_i` over the seeds, USD. */
  readonly profit: string
  /** Mean rounds served over the seeds (exact decimal). */
  readonly roundsServed: string
}

/** The rows of experiment (a) for `results`. */
export const utilityRows = (results: readonly CellResult[]): readonly UtilityRow[] =>
  results.map(({ cell, final, profile, converged }) => {
    const grid = cell.model.grid
    const users = final.map((r) => r.user)
    const mean = meanUsd(grid, users)
    return {
      scenario: cell.scenario,
      mechanism: mechanismLabel(cell.mechanism),
      ...sbdFields(cell.mechanism),
      T: cell.T,
      seeds: cell.seeds.length,
      userUtility: usd(mean),
      userUtilityPerQuery: usd(mean.div(cell.T)),
      userUtilityPerQuerySe: usd(seUsd(grid, users).div(cell.T).toSignificantDigits(6)),
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
      mechanism: mechanismLabel(cell.mechanism),
      T: cell.T,
      provider: p.id,
      strategy: strategyLabel(profile[i]!),
      profit: usd(meanUsd(cell.model.grid, final.map((r) => r.profits[i]!))),
      roundsServed: usd(new Decimal(final.reduce((a, r) => a + r.served[i]!, 0)).div(final.length)),
    })),
  )
