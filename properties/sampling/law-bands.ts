/**
 * Helpers of the sampling law checks (proofs-notes §13.1, §13.2): replayable and enumerating bit
 * sources, and Bernstein bands for binomial counts, whose false-alarm bound is proved (a union bound
 * over the cells checked, proofs-notes §9.6) rather than asymptotic.
 */
import type { Uint32Source } from '../../src/sampling/uint32-source.ts'
import { streamOf } from '../../src/sim/rng.ts'
import { uint32SourceOf } from '../../src/sampling/uint32-source.ts'

/** The family-wise false-alarm level of every law check of the sampling suites. */
export const FAMILY_ALPHA = 1e-9

/** A source seeded from the suite's seed and a label (the outcomes stream of run seed `seed`). */
export const seededBits = (seed: number): Uint32Source => uint32SourceOf(streamOf(seed, { kind: 'outcomes' }))

/** A source that returns `words` in order, then the words of `rest` (a seeded source by default). */
export const replay = (words: readonly number[], rest: Uint32Source = seededBits(1)): Uint32Source => {
  let k = 0
  return () => (k < words.length ? words[k++]! : rest())
}

/**
 * Bernstein's half-width for a count `C ~ Binomial(trials, p)`: `P(|C − trials·p| > t) ≤ alpha`
 * with `t = ℓ/3 + √((ℓ/3)² + 2ℓ·trials·p(1−p))`, `ℓ = ln(2/alpha)` (each increment within 1 of its mean).
 */
export const binomialBand = (trials: number, p: number, alpha: number): number => {
  const l = Math.log(2 / alpha)
  const a = l / 3
  return a + Math.sqrt(a * a + 2 * l * trials * p * (1 - p))
}

/** A cell of a count check: its observed count and the exact probability of the cell. */
export interface Cell {
  readonly label: string
  readonly count: number
  readonly p: number
}

/**
 * The cells whose counts leave their Bernstein bands, for `trials` independent draws, at family-wise
 * level {@link FAMILY_ALPHA} split evenly over the cells (a union bound). `slack` widens every band
 * by an absolute amount (for cell probabilities known only to a relative error, `slack ≥ trials·p·error`).
 */
export const outOfBand = (cells: readonly Cell[], trials: number, slack = 0): string[] =>
  cells.flatMap((c) => {
    const band = binomialBand(trials, c.p, FAMILY_ALPHA / cells.length) + slack
    const dev = c.count - trials * c.p
    return Math.abs(dev) > band ? [`${c.label}: ${c.count} vs ${(trials * c.p).toFixed(1)} (band ±${band.toFixed(1)})`] : []
  })

/** `C(n, k)` as a bigint. */
export const choose = (n: number, k: number): bigint => {
  if (k < 0 || k > n) return 0n
  let r = 1n
  const m = Math.min(k, n - k)
  for (let j = 0; j < m; j++) r = (r * BigInt(n - j)) / BigInt(j + 1)
  return r
}

/**
 * `P(Binomial(n, ½) = k)` for `k` in `[from, to]` in floats, from the mode by the ratio recursion
 * (relative error below `10^−9` for `n ≤ 2^40` over a window of ±12 standard deviations; the mode's
 * probability by Stirling's series with three terms).
 */
export const fairPmfWindow = (n: number, from: number, to: number): Float64Array => {
  const h = Math.floor(n / 2)
  const lnFact = (m: number): number =>
    m < 30
      ? Math.log(Number(rangeFactorial(m)))
      : (m + 0.5) * Math.log(m) - m + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * m) - 1 / (360 * m ** 3)
  const mode = Math.exp(lnFact(n) - lnFact(h) - lnFact(n - h) - n * Math.LN2)
  const out = new Float64Array(to - from + 1)
  let p = mode
  for (let k = h; k <= to; k++) {
    if (k >= from) out[k - from] = p
    p = (p * (n - k)) / (k + 1)
  }
  p = mode
  for (let k = h; k >= from; k--) {
    if (k <= to) out[k - from] = p
    p = (p * k) / (n - k + 1)
  }
  return out
}

const rangeFactorial = (m: number): bigint => {
  let r = 1n
  for (let j = 2; j <= m; j++) r *= BigInt(j)
  return r
}
