/**
 * Experiment (c): the user's shortfall from the second-best per query, `(SB − U)/T`, against the
 * horizon; for SBD beside the bound `Δ(T)/T` of Theorem 2.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { Decimal } from '../exact/decimal.ts'
import { sbdConstants } from '../mechanism/constants.ts'
import { secondBestShortfall } from '../theory/bounds.ts'
import { type MechanismFields, kthBest, mechanismFields } from './cells.ts'
import type { CellResult } from './search.ts'
import { ci95, scaleInterval } from '../stats/interval.ts'
import { usd } from '../stats/summary.ts'

/** One point of experiment (c) (USD per query). */
export interface ShortfallRow extends MechanismFields {
  readonly scenario: string
  readonly T: number
  /** `(SB − U)/T` with `U` the mean over the seeds, exact. Negative: the user got more than the second-best. */
  readonly shortfallPerQuery: string
  /** Its standard error (6 significant digits). */
  readonly shortfallPerQuerySe: string
  /** 95% confidence interval of `(SB − U)/T` (Student t, proofs-notes §11.3). */
  readonly shortfallPerQueryLo: string
  readonly shortfallPerQueryHi: string
  /** `Δ(T)/T` for SBD (50 significant digits), `''` for the baselines. */
  readonly boundPerQuery: string
}

/** The rows of experiment (c). */
export const shortfallRows = (results: readonly CellResult[]): E.Either<string, readonly ShortfallRow[]> => {
  const rows: ShortfallRow[] = []
  for (const { cell, final } of results) {
    const perQuery = scaleInterval(
      ci95(
        cell.model.grid,
        final.map((r) => r.user),
      ),
      new Decimal(1).div(cell.T),
    )
    const sb = kthBest(cell.model, 2)
    let bound = ''
    if (cell.mechanism.kind === 'sbd') {
      const c = sbdConstants(cell.T, cell.model.n, new Decimal(cell.mechanism.epsilon), cell.model.R)
      if (E.isLeft(c)) return c
      bound = usd(secondBestShortfall(c.right).div(cell.T))
    }
    rows.push({
      scenario: cell.scenario,
      ...mechanismFields(cell.mechanism),
      T: cell.T,
      shortfallPerQuery: usd(sb.minus(perQuery.mean)),
      shortfallPerQuerySe: usd(perQuery.se),
      shortfallPerQueryLo: usd(sb.minus(perQuery.hi)),
      shortfallPerQueryHi: usd(sb.minus(perQuery.lo)),
      boundPerQuery: bound,
    })
  }
  return E.right(rows)
}
