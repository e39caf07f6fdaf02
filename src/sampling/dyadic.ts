/**
 * Counts of `n` independent uniform 32-bit integers in the intervals cut by given boundaries,
 * drawn without drawing the integers (proofs-notes §13.1, Lemma 13.1): split `[0, 2^32)` in halves
 * recursively, the count of a half being Binomial(count, ½) of its parent's; a half inside one
 * interval gets its count wholesale, so at most 32 levels are drawn per boundary.
 *
 * @module
 */
import { fairBinomial } from './fair-binomial.ts'
import type { Uint32Source } from './uint32-source.ts'

/** `2^32`, the number of values of a uniform word. */
export const WORDS = 2 ** 32
/**
 * Largest count placed point by point: below it, a node's uniforms are drawn directly (one word
 * each, within the node) instead of splitting it further, which is the same law (Lemma 13.1) and
 * fewer draws than up to 32 more levels of splits.
 */
export const DIRECT_MAX = 8

/** A uniform integer in the dyadic node `[lo, lo + size)` from one word (`size` a power of 2 ≤ 2^32). */
const pointIn = (lo: number, size: number, word: number): number => (size === WORDS ? word : lo + (word & (size - 1)))

/**
 * The number among `n` independent uniform integers in `[0, 2^32)` that fall below `threshold`:
 * Binomial(n, threshold/2^32), exactly in law given ideal bits (proofs-notes §13.1, Lemma 13.1).
 *
 * @param n - the number of uniforms, a safe non-negative integer.
 * @param threshold - an integer in `[0, 2^32]`.
 * @param bits - the random bits.
 * @param directMax - counts up to this are placed point by point ({@link DIRECT_MAX}; the law checks set 0 to enumerate the splits).
 * @returns the count below `threshold`.
 */
export const dyadicBinomial = (n: number, threshold: number, bits: Uint32Source, directMax = DIRECT_MAX): number => {
  if (threshold <= 0 || n === 0) return 0
  if (threshold >= WORDS) return n
  let below = 0
  let lo = 0
  let size = WORDS
  let count = n
  // Invariant: lo < threshold < lo + size, and `count` uniforms lie in [lo, lo + size).
  while (count > 0) {
    if (count <= directMax) {
      for (let c = 0; c < count; c++) if (pointIn(lo, size, bits()) < threshold) below++
      return below
    }
    const half = size / 2
    const left = fairBinomial(count, bits)
    const mid = lo + half
    if (threshold >= mid) {
      below += left
      if (threshold === mid) return below
      count -= left
      lo = mid
    } else count = left
    size = half
  }
  return below
}

/**
 * The counts of `n` independent uniform integers in `[0, 2^32)` in the intervals
 * `[b_{j−1}, b_j)` (`b_{−1} = 0`), added into `out` at `offset + j`: a multinomial draw, exact in
 * law given ideal bits (proofs-notes §13.1, Lemma 13.1).
 *
 * @param n - the number of uniforms, a safe non-negative integer.
 * @param boundaries - non-decreasing integers in `[0, 2^32]`, the last equal to `2^32` (an equal pair is an empty interval).
 * @param bits - the random bits.
 * @param out - the array the counts are added to (not cleared).
 * @param offset - where interval 0's count goes in `out`.
 * @param directMax - counts up to this are placed point by point ({@link DIRECT_MAX}; the law checks set 0 to enumerate the splits).
 * @returns nothing; `out` holds the counts.
 */
export const addDyadicCounts = (
  n: number,
  boundaries: readonly number[],
  bits: Uint32Source,
  out: Float64Array,
  offset: number,
  directMax = DIRECT_MAX,
): void => {
  if (n === 0) return
  split(0, WORDS, n, intervalOf(boundaries, 0, 0), intervalOf(boundaries, WORDS - 1, 0), { boundaries, bits, out, offset, directMax })
}

/**
 * The counts of `n` independent uniform integers in `[0, 2^32)` in each interval `[b_{j−1}, b_j)`
 * (`b_{−1} = 0`, `b_j` = `boundaries[j]`), exact in law given ideal bits (proofs-notes §13.1, Lemma 13.1).
 *
 * @param n - the number of uniforms, a safe non-negative integer.
 * @param boundaries - non-decreasing integers in `[0, 2^32]`, the last equal to `2^32`.
 * @param bits - the random bits.
 * @param directMax - counts up to this are placed point by point ({@link DIRECT_MAX}; the law checks set 0 to enumerate the splits).
 * @returns the counts, one per interval, summing to `n`.
 */
export const dyadicCounts = (n: number, boundaries: readonly number[], bits: Uint32Source, directMax = DIRECT_MAX): Float64Array => {
  const out = new Float64Array(boundaries.length)
  addDyadicCounts(n, boundaries, bits, out, 0, directMax)
  return out
}

/** The index of the interval holding `z`: the first `j ≥ from` with `z < boundaries[j]`. */
const intervalOf = (boundaries: readonly number[], z: number, from: number): number => {
  let j = from
  while (z >= boundaries[j]!) j++
  return j
}

/** What every node of one {@link addDyadicCounts} call shares. */
interface SplitContext {
  readonly boundaries: readonly number[]
  readonly bits: Uint32Source
  readonly out: Float64Array
  readonly offset: number
  readonly directMax: number
}

/**
 * Distributes the `count` uniforms of node `[lo, lo + size)`, whose ends lie in intervals `first`
 * and `last`, over the intervals (recursion depth at most 32).
 */
const split = (lo: number, size: number, count: number, first: number, last: number, ctx: SplitContext): void => {
  if (count === 0) return
  const { boundaries, bits, out, offset } = ctx
  if (first === last) {
    out[offset + first]! += count
    return
  }
  if (count <= ctx.directMax) {
    for (let c = 0; c < count; c++) out[offset + intervalOf(boundaries, pointIn(lo, size, bits()), first)]!++
    return
  }
  const half = size / 2
  const mid = lo + half
  const left = fairBinomial(count, bits)
  const midInterval = intervalOf(boundaries, mid, first)
  split(lo, half, left, first, intervalOf(boundaries, mid - 1, first), ctx)
  split(mid, half, count - left, midInterval, last, ctx)
}
