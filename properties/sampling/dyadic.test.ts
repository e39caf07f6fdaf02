/**
 * Dyadic splitting (proofs-notes §13.1, Lemma 13.1): the counts sum to n; their law is exactly the
 * multinomial of the intervals' widths, checked by enumerating every bit pattern the sampler reads at
 * small n, and against the per-round counting law (uniform words counted directly) with proved
 * false-alarm bounds at large n.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { WORDS, dyadicBinomial, dyadicCounts } from '../../src/sampling/dyadic.ts'
import type { Uint32Source } from '../../src/sampling/uint32-source.ts'
import { SEED, runs } from '../settings.ts'
import { type Cell, outOfBand, seededBits } from './law-bands.ts'

/** Non-decreasing boundaries ending at 2^32, from cut points in [0, 2^32]. */
const boundariesOf = (cuts: readonly number[]): number[] => [...[...cuts].sort((a, b) => a - b), WORDS]

const cutArb = fc.oneof(
  fc.integer({ min: 0, max: WORDS }),
  fc.integer({ min: 0, max: 8 }).map((k) => k * 2 ** 29),
  fc.integer({ min: 1, max: 31 }).map((e) => 2 ** e + 1),
)

/**
 * Every word sequence the sampler can read when each word is drawn from `[0, 2^m)`, by depth-first
 * replay, with its probability `2^{−m·length}`: the exact law of the sampler's output when only the
 * low `m` bits of every word matter. Returns the law as a map from output key to probability
 * numerator over `2^{m·maxLength}` (bigint); a sampler that reads more than `maxLength` words adds
 * the key `read too many words`.
 */
const enumerateLaw = (m: number, maxLength: number, sample: (bits: Uint32Source) => string): Map<string, bigint> => {
  const law = new Map<string, bigint>()
  const walk = (prefix: number[]): void => {
    let overflow = false
    let read = 0
    const out = sample(() => {
      if (read < prefix.length) return prefix[read++]!
      overflow = true
      read++
      return 0
    })
    if (overflow) {
      // A sampler that reads more words than the bound is wrong here: record it instead of enumerating on.
      if (prefix.length === maxLength) law.set('read too many words', 1n)
      else for (let v = 0; v < 2 ** m; v++) walk([...prefix, v])
      return
    }
    const weight = 1n << BigInt(m * (maxLength - prefix.length))
    law.set(out, (law.get(out) ?? 0n) + weight)
  }
  walk([])
  return law
}

/** The multinomial law of n uniforms over intervals of widths `widths` (summing to 2^32), numerators over 2^{32n}. */
const multinomialLaw = (n: number, widths: readonly bigint[]): Map<string, bigint> => {
  const law = new Map<string, bigint>()
  const go = (j: number, left: number, counts: number[], weight: bigint): void => {
    if (j === widths.length - 1) {
      const key = [...counts, left].join(',')
      law.set(key, (law.get(key) ?? 0n) + weight * widths[j]! ** BigInt(left) * multinomialCoefficient([...counts, left]))
      return
    }
    for (let c = 0; c <= left; c++) go(j + 1, left - c, [...counts, c], weight * widths[j]! ** BigInt(c))
  }
  go(0, n, [], 1n)
  return law
}

const multinomialCoefficient = (counts: readonly number[]): bigint => {
  let r = 1n
  let total = 0
  for (const c of counts)
    for (let k = 1; k <= c; k++) {
      total++
      r = (r * BigInt(total)) / BigInt(k)
    }
  return r
}

describe('dyadicCounts', () => {
  it('regression (found by the property below): an empty first interval [0, 0) gets nothing', () => {
    // The shrunk case was n = 29,911,414,266 with boundaries [0, 2^32]: about 7 of the uniforms are 0, and
    // the node [0, 1) was then split below size 1 and its halves booked to the empty interval. With 2^40
    // uniforms about 256 are 0, so the bug shows whatever the bits.
    expect([...dyadicCounts(5, [0, WORDS], seededBits(SEED))]).toStrictEqual([0, 5])
    for (const directMax of [0, 8]) expect([...dyadicCounts(2 ** 40, [0, WORDS], seededBits(SEED), directMax)]).toStrictEqual([0, 2 ** 40])
  })

  it('counts sum to n and land only in non-empty intervals', () => {
    const bits = seededBits(SEED)
    fc.assert(
      fc.property(
        fc.array(cutArb, { maxLength: 8 }),
        fc.oneof(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 2 ** 40 })),
        (cuts, n) => {
          const b = boundariesOf(cuts)
          const counts = dyadicCounts(n, b, bits)
          expect(counts.reduce((s, c) => s + c, 0)).toBe(n)
          counts.forEach((c, j) => {
            expect(Number.isSafeInteger(c) && c >= 0).toBe(true)
            if (b[j] === (j === 0 ? 0 : b[j - 1])) expect(c).toBe(0)
          })
        },
      ),
      { numRuns: runs(300) },
    )
  })

  it('is exactly multinomial over every bit pattern the splits read (no point placement; n ≤ 3, boundaries on the 2^29 grid)', () => {
    // With directMax = 0 every node is split by a fair binomial of its count c ≤ 3, which reads the low c bits
    // of one word: enumerating words in [0, 2^n) enumerates every outcome with its exact probability.
    const cases: [number, number[], bigint[]][] = [
      [1, [3 * 2 ** 29, 4 * 2 ** 29, 4 * 2 ** 29, 7 * 2 ** 29, WORDS], [3n, 1n, 0n, 3n, 1n]],
      [2, [3 * 2 ** 29, 5 * 2 ** 29, WORDS], [3n, 2n, 3n]],
      [2, [1 * 2 ** 29, 2 * 2 ** 29, 6 * 2 ** 29, WORDS], [1n, 1n, 4n, 2n]],
      [3, [2 ** 30, 3 * 2 ** 30, WORDS], [2n, 4n, 2n]],
      [3, [0, 2 ** 31, WORDS, WORDS], [0n, 4n, 4n, 0n]],
    ]
    for (const [n, b, widths] of cases) {
      const law = enumerateLaw(n, 8, (bits) => dyadicCounts(n, b, bits, 0).join(','))
      const exact = multinomialLaw(n, widths)
      // Numerators over 2^{8n} (law) and over 8^n = 2^{3n} (exact, widths in units of 2^29).
      const scale = 1n << BigInt(5 * n)
      expect(new Map([...law].filter(([, p]) => p > 0n)), `n = ${n}, ${b}`).toStrictEqual(
        new Map([...exact].filter(([, p]) => p > 0n).map(([k, p]) => [k, p * scale])),
      )
    }
  })

  it('places up to DIRECT_MAX points exactly: n ≤ 3 point words on the 2^29 grid give the multinomial law', () => {
    const b = [3 * 2 ** 29, 4 * 2 ** 29, 4 * 2 ** 29, 7 * 2 ** 29, WORDS]
    for (const n of [1, 2, 3]) {
      // Points are placed from whole words; only their top 3 bits matter on this grid: feed words v·2^29.
      const law = enumerateLaw(3, n, (bits) => dyadicCounts(n, b, () => bits() * 2 ** 29).join(','))
      expect(new Map([...law].filter(([, p]) => p > 0n))).toStrictEqual(
        new Map([...multinomialLaw(n, [3n, 1n, 0n, 3n, 1n])].filter(([, p]) => p > 0n)),
      )
    }
  })

  it('the root split of n = 9…12 is exactly Binomial(n, ½) over every bit pattern (the lower half’s count)', () => {
    for (const n of [9, 10, 11, 12]) {
      // Boundary at 2^31: the root's halves are the two intervals, so the counts are the root split itself.
      const law = enumerateLaw(n, 1, (bits) => String(dyadicCounts(n, [2 ** 31, WORDS], bits)[0]))
      for (let k = 0; k <= n; k++) {
        let c = 1n
        for (let j = 0; j < k; j++) c = (c * BigInt(n - j)) / BigInt(j + 1)
        expect(law.get(String(k)) ?? 0n, `n = ${n}, k = ${k}`).toBe(c)
      }
    }
  })

  it('matches the per-round counting law at n = 9, 100, 10^4, 10^7 on random boundaries (pooled counts in Bernstein bands)', () => {
    const bits = seededBits(SEED + 1)
    fc.assert(
      fc.property(fc.array(cutArb, { minLength: 1, maxLength: 6 }), fc.constantFrom(9, 100, 10_000, 10_000_000), (cuts, n) => {
        const b = boundariesOf(cuts)
        const reps = Math.max(20, Math.floor(4e5 / n))
        const pooled = new Float64Array(b.length)
        for (let r = 0; r < reps; r++) {
          const counts = dyadicCounts(n, b, bits)
          for (let j = 0; j < b.length; j++) pooled[j]! += counts[j]!
        }
        const cells: Cell[] = b.map((bj, j) => ({
          label: `[${j === 0 ? 0 : b[j - 1]}, ${bj})`,
          count: pooled[j]!,
          p: (bj - (j === 0 ? 0 : b[j - 1]!)) / WORDS,
        }))
        expect(outOfBand(cells, reps * n)).toStrictEqual([])
        // The per-round law itself, counted word by word, passes the same bands (a check of the bands, n ≤ 10^4).
        if (n <= 10_000) {
          const direct = new Float64Array(b.length)
          for (let t = 0; t < reps * n; t++) {
            const z = bits()
            let j = 0
            while (z >= b[j]!) j++
            direct[j]!++
          }
          expect(
            outOfBand(
              cells.map((c, j) => ({ ...c, count: direct[j]! })),
              reps * n,
            ),
          ).toStrictEqual([])
        }
      }),
      { numRuns: runs(40) },
    )
  })
})

describe('dyadicBinomial', () => {
  it('is the first count of dyadicCounts with one boundary, for the same bits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: WORDS }), fc.integer({ min: 0, max: 2 ** 45 }), fc.integer(), (t, n, seed) => {
        expect(dyadicBinomial(n, t, seededBits(seed))).toBe(dyadicCounts(n, [t, WORDS], seededBits(seed))[0])
      }),
      { numRuns: runs(300) },
    )
  })

  it('the same bits give the same counts', () => {
    const b = [12345, 2 ** 31 + 7, WORDS]
    expect(dyadicCounts(1e9, b, seededBits(SEED))).toStrictEqual(dyadicCounts(1e9, b, seededBits(SEED)))
  })
})
