/**
 * 95% confidence intervals (proofs-notes §11.3): the t quantile against tables and its limit, the
 * interval's arithmetic, and its coverage on a distribution with a known mean (an exact binomial
 * count, so the coverage is a checkable probability, not a timing or a tuned tolerance).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/exact/decimal.ts'
import { gridOf } from '../../src/exact/grid.ts'
import { ci95, scaleInterval, tQuantile975 } from '../../src/stats/interval.ts'
import { SEED, runs } from '../settings.ts'

describe('tQuantile975', () => {
  it('matches published quantiles and decreases to z = 1.959964', () => {
    // Published two-sided 95% quantiles (e.g. NIST/SEMATECH e-Handbook, table of t critical values).
    const published: [number, number][] = [[1, 12.706], [2, 4.303], [5, 2.571], [15, 2.131], [30, 2.042], [40, 2.021], [60, 2.0], [100, 1.984]]
    for (const [nu, t] of published) expect(Math.abs(tQuantile975(nu) - t), `ν = ${nu}`).toBeLessThan(6e-4)
    for (let nu = 1; nu < 400; nu++) expect(tQuantile975(nu + 1)).toBeLessThanOrEqual(tQuantile975(nu))
    expect(Math.abs(tQuantile975(1_000_000) - 1.959964)).toBeLessThan(5e-6)
    expect(Number.isNaN(tQuantile975(0))).toBe(true)
    expect(Number.isNaN(tQuantile975(2.5))).toBe(true)
  })

  it('the Cornish–Fisher branch continues the table: ν = 31, 35, 50, 120 within 10^-5 of published values', () => {
    const published: [number, number][] = [[31, 2.039513], [35, 2.030108], [50, 2.008559], [120, 1.979930]]
    for (const [nu, t] of published) expect(Math.abs(tQuantile975(nu) - t), `ν = ${nu}`).toBeLessThan(1e-5)
  })
})

describe('ci95', () => {
  const grid = gridOf(0)
  it('is mean ± t·SE, symmetric; the mean exact (50 digits when the count has a prime factor other than 2, 5)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1_000_000, max: 1_000_000 }), { minLength: 2, maxLength: 40 }), (xs) => {
        const iv = ci95(grid, xs.map(BigInt))
        const sum = xs.reduce((a, b) => a + b, 0)
        // Exact for counts 2^a·5^b; otherwise to the 50 significant digits of the arithmetic.
        expect(iv.mean.times(xs.length).minus(sum).abs().lte(new Decimal(Math.max(1, Math.abs(sum))).times('1e-45'))).toBe(true)
        if ([2, 4, 5, 8, 10, 16, 20, 25, 32, 40].includes(xs.length)) expect(iv.mean.times(xs.length).toString()).toBe(new Decimal(sum).toString())
        const slack = iv.hi.abs().plus(1).times('1e-45')
        expect(iv.hi.minus(iv.mean).minus(iv.half).abs().lte(slack) && iv.mean.minus(iv.lo).minus(iv.half).abs().lte(slack)).toBe(true)
        const exact = iv.se.toNumber() * tQuantile975(xs.length - 1)
        expect(Math.abs(iv.half.toNumber() - exact)).toBeLessThanOrEqual(1e-5 * exact + 1e-12)
        expect(iv.n).toBe(xs.length)
      }),
      { numRuns: runs(200), seed: SEED },
    )
  })

  it('one value: a zero-width interval; scaling by 1/T scales every part', () => {
    const one = ci95(grid, [7n])
    expect([one.half.toString(), one.lo.toString(), one.hi.toString()]).toStrictEqual(['0', '7', '7'])
    const iv = scaleInterval(ci95(grid, [10n, 20n, 30n, 40n]), new Decimal(1).div(10))
    expect(iv.mean.toString()).toBe('2.5')
    expect(iv.se.toString()).toBe(new Decimal('0.645497').toString())
  })

  it('covers the true mean of a Binomial(20, 1/2) count in about 95% of 2000 samples of 8 draws', () => {
    // Deterministic generator from the suite seed; coverage of a t interval for a near-normal
    // count is ≈ 0.95: a binomial(2000, 0.95) count lies in [1860, 1940] with probability > 0.999.
    let state = SEED >>> 0
    const next = (): number => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0
      return state / 2 ** 32
    }
    let covered = 0
    for (let k = 0; k < 2000; k++) {
      const xs = Array.from({ length: 8 }, () => BigInt(Array.from({ length: 20 }, () => (next() < 0.5 ? 1 : 0)).reduce((a: number, b: number) => a + b, 0)))
      const iv = ci95(grid, xs)
      if (iv.lo.lte(10) && iv.hi.gte(10)) covered++
    }
    expect(covered).toBeGreaterThanOrEqual(1860)
    expect(covered).toBeLessThanOrEqual(1960)
  })
})
