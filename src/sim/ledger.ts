/**
 * The exact ledger of one run (the utilities of proofs-notes §1.4): per provider the rounds served, the profit
 * from serving and the transfers received; for the user `U = ΣX − ΣZ`.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Decimal } from '../exact/decimal.ts'
import { type Grid, fromUnits } from '../exact/grid.ts'

/** A finished run's exact accounts, in grid units. */
export interface Ledger {
  /** The money grid of the units below. */
  readonly grid: Grid
  /** Horizon `T`. */
  readonly T: number
  /** Rounds served per provider. */
  readonly roundsServed: readonly number[]
  /** `Σ_{t: i_t = i} Y_t` per provider. */
  readonly serviceProfit: readonly bigint[]
  /** Transfers `Z_i` per provider. */
  readonly transfers: readonly bigint[]
  /** `Σ_t X_t`. */
  readonly totalX: bigint
  /** `Σ_t Y_t`, accumulated separately from the per-provider sums. */
  readonly totalY: bigint
}

/**
 * Provider `i`'s utility `Π_i = Σ Y + Z_i`, in units.
 *
 * @param l - a run's ledger.
 * @param i - the provider's index.
 * @returns provider `i`'s utility `Π_i`, in grid units.
 */
export const providerUtility = (l: Ledger, i: number): bigint => (l.serviceProfit[i] ?? 0n) + (l.transfers[i] ?? 0n)

/**
 * The user's utility `U = Σ X − Σ Z`, in units.
 *
 * @param l - a run's ledger.
 * @returns the user's utility `U`, in grid units.
 */
export const userUtility = (l: Ledger): bigint => l.transfers.reduce((u, z) => u - z, l.totalX)

/**
 * The accounting identity `U + Σ_i Π_i = Σ_t (X_t + Y_t)`, checked exactly.
 * `Left` names the two sides when they differ.
 *
 * @param l - a run's ledger.
 * @returns the ledger if `U + Σ Π_i = Σ (X_t + Y_t)` holds exactly, else the two sides.
 */
export const checkIdentity = (l: Ledger): E.Either<string, Ledger> => {
  const lhs = l.roundsServed.reduce((acc, _, i) => acc + providerUtility(l, i), userUtility(l))
  const rhs = l.totalX + l.totalY
  return lhs === rhs ? E.right(l) : E.left(`accounting identity fails: U + ΣΠ = ${lhs} ≠ Σ(X+Y) = ${rhs} units`)
}

/** An amount in units as exact USD. */
export const usd = (l: Ledger, units: bigint): Decimal => fromUnits(l.grid, units)
