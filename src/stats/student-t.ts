/**
 * The two-sided 95 % quantile `t_{0.975, ν}` of Student's t distribution with `ν` degrees of
 * freedom, computed in the project's Decimal arithmetic and rounded to
 * {@link T_QUANTILE_DIGITS} significant digits (half-even).
 *
 * For `ν ≤ 200` it solves `A(t | ν) = 0.95` by bisection to `10^−12`, where `A` is the
 * closed form of `P(|T| < t)` for integer `ν` (Abramowitz & Stegun 26.7.3): with
 * `θ = atan(t/√ν)`, for even `ν` `A = sin θ · Σ_{k<ν/2} a_k cos^{2k} θ` (`a_0 = 1`,
 * `a_k = a_{k−1}(2k−1)/(2k)`), for odd `ν` `A = (2/π)(θ + sin θ cos θ · Σ_{k<(ν−1)/2} b_k cos^{2k} θ)`
 * (`b_0 = 1`, `b_k = b_{k−1}·2k/(2k+1)`). For `ν > 200` it uses the Cornish–Fisher expansion
 * in `1/ν` about the normal quantile `z = 1.95996…` to the `ν^−4` term (A&S 26.7.5), which
 * agrees with the closed form to 12 significant digits from `ν = 200` on (tested at the switch).
 *
 * @module
 */
import { Decimal, ONE, ZERO } from '../exact/decimal.ts'

/** Significant digits of every t quantile. */
export const T_QUANTILE_DIGITS = 6

/** Above this many degrees of freedom the expansion replaces the closed form. */
export const CLOSED_FORM_MAX_DF = 200

/** The standard normal quantile `z_{0.975}` to 40 significant digits. */
export const Z_975 = new Decimal('1.959963984540054235524594430520551527956')

const PI = new Decimal(-1).acos()
const TARGET = new Decimal('0.95')
const TOLERANCE = new Decimal('1e-12')

/** `P(|T| < t)` for `ν` degrees of freedom (closed form, integer `ν ≥ 1`). */
export const twoSidedProbability = (t: Decimal, df: number): Decimal => {
  const nu = new Decimal(df)
  const r2 = nu.plus(t.times(t))
  const c2 = nu.div(r2) // cos²θ
  const s = t.div(r2.sqrt()) // sin θ
  let sum = ZERO
  let term = ONE
  if (df % 2 === 0) {
    for (let k = 0; k < df / 2; k++) {
      if (k > 0)
        term = term
          .times(2 * k - 1)
          .div(2 * k)
          .times(c2)
      sum = sum.plus(term)
    }
    return s.times(sum)
  }
  for (let k = 0; k < (df - 1) / 2; k++) {
    if (k > 0)
      term = term
        .times(2 * k)
        .div(2 * k + 1)
        .times(c2)
    sum = sum.plus(term)
  }
  const theta = t.div(nu.sqrt()).atan()
  return theta.plus(s.times(c2.sqrt()).times(sum)).times(2).div(PI)
}

/** The closed-form quantile by bisection (unrounded, within 10^−12). */
export const closedFormQuantile = (df: number): Decimal => {
  let lo = ZERO
  let hi = new Decimal(20) // t_{0.975,1} ≈ 12.7 is the largest
  while (hi.minus(lo).gt(TOLERANCE)) {
    const mid = lo.plus(hi).div(2)
    if (twoSidedProbability(mid, df).lt(TARGET)) lo = mid
    else hi = mid
  }
  return lo.plus(hi).div(2)
}

/** The Cornish–Fisher expansion of the quantile to the `ν^−4` term (unrounded). */
export const expansionQuantile = (df: number): Decimal => {
  const x = Z_975
  const p = (k: number): Decimal => x.pow(k)
  const g1 = p(3).plus(x).div(4)
  const g2 = p(5).times(5).plus(p(3).times(16)).plus(x.times(3)).div(96)
  const g3 = p(7).times(3).plus(p(5).times(19)).plus(p(3).times(17)).minus(x.times(15)).div(384)
  const g4 = p(9).times(79).plus(p(7).times(776)).plus(p(5).times(1482)).minus(p(3).times(1920)).minus(x.times(945)).div(92160)
  const nu = new Decimal(df)
  return x
    .plus(g1.div(nu))
    .plus(g2.div(nu.pow(2)))
    .plus(g3.div(nu.pow(3)))
    .plus(g4.div(nu.pow(4)))
}

const cache = new Map<number, Decimal>()

/**
 * `t_{0.975, ν}` rounded to {@link T_QUANTILE_DIGITS} significant digits, for an integer `ν ≥ 1`.
 *
 * @param df - degrees of freedom, a positive integer.
 * @returns the 0.975 quantile of Student's t, to 6 significant digits.
 *
 * @example
 * ```ts
 * tQuantile975(1).toString()  // '12.7062'
 * tQuantile975(9).toString()  // '2.26216'
 * ```
 */
export const tQuantile975 = (df: number): Decimal => {
  if (!Number.isSafeInteger(df) || df < 1) throw new RangeError(`degrees of freedom: expected a positive integer, got ${df}`)
  let q = cache.get(df)
  if (q === undefined) {
    q = (df <= CLOSED_FORM_MAX_DF ? closedFormQuantile(df) : expansionQuantile(df)).toSignificantDigits(T_QUANTILE_DIGITS)
    cache.set(df, q)
  }
  return q
}
