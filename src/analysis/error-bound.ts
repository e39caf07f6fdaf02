/**
 * The floating-point error bound of the analysis (proofs-notes §10.6), computed **by construction**:
 * every number the analysis reports is produced together with a bound on its distance to the exact
 * value of the same recursion (exact inputs, exact arithmetic, no cuts). The bound is accumulated
 * alongside the computation, one update per row of a recursion, per sum or per product, from the
 * lemmas of §10.6 written here once:
 *
 * - the standard model: `fl(a ∘ b) = (a ∘ b)(1 + θ) + ζ` with `|θ| ≤ ε_fl = 2^(−53)` and `|ζ| ≤ 2^(−1075)`
 *   for a product (`ζ = 0` for a sum, which is exact when it underflows); `max` and integer
 *   arithmetic below `2^53` are exact; a decimal converted to a double moves by at most `ε_fl` relatively;
 * - Lemma 10.6 (sums and inner products): `|fl(Σ x_i y_i) − Σ x_i y_i| ≤ γ_N Σ|x_i y_i| + N·2^(−1074)`
 *   with `γ_N = N ε_fl / (1 − N ε_fl)`;
 * - Lemma 10.7 (one forward step of a law): the ℓ1 distance to the exact law grows by at most
 *   `5.000001 ε_fl` per unit of computed mass, plus the underflow of its products;
 * - Lemma 10.8 (one backward row): the largest error of a row grows by at most
 *   {@link backwardRowError}'s increment.
 *
 * Each bound is itself computed in doubles, from non-negative terms; {@link widen} multiplies the
 * final bound by `1 + 10^(−6)`, which covers the rounding of at most `10^9` such operations.
 *
 * @module
 */

/** Unit roundoff of a double, `ε_fl = 2^(−53)`. */
export const UNIT_ROUNDOFF = 2 ** -53

/** Twice the largest absolute error of one product that underflows (`2^(−1074)`, the smallest subnormal). */
export const UNDERFLOW = 2 ** -1074

/** `γ_N = N·ε_fl / (1 − N·ε_fl)` (Higham's constant), for `N·ε_fl < 1/2`. */
export const gamma = (N: number): number => (N * UNIT_ROUNDOFF) / (1 - N * UNIT_ROUNDOFF)

/**
 * Lemma 10.6: the error of an inner product (or a plain sum, `y_i = 1`) of `N` terms computed left to
 * right, given `Σ|x_i y_i|` (a bound on it).
 */
export const dotError = (N: number, absoluteSum: number): number => gamma(N) * absoluteSum + N * UNDERFLOW

/**
 * Lemma 10.7: the growth of the ℓ1 error of a law vector over one forward step `d'[k] = q·d[k] + p·d[k−1]`
 * with `p̂ = fl(p)` (`|p̂ − p| ≤ ε_fl`) and `q̂ = fl(1 − p̂)` (`|q̂ − q| ≤ 2ε_fl`), on computed mass `mass`, with
 * `products` multiplications (each may underflow).
 */
export const forwardStepError = (mass: number, products: number): number => 5.000001 * UNIT_ROUNDOFF * mass + products * UNDERFLOW

/**
 * Lemma 10.8: the error of a row of a backward recursion `v = w₀ + max_a (f_a + p_a·(w₁ − w₀))` (or
 * one action), given the largest error `e` of the next row, a bound `magnitude` on the exact values
 * of both rows, a bound `reward` on `|f_a|` and the error `rewardError` of the `f_a` (with
 * `|p̂_a − p_a| ≤ ε_fl`, `p̂_a ∈ [0, 1]`).
 */
export const backwardRowError = (e: number, magnitude: number, reward: number, rewardError: number): number =>
  e * (1 + 2 * UNIT_ROUNDOFF) + rewardError + 1.000001 * UNIT_ROUNDOFF * (11 * (magnitude + e) + 2 * reward) + 2 * UNDERFLOW

/**
 * The error of `fl(fl(a·b))`-style products of two computed quantities, `|âb̂ − ab| ≤ |â|·e_b + |b|·e_a + ε_fl|âb̂| + 2^(−1075)`
 * with `|b| ≤ bAbs` (a bound on the exact `b`).
 */
export const productError = (aHat: number, eA: number, bAbs: number, eB: number): number =>
  Math.abs(aHat) * eB + bAbs * eA + UNIT_ROUNDOFF * Math.abs(aHat) * (bAbs + eB) + UNDERFLOW

/** The factor applied to every final bound to cover the rounding of its own computation. */
export const BOUND_INFLATION = 1 + 1e-6

/**
 * A bound computed in doubles, made safe for its own rounding (see the module doc) and for being
 * printed to 12 significant digits.
 */
export const widen = (error: number): number => (error === 0 ? 0 : error * BOUND_INFLATION + Number.MIN_VALUE)
