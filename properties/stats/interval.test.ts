import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/exact/decimal.ts'
import { gridOf } from '../../src/exact/grid.ts'
import { ci95, estimate, scaleInterval } from '../../src/stats/interval.ts'
import { CLOSED_FORM_MAX_DF, closedFormQuantile, expansionQuantile, tQuantile975 } from '../../src/stats/student-t.ts'
import { meanOf, seOf } from '../../src/stats/summary.ts'
import { d } from '../assertions.ts'
import { SEED, runs } from '../settings.ts'

// t(0.975, ν) from scipy.stats.t.ppf, rounded to 6 significant digits.
const TABLE: readonly [number, string][] = [
  [1, '12.7062'],
  [2, '4.30265'],
  [3, '3.18245'],
  [4, '2.77645'],
  [5, '2.57058'],
  [10, '2.22814'],
  [20, '2.08596'],
  [30, '2.04227'],
  [100, '1.98397'],
  [1000, '1.96234'],
  [5000, '1.96044'],
]

describe('Student t quantile', () => {
  it('matches the published values of t(0.975, ν) to 6 significant digits', () => {
    for (const [df, q] of TABLE) expect(tQuantile975(df).toString(), `ν = ${df}`).toBe(q)
  })

  it('the expansion agrees with the closed form within 10^−10 at the switch', () => {
    for (const df of [CLOSED_FORM_MAX_DF - 1, CLOSED_FORM_MAX_DF, CLOSED_FORM_MAX_DF + 1]) {
      const gap = expansionQuantile(df).minus(closedFormQuantile(df)).abs()
      expect(gap.lt('1e-10'), `ν = ${df}: gap ${gap.toString()}`).toBe(true)
    }
  })

  it('decreases in ν towards the normal quantile', () => {
    let previous = tQuantile975(1)
    for (const df of [2, 3, 7, 50, 199, 200, 201, 400, 10_000, 100_000]) {
      const q = tQuantile975(df)
      expect(q.lte(previous), `ν = ${df}`).toBe(true)
      expect(q.gte('1.95996'), `ν = ${df}`).toBe(true)
      previous = q
    }
  })
})

const values = fc.array(
  fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }).map((x) => new Decimal(x.toString()).div(1_000_000)),
  { minLength: 2, maxLength: 40 },
)

describe('estimate', () => {
  it('is the mean ± t·SE (half-width rounded to 6 digits), independent of the order of the values', () => {
    fc.assert(
      fc.property(values, fc.nat(), (xs, rot) => {
        const e = estimate(xs)
        const k = rot % xs.length
        const f = estimate([...xs.slice(k), ...xs.slice(0, k)].reverse())
        for (const key of ['mean', 'se', 'low', 'high'] as const)
          expect(f[key]!.eq(e[key]!), `${key}: ${f[key]!.toString()} vs ${e[key]!.toString()}`).toBe(true)
        expect(e.mean.eq(meanOf(xs))).toBe(true)
        expect(e.se!.eq(seOf(xs))).toBe(true)
        // The textbook two-pass formula, at the project precision.
        const twoPass = xs
          .reduce((a, x) => a.plus(x.minus(e.mean).pow(2)), new Decimal(0))
          .div(xs.length - 1)
          .div(xs.length)
          .sqrt()
        expect(e.se!.minus(twoPass).abs().lte(e.se!.times('1e-5')), `SE ${e.se!.toString()} vs ${twoPass.toString()}`).toBe(true)
        const half = tQuantile975(xs.length - 1)
          .times(e.se!)
          .toSignificantDigits(6)
        // The bounds are mean ± half, exact unless the mean already fills the 50 significant digits.
        const ulp = e.mean.abs().plus(half).times('1e-49')
        expect(e.high!.minus(e.mean).minus(half).abs().lte(ulp), `high ${e.high!.toString()}`).toBe(true)
        expect(e.mean.minus(e.low!).minus(half).abs().lte(ulp), `low ${e.low!.toString()}`).toBe(true)
        if ((xs.length & (xs.length - 1)) === 0) expect(e.high!.minus(e.low!).eq(half.times(2)), 'exact for n = 2^k').toBe(true)
        expect(e.low!.lte(e.mean) && e.mean.lte(e.high!)).toBe(true)
      }),
      { numRuns: runs(200) },
    )
  })

  it('has no interval for one value, and zero width for equal values', () => {
    const one = estimate([d('2.5')])
    expect([one.se, one.low, one.high]).toEqual([null, null, null])
    const same = estimate([d('3'), d('3'), d('3')])
    expect(same.low!.eq(3) && same.high!.eq(3)).toBe(true)
  })

  it('the worked example: values 1 and 3 give 2 ± 12.7062', () => {
    const e = estimate([d(1), d(3)])
    expect([e.mean.toString(), e.se!.toString(), e.low!.toString(), e.high!.toString()]).toEqual(['2', '1', '-10.7062', '14.7062'])
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
        expect(
          iv.mean
            .times(xs.length)
            .minus(sum)
            .abs()
            .lte(new Decimal(Math.max(1, Math.abs(sum))).times('1e-45')),
        ).toBe(true)
        if ([2, 4, 5, 8, 10, 16, 20, 25, 32, 40].includes(xs.length))
          expect(iv.mean.times(xs.length).toString()).toBe(new Decimal(sum).toString())
        const slack = iv.hi.abs().plus(1).times('1e-45')
        expect(iv.hi.minus(iv.mean).minus(iv.half).abs().lte(slack) && iv.mean.minus(iv.lo).minus(iv.half).abs().lte(slack)).toBe(true)
        const exact = iv.se.toNumber() * tQuantile975(xs.length - 1).toNumber()
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
      const xs = Array.from({ length: 8 }, () =>
        BigInt(Array.from({ length: 20 }, () => (next() < 0.5 ? 1 : 0)).reduce((a: number, b: number) => a + b, 0)),
      )
      const iv = ci95(grid, xs)
      if (iv.lo.lte(10) && iv.hi.gte(10)) covered++
    }
    expect(covered).toBeGreaterThanOrEqual(1860)
    expect(covered).toBeLessThanOrEqual(1960)
  })
})
