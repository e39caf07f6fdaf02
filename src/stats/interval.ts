/**
 * 95% confidence intervals of a mean from independent replications: `mean ± t·SE` with the
 * Student t quantile `t_{0.975, k−1}` (proofs-notes §11.3). The quantile is a table for up to 30
 * degrees of freedom and the Cornish–Fisher expansion beyond (error below 10^-6 there).
 *
 * @module
 */
import { Decimal, ZERO } from '../exact/decimal.ts'
import type { Grid } from '../exact/grid.ts'
import { SE_DIGITS, meanUsd, seUsd } from './summary.ts'

/** `t_{0.975, ν}` for `ν = 1 … 30` (standard tables, 6 decimals). */
const T_TABLE: readonly number[] = [
  12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157, 2.228139, 2.200985, 2.178813, 2.160369,
  2.144787, 2.13145, 2.119905, 2.109816, 2.100922, 2.093024, 2.085963, 2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529,
  2.051831, 2.048407, 2.04523, 2.042272,
]

/** The standard normal quantile `z_{0.975}`. */
const Z975 = 1.959963985

/**
 * The two-sided 95% Student t quantile `t_{0.975, ν}` (`ν ≥ 1` degrees of freedom), 6 decimals;
 * `NaN` for `ν < 1` or a non-integer `ν`.
 */
export const tQuantile975 = (nu: number): number => {
  if (!Number.isInteger(nu) || nu < 1) return Number.NaN
  if (nu <= T_TABLE.length) return T_TABLE[nu - 1]!
  const z = Z975
  const g1 = (z ** 3 + z) / 4
  const g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96
  const g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384
  const g4 = (79 * z ** 9 + 776 * z ** 7 + 1482 * z ** 5 - 1920 * z ** 3 - 945 * z) / 92160
  return Math.round((z + g1 / nu + g2 / nu ** 2 + g3 / nu ** 3 + g4 / nu ** 4) * 1e6) / 1e6
}

/** A mean with its standard error and 95% confidence interval (USD; `lo = mean − half`, `hi = mean + half`). */
export interface Interval {
  readonly mean: Decimal
  /** Standard error of the mean, {@link SE_DIGITS} significant digits (0 for fewer than 2 values). */
  readonly se: Decimal
  /** `t_{0.975, k−1}·SE`, {@link SE_DIGITS} significant digits (0 for fewer than 2 values). */
  readonly half: Decimal
  readonly lo: Decimal
  readonly hi: Decimal
  /** Number of replications. */
  readonly n: number
}

/** The 95% confidence interval of the mean of `xs` (grid units of `grid`), in USD. */
export const ci95 = (grid: Grid, xs: readonly bigint[]): Interval => {
  const mean = meanUsd(grid, xs)
  const se = seUsd(grid, xs)
  const half = xs.length < 2 ? ZERO : se.times(new Decimal(tQuantile975(xs.length - 1))).toSignificantDigits(SE_DIGITS)
  return { mean, se, half, lo: mean.minus(half), hi: mean.plus(half), n: xs.length }
}

/** An interval scaled by a positive constant (e.g. per query: `1/T`); SE and half-width keep {@link SE_DIGITS} digits. */
export const scaleInterval = (iv: Interval, by: Decimal): Interval => {
  const mean = iv.mean.times(by)
  const half = iv.half.times(by).toSignificantDigits(SE_DIGITS)
  return { mean, se: iv.se.times(by).toSignificantDigits(SE_DIGITS), half, lo: mean.minus(half), hi: mean.plus(half), n: iv.n }
}
