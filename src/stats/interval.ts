/**
 * Estimates with 95 % confidence intervals: the mean, its standard error and the Student-t
 * interval `mean ± t_{0.975, n−1}·SE` of a list of exact values (proofs-notes §9.6, §11).
 *
 * Rounding, stated once: the mean is exact (a division at 50 significant digits, half-even, when
 * `n` has a prime factor other than 2 and 5); the SE and the t quantile are rounded to 6
 * significant digits, and so is their product, the half-width; the bounds `mean ± half-width` are
 * then exact sums (rounded at the 50th significant digit only when the mean itself was).
 * With one value there is no spread to estimate: SE and interval are `null`.
 *
 * @module
 */
import { type Decimal, ZERO } from '../exact/decimal.ts'
import type { Grid } from '../exact/grid.ts'
import { tQuantile975 } from './student-t.ts'
import { SE_DIGITS, meanOf, meanUsd, seOf, seUsd } from './summary.ts'

/** The method, as recorded beside every interval in outputs. */
export const CI_METHOD =
  'Student t, 95%: mean ± t(0.975, n−1)·SE; SE, t and the half-width rounded to 6 significant digits (half-even); mean exact (50 significant digits if n has a prime factor other than 2 and 5)'

/** An estimate of a mean from `n` values. */
export interface Estimate {
  /** Number of values. */
  readonly n: number
  /** Their mean. */
  readonly mean: Decimal
  /** Standard error of the mean (`null` for one value). */
  readonly se: Decimal | null
  /** Lower end of the 95 % interval (`null` for one value). */
  readonly low: Decimal | null
  /** Upper end of the 95 % interval (`null` for one value). */
  readonly high: Decimal | null
}

/**
 * The estimate of the mean of `xs` (at least one value).
 *
 * @param xs - the values (at least one), e.g. one per seed.
 * @returns their mean, standard error and 95 % Student-t interval (`null` for one value).
 *
 * @example
 * ```ts
 * const e = estimate([new Decimal(1), new Decimal(3)]) // mean 2, SE 1, t(0.975,1) = 12.7062
 * e.low?.toString() // '-10.7062'
 * ```
 */
export const estimate = (xs: readonly Decimal[]): Estimate => {
  if (xs.length === 0) throw new RangeError('estimate: no values')
  const mean = meanOf(xs)
  if (xs.length < 2) return { n: xs.length, mean, se: null, low: null, high: null }
  const se = seOf(xs)
  const half = tQuantile975(xs.length - 1)
    .times(se)
    .toSignificantDigits(SE_DIGITS)
  return { n: xs.length, mean, se, low: mean.minus(half), high: mean.plus(half) }
}

/** An estimate as JSON-ready decimal strings. */
export interface EstimateJson {
  readonly n: number
  readonly mean: string
  readonly se: string | null
  readonly ci95Low: string | null
  readonly ci95High: string | null
}

/**
 * {@link estimate} written as decimal strings (`null` where undefined).
 *
 * @param e - an estimate.
 * @returns it as decimal strings.
 */
export const estimateJson = (e: Estimate): EstimateJson => ({
  n: e.n,
  mean: e.mean.toString(),
  se: e.se?.toString() ?? null,
  ci95Low: e.low?.toString() ?? null,
  ci95High: e.high?.toString() ?? null,
})

/**
 * A mean of grid-unit values in USD with its standard error and 95 % interval, as the study's
 * tables and figures use it (`lo = mean − half`, `hi = mean + half`; proofs-notes §11.3). Same
 * method as {@link estimate} ({@link CI_METHOD}); with one value the interval has zero width.
 */
export interface Interval {
  /** The mean. */
  readonly mean: Decimal
  /** Standard error of the mean, {@link SE_DIGITS} significant digits (0 for fewer than 2 values). */
  readonly se: Decimal
  /** `t_{0.975, k−1}·SE`, {@link SE_DIGITS} significant digits (0 for fewer than 2 values). */
  readonly half: Decimal
  /** Lower end of the interval. */
  readonly lo: Decimal
  /** Upper end of the interval. */
  readonly hi: Decimal
  /** Number of replications. */
  readonly n: number
}

/** The 95 % interval of the mean of `xs` (grid units of `grid`), in USD. */
export const ci95 = (grid: Grid, xs: readonly bigint[]): Interval => {
  const mean = meanUsd(grid, xs)
  const se = seUsd(grid, xs)
  const half =
    xs.length < 2
      ? ZERO
      : tQuantile975(xs.length - 1)
          .times(se)
          .toSignificantDigits(SE_DIGITS)
  return { mean, se, half, lo: mean.minus(half), hi: mean.plus(half), n: xs.length }
}

/** An interval scaled by a positive constant (e.g. per query: `1/T`); SE and half-width keep {@link SE_DIGITS} digits. */
export const scaleInterval = (iv: Interval, by: Decimal): Interval => {
  const mean = iv.mean.times(by)
  const half = iv.half.times(by).toSignificantDigits(SE_DIGITS)
  return { mean, se: iv.se.times(by).toSignificantDigits(SE_DIGITS), half, lo: mean.minus(half), hi: mean.plus(half), n: iv.n }
}
