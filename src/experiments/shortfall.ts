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
import { kthBest, sbdFields } from './cells.ts'
import type { CellResult } from './search.ts'
import { mechanismLabel } from './specs.ts'
import { meanUsd, seUsd, usd } from '../stats/summary.ts'

/** One point of experiment (c) (USD per query). */
export interface ShortfallRow {
  readonly scenario: string
  readonly mechanism: string
  readonly epsilon: string
  readonly rebate: string
  readonly T: number
  /** `(SB − U)/T` with `U` the mean over the seeds, exact. Negative: the user got more than the second-best. */
  readonly shortfallPerQuery: string
  /** Its standard error (6 significant digits). */
  readonly shortfallPerQuerySe: string
  /** `Δ(T)/T` for SBD (50 significant digits), `''` for the baselines. */
  readonly boundPerQuery: string
}

/** The rows of experiment (c). */
export const shortfallRows = (results: readonly CellResult[]): E.Either<string, readonly ShortfallRow[]> => {
  const rows: ShortfallRow[] = []
  for (const { cell, final } of results) {
    const users = final.map((r) => r.user)
    const perQuery = meanUsd(cell.model.grid, users).div(cell.T)
    let bound = ''
    if (cell.mechanism.kind === 'sbd') {
      const c = sbdConstants(cell.T, cell.model.n, new Decimal(cell.mechanism.epsilon), cell.model.R)
      if (E.isLeft(c)) return c
      bound = usd(secondBestShortfall(c.right).div(cell.T))
    }
    rows.push({
      scenario: cell.scenario,
      mechanism: mechanismLabel(cell.mechanism),
      ...sbdFields(cell.mechanism),
      T: cell.T,
      shortfallPerQuery: usd(kthBest(cell.model, 2).minus(perQuery)),
      shortfallPerQuerySe: usd(seUsd(cell.model.grid, users).div(cell.T).toSignificantDigits(6)),
      boundPerQuery: bound,
    })
  }
  return E.right(rows)
}
