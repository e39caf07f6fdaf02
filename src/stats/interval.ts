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
import type { Decimal } from '../exact/decimal.ts'
import { tQuantile975 } from './student-t.ts'
import { SE_DIGITS, meanOf, seOf } from './summary.ts'

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
  const half = tQuantile975(xs.length - 1).times(se).toSignificantDigits(SE_DIGITS)
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

/** {@link estimate} written as decimal strings (`null` where undefined). */
export const estimateJson = (e: Estimate): EstimateJson => ({
  n: e.n,
  mean: e.mean.toString(),
  se: e.se?.toString() ?? null,
  ci95Low: e.low?.toString() ?? null,
  ci95High: e.high?.toString() ?? null,
})
