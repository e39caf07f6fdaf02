/**
 * The exploitation test `S < j·τ − c(j)`, decided exactly and without division (proofs-notes §3.4).
 *
 * With `W = j·τ − S` (grid units; the cumulative withholding of proofs-notes §3.4, §6.3), the
 * server is fired iff `W > c(j)`, i.e. iff `W > 0` and `2·W² > R²·j·ln(2T²)`. `ln(2T²)` enters as
 * the exact rational value of its 50-digit decimal.
 * A float evaluation with a generous error bound decides almost every round; only rounds within
 * that bound of the threshold fall back to the bigint comparison, so the decision is always the
 * exact one.
 *
 * @module
 */
import type { Decimal } from '../exact/decimal.ts'

/** A prepared test for one run: range width in units and `ln(2T²)` as a fraction. */
export interface FiringTest {
  /** `R` in grid units. */
  readonly rangeUnits: bigint
  /** `R` in grid units as a float. */
  readonly rangeFloat: number
  /** Numerator of `ln(2T²)` (its 50-digit decimal as a fraction). */
  readonly logNum: bigint
  /** Denominator of `ln(2T²)`. */
  readonly logDen: bigint
  /** `ln(2T²)` as a float. */
  readonly logFloat: number
  /** `ln(2T²)/2` as a float (an exact halving of `logFloat`). */
  readonly halfLogFloat: number
}

/**
 * Prepares the test from `R` (units) and `ln(2T²)`.
 *
 * @param rangeUnits - `R` in grid units.
 * @param slackLog - `ln(2T²)` as a decimal.
 * @returns the prepared test.
 */
export const prepareFiringTest = (rangeUnits: bigint, slackLog: Decimal): FiringTest => {
  const places = slackLog.decimalPlaces()
  const logDen = 10n ** BigInt(places)
  const rangeFloat = Number(rangeUnits)
  const logFloat = slackLog.toNumber()
  return {
    rangeUnits,
    rangeFloat,
    logNum: BigInt(slackLog.times(logDen.toString()).toFixed(0)),
    logDen,
    logFloat,
    halfLogFloat: logFloat / 2,
  }
}

/**
 * The slack `c(j)` in grid units, as a float (for views and the fast filter):
 * `R · √(j · ln(2T²) / 2)`. Scaling by 2 commutes with rounding, so `j · (ln/2)` is the same
 * double as `(j · ln) / 2`; the precomputed factor keeps this function small enough to be inlined
 * anywhere.
 */
export const slackFloat = (f: FiringTest, j: number): number => f.rangeFloat * Math.sqrt(j * f.halfLogFloat)

/**
 * Exact decision: fire iff `j·τ − S > c(j)`, with `S`, `τ` in units.
 *
 * @param f - the prepared test.
 * @param j - completed stint rounds.
 * @param target - the target τ, grid units.
 * @param stintSum - the stint sum S, grid units.
 * @returns whether SBD fires.
 */
export const firesExactly = (f: FiringTest, j: number, target: bigint, stintSum: bigint): boolean => {
  const deficit = BigInt(j) * target - stintSum
  if (deficit <= 0n) return false
  return 2n * deficit * deficit * f.logDen > f.rangeUnits * f.rangeUnits * BigInt(j) * f.logNum
}

/**
 * The float filter of the test: `1` if the float margin `j·τ − S − c(j)` clears its error bound
 * (fire), `−1` if it falls below minus the bound (keep), `0` if only the exact comparison can
 * decide. `stintSumFloat` must be within `2^(−50)·|S| + 1` of the exact sum (the `+ 4` of the
 * tolerance covers the absolute part). Allocation-free and small enough to be inlined into a hot
 * loop, where its double arguments are then never boxed.
 */
export const firingFilter = (f: FiringTest, j: number, target: number, stintSumFloat: number): -1 | 0 | 1 => {
  const jt = j * target
  const c = slackFloat(f, j)
  const margin = jt - stintSumFloat - c
  const tolerance = 2 ** -46 * (Math.abs(jt) + Math.abs(stintSumFloat) + c) + 4
  return margin > tolerance ? 1 : margin < -tolerance ? -1 : 0
}

/**
 * Fast exact decision: the float margin decides when it clears its error bound; otherwise the
 * bigint comparison does. `stintSumFloat` must be within `2^(−50)·|S| + 1` of the exact sum. Hot
 * loops should prefer {@link firingFilter} with {@link firesExactly}: no closure per call.
 */
export const fires = (f: FiringTest, j: number, target: number, stintSumFloat: number, exactSum: () => bigint): boolean => {
  const verdict = firingFilter(f, j, target, stintSumFloat)
  return verdict === 0 ? firesExactly(f, j, BigInt(target), exactSum()) : verdict > 0
}
