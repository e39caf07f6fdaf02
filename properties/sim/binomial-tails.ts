/**
 * Exact critical counts of a binomial cell count with cell probability 1/B (B ≥ 2 an integer),
 * for tests over equiprobable bins whose false-alarm rate is proved rather than approximated:
 * Pearson's χ² statistic is only asymptotically χ²-distributed, whereas each cell count of a
 * multinomial with n draws over B equiprobable cells is exactly Binomial(n, 1/B), and
 * P(C = k) = C(n, k)·(B−1)^(n−k) / B^n is a ratio of integers, so the tails are summed in bigints
 * without rounding (proofs-notes §9.6).
 */

/** Acceptance interval `[lo, hi]` of a cell count: each tail outside it has probability ≤ α. */
export interface CellBounds {
  readonly lo: number
  readonly hi: number
}

/**
 * The exact acceptance interval of C ~ Binomial(n, 1/B) at one-sided level α = 1/`inverseAlpha`:
 * `lo` is the largest count with P(C < lo) ≤ α and `hi` the smallest with P(C > hi) ≤ α.
 */
export const binomialCellBounds = (n: number, B: number, inverseAlpha: bigint): CellBounds => {
  // weights[k] = C(n, k)·(B−1)^(n−k), an integer; their sum is B^n.
  const weights: bigint[] = new Array(n + 1)
  let w = BigInt(B - 1) ** BigInt(n)
  weights[0] = w
  for (let k = 0; k < n; k++) {
    // C(n,k+1)(B−1)^(n−k−1) = C(n,k)(B−1)^(n−k)·(n−k)/((k+1)(B−1)); the quotient is exact.
    w = (w * BigInt(n - k)) / (BigInt(k + 1) * BigInt(B - 1))
    weights[k + 1] = w
  }
  const total = BigInt(B) ** BigInt(n)
  // P(tail) ≤ 1/inverseAlpha  ⇔  tailWeight·inverseAlpha ≤ total.
  let lo = 0
  let below = 0n
  while (lo < n && (below + weights[lo]!) * inverseAlpha <= total) below += weights[lo++]!
  let hi = n
  let above = 0n
  while (hi > 0 && (above + weights[hi]!) * inverseAlpha <= total) above += weights[hi--]!
  return { lo, hi }
}

/** P(C = k) for C ~ Binomial(n, 1/B), as the exact fraction [numerator, denominator]. */
export const binomialCellProbability = (n: number, B: number, k: number): readonly [bigint, bigint] => {
  let c = 1n
  for (let j = 0; j < k; j++) c = (c * BigInt(n - j)) / BigInt(j + 1)
  return [c * BigInt(B - 1) ** BigInt(n - k), BigInt(B) ** BigInt(n)]
}
