import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/exact/decimal.ts'
import { boundSlope, logLogSlope, olsLogLogSlope } from '../../src/stats/loglog-slope.ts'
import { d, rightOrFail } from '../assertions.ts'
import { SEED, runs } from '../settings.ts'

const close = (a: Decimal, b: Decimal, tol = '1e-40'): boolean => a.minus(b).abs().lte(tol)

const horizonsArb = fc.uniqueArray(fc.integer({ min: 1, max: 100_000_000 }), { minLength: 2, maxLength: 6 })
/** A positive decimal with up to 4 places in [0.001, 1000]. */
const positiveArb = fc.integer({ min: 1, max: 10_000_000 }).map((k) => new Decimal(k).div(10_000))
/** An exponent p/q with small q, so `T^β` is a genuine power law. */
const exponentArb = fc
  .record({ p: fc.integer({ min: -8, max: 16 }), q: fc.integer({ min: 1, max: 8 }) })
  .map(({ p, q }) => new Decimal(p).div(q))

describe('log-log slope', () => {
  it('two horizons, two seeds: the slope and the jackknife SE worked by hand', () => {
    // Means 1 and 505 at T = 1 and 10: slope log10(505). Leave-one-out slopes log10(1000) = 3 and
    // log10(10) = 1, so SE = √((K−1)/K · Σ(s_k − s̄)²) = √(½ · 2) = 1; t(0.975, 1) = 12.7062.
    const fit = rightOrFail(
      logLogSlope(
        [1, 10],
        [
          [d(1), d(1)],
          [d(10), d(1000)],
        ],
      ),
    )
    expect(close(fit.slope, d(505).log(10))).toBe(true)
    expect(fit.se.toString()).toBe('1')
    expect(close(fit.high.minus(fit.slope), d('12.7062'))).toBe(true)
    expect(fit).toMatchObject({ horizons: 2, seeds: 2 })
  })

  it('recovers the exponent of c_k·T^β exactly, with zero spread, whatever the seed effects c_k', () => {
    fc.assert(
      fc.property(horizonsArb, exponentArb, fc.array(positiveArb, { minLength: 2, maxLength: 8 }), (Ts, beta, c) => {
        const values = Ts.map((T) => c.map((ck) => ck.times(new Decimal(T).pow(beta))))
        const fit = rightOrFail(logLogSlope(Ts, values))
        expect(close(fit.slope, beta, '1e-30'), `slope ${fit.slope} vs β ${beta}`).toBe(true)
        expect(fit.se.abs().lte('1e-30'), `SE ${fit.se}`).toBe(true)
        expect(fit.low.lte(fit.slope) && fit.slope.lte(fit.high)).toBe(true)
      }),
      { seed: SEED, numRuns: runs(30) },
    )
  })

  it('is unchanged by a common scale and by relabelling seeds jointly at every horizon', () => {
    fc.assert(
      fc.property(
        horizonsArb.chain((Ts) =>
          fc.tuple(
            fc.constant(Ts),
            fc.array(fc.array(positiveArb, { minLength: 4, maxLength: 4 }), { minLength: Ts.length, maxLength: Ts.length }),
            positiveArb,
          ),
        ),
        ([Ts, values, scale]) => {
          const fit = rightOrFail(logLogSlope(Ts, values))
          const scaled = rightOrFail(
            logLogSlope(
              Ts,
              values.map((v) => v.map((x) => x.times(scale))),
            ),
          )
          const reversed = rightOrFail(
            logLogSlope(
              Ts,
              values.map((v) => [...v].reverse()),
            ),
          )
          for (const other of [scaled, reversed]) {
            expect(
              close(other.slope, fit.slope, fit.slope.abs().times('1e-30').plus('1e-35').toString()),
              `slope ${other.slope} vs ${fit.slope}`,
            ).toBe(true)
            expect(other.se.minus(fit.se).abs().lte(fit.se.times('1e-5')), `SE ${other.se} vs ${fit.se}`).toBe(true)
          }
        },
      ),
      { seed: SEED, numRuns: runs(20) },
    )
  })

  it('agrees with ln(m₂/m₁)/ln(T₂/T₁) on two horizons', () => {
    fc.assert(
      fc.property(
        horizonsArb.filter((Ts) => Ts.length === 2),
        positiveArb,
        positiveArb,
        ([T1, T2], m1, m2) => {
          const s = rightOrFail(olsLogLogSlope([new Decimal(T1!), new Decimal(T2!)], [m1, m2]))
          const direct = m2.div(m1).ln().div(new Decimal(T2!).div(T1!).ln())
          // Relative: with nearby horizons (SEED=6 drew 99999869 and 99999969) both forms divide by
          // a logarithm ratio near 10⁻⁶, and 50 significant digits leave about 10⁻⁴² of it.
          expect(close(s, direct, direct.abs().times('1e-30').plus('1e-35').toString()), `${s} vs ${direct}`).toBe(true)
        },
      ),
      { seed: SEED, numRuns: runs(60) },
    )
  })

  it('the bound slope of √(T ln T) over 10³…10⁷ lies above ½ (the log factor), and of T exactly 1', () => {
    const Ts = [1000, 10_000, 100_000, 1_000_000, 10_000_000]
    const rootTlogT = rightOrFail(boundSlope(Ts, (T) => new Decimal(T).times(new Decimal(T).ln()).sqrt()))
    expect(rootTlogT.gt('0.5') && rootTlogT.lt('0.6'), rootTlogT.toString()).toBe(true)
    expect(close(rightOrFail(boundSlope(Ts, (T) => new Decimal(T))), d(1))).toBe(true)
  })

  it('refuses what has no logarithm or no spread, naming it', () => {
    const nonPositive = logLogSlope(
      [10, 100],
      [
        [d(1), d(-3)],
        [d(2), d(3)],
      ],
    )
    expect(E.isLeft(nonPositive) && nonPositive.left).toMatch(/horizon 10: the mean -1 is not positive/)
    const leaveOut = logLogSlope(
      [10, 100],
      [
        [d(5), d(-1), d(-1)],
        [d(2), d(3), d(1)],
      ],
    )
    expect(E.isLeft(leaveOut) && leaveOut.left).toMatch(/leaving out seed 0/)
    expect(E.isLeft(logLogSlope([10, 100], [[d(1)], [d(2)]]))).toBe(true)
    expect(
      E.isLeft(
        logLogSlope(
          [10, 10],
          [
            [d(1), d(2)],
            [d(2), d(3)],
          ],
        ),
      ),
    ).toBe(true)
    expect(E.isLeft(logLogSlope([10, 100], [[d(1), d(2)], [d(2)]]))).toBe(true)
  })
})
