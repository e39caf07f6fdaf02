/**
 * Statistics of replicated runs (its own layer, below the experiments and the replications): exact summaries of per-seed results: sums and means of grid units as exact decimals, and
 * standard errors rounded to a stated number of significant digits.
 *
 * Means are exact whenever the number of seeds has no prime factor other than 2 and 5 (the
 * study uses 2 or 4 seeds), and so are per-query values `U/T` for horizons of the form
 * `{1, 2, 5}·10^k`.
 *
 * @module
 */
import { type Decimal, ZERO } from '../exact/decimal.ts'
import { type Grid, fromUnits } from '../exact/grid.ts'

/** Significant digits of every standard error in the report. */
export const SE_DIGITS = 6

/**
 * The exact mean of `xs` (grid units) in USD.
 *
 * @param grid - the money grid.
 * @param xs - amounts in grid units (at least one).
 * @returns their mean in USD, exactly.
 */
export const meanUsd = (grid: Grid, xs: readonly bigint[]): Decimal =>
  fromUnits(
    grid,
    xs.reduce((a, b) => a + b, 0n),
  ).div(Math.max(1, xs.length))

/** The exact mean of decimals `xs` (at least one; the division rounds to the project precision). */
export const meanOf = (xs: readonly Decimal[]): Decimal => xs.reduce((a, b) => a.plus(b), ZERO).div(Math.max(1, xs.length))

/**
 * The standard error of the mean of decimals `xs`, rounded to {@link SE_DIGITS} significant digits
 * (0 for fewer than 2 values). Computed as `√((k·Σx² − (Σx)²) / (k²(k−1)))`: the sums and products
 * are exact for amounts of up to 25 significant digits, so the result does not depend on the order
 * of `xs` (one division and one square root round, at the project precision).
 */
export const seOf = (xs: readonly Decimal[]): Decimal => {
  const k = xs.length
  if (k < 2) return ZERO
  const s1 = xs.reduce((a, x) => a.plus(x), ZERO)
  const s2 = xs.reduce((a, x) => a.plus(x.times(x)), ZERO)
  return s2
    .times(k)
    .minus(s1.times(s1))
    .div(k * k * (k - 1))
    .sqrt()
    .toSignificantDigits(SE_DIGITS)
}

/**
 * The standard error of the mean of `xs` (grid units) in USD, rounded to {@link SE_DIGITS} significant digits (0 for fewer than 2 values).
 *
 * @param grid - the money grid.
 * @param xs - amounts in grid units (at least two).
 * @returns the standard error of their mean in USD.
 */
export const seUsd = (grid: Grid, xs: readonly bigint[]): Decimal => seOf(xs.map((x) => fromUnits(grid, x)))

/** A decimal string for a report: `toString()` of the project's Decimal (never an exponent, NaN or Infinity for finite input). */
export const usd = (x: Decimal): string => {
  if (!x.isFinite()) throw new RangeError(`not a finite amount: ${x.toString()}`)
  return x.toString()
}
