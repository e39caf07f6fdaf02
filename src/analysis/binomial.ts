/**
 * Exploration sums (proofs-notes §10.2): the law of a provider's number of successes in its `L`
 * exploration rounds under a stationary success probability, and the window of it the analysis
 * keeps (the rest, of probability at most `tail`, is charged to the error bound).
 *
 * @module
 */
import { forwardStepError } from './error-bound.ts'

/** `P(Bin(L, p) = k)` for `k = 0..L`, by `L` convex-combination steps (no cancellation). */
export const binomialPmf = (L: number, p: number): Float64Array => {
  let cur = new Float64Array(L + 1)
  let next = new Float64Array(L + 1)
  cur[0] = 1
  const q = 1 - p
  for (let t = 1; t <= L; t++) {
    next[0] = q * cur[0]!
    for (let k = 1; k <= t; k++) next[k] = q * cur[k]! + p * cur[k - 1]!
    ;[cur, next] = [next, cur]
  }
  return cur
}

/**
 * A bound on the ℓ1 distance between {@link binomialPmf}'s result and the exact law of `Bin(L, p)`
 * (proofs-notes §10.6, Lemma 10.7 applied `L` times: step `t` has `2t − 1` products on computed mass at most
 * `1 + E`).
 */
export const binomialPmfError = (L: number): number => {
  let e = 0
  for (let t = 1; t <= L; t++) e += forwardStepError(1 + e, 2 * t - 1)
  return e
}

/** The kept window `[from, to]` of a pmf and the probability left outside it. */
export interface Window {
  readonly from: number
  readonly to: number
  readonly dropped: number
}

/** The shortest window that leaves out at most `tail` on each side (greedy from both ends). */
export const keptWindow = (pmf: Float64Array, tail: number): Window => {
  let from = 0
  let left = 0
  while (from < pmf.length - 1 && left + pmf[from]! <= tail) left += pmf[from++]!
  let to = pmf.length - 1
  let right = 0
  while (to > from && right + pmf[to]! <= tail) right += pmf[to--]!
  return { from, to, dropped: left + right }
}
