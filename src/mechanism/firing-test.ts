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

/**
 * Whether the exact test keeps the server after `j` monitored rounds with deficit `W = j·τ − S`
 * (grid units): `W ≤ 0` or `2·W²·den ≤ R²·j·num` (the negation of {@link firesExactly}).
 */
const keepsExactly = (f: FiringTest, rangeSquaredLog: bigint, j: number, deficit: bigint): boolean =>
  deficit <= 0n || 2n * deficit * deficit * f.logDen <= rangeSquaredLog * BigInt(j)

/**
 * The quiet rounds of a stint for the leaping engine (proofs-notes §13.4): the most rounds
 * `m ≤ cap` after the current `j` such that no monitored round `j + 1 .. j + m` can fire under
 * any outcomes at least `x_lo`. The deficit after `m'` more rounds is at most `D₀ + m'·w`
 * (`D₀ = j·τ − S`, `w = τ − x_lo`), and `g(m') = √(R²(j+m')ℓ/2) − D₀ − m'·w` is concave with
 * `g(0) ≥ 0` (the server was kept after round `j`), so the rounds that keep the server form an
 * interval `0..m*`: a float estimate of `m*`, corrected by exact tests (galloping, then bisection).
 * Shared by SBD and the sequential SLAs (PostedTarget, FirstBestOracle).
 *
 * @param f - the prepared test.
 * @param j - completed monitored rounds of the stint.
 * @param target - the target τ, grid units.
 * @param targetFloat - τ as a float (exact: |τ| < 2^44).
 * @param sumFloat - the stint sum `S` as a float, within `2^(−50)·|S| + 1` of the exact sum.
 * @param exactSum - the exact stint sum `S` (read only when the float fast path cannot decide).
 * @param xLoUnits - `x_lo` in grid units.
 * @param cap - the most rounds asked for.
 * @returns `m*` capped at `cap` (`cap` when `τ ≤ x_lo`: the deficit never grows).
 */
export const quietRounds = (
  f: FiringTest,
  j: number,
  target: bigint,
  targetFloat: number,
  sumFloat: number,
  exactSum: () => bigint,
  xLoUnits: bigint,
  cap: number,
): number => {
  const w = target - xLoUnits
  if (w <= 0n) return cap
  // Fast path: g(cap) ≥ 0 already in floats, with a guard far above their error (the float
  // deficit is within 2^(−50)·|S| + 1 of the exact one), gives the whole interval by concavity.
  const wFloat = Number(w)
  const dFloat = j * targetFloat - sumFloat + cap * wFloat
  const room = f.rangeFloat * Math.sqrt(((j + cap) * f.logFloat) / 2)
  if (room - dFloat > 1e-9 * (Math.abs(dFloat) + room + Math.abs(sumFloat)) + 16) return cap
  const rangeSquaredLog = f.rangeUnits * f.rangeUnits * f.logNum
  const d0 = BigInt(j) * target - exactSum()
  const ok = (m: number): boolean => keepsExactly(f, rangeSquaredLog, j + m, d0 + BigInt(m) * w)
  // Estimate: (D₀ + m·w)² = a·(j + m), a = R²ℓ/2.
  const a = (f.rangeFloat * f.rangeFloat * f.logFloat) / 2
  const df = Number(d0)
  const b = a - 2 * df * wFloat
  const disc = b * b - 4 * wFloat * wFloat * (df * df - a * j)
  const est = disc >= 0 ? Math.floor((b + Math.sqrt(disc)) / (2 * wFloat * wFloat)) : 0
  let lo = 0
  let hi = cap + 1 // invariant: ok(lo), and not ok(hi) unless hi = cap + 1
  const guess = Math.min(cap, Math.max(0, Number.isFinite(est) ? est : 0))
  if (ok(guess)) {
    lo = guess
    for (let step = 1; lo + step <= cap; step *= 2) {
      if (!ok(lo + step)) {
        hi = lo + step
        break
      }
      lo += step
    }
  } else hi = guess
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2)
    if (ok(mid)) lo = mid
    else hi = mid
  }
  return lo
}
