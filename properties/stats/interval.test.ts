import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/exact/decimal.ts'
import { estimate } from '../../src/stats/interval.ts'
import { CLOSED_FORM_MAX_DF, closedFormQuantile, expansionQuantile, tQuantile975 } from '../../src/stats/student-t.ts'
import { meanOf, seOf } from '../../src/stats/summary.ts'
import { d } from '../assertions.ts'
import { runs } from '../settings.ts'

// t(0.975, ν) from scipy.stats.t.ppf, rounded to 6 significant digits.
const TABLE: readonly [number, string][] = [
  [1, '12.7062'], [2, '4.30265'], [3, '3.18245'], [4, '2.77645'], [5, '2.57058'], [10, '2.22814'],
  [20, '2.08596'], [30, '2.04227'], [100, '1.98397'], [1000, '1.96234'], [5000, '1.96044'],
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

const values = fc.array(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }).map((x) => new Decimal(x.toString()).div(1_000_000)), { minLength: 2, maxLength: 40 })

describe('estimate', () => {
  it('is the mean ± t·SE (half-width rounded to 6 digits), independent of the order of the values', () => {
    fc.assert(
      fc.property(values, fc.nat(), (xs, rot) => {
        const e = estimate(xs)
        const k = rot % xs.length
        const f = estimate([...xs.slice(k), ...xs.slice(0, k)].reverse())
        for (const key of ['mean', 'se', 'low', 'high'] as const) expect(f[key]!.eq(e[key]!), `${key}: ${f[key]!.toString()} vs ${e[key]!.toString()}`).toBe(true)
        expect(e.mean.eq(meanOf(xs))).toBe(true)
        expect(e.se!.eq(seOf(xs))).toBe(true)
        // The textbook two-pass formula, at the project precision.
        const twoPass = xs.reduce((a, x) => a.plus(x.minus(e.mean).pow(2)), new Decimal(0)).div(xs.length - 1).div(xs.length).sqrt()
        expect(e.se!.minus(twoPass).abs().lte(e.se!.times('1e-5')), `SE ${e.se!.toString()} vs ${twoPass.toString()}`).toBe(true)
        const half = tQuantile975(xs.length - 1).times(e.se!).toSignificantDigits(6)
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
