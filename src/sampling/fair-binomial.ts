/**
 * Binomial(n, ½), exactly in law given ideal random bits (proofs-notes §13.2).
 *
 * Small `n`: the number of ones among `n` random bits. Large `n`: rejection from a staircase
 * envelope around the mode, in O(1) expected draws, whose acceptance test `U < ρ` is decided
 * lazily: `U`'s bits are drawn one word at a time and compared with rigorous floating-point bounds
 * on `ln ρ` (Robbins' two-sided Stirling bounds, and a margin that covers the rounding with room to
 * spare), and in the rare case the bounds cannot decide, with `ρ` as an exact ratio of bigints.
 *
 * @module
 */
import type { Uint32Source } from './uint32-source.ts'

/** Largest `n` drawn by counting random bits (`⌈n/32⌉` words); above it, the rejection sampler. */
export const POPCOUNT_MAX_N = 1024
/** Largest `n` the rejection sampler takes in one piece; larger `n` are sums of pieces (§13.2). */
const PIECE_MAX_N = 2 ** 50
/** Relative margin on each term of the float bound of `ln ρ` (proofs-notes §13.2, Lemma 13.5). */
export const TERM_MARGIN = 2 ** -44
/** Relative margin on `ln` of a prefix of `U` (proofs-notes §13.2, Lemma 13.5). */
const LOG_MARGIN = 2 ** -40
const LN2 = Math.LN2

/** The number of ones in the 32-bit word `v`. */
const popcount32 = (word: number): number => {
  let v = word - ((word >>> 1) & 0x55555555)
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333)
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24
}

/**
 * Binomial(n, ½) as the number of ones among `n` random bits: the low `n mod 32` bits of one word
 * and all bits of `⌊n/32⌋` others. Exact; `⌈n/32⌉` draws.
 *
 * @param n - a non-negative safe integer.
 * @param bits - the random bits.
 * @returns a draw of Binomial(n, ½).
 */
export const popcountBinomial = (n: number, bits: Uint32Source): number => {
  let ones = 0
  let rest = n
  for (; rest >= 32; rest -= 32) ones += popcount32(bits())
  if (rest > 0) ones += popcount32(bits() & (2 ** rest - 1))
  return ones
}

/**
 * Binomial(n, ½), exactly in law given ideal bits (proofs-notes §13.2, Proposition 13.6): bit counting
 * up to {@link POPCOUNT_MAX_N}, the lazy rejection sampler above it.
 *
 * @param n - a safe integer with `0 ≤ n ≤ 2^53 − 1` (other values are outside the contract).
 * @param bits - the random bits.
 * @returns a draw of Binomial(n, ½).
 */
export const fairBinomial = (n: number, bits: Uint32Source): number => {
  if (n <= POPCOUNT_MAX_N) return popcountBinomial(n, bits)
  // Binomial(a + b, ½) is Binomial(a, ½) + Binomial(b, ½) for independent draws.
  let total = 0
  let rest = n
  for (; rest > PIECE_MAX_N; rest -= PIECE_MAX_N) total += rejectionBinomial(PIECE_MAX_N, bits)
  return total + rejectionBinomial(rest, bits)
}

/**
 * The width `w` of a step of the envelope for `n = 2h`: the smallest integer `w ≥ 1` with
 * `10w² − 7w ≥ 7h`, so that `w² ≥ 0.7·(h + w) > (h + w)·ln 2` (proofs-notes §13.2, Lemma 13.3).
 * Every product here is an exact integer in doubles for `h ≤ 2^49`.
 */
export const stepWidth = (h: number): number => {
  let w = Math.max(1, Math.floor((7 + Math.sqrt(49 + 280 * h)) / 20) - 1)
  while (10 * w * w - 7 * w < 7 * h) w++
  return w
}

/**
 * Binomial(n, ½) for `1 ≤ n ≤ 2^50` by rejection (proofs-notes §13.2): an odd `n` is `n − 1` plus
 * one bit; for `n = 2h` the offset `k` of the draw from `h` is proposed with weight `2^{−i}` on the
 * `i`-th step `|k| ∈ [iw, (i+1)w)` of width {@link stepWidth} and accepted with probability
 * `ρ = 2^i·C(2h, h+k)/C(2h, h) ≤ 1`. Exposed so that the law checks can run it at small `n`.
 *
 * @param n - a safe integer with `1 ≤ n ≤ 2^50`.
 * @param bits - the random bits.
 * @returns a draw of Binomial(n, ½).
 */
export const rejectionBinomial = (n: number, bits: Uint32Source): number => {
  const odd = n % 2
  const extra = odd === 1 ? bits() & 1 : 0
  const h = (n - odd) / 2
  if (h === 0) return extra
  const w = stepWidth(h)
  // Offsets within a step from masked words, rejected when ≥ w (w < 2^25 here, and a word has 31 bits after the sign).
  let mask = 1
  while (mask < w - 1) mask = 2 * mask + 1
  for (;;) {
    // The step i: P(i = m) = 2^{−(m+1)}, the number of trailing one bits of a stream of words.
    let i = 0
    let g = bits()
    while (g === 0xffffffff) {
      i += 32
      g = bits()
    }
    const zeros = ~g & (g + 1)
    i += 31 - Math.clz32(zeros)
    // The sign from bit 0 of one word, the offset within the step from its bits 1.. (independent).
    const s = bits()
    const negative = (s & 1) === 1
    let j = (s >>> 1) & mask
    while (j >= w) j = bits() & mask
    // k = 0 is reachable by both signs: drop one, so that every k has proposal weight 2^{−i(k)}/(4w).
    if (i === 0 && j === 0 && negative) continue
    const x = i * w + j
    if (x > h) continue
    if (acceptOffset(h, x, i, bits)) return h + (negative ? -x : x) + extra
  }
}

/** Bounds `[lo, hi]` on `ln ρ` for `ρ = 2^i·C(2h, h+x)/C(2h, h)` (proofs-notes §13.2, Lemma 13.5). */
export interface LogBounds {
  readonly lo: number
  readonly hi: number
}

/**
 * Rigorous float bounds on `ln ρ`, `ρ = 2^i·C(2h, h+x)/C(2h, h)`, for `1 ≤ x ≤ h`
 * (proofs-notes §13.2, Lemma 13.5). For `2x ≤ h`, Robbins' bounds on `ln m!` give
 * `ln ρ = −(h + ½)·ln(1 − q²) − x·ln(1 + 2x/(h − x)) + E + i ln 2` with `q = x/h` and `E` in an
 * explicit interval, evaluated with a relative margin {@link TERM_MARGIN} per term; beyond, only the
 * upper bound `ln C(2h, h+x)/C(2h, h) ≤ −x²/(h + x)` is used (`lo = −∞`).
 *
 * @param h - half of the (even) number of trials, `h ≥ 1`.
 * @param x - the offset `|k|`, `1 ≤ x ≤ h`.
 * @param i - the envelope step (`2^i` multiplies the ratio).
 * @returns bounds with `lo ≤ ln ρ ≤ hi`.
 */
export const logRatioBounds = (h: number, x: number, i: number): LogBounds => {
  const li = i * LN2
  if (2 * x <= h) {
    const q = x / h
    const ta = (h + 0.5) * Math.log1p(-(q * q))
    const tb = x * Math.log1p((2 * x) / (h - x))
    const d = -ta - tb
    const a = 12 * h
    const b = 12 * (h + x)
    const c = 12 * (h - x)
    const eLo = 2 / (a + 1) - 1 / b - 1 / c
    const eHi = 2 / a - 1 / (b + 1) - 1 / (c + 1)
    const m = (Math.abs(ta) + Math.abs(tb) + li + 1) * TERM_MARGIN
    return { lo: d + eLo + li - m, hi: d + eHi + li + m }
  }
  const t = (x * x) / (h + x)
  return { lo: Number.NEGATIVE_INFINITY, hi: -t + li + (t + li + 1) * TERM_MARGIN }
}

/**
 * Decides `U < ρ` for a fresh uniform `U ∈ [0, 1)` read lazily from `bits`, `ρ = 2^i·C(2h, h+x)/C(2h, h)`
 * (proofs-notes §13.2, Lemma 13.4): true exactly on the event `U < ρ`. `U`'s words are drawn one at
 * a time; the float bounds decide unless `U`'s known cell meets their uncertainty, and the exact
 * comparison (bigints) decides the rest.
 *
 * @param h - half of the number of trials, `h ≥ 1`.
 * @param x - the offset, `0 ≤ x ≤ h`.
 * @param i - the envelope step.
 * @param bits - the random bits (`U`'s words, most significant first).
 * @returns whether `U < ρ`.
 */
export const acceptOffset = (h: number, x: number, i: number, bits: Uint32Source): boolean => {
  if (x === 0) return true // ρ = 2^i ≥ 1
  const { lo, hi } = logRatioBounds(h, x, i)
  // U's words so far: `zeros` zero words, then (if any) the first non-zero word s1 and the next, s2.
  let zeros = 0
  for (;;) {
    const s1 = bits()
    if (s1 === 0) {
      zeros++
      // U ∈ [0, 2^{−32·zeros}): accepted if the whole cell lies below ρ; never rejected.
      const lnHi = -32 * zeros * LN2
      if (lnHi + (1 - lnHi) * LOG_MARGIN <= lo) return true
      continue
    }
    const scale = 32 * (zeros + 1) * LN2
    // U ∈ [s1, s1 + 1)·2^{−32(zeros+1)}.
    const first = cellDecision(Math.log(s1) - scale, Math.log(s1 + 1) - scale, lo, hi)
    if (first !== UNDECIDED) return first === ACCEPT
    const s2 = bits()
    // U ∈ [s1 + s2·2^−32, s1 + (s2 + 1)·2^−32)·2^{−32(zeros+1)}.
    const second = cellDecision(Math.log(s1 + s2 * 2 ** -32) - scale, Math.log(s1 + (s2 + 1) * 2 ** -32) - scale, lo, hi)
    if (second !== UNDECIDED) return second === ACCEPT
    const prefix = (BigInt(s1) << 32n) | BigInt(s2)
    return exactAccept(h, x, i, prefix, 32 * (zeros + 2), bits)
  }
}

const ACCEPT = 1
const REJECT = 0
const UNDECIDED = -1

/**
 * Whether the cell `[e^lnLo, e^lnHi)` of `U` lies below `ρ` (accept), above it (reject), or
 * neither, given `lo ≤ ln ρ ≤ hi`. The computed logarithms are widened by {@link LOG_MARGIN}
 * relative to their size (they are within `2^−48` of it, by Lemma 13.5's assumption on `Math.log`).
 */
const cellDecision = (lnLo: number, lnHi: number, lo: number, hi: number): number => {
  if (lnHi + (1 - lnHi) * LOG_MARGIN <= lo) return ACCEPT
  if (lnLo - (1 - lnLo) * LOG_MARGIN >= hi) return REJECT
  return UNDECIDED
}

/** `a·(a+1)·…·b` as a bigint (1 when `a > b`), by halving the range. */
export const rangeProduct = (a: number, b: number): bigint => {
  if (a > b) return 1n
  if (b - a < 16) {
    let p = BigInt(a)
    for (let m = a + 1; m <= b; m++) p *= BigInt(m)
    return p
  }
  const mid = Math.floor((a + b) / 2)
  return rangeProduct(a, mid) * rangeProduct(mid + 1, b)
}

/**
 * The exact test `U < ρ` with `ρ = 2^i·P/Q`, `P = h·(h−1)·…·(h−x+1)`, `Q = (h+1)·…·(h+x)`, given
 * `U`'s first `b` bits `prefix`: `U ∈ [prefix, prefix + 1)·2^−b` lies below `ρ` iff
 * `(prefix + 1)·Q ≤ 2^{i+b}·P`, above it iff `prefix·Q ≥ 2^{i+b}·P`; otherwise 32 more bits.
 * Terminates with probability 1 (the cell containing `ρ` has probability `2^−b`).
 *
 * @param h - half of the number of trials.
 * @param x - the offset, `1 ≤ x ≤ h`.
 * @param i - the envelope step.
 * @param prefix - `U`'s first `b` bits as an integer.
 * @param b - how many bits of `U` `prefix` holds.
 * @param bits - the random bits (`U`'s next words).
 * @returns whether `U < ρ`.
 */
export const exactAccept = (h: number, x: number, i: number, prefix: bigint, b: number, bits: Uint32Source): boolean => {
  const P = rangeProduct(h - x + 1, h) << BigInt(i)
  const Q = rangeProduct(h + 1, h + x)
  let a = prefix
  let shift = BigInt(b)
  for (;;) {
    const target = P << shift
    if ((a + 1n) * Q <= target) return true
    if (a * Q >= target) return false
    a = (a << 32n) | BigInt(bits())
    shift += 32n
  }
}
