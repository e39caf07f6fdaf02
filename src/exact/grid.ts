/**
 * The money grid: exact scaled integers for the hot loop (proofs-notes §3.4).
 *
 * Every per-round amount of an instance (net utility, profit) is a finite decimal. A grid of
 * `10^(−k)` USD with `k` the largest number of decimal places they need turns each of them into an
 * integer number of *units*; sums of units are exact (see {@link ExactSum}). Decimals are used at
 * the boundaries only: building tables, reporting.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { Decimal } from './decimal.ts'

/** Largest magnitude (in units) of one per-round amount: leaves 2^8 headroom for the lazy carry of {@link ExactSum}. */
export const MAX_ROUND_UNITS = 2 ** 44

/** A money grid of `10^(−k)` USD. */
export interface Grid {
  /** Decimal places of one unit. */
  readonly k: number
  /** `10^k` as a bigint. */
  readonly scale: bigint
  /** `10^k` as a decimal. */
  readonly scaleDecimal: Decimal
}

/**
 * The grid of `10^(−k)` USD.
 *
 * @param k - the number of decimal places: one unit is `10^−k` USD.
 * @returns the grid.
 */
export const gridOf = (k: number): Grid => ({
  k,
  scale: 10n ** BigInt(k),
  scaleDecimal: new Decimal(10).pow(k),
})

/**
 * The finest grid any of `values` needs: `k` = their largest number of decimal places (at least 0).
 *
 * @param values - amounts in USD.
 * @returns the coarsest grid that holds every one of them exactly.
 */
export const gridFor = (values: readonly Decimal[]): Grid => gridOf(values.reduce((k, v) => Math.max(k, v.decimalPlaces()), 0))

/**
 * `value` in units of `grid`, exactly; `Left` if it is not on the grid.
 *
 * @param grid - the money grid.
 * @param value - an amount in USD.
 * @returns the amount in grid units, or a message if it is not on the grid.
 */
export const toUnits = (grid: Grid, value: Decimal): E.Either<string, bigint> => {
  const scaled = value.times(grid.scaleDecimal)
  return scaled.isInteger() ? E.right(BigInt(scaled.toFixed(0))) : E.left(`${value.toString()} is not on the grid of 1e-${grid.k} USD`)
}

/** `value` in units of `grid` as a safe JS integer; `Left` if it is off the grid or too large for the hot loop. */
export const toRoundUnits = (grid: Grid, value: Decimal): E.Either<string, number> => {
  const units = toUnits(grid, value)
  if (E.isLeft(units)) return units
  const n = Number(units.right)
  return Math.abs(n) < MAX_ROUND_UNITS
    ? E.right(n)
    : E.left(`${value.toString()} USD needs ${units.right} units of 1e-${grid.k}: above the per-round limit 2^44`)
}

/** `value` rounded down (toward −∞) to the grid, in units. */
export const floorUnits = (grid: Grid, value: Decimal): bigint => BigInt(value.times(grid.scaleDecimal).floor().toFixed(0))

/** `value` rounded up (toward +∞) to the grid, in units. */
export const ceilUnits = (grid: Grid, value: Decimal): bigint => BigInt(value.times(grid.scaleDecimal).ceil().toFixed(0))

/**
 * Units back to an exact decimal amount of USD.
 *
 * @param grid - the money grid.
 * @param units - an amount in grid units.
 * @returns the amount in USD, exactly.
 */
export const fromUnits = (grid: Grid, units: bigint | number): Decimal => new Decimal(units.toString()).div(grid.scaleDecimal)
