/**
 * The project's one decimal type (proofs-notes §3.4).
 *
 * Every money amount, utility, probability and mechanism constant in the exact path is a value of
 * this clone of decimal.js. The clone's settings are stated once here and recorded in every report
 * (see {@link PRECISION_RECORD}), so a result can always be traced to the arithmetic that made it.
 *
 * @module
 */
import { Decimal as DecimalJs } from 'decimal.js'

/** Significant digits of every inexact operation (division, `sqrt`, `ln`, `pow`). */
export const PRECISION = 50

/** Rounding mode of every inexact operation: round half to even. */
export const ROUNDING = DecimalJs.ROUND_HALF_EVEN

/**
 * The project-owned decimal constructor (a `decimal.js` clone; the global constructor is never used).
 *
 * `sqrt` and `ln` are correctly rounded by decimal.js: each single result is within half a unit in
 * the 50th significant digit of the true value. Constants that chain a few such operations (the
 * radius `r`, the slack `c(j)`) are within a few units in the 50th digit (relative error below
 * `2·10^(−49)`); the firing test uses only the single rounding of `ln(2T²)`.
 *
 * @example
 * ```ts
 * new Decimal('0.075').times(1_000_000).toString() // '75000'
 * ```
 */
export const Decimal = DecimalJs.clone({
  precision: PRECISION,
  rounding: ROUNDING,
  toExpNeg: -60,
  toExpPos: 60,
})

/** An exact decimal value of the project's clone. */
export type Decimal = DecimalJs

/** The arithmetic settings, as written into every report. */
export const PRECISION_RECORD = {
  library: 'decimal.js',
  significantDigits: PRECISION,
  rounding: 'ROUND_HALF_EVEN',
  transcendentals: 'sqrt and ln correctly rounded at the stated precision',
} as const

/** Decimal zero. */
export const ZERO: Decimal = new Decimal(0)
/** Decimal one. */
export const ONE: Decimal = new Decimal(1)

/** The smaller of two decimals. */
export const dmin = (a: Decimal, b: Decimal): Decimal => (a.lte(b) ? a : b)
/** The larger of two decimals. */
export const dmax = (a: Decimal, b: Decimal): Decimal => (a.gte(b) ? a : b)
/** The sum of a list of decimals (exact: additions of finite decimals never round below 50 digits of our magnitudes). */
export const dsum = (xs: readonly Decimal[]): Decimal => xs.reduce((acc, x) => acc.plus(x), ZERO)
