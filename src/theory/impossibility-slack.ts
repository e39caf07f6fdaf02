/**
 * Theorem 3′ (proofs-notes §8.10): the chain over scales with an additive slack `Δ′`, computed
 * exactly.
 *
 * A guarantee with additive slack says `U(I_a) ≥ SB + c·(FB − SB) − Δ′` for every type `a` of the
 * family. On the grid `a_k = b + x_k`, the note's chain (Lemma 8.7) bounds the best coefficient
 * `c` any mechanism of the class can secure with slack `Δ′`:
 *
 * ```
 * min_k (U(I_{a_k}) − SB + Δ′) / (FB − SB)  ≤  c*(T, η, Δ′, …)
 * ```
 *
 * For the dyadic grid `x_k = D·2^(−k)` (Proposition 8.8)
 * `c*(T, η, Δ′, D, K) = min_{0≤j≤K} (1 + ξ·(2^j − 1) + ξ′·2^j) / (1 + j/2)` with `ξ = η/(D·T)` and
 * `ξ′ = Δ′/(D·T)`; on any strictly decreasing grid of gaps
 * `c*_grid(Δ′) = min_{0≤j≤K} (1 + (η·Υ_j + Δ′/x_j)/T) / (1 + Λ_j)` with `Υ_j = Σ_{k<j} 1/x_k` and
 * `Λ_j = Σ_{k<j} (1 − x_{k+1}/x_k)`. With `Δ′ = 0` both are the constants of
 * {@link ./impossibility.ts}. Every term is rational, so each constant is an exact fraction of
 * bigints; ratios are compared with it by cross-multiplication ({@link ratioAtMost}).
 *
 * @module
 */
import type { Decimal } from '../exact/decimal.ts'
import { evaluateFraction } from '../exact/expression.ts'
import { IMPOSSIBILITY_TERM_WITH_SLACK } from './bound-formulas.ts'
import { type FamilyGrid, type Fraction, type ImpossibilityConstant, checkGaps, decimalFraction, ratioAtMost } from './impossibility.ts'

const lessThan = (x: Fraction, y: Fraction): boolean => x.num * y.den < y.num * x.den

const reduced = (f: Fraction): Fraction => {
  let a = f.num < 0n ? -f.num : f.num
  let b = f.den
  while (b !== 0n) [a, b] = [b, a % b]
  return a <= 1n ? f : { num: f.num / a, den: f.den / a }
}

const checkInputs = (T: number, eta: Decimal, slack: Decimal): void => {
  if (!Number.isSafeInteger(T) || T < 1) throw new RangeError(`T: expected a positive integer, got ${T}`)
  if (!eta.isFinite() || eta.isNegative()) throw new RangeError(`eta: expected a finite η ≥ 0, got ${eta.toString()}`)
  if (!slack.isFinite() || slack.isNegative()) throw new RangeError(`slack: expected a finite Δ′ ≥ 0, got ${slack.toString()}`)
}

/**
 * `c*(T, η, Δ′, D, K)` of Proposition 8.8 (proofs-notes §8.10) as an exact fraction:
 *
 * ```
 * ξ = η/(D·T),  ξ′ = Δ′/(D·T)
 * c* = min_{0 ≤ j ≤ K} (1 + ξ·(2^j − 1) + ξ′·2^j) / (1 + j/2)
 * ```
 *
 * Each term is the exact rational value of the formula description
 * `IMPOSSIBILITY_TERM_WITH_SLACK`, the one the proof obligations check (proofs-notes §12.2). The
 * constant may exceed 1 (then the bound says nothing). Throws `RangeError` for `T` not a positive
 * integer, `η < 0`, `Δ′ < 0`, `D ≤ 0` or `K` not a non-negative integer.
 *
 * @param T - the horizon.
 * @param eta - the IC bound η ≥ 0 against mimicry, in USD.
 * @param slack - the additive slack Δ′ ≥ 0 of the guarantee, in USD.
 * @param D - the largest gap `D > 0` of the grid in USD.
 * @param K - the deepest level of the grid.
 * @returns `c*` as an exact fraction in lowest terms, with the level `j` attaining the minimum (the smallest on ties).
 *
 * @example
 * ```ts
 * impossibilitySlackConstantFraction(1000, new Decimal(0), new Decimal(0), new Decimal('0.4096'), 12) // { value: 1/7, argmin: 12 }
 * ```
 */
export const impossibilitySlackConstantFraction = (
  T: number,
  eta: Decimal,
  slack: Decimal,
  D: Decimal,
  K: number,
): ImpossibilityConstant => {
  checkInputs(T, eta, slack)
  if (!D.isFinite() || !D.gt(0)) throw new RangeError(`D: expected a finite D > 0, got ${D.toString()}`)
  if (!Number.isSafeInteger(K) || K < 0) throw new RangeError(`K: expected a non-negative integer, got ${K}`)
  const env = { η: decimalFraction(eta), 'Δ′': decimalFraction(slack), D: decimalFraction(D), T: { num: BigInt(T), den: 1n } }
  let best: ImpossibilityConstant | undefined
  for (let j = 0; j <= K; j++) {
    const term: Fraction = evaluateFraction(IMPOSSIBILITY_TERM_WITH_SLACK, { ...env, j: { num: BigInt(j), den: 1n } })
    if (best === undefined || lessThan(term, best.value)) best = { value: term, argmin: j }
  }
  return { value: reduced(best!.value), argmin: best!.argmin }
}

/**
 * The chain bound with additive slack on an arbitrary strictly decreasing grid of positive gaps
 * `x_0 > … > x_K > 0`, exactly (proofs-notes §8.10):
 *
 * ```
 * c*_grid(Δ′) = min_{0≤j≤K} (1 + (η·Υ_j + Δ′/x_j)/T) / (1 + Λ_j),   Υ_j = Σ_{k<j} 1/x_k,   Λ_j = Σ_{k<j} (1 − x_{k+1}/x_k).
 * ```
 *
 * **Derivation.** If `U_k − SB ≥ c·x_k·T − Δ′` at every level, (A_k) gives
 * `N̄_k ≥ c·T + ψ_k − Δ′/x_k`; (B_k) then gives
 * `ψ_k ≥ ψ_{k+1} + (1 − x_{k+1}/x_k)·c·T − η/x_k − Δ′·(1/x_{k+1} − 1/x_k)`; telescoping with
 * `ψ_j ≥ 0` and `ψ_0 ≤ (1 − c)·T + Δ′/x_0` (from (A_0) and `N̄_0 ≤ T`) gives
 * `c·(1 + Λ_j) ≤ 1 + (η·Υ_j + Δ′/x_j)/T`. For `x_k = D·2^(−k)` this is
 * {@link impossibilitySlackConstantFraction}. Throws `RangeError` unless the gaps are positive,
 * finite and strictly decreasing.
 *
 * @param T - the horizon.
 * @param eta - the IC bound η ≥ 0 against mimicry, in USD.
 * @param slack - the additive slack Δ′ ≥ 0, in USD.
 * @param gaps - the gaps `x_0 > … > x_K > 0` in USD.
 * @returns `c*_grid(Δ′)` as an exact fraction in lowest terms, with the minimizing level.
 *
 * @example
 * ```ts
 * impossibilitySlackConstantOfGaps(1000, new Decimal(0), new Decimal(0), ['0.4', '0.2', '0.1'].map((x) => new Decimal(x))) // 1/2 at j = 2
 * ```
 */
export const impossibilitySlackConstantOfGaps = (
  T: number,
  eta: Decimal,
  slack: Decimal,
  gaps: readonly Decimal[],
): ImpossibilityConstant => {
  checkInputs(T, eta, slack)
  checkGaps(gaps)
  const xs = gaps.map(decimalFraction)
  const e = decimalFraction(eta)
  const s = decimalFraction(slack)
  const t: Fraction = { num: BigInt(T), den: 1n }
  const add = (p: Fraction, q: Fraction): Fraction => reduced({ num: p.num * q.den + q.num * p.den, den: p.den * q.den })
  const mul = (p: Fraction, q: Fraction): Fraction => reduced({ num: p.num * q.num, den: p.den * q.den })
  const div = (p: Fraction, q: Fraction): Fraction => reduced({ num: p.num * q.den, den: p.den * q.num })
  const one: Fraction = { num: 1n, den: 1n }
  let W: Fraction = { num: 0n, den: 1n }
  let S: Fraction = { num: 0n, den: 1n }
  let best: ImpossibilityConstant | undefined
  for (let j = 0; j < xs.length; j++) {
    if (j > 0) {
      const x = xs[j - 1]!
      W = add(W, { num: x.den, den: x.num })
      S = add(S, { num: x.num * xs[j]!.den - xs[j]!.num * x.den, den: x.num * xs[j]!.den })
    }
    // (1 + (η·Υ_j + Δ′/x_j)/T) / (1 + Λ_j)
    const top = add(one, div(add(mul(e, W), div(s, xs[j]!)), t))
    const term = div(top, add(one, S))
    if (best === undefined || lessThan(term, best.value)) best = { value: term, argmin: j }
  }
  return best!
}

/**
 * The chain constant with slack for a family grid: {@link impossibilitySlackConstantFraction} when
 * the grid is exactly dyadic, else {@link impossibilitySlackConstantOfGaps} on the actual gaps.
 *
 * @param T - the horizon.
 * @param eta - the IC bound η ≥ 0 against mimicry, in USD.
 * @param slack - the additive slack Δ′ ≥ 0, in USD.
 * @param grid - the family grid.
 * @returns the chain constant as an exact fraction.
 */
export const impossibilitySlackConstantForGrid = (T: number, eta: Decimal, slack: Decimal, grid: FamilyGrid): ImpossibilityConstant =>
  grid.exact
    ? impossibilitySlackConstantFraction(T, eta, slack, grid.D, grid.gaps.length - 1)
    : impossibilitySlackConstantOfGaps(T, eta, slack, grid.gaps)

/**
 * Exactly whether a level's guarantee with slack falls short of coefficient `c`:
 * `(U − SB + Δ′) / (FB − SB) ≤ c`, by cross-multiplication. Throws `RangeError` if `FB − SB ≤ 0`.
 *
 * @param userGain - `U − SB` at the level, in USD.
 * @param slack - the additive slack Δ′, in USD.
 * @param firstBestGap - `FB − SB = x_k·T > 0`, in USD.
 * @param c - the exact fraction to compare with.
 * @returns true if `(U − SB + Δ′)/(FB − SB) ≤ c`.
 *
 * @example
 * ```ts
 * slackRatioAtMost(new Decimal(-1), new Decimal(2), new Decimal(7), { num: 1n, den: 7n }) // true
 * ```
 */
export const slackRatioAtMost = (userGain: Decimal, slack: Decimal, firstBestGap: Decimal, c: Fraction): boolean =>
  ratioAtMost(userGain.plus(slack), firstBestGap, c)

/**
 * The depth `j′ = ⌊log_2(c·D·T / (2·(η + Δ′)))⌋` of Theorem 3′ (proofs-notes §8.10), exactly: the
 * largest integer `j ≥ 0` with `2^j·2·(η + Δ′) ≤ c·D·T`, or `undefined` when `c·D·T < 2·(η + Δ′)`
 * (no level qualifies). Throws `RangeError` unless `η + Δ′ > 0`, `c > 0` and `D > 0`.
 *
 * @param c - the coefficient `c > 0` as an exact fraction.
 * @param T - the horizon.
 * @param eta - the IC bound η ≥ 0, in USD.
 * @param slack - the additive slack Δ′ ≥ 0, in USD.
 * @param D - the scale `D > 0`, in USD.
 * @returns `j′`, or `undefined`.
 *
 * @example
 * ```ts
 * witnessDepth({ num: 1n, den: 2n }, 1000, new Decimal(1), new Decimal(0), new Decimal(1)) // 7 (2^7·2 ≤ 500 < 2^8·2)
 * ```
 */
export const witnessDepth = (c: Fraction, T: number, eta: Decimal, slack: Decimal, D: Decimal): number | undefined => {
  checkInputs(T, eta, slack)
  if (c.num <= 0n || c.den <= 0n) throw new RangeError('c: expected c > 0')
  if (!D.isFinite() || !D.gt(0)) throw new RangeError(`D: expected a finite D > 0, got ${D.toString()}`)
  const budget = decimalFraction(eta.plus(slack))
  if (budget.num === 0n) throw new RangeError('eta, slack: expected η + Δ′ > 0')
  const d = decimalFraction(D)
  // 2^j·2·(η+Δ′) ≤ c·D·T  ⟺  2^j·2·budget.num·c.den·d.den ≤ c.num·d.num·T·budget.den
  const lhs = 2n * budget.num * c.den * d.den
  const rhs = c.num * d.num * BigInt(T) * budget.den
  if (lhs > rhs) return undefined
  let j = 0
  while (lhs * 2n ** BigInt(j + 1) <= rhs) j++
  return j
}
