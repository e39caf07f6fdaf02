/**
 * Rates in T from replicated runs: the slope of `ln(mean)` against `ln T` over several horizons,
 * with a confidence interval from the delete-one-seed jackknife (proofs-notes §11.3).
 *
 * The theorems state orders in T (the shortfall Δ(T) of order T^(1−ε)·√(ln T), gains of order
 * √(T ln T) with the rebate, §0.6); a study that covers several decades of T can put a measured
 * exponent beside them. The point estimate is the least-squares slope through the points
 * `(ln T_h, ln m_h)`, `m_h` the mean over seeds at horizon `T_h`. Its uncertainty is estimated by
 * the jackknife over seed indices: the `k`-th values at every horizon are left out together, so
 * the estimate is valid whether or not the horizons share seeds (the tuples of `k`-th values are
 * independent across `k` either way). The interval is `slope ± t(0.975, K−1)·SE_jack` for `K`
 * seeds. Everything is computed in the project's `Decimal` (50 significant digits); nothing is
 * random, so the same values give the same interval.
 *
 * A fitted slope over finitely many horizons is not an asymptotic exponent: logarithmic factors
 * bend it. {@link boundSlope} fits the same line through a bound's own values at the same
 * horizons, so a measured slope is compared with the bound's effective slope there, not only
 * with its limiting exponent.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { Decimal, ZERO } from '../exact/decimal.ts'
import { tQuantile975 } from './student-t.ts'
import { SE_DIGITS, meanOf } from './summary.ts'

/** A fitted log-log slope with its jackknife standard error and 95 % interval. */
export interface SlopeFit {
  /** Least-squares slope of `ln(mean)` on `ln T`. */
  readonly slope: Decimal
  /** Delete-one-seed jackknife standard error (6 significant digits). */
  readonly se: Decimal
  /** Lower end of `slope ± t(0.975, K−1)·SE`. */
  readonly low: Decimal
  /** Upper end of the interval. */
  readonly high: Decimal
  /** Number of horizons. */
  readonly horizons: number
  /** Number of seeds `K` per horizon. */
  readonly seeds: number
}

/**
 * The least-squares slope of `ln y` on `ln x` through the points `(x_h, y_h)`.
 *
 * @param xs - at least two distinct positive abscissae (horizons).
 * @param ys - one positive value per abscissa.
 * @returns the slope; `Left` names the first point that is not positive, or too few distinct `x`.
 */
export const olsLogLogSlope = (xs: readonly Decimal[], ys: readonly Decimal[]): E.Either<string, Decimal> => {
  if (xs.length !== ys.length) return E.left(`values: expected one per horizon (${xs.length}), got ${ys.length}`)
  for (let h = 0; h < xs.length; h++) {
    if (!xs[h]!.gt(0)) return E.left(`horizon ${xs[h]!.toString()}: must be positive`)
    if (!ys[h]!.gt(0))
      return E.left(`at horizon ${xs[h]!.toString()}: the mean ${ys[h]!.toString()} is not positive, so it has no logarithm`)
  }
  const lx = xs.map((x) => x.ln())
  const ly = ys.map((y) => y.ln())
  const mx = meanOf(lx)
  const my = meanOf(ly)
  const sxx = lx.reduce((acc, x) => acc.plus(x.minus(mx).pow(2)), ZERO)
  if (sxx.isZero()) return E.left('horizons: need at least two distinct horizons')
  const sxy = lx.reduce((acc, x, h) => acc.plus(x.minus(mx).times(ly[h]!.minus(my))), ZERO)
  return E.right(sxy.div(sxx))
}

/**
 * The log-log slope of per-seed values over horizons, with a jackknife interval.
 *
 * @param horizons - the horizons `T_h` (at least two distinct).
 * @param values - `values[h][k]`: seed `k`'s value at horizon `h`; the same number `K ≥ 2` of seeds at each.
 * @returns the fit; `Left` if a mean (or a leave-one-out mean) is not positive, or the shapes disagree.
 *
 * @example
 * ```ts
 * const fit = logLogSlope([100, 10_000], [[new Decimal(9), new Decimal(11)], [new Decimal(90), new Decimal(110)]])
 * // slope 0.5: ten times the mean over a hundred times the horizon
 * ```
 */
export const logLogSlope = (horizons: readonly number[], values: readonly (readonly Decimal[])[]): E.Either<string, SlopeFit> => {
  if (values.length !== horizons.length) return E.left(`values: expected one list per horizon (${horizons.length}), got ${values.length}`)
  const K = values[0]?.length ?? 0
  if (K < 2) return E.left(`values: need at least two seeds per horizon, got ${K}`)
  const ragged = values.findIndex((v) => v.length !== K)
  if (ragged >= 0) return E.left(`values: horizon ${horizons[ragged]} has ${values[ragged]!.length} seeds, expected ${K}`)
  const xs = horizons.map((T) => new Decimal(T))
  const slopeWithout = (left: number | null): E.Either<string, Decimal> =>
    olsLogLogSlope(
      xs,
      values.map((v) => meanOf(left === null ? v : v.filter((_, k) => k !== left))),
    )
  const full = slopeWithout(null)
  if (E.isLeft(full)) return full
  const leaveOneOut: Decimal[] = []
  for (let k = 0; k < K; k++) {
    const s = slopeWithout(k)
    if (E.isLeft(s)) return E.left(`leaving out seed ${k}: ${s.left}`)
    leaveOneOut.push(s.right)
  }
  const centre = meanOf(leaveOneOut)
  const spread = leaveOneOut.reduce((acc, s) => acc.plus(s.minus(centre).pow(2)), ZERO)
  const se = spread
    .times(K - 1)
    .div(K)
    .sqrt()
    .toSignificantDigits(SE_DIGITS)
  const half = tQuantile975(K - 1)
    .times(se)
    .toSignificantDigits(SE_DIGITS)
  return E.right({ slope: full.right, se, low: full.right.minus(half), high: full.right.plus(half), horizons: horizons.length, seeds: K })
}

/**
 * The same least-squares line through a bound's own values at the same horizons: the bound's
 * effective slope over the range the study covers (logarithmic factors included).
 *
 * @param horizons - the horizons (at least two distinct).
 * @param bound - the bound as a function of the horizon (positive values).
 * @returns the slope, or `Left` as {@link olsLogLogSlope}.
 */
export const boundSlope = (horizons: readonly number[], bound: (T: number) => Decimal): E.Either<string, Decimal> =>
  olsLogLogSlope(
    horizons.map((T) => new Decimal(T)),
    horizons.map(bound),
  )
