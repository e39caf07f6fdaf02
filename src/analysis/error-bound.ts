/**
 * The absolute error bound of the analysis's doubles (proofs-notes §10.6). Every value the DPs
 * compute is built by steps `v = r + w₀ + p·(w₁ − w₀)` (or a forward step `p·a + q·b`), each with
 * at most four roundings of relative size `u = 2^(−53)` on magnitudes at most `V`; a step is a
 * convex combination of the previous layer plus a reward, so earlier errors pass through
 * unamplified and each step adds at most `6u·V` (the extra two for `p` and `1 − p`). A chain has
 * at most `T` steps (exploration rounds, then monitored rounds), then an expectation over at most
 * `C` configurations (a sum of `C` terms: at most `C·u·V` more) whose weights carry the binomial
 * laws' error (`2L·u` per weight). Hence
 *
 *     |computed − exact| ≤ u·V·(6T + 2C + 4nL + 16) + (truncation terms),
 *
 * and the truncation terms (left-out exploration tails, trimmed stint mass, windows) are bounded
 * separately by their probability times the largest value.
 *
 * @module
 */

/** Unit roundoff of a double. */
export const UNIT_ROUNDOFF = 2 ** -53

/** The floating-point part of the bound for values of magnitude at most `vMax`. */
export const floatingPointError = (vMax: number, T: number, L: number, n: number, configurations: number): number =>
  UNIT_ROUNDOFF * vMax * (6 * T + 2 * configurations + 4 * n * L + 16)

/**
 * A double rounded outward to a decimal string with enough digits: the exact value lies within
 * `error` of it (the rounding to 12 significant digits below `error`'s size is absorbed by
 * adding one unit of the last digit to the bound).
 */
export const widen = (error: number): number => (error === 0 ? 0 : error * (1 + 1e-9) + Number.MIN_VALUE)
