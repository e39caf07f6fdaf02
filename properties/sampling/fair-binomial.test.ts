/**
 * The fair binomial sampler (proofs-notes §13.2): bit counting checked by enumerating every bit
 * pattern; the rejection sampler's ingredients checked exactly (the envelope, Lemma 13.3; the
 * lazily decided acceptance against the exact rational test, Lemmas 13.4–13.5, on adversarial
 * uniforms; the accuracy Lemma 13.5 assumes of `Math.log` and `Math.log1p`); the whole law against the
 * exact pmf with proved false-alarm bounds, with its power shown on Binomial(n, 0.505) and
 * Binomial(n ± 1, ½).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/exact/decimal.ts'
import { dyadicBinomial } from '../../src/sampling/dyadic.ts'
import {
  POPCOUNT_MAX_N,
  acceptOffset,
  fairBinomial,
  logRatioBounds,
  popcountBinomial,
  rangeProduct,
  rejectionBinomial,
  stepWidth,
} from '../../src/sampling/fair-binomial.ts'
import type { Uint32Source } from '../../src/sampling/uint32-source.ts'
import { SEED, runs } from '../settings.ts'
import { type Cell, FAMILY_ALPHA, binomialBand, choose, fairPmfWindow, outOfBand, replay, seededBits } from './law-bands.ts'

describe('bit counting (small n)', () => {
  it('over every bit pattern of n ≤ 16 bits, each count k occurs exactly C(n, k) times (high bits ignored)', () => {
    for (let n = 0; n <= 16; n++) {
      const seen = new Array<bigint>(n + 1).fill(0n)
      for (let pattern = 0; pattern < 2 ** n; pattern++) {
        const garbage = n === 0 ? 0xdeadbeef : ((0xdeadbeef << n) | pattern) >>> 0
        seen[popcountBinomial(n, replay([garbage]))]! += 1n
      }
      expect(seen).toStrictEqual(Array.from({ length: n + 1 }, (_, k) => choose(n, k)))
    }
  })

  it('is the number of ones among the first n bits of the stream (low bits of the last word)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.array(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { minLength: 10, maxLength: 10 }),
        (n, words) => {
          let ones = 0
          for (let b = 0; b < n; b++) ones += (words[Math.floor(b / 32)]! >>> (b % 32)) & 1
          expect(popcountBinomial(n, replay(words))).toBe(ones)
          if (n <= POPCOUNT_MAX_N) expect(fairBinomial(n, replay(words))).toBe(ones)
        },
      ),
      { numRuns: runs(300) },
    )
  })
})

/** `C(2h, h+x)/C(2h, h) = P/Q` with `P = h·…·(h−x+1)`, `Q = (h+1)·…·(h+x)`. */
const ratio = (h: number, x: number): { P: bigint; Q: bigint } => ({ P: rangeProduct(h - x + 1, h), Q: rangeProduct(h + 1, h + x) })

describe('the envelope (Lemma 13.3)', () => {
  it('rangeProduct is the product of the range', () => {
    for (let a = 1; a < 40; a += 3)
      for (let b = a - 1; b < 90; b += 7) {
        let p = 1n
        for (let m = a; m <= b; m++) p *= BigInt(m)
        expect(rangeProduct(a, b)).toBe(p)
      }
  })

  it('2^i·C(2h, h+x)/C(2h, h) ≤ 1 with i = ⌊x/w⌋, for every x ≤ h, h ≤ 150', () => {
    for (let h = 1; h <= 150; h++) {
      const w = stepWidth(h)
      expect(10 * w * w - 7 * w).toBeGreaterThanOrEqual(7 * h)
      expect(w === 1 || 10 * (w - 1) ** 2 - 7 * (w - 1) < 7 * h).toBe(true)
      let P = 1n
      let Q = 1n
      for (let x = 1; x <= h; x++) {
        P *= BigInt(h - x + 1)
        Q *= BigInt(h + x)
        expect(P << BigInt(Math.floor(x / w)) <= Q, `h = ${h}, x = ${x}`).toBe(true)
      }
    }
  })

  it('… and at large h, at the step boundaries x = i·w (where the envelope is tightest)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10, max: 49 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 4 }),
        (e, f, i) => {
          const h = Math.floor(2 ** (e - 1) * (1 + f))
          const w = stepWidth(h)
          const x = i * w
          fc.pre(x <= h && x <= 20_000)
          const { P, Q } = ratio(h, x)
          expect(P << BigInt(i) <= Q).toBe(true)
        },
      ),
      { numRuns: runs(60) },
    )
  })
})

/** Whether `U < ρ`, `ρ = 2^i·P/Q`, for `U = 0.w1 w2 …` (32-bit words), decided on the first word prefix that decides it. */
const exactDecision = (P: bigint, Q: bigint, i: number, words: readonly number[]): boolean | undefined => {
  let a = 0n
  for (let k = 0; k < words.length; k++) {
    a = (a << 32n) | BigInt(words[k]!)
    const target = (P << BigInt(i)) << BigInt(32 * (k + 1))
    if ((a + 1n) * Q <= target) return true
    if (a * Q >= target) return false
  }
  return undefined
}

/** `h` from three scales: tiny (the exact stage), moderate, and up to 2^49 (the float stage's worst rounding). */
const hArb = fc.oneof(
  fc.integer({ min: 1, max: 64 }),
  fc.integer({ min: 65, max: 1_000_000 }),
  fc
    .tuple(fc.integer({ min: 20, max: 49 }), fc.double({ min: 0, max: 1, noNaN: true }))
    .map(([e, f]) => Math.floor(2 ** (e - 1) * (1 + f))),
)

describe('the float bounds (Lemma 13.5)', () => {
  it('bracket ln ρ computed from the exact ratio in 50-digit decimals', () => {
    fc.assert(
      fc.property(hArb, fc.double({ min: 0, max: 6, noNaN: true }), fc.integer({ min: 0, max: 3 }), (h, spread, extraStep) => {
        const w = stepWidth(h)
        const x = Math.max(1, Math.min(h, Math.round(spread * w), 3000))
        const i = Math.floor(x / w) + (extraStep === 3 ? 1 : 0)
        const { P, Q } = ratio(h, x)
        // ρ = 2^i·P/Q; R = ⌊P·2^s/Q⌋ has about 200 bits, so ln ρ = ln R + (i − s)·ln 2 within 2^−190.
        const s = Q.toString(16).length * 4 - P.toString(16).length * 4 + 200
        const R = (P << BigInt(s)) / Q
        const lnRho = new Decimal(R.toString()).ln().plus(new Decimal(2).ln().times(i - s))
        const { lo, hi } = logRatioBounds(h, x, i)
        expect(lnRho.gte(lo), `h = ${h}, x = ${x}, i = ${i}: lo = ${lo} > ${lnRho}`).toBe(true)
        expect(lnRho.lte(hi), `h = ${h}, x = ${x}, i = ${i}: hi = ${hi} < ${lnRho}`).toBe(true)
      }),
      { numRuns: runs(400) },
    )
  })
})

describe('the lazily decided acceptance (Lemmas 13.4, 13.5)', () => {
  it('decides U < ρ exactly, for uniforms placed at ρ’s binary expansion ± a few units in bits 33–96 and for random ones', () => {
    const bits = seededBits(SEED)
    fc.assert(
      fc.property(
        hArb,
        fc.double({ min: 0, max: 4, noNaN: true }),
        fc.integer({ min: 0, max: 3 }),
        fc.constantFrom('expansion', 'random'),
        fc.integer({ min: -3, max: 3 }),
        fc.integer({ min: 32, max: 95 }),
        (h, spread, extraStep, where, delta, at) => {
          const w = stepWidth(h)
          const x = Math.max(1, Math.min(h, Math.round(spread * w), 3000))
          const i = Math.floor(x / w) + (extraStep === 3 ? 1 : 0)
          const { P, Q } = ratio(h, x)
          const tail = Array.from({ length: 9 }, () => bits())
          let head: number[]
          if (where === 'random') head = [bits(), bits(), bits()]
          else {
            // ⌊ρ·2^96⌋ moved by delta units of bit `at` (clamped to [0, 2^96)).
            const top = (1n << 96n) - 1n
            let u = ((P << BigInt(i)) << 96n) / Q + BigInt(delta) * (1n << BigInt(95 - at))
            u = u < 0n ? 0n : u > top ? top : u
            head = [Number(u >> 64n), Number((u >> 32n) & 0xffffffffn), Number(u & 0xffffffffn)]
          }
          const words = [...head, ...tail]
          const expected = exactDecision(P, Q, i, words)
          fc.pre(expected !== undefined)
          expect(acceptOffset(h, x, i, replay(words))).toBe(expected)
        },
      ),
      { numRuns: runs(3000) },
    )
  })

  it('Math.log1p and Math.log are within 2^−48 relative of ln on the arguments the bounds use (Lemma 13.5’s assumption)', () => {
    const bits = seededBits(SEED ^ 0x5a5a)
    const uniform = (): number => (bits() + bits() / 2 ** 32) / 2 ** 32
    const relError = (computed: number, argPlusOne: Decimal): number => {
      const truth = argPlusOne.ln()
      return truth.isZero() ? Math.abs(computed) : new Decimal(computed).minus(truth).div(truth).abs().toNumber()
    }
    let worst = 0
    for (let k = 0; k < 2000; k++) {
      // log1p(−q²) with q² ∈ (0, ¼], log1p(2x/(h−x)) ∈ (0, 2], log of words and of word prefixes in [1, 2^32].
      const small = -(uniform() * 0.25) * 2 ** -Math.floor(uniform() * 40)
      const large = 2 * uniform() * 2 ** -Math.floor(uniform() * 40)
      const word = 1 + Math.floor(uniform() * 2 ** 32)
      worst = Math.max(
        worst,
        relError(Math.log1p(small), new Decimal(small).plus(1)),
        relError(Math.log1p(large), new Decimal(large).plus(1)),
        word === 1 ? 0 : relError(Math.log(word), new Decimal(word)),
      )
    }
    expect(worst).toBeLessThanOrEqual(2 ** -48)
  })
})

/** The counts of each value of `draw()` over `N` draws, as cells against the exact pmf of Binomial(n, ½). */
const smallLawCells = (n: number, N: number, draw: () => number): Cell[] => {
  const counts = new Array<number>(n + 1).fill(0)
  for (let r = 0; r < N; r++) counts[draw()]!++
  const total = Number(2n ** BigInt(n))
  return counts.map((c, k) => ({ label: `n = ${n}, k = ${k}`, count: c, p: Number(choose(n, k)) / total }))
}

/**
 * Cells for Binomial(n, ½) at large n: bins cut at the mode ± 0, 0.5, …, 3 standard deviations,
 * with probabilities from the float pmf over ±12 standard deviations (relative error < 10^−9; the mass beyond is < 10^−30).
 */
const largeLawCells = (n: number, N: number, draw: () => number): Cell[] => {
  const h = Math.floor(n / 2)
  const sd = Math.sqrt(n) / 2
  const from = Math.max(0, Math.floor(h - 12 * sd))
  const to = Math.min(n, Math.ceil(h + 12 * sd))
  const pmf = fairPmfWindow(n, from, to)
  const cuts = [-3, -2.5, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5, 3].map((c) => h + Math.round(c * sd))
  const binOf = (k: number): number => {
    let b = 0
    while (b < cuts.length && k >= cuts[b]!) b++
    return b
  }
  const p = new Array<number>(cuts.length + 1).fill(0)
  for (let k = from; k <= to; k++) p[binOf(k)]! += pmf[k - from]!
  const counts = new Array<number>(cuts.length + 1).fill(0)
  for (let r = 0; r < N; r++) counts[binOf(draw())]!++
  return counts.map((c, b) => ({ label: `n = ${n}, bin ${b}`, count: c, p: p[b]! }))
}

/** The pooled check: the sum of N draws of Binomial(n, ½) is Binomial(N·n, ½); its deviation from N·n/2, and the band. */
const pooledSum = (n: number, N: number, draw: () => number): { readonly deviation: number; readonly band: number } => {
  let sum = 0n
  for (let r = 0; r < N; r++) sum += BigInt(draw())
  const trials = N * n
  return { deviation: Number(sum - (BigInt(N) * BigInt(n)) / 2n) - ((N * n) % 2) / 2, band: binomialBand(trials, 0.5, FAMILY_ALPHA) }
}

describe('the law of the rejection sampler', () => {
  it('equals Binomial(n, ½) for n = 1…24, 37, 64, 101 (each value’s count in its Bernstein band; family-wise false alarm ≤ 10^−9 per n)', () => {
    const bits = seededBits(SEED + 1)
    const failures = [...Array.from({ length: 24 }, (_, k) => k + 1), 37, 64, 101].flatMap((n) =>
      outOfBand(
        smallLawCells(n, 20_000, () => rejectionBinomial(n, bits)),
        20_000,
      ),
    )
    expect(failures).toStrictEqual([])
  })

  it('fairBinomial equals Binomial(n, ½) at n = 1025, 4096, 10^6, 10^9 (14 bins and the pooled sum; 10^−9 per n)', () => {
    const bits = seededBits(SEED + 2)
    const N = 100_000
    for (const n of [POPCOUNT_MAX_N + 1, 4096, 1e6, 1e9]) {
      expect(
        outOfBand(
          largeLawCells(n, N, () => fairBinomial(n, bits)),
          N,
          1e-6 * N,
        ),
      ).toStrictEqual([])
      const pooled = pooledSum(n, N, () => fairBinomial(n, bits))
      expect(Math.abs(pooled.deviation), `n = ${n}`).toBeLessThanOrEqual(pooled.band)
    }
  })

  it('… and at n = 2^53 − 1 (eight pieces of 2^50 and the rest): the pooled sum', () => {
    const bits = seededBits(SEED + 3)
    const n = 2 ** 53 - 1
    const N = 20_000
    let sum = 0n
    for (let r = 0; r < N; r++) {
      const v = fairBinomial(n, bits)
      expect(Number.isSafeInteger(v) && v >= 0 && v <= n).toBe(true)
      sum += BigInt(v)
    }
    const deviation = Math.abs(Number(2n * sum - BigInt(N) * BigInt(n)) / 2)
    expect(deviation).toBeLessThanOrEqual(binomialBand(N * n, 0.5, FAMILY_ALPHA))
  })

  it('the same checks fail on Binomial(n, 0.505) at n = 10^6, 10^9 and on Binomial(n ± 1, ½) at n = 2048 (power)', () => {
    const bits = seededBits(SEED + 4)
    const N = 100_000
    const biased = Math.round(0.505 * 2 ** 32)
    for (const n of [1e6, 1e9])
      expect(
        outOfBand(
          largeLawCells(n, N, () => dyadicBinomial(n, biased, bits)),
          N,
          1e-6 * N,
        ).length,
      ).toBeGreaterThan(0)
    // A shift of ½ in the mean is 1/45 of a standard deviation at n = 2048: the pooled sum of 400,000 draws sees it.
    for (const shift of [1, -1]) {
      const pooled = pooledSum(2048, 400_000, () => fairBinomial(2048 + shift, bits))
      expect(Math.abs(pooled.deviation)).toBeGreaterThan(pooled.band)
    }
    const exact = pooledSum(2048, 400_000, () => fairBinomial(2048, bits))
    expect(Math.abs(exact.deviation)).toBeLessThanOrEqual(exact.band)
  })
})

describe('determinism', () => {
  it('the same bits give the same draws', () => {
    const ns = [0, 1, 5, 31, 32, 33, 1024, 1025, 1e5 + 1, 1e9, 2 ** 53 - 1]
    const run = (source: Uint32Source): number[] =>
      ns.flatMap((n) => [fairBinomial(n, source), rejectionBinomial(Math.max(1, Math.min(n, 2 ** 50)), source)])
    expect(run(seededBits(SEED))).toStrictEqual(run(seededBits(SEED)))
  })
})
