/**
 * Theorem 3 (proofs-notes §8): the constant `c*(T, η, D, K)` of the
 * check, computed exactly, and the two-provider family `I_a` on which it is checked.
 *
 * The note's chain over scales bounds the best normalized gain any mechanism can secure on the
 * grid types `a_k = b + x_k` of the family:
 *
 * ```
 * min_k (U(I_{a_k}) − SB) / (FB − SB)  ≤  c*
 * ```
 *
 * For the dyadic grid `x_k = D·2^(−k)` the note gives
 * `c*(T, η, D, K) = min_{0≤j≤K} (1 + ξ·(2^j − 1)) / (1 + j/2)` with `ξ = η/(D·T)`
 * ({@link impossibilityConstant}). Every term is rational, so it is computed as an exact fraction
 * of bigints ({@link impossibilityConstantFraction}); a ratio is compared with it exactly by
 * cross-multiplication ({@link ratioAtMost}), never through a rounded quotient.
 *
 * When the grid is not exactly dyadic (because it was rounded to the `10^(−6)` action grid, see
 * {@link familyGrid}), the same chain gives the general bound {@link impossibilityConstantOfGaps}:
 *
 * ```
 * c*_grid = min_{0≤j≤K} (1 + (η/T)·Σ_{k<j} 1/x_k) / (1 + Σ_{k<j} (1 − x_{k+1}/x_k)),
 * ```
 *
 * which equals `c*(T, η, D, K)` when `x_k = D·2^(−k)` exactly (then `1 − x_{k+1}/x_k = 1/2` and
 * `Σ_{k<j} 1/x_k = (2^j − 1)/D`).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { Decimal, ONE, ZERO } from '../exact/decimal.ts'
import { evaluateFraction } from '../exact/expression.ts'
import { ACTION_DP } from '../model/abstract-model.ts'
import type { AbstractInstance, AbstractProvider, NoiseModel } from '../model/types.ts'
import { IMPOSSIBILITY_TERM } from './bound-formulas.ts'

/**
 * An exact rational `num/den` (`den > 0`); the constants returned here are in lowest terms.
 *
 * @example
 * ```ts
 * const third: Fraction = { num: 1n, den: 3n }
 * ```
 */
export interface Fraction {
  /** Numerator. */
  readonly num: bigint
  /** Denominator (> 0). */
  readonly den: bigint
}

/** `c*` as an exact fraction in lowest terms, with the index `j` of the minimizing term (the smallest one on ties). */
export interface ImpossibilityConstant {
  /** `c*` exactly. */
  readonly value: Fraction
  /** The minimizing `j ∈ [0, K]` (smallest on ties). */
  readonly argmin: number
}

/**
 * The exact fraction of a finite decimal (`den` a power of ten). Throws `RangeError` for ±∞ or NaN.
 *
 * @example
 * ```ts
 * decimalFraction(new Decimal('0.125')) // { num: 125n, den: 1000n }
 * ```
 */
export const decimalFraction = (d: Decimal): Fraction => {
  if (!d.isFinite()) throw new RangeError(`expected a finite decimal, got ${d.toString()}`)
  // `toFixed()` without an argument writes the exact value in plain notation (no rounding).
  const text = d.toFixed()
  const dot = text.indexOf('.')
  const places = dot < 0 ? 0 : text.length - dot - 1
  return { num: BigInt(dot < 0 ? text : text.slice(0, dot) + text.slice(dot + 1)), den: 10n ** BigInt(places) }
}

const lessThan = (x: Fraction, y: Fraction): boolean => x.num * y.den < y.num * x.den

/** `f` in lowest terms (gcd of numerator and denominator divided out). */
const reduced = (f: Fraction): Fraction => {
  let a = f.num < 0n ? -f.num : f.num
  let b = f.den
  while (b !== 0n) [a, b] = [b, a % b]
  return a <= 1n ? f : { num: f.num / a, den: f.den / a }
}

/**
 * A positive fraction as a decimal rounded toward +∞ at 50 significant digits (the project
 * precision); exact whenever its decimal expansion has at most 50 significant digits.
 */
const ceilDecimal = (f: Fraction): Decimal => {
  if (f.num === 0n) return ZERO
  // The quotient num·10^e/den, rounded up, with e chosen so that it has 50 digits (10^49 ≤ q < 10^50).
  const quotientCeil = (e: number): bigint => {
    const num = e >= 0 ? f.num * 10n ** BigInt(e) : f.num
    const den = e >= 0 ? f.den : f.den * 10n ** BigInt(-e)
    return (num + den - 1n) / den
  }
  let e = 50 - (f.num.toString().length - f.den.toString().length)
  while (quotientCeil(e) > 10n ** 50n) e--
  while (quotientCeil(e) <= 10n ** 49n) e++
  // Now 10^49 < ⌈num·10^e/den⌉ ≤ 10^50: at most 50 significant digits.
  return new Decimal(`${quotientCeil(e).toString()}e${-e}`)
}

const checkInputs = (T: number, eta: Decimal): void => {
  if (!Number.isSafeInteger(T) || T < 1) throw new RangeError(`T: expected a positive integer, got ${T}`)
  if (!eta.isFinite() || eta.isNegative()) throw new RangeError(`eta: expected a finite η ≥ 0, got ${eta.toString()}`)
}

/**
 * Checks the gaps `x_j = a_j − b` of a general grid (§8.6): at least one, positive, finite and
 * strictly decreasing. Throws a `RangeError` naming the first bad gap (the callers' contract).
 *
 * @param gaps - the gaps, level by level.
 */
export const checkGaps = (gaps: readonly Decimal[]): void => {
  if (gaps.length === 0) throw new RangeError('gaps: expected at least one grid level')
  gaps.forEach((x, k) => {
    if (!x.isFinite() || !x.gt(0)) throw new RangeError(`gaps[${k}]: expected a positive finite gap, got ${x.toString()}`)
    const prev = gaps[k - 1]
    if (prev !== undefined && !x.lt(prev))
      throw new RangeError(`gaps: expected strictly decreasing gaps, got ${x.toString()} after ${prev.toString()}`)
  })
}

/**
 * `c*(T, η, D, K)` of the note's "Formula used by the check", as an exact fraction:
 *
 * ```
 * ξ  = η / (D·T)
 * c* = min_{0 ≤ j ≤ K} (1 + ξ·(2^j − 1)) / (1 + j/2)
 *    = min_j  2·(D·T + η·(2^j − 1)) / (D·T·(2 + j))
 * ```
 *
 * Inputs are finite decimals, so every term is an exact rational (`2^j` as a bigint).
 * Throws `RangeError` for `T` not a positive integer, `η < 0`, `D ≤ 0` or `K` not a non-negative
 * integer.
 *
 * @param T - the horizon.
 * @param eta - the IC bound η ≥ 0 in USD.
 * @param D - the largest gap `D > 0` of the grid in USD.
 * @param K - the deepest level of the grid.
 * @returns `c*` as an exact fraction, with the level `j` attaining the minimum.
 *
 * @example
 * ```ts
 * impossibilityConstantFraction(10_000, new Decimal(0), new Decimal('0.4096'), 12) // { value: 1/7, argmin: 12 }
 * ```
 */
export const impossibilityConstantFraction = (T: number, eta: Decimal, D: Decimal, K: number): ImpossibilityConstant => {
  checkInputs(T, eta)
  if (!D.isFinite() || !D.gt(0)) throw new RangeError(`D: expected a finite D > 0, got ${D.toString()}`)
  if (!Number.isSafeInteger(K) || K < 0) throw new RangeError(`K: expected a non-negative integer, got ${K}`)
  const e = decimalFraction(eta)
  const d = decimalFraction(D)
  const t = BigInt(T)
  // The term is the exact rational value of the formula description IMPOSSIBILITY_TERM, the one
  // the proof obligations check (proofs-notes §12.2).
  const env = { η: e, D: d, T: { num: t, den: 1n } }
  let best: ImpossibilityConstant = { value: { num: 1n, den: 1n }, argmin: 0 }
  for (let j = 0; j <= K; j++) {
    const term: Fraction = evaluateFraction(IMPOSSIBILITY_TERM, { ...env, j: { num: BigInt(j), den: 1n } })
    if (j === 0 || lessThan(term, best.value)) best = { value: term, argmin: j }
  }
  return { value: reduced(best.value), argmin: best.argmin }
}

/**
 * `c*(T, η, D, K)` (proofs-notes §8.6) as a decimal:
 * the exact rational of {@link impossibilityConstantFraction} rounded toward +∞ at 50
 * significant digits — exact whenever it has at most 50 significant digits (e.g. `1/4` for
 * `η = 0, K = 6`), otherwise above the true value by less than one unit in the 50th digit. Checks
 * that must be exact compare against the fraction with {@link ratioAtMost}.
 *
 * @param T - the horizon.
 * @param eta - the IC bound η ≥ 0 in USD.
 * @param D - the largest gap `D > 0` of the grid in USD.
 * @param K - the deepest level of the grid.
 * @returns `c*` rounded toward +∞ at 50 significant digits.
 *
 * @example
 * ```ts
 * impossibilityConstant(10_000, new Decimal(0), new Decimal('0.4096'), 6).toString() // '0.25'
 * ```
 */
export const impossibilityConstant = (T: number, eta: Decimal, D: Decimal, K: number): Decimal =>
  ceilDecimal(impossibilityConstantFraction(T, eta, D, K).value)

/**
 * The chain bound for an arbitrary strictly decreasing grid of positive gaps `x_0 > x_1 > … > x_K > 0`
 * (`x_k = a_k − b`), exactly:
 *
 * ```
 * c*_grid = min_{0≤j≤K} (1 + (η/T)·Υ_j) / (1 + Λ_j),   Υ_j = Σ_{k<j} 1/x_k,   Λ_j = Σ_{k<j} (1 − x_{k+1}/x_k).
 * ```
 *
 * **Derivation** (the note's chain with general gaps). If `γ_k ≥ c > 0` for every `k`, (A_k) gives
 * `N̄_k ≥ c·T + ψ_k`; (B_k) with `a_k − a_{k+1} = x_k − x_{k+1} > 0` gives
 * `Π_1,k ≥ x_k·ψ_{k+1} + (x_k − x_{k+1})·c·T − η`, i.e. `ψ_k ≥ ψ_{k+1} + (1 − x_{k+1}/x_k)·c·T − η/x_k`;
 * telescoping with `ψ_j ≥ 0` and `ψ_0 ≤ (1 − c)·T` (from (A_0) and `N̄_0 ≤ T`) gives
 * `c·(1 + Λ_j) ≤ 1 + (η/T)·Υ_j` for every `j`. For `x_k = D·2^(−k)` exactly, `Λ_j = j/2` and
 * `Υ_j = (2^j − 1)/D`: this is {@link impossibilityConstantFraction}. Throws `RangeError` unless the
 * gaps are positive, finite and strictly decreasing.
 *
 * @param T - the horizon.
 * @param eta - the IC bound η ≥ 0 in USD.
 * @param gaps - the gaps `x_0 > … > x_K > 0` in USD.
 * @returns `c*_grid` as an exact fraction, with the minimizing level.
 *
 * @example
 * ```ts
 * impossibilityConstantOfGaps(1000, new Decimal(0), ['0.4', '0.2', '0.1'].map((x) => new Decimal(x))) // 1/2 at j = 2
 * ```
 */
export const impossibilityConstantOfGaps = (T: number, eta: Decimal, gaps: readonly Decimal[]): ImpossibilityConstant => {
  checkInputs(T, eta)
  checkGaps(gaps)
  const xs = gaps.map(decimalFraction)
  const e = decimalFraction(eta)
  const t = BigInt(T)
  const add = (p: Fraction, q: Fraction): Fraction => ({ num: p.num * q.den + q.num * p.den, den: p.den * q.den })
  let W: Fraction = { num: 0n, den: 1n }
  let S: Fraction = { num: 0n, den: 1n }
  let best: ImpossibilityConstant = { value: { num: 1n, den: 1n }, argmin: 0 }
  for (let j = 1; j < xs.length; j++) {
    const x = xs[j - 1]!
    const next = xs[j]!
    W = reduced(add(W, { num: x.den, den: x.num }))
    S = reduced(add(S, { num: x.num * next.den - next.num * x.den, den: x.num * next.den }))
    // (1 + (η/T)·Υ) / (1 + Λ) = (e.den·T·W.den + e.num·W.num)·S.den / (e.den·T·W.den·(S.den + S.num))
    const term = reduced({
      num: (e.den * t * W.den + e.num * W.num) * S.den,
      den: e.den * t * W.den * (S.den + S.num),
    })
    if (lessThan(term, best.value)) best = { value: term, argmin: j }
  }
  return best
}

/**
 * Exactly whether `numerator / denominator ≤ c` for decimals with `denominator > 0` (the check's
 * `(U − SB)/(FB − SB) ≤ c*`, decided by cross-multiplication in bigints: no rounding anywhere).
 * Throws `RangeError` if `denominator ≤ 0`.
 *
 * @param numerator - the ratio's numerator.
 * @param denominator - the ratio's denominator, `> 0`.
 * @param c - the exact fraction to compare with.
 * @returns true if `numerator / denominator ≤ c`.
 *
 * @example
 * ```ts
 * ratioAtMost(new Decimal(1), new Decimal(7), { num: 1n, den: 7n }) // true
 * ratioAtMost(new Decimal('1.0000001'), new Decimal(7), { num: 1n, den: 7n }) // false
 * ```
 */
export const ratioAtMost = (numerator: Decimal, denominator: Decimal, c: Fraction): boolean => {
  if (!denominator.gt(0)) throw new RangeError(`denominator: expected a positive value, got ${denominator.toString()}`)
  const p = decimalFraction(numerator)
  const q = decimalFraction(denominator)
  // p/q ≤ c.num/c.den  ⟺  p.num·q.den·c.den ≤ c.num·q.num·p.den   (all denominators positive)
  return p.num * q.den * c.den <= c.num * q.num * p.den
}

/** A fraction as a decimal at the project precision (for reports; comparisons use the fraction). */
export const fractionToDecimal = (f: Fraction): Decimal => new Decimal(f.num.toString()).div(f.den.toString())

/** The grid of the family: types, gaps, and whether the grid is exactly dyadic. */
export interface FamilyGrid {
  /** `b`, provider 2's best service. */
  readonly b: Decimal
  /** The scale `D` as given. */
  readonly D: Decimal
  /** Types `a_0 > a_1 > … > a_K`, each on the `10^(−6)` action grid. */
  readonly types: readonly Decimal[]
  /** Gaps `x_k = a_k − b > 0`, strictly decreasing. */
  readonly gaps: readonly Decimal[]
  /** True iff `x_k = D·2^(−k)` exactly for every `k` (no rounding happened). */
  readonly exact: boolean
}

/**
 * The geometric grid of the family: `a_k = b + D·2^(−k)`, `k = 0..K`, with each gap `D·2^(−k)`
 * **rounded down** to the `10^(−6)` action grid (so `a_k ≤ b + D ≤ x_hi` stays in range and every
 * type is an action mean). `b` must itself be on that grid.
 *
 * When `D = m·2^K·10^(−6)` for an integer `m` (e.g. `D = 0.4096`, `K ≤ 12`) nothing is rounded,
 * `exact` is true and the note's `c*(T, η, D, K)` applies as is. Otherwise the ratios
 * `x_{k+1}/x_k` are no longer exactly `1/2` and the guarantee must be evaluated on the actual
 * gaps with {@link impossibilityConstantOfGaps} (which reduces to `c*` on an exact grid); the
 * check does so whenever `exact` is false.
 *
 * `Left` if `b` is off the action grid, `D ≤ 0`, `K` is not a non-negative integer, or the
 * rounded gaps are not positive and strictly decreasing (`D·2^(−K)` too small for the grid).
 *
 * @param b - the weaker provider's type, on the `10^(−6)` action grid.
 * @param D - the largest gap `D > 0` in USD.
 * @param K - the deepest level.
 * @returns the grid's types and gaps, or `Left` naming the bad parameter.
 *
 * @example
 * ```ts
 * familyGrid(new Decimal('0.5'), new Decimal('0.4096'), 12) // Right: a_0 = 0.9096, …, a_12 = 0.5001, exact
 * familyGrid(new Decimal('0.5'), new Decimal('0.3'), 3)     // Right: gaps 0.3, 0.15, 0.075, 0.0375 (exact)
 * ```
 */
export const familyGrid = (b: Decimal, D: Decimal, K: number): E.Either<string, FamilyGrid> => {
  if (!b.isFinite() || b.decimalPlaces() > ACTION_DP)
    return E.left(`b: expected a value on the 1e-${ACTION_DP} action grid, got ${b.toString()}`)
  if (!D.isFinite() || !D.gt(0)) return E.left(`D: expected D > 0, got ${D.toString()}`)
  if (!Number.isSafeInteger(K) || K < 0 || K > 60) return E.left(`K: expected an integer in [0, 60], got ${K}`)
  const raw = Array.from({ length: K + 1 }, (_, k) => D.div(new Decimal(2).pow(k)))
  const gaps = raw.map((x) => x.toDecimalPlaces(ACTION_DP, Decimal.ROUND_DOWN))
  for (let k = 0; k <= K; k++) {
    const x = gaps[k]!
    if (!x.gt(0)) return E.left(`K: D·2^(−${k}) = ${raw[k]!.toString()} rounds to 0 on the 1e-${ACTION_DP} grid`)
    const prev = gaps[k - 1]
    if (prev !== undefined && !x.lt(prev))
      return E.left(`K: gaps ${prev.toString()} and ${x.toString()} coincide on the 1e-${ACTION_DP} grid`)
  }
  return E.right({
    b,
    D,
    types: gaps.map((x) => b.plus(x)),
    gaps,
    exact: gaps.every((x, k) => x.eq(raw[k]!)),
  })
}

/**
 * The chain constant for a family grid: the note's `c*(T, η, D, K)` when the grid is exactly
 * dyadic, else {@link impossibilityConstantOfGaps} on the actual (rounded) gaps.
 *
 * @param T - the horizon.
 * @param eta - the IC bound η ≥ 0 in USD.
 * @param grid - the family grid ({@link familyGrid}).
 * @returns the chain constant as an exact fraction.
 */
export const impossibilityConstantForGrid = (T: number, eta: Decimal, grid: FamilyGrid): ImpossibilityConstant =>
  grid.exact ? impossibilityConstantFraction(T, eta, grid.D, grid.gaps.length - 1) : impossibilityConstantOfGaps(T, eta, grid.gaps)

/** The public range of the family (the note's checks use `[0, 1]`, `R = 1`). */
export const FAMILY_RANGE = { xLo: ZERO, xHi: ONE } as const

const linearType = (id: string, mean: Decimal): AbstractProvider => ({
  kind: 'abstract',
  id,
  honestMean: mean,
  honestProfit: ZERO,
  segments: [{ length: mean.minus(FAMILY_RANGE.xLo), slope: ONE }],
})

/**
 * The two-provider instance `I_a` of proofs-notes §8.2 on the range `[0, 1]`:
 *
 * - provider 1 (index 0, id `strong`): `ū_1 = a`, `μ^min_1 = 0`, frontier `F_a(m) = a − m`
 *   (one withholding segment of length `a` and slope 1: pure transfer), `π^h = 0`;
 * - provider 2 (index 1, id `weak`): `ū_2 = b`, `μ^min_2 = 0`, `F_2(m) = b − m`, `π^h = 0`.
 *
 * So `FB = T·a`, `SB = T·b`, Assumption A holds with equality, IR is automatic (every action
 * earns `ū − m ≥ 0`), and provider 1 of type `a` can mimic every type `a' < a` exactly.
 * `noise` is `'none'` (`X = m`) or `'bernoulli'` (`X ∈ {0, 1}` with mean `m`).
 *
 * `Left` unless `0 < b < a ≤ 1` with `a` and `b` on the `10^(−6)` action grid.
 *
 * @param a - the stronger provider's type.
 * @param b - the weaker provider's type.
 * @param noise - `'none'` or `'bernoulli'`.
 * @returns the instance, or `Left` naming the bad parameter.
 *
 * @example
 * ```ts
 * familyInstance(new Decimal('0.9096'), new Decimal('0.5'), 'none') // Right(I_{0.9096})
 * ```
 */
export const familyInstance = (a: Decimal, b: Decimal, noise: NoiseModel): E.Either<string, AbstractInstance> => {
  const { xLo, xHi } = FAMILY_RANGE
  for (const [name, v] of [
    ['a', a],
    ['b', b],
  ] as const)
    if (!v.isFinite() || v.decimalPlaces() > ACTION_DP)
      return E.left(`${name}: expected a value on the 1e-${ACTION_DP} action grid, got ${v.toString()}`)
  if (!(b.gt(xLo) && b.lt(a) && a.lte(xHi)))
    return E.left(`family: expected ${xLo.toString()} < b < a ≤ ${xHi.toString()}, got a = ${a.toString()}, b = ${b.toString()}`)
  return E.right({
    kind: 'abstract',
    name: `I_a(a=${a.toString()}, b=${b.toString()}, noise=${noise})`,
    xLo,
    xHi,
    noise,
    providers: [linearType('strong', a), linearType('weak', b)],
  })
}
