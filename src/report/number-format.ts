/**
 * Numbers as figures print them: a fixed number of significant digits, computed in Decimal, so
 * no binary-float artefact (`0.000009999999999999999`) reaches a title, caption or axis label
 * (§11.4).
 *
 * @module
 */
import { Decimal } from '../exact/decimal.ts'

/**
 * `x` to `digits` significant digits (trailing zeros dropped), plain notation for magnitudes in
 * [1e-7, 1e21), e.g. `sig(0.000009999999999999999)` is `"0.00001"`; `"NaN"`/`"Infinity"` as is.
 */
export const sig = (x: number, digits = 3): string =>
  Number.isFinite(x) ? new Decimal(x).toSignificantDigits(digits).toString() : String(x)

/** The double nearest to 10^k, parsed from its decimal text (so it prints as `1e-5`, `0.001`, …). */
export const powerOfTen = (k: number): number => Number(`1e${k}`)
