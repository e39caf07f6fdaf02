/**
 * The widths behind the per-seed bands of proofs-notes §9.6: on sums of Bernoulli outcomes, whose
 * tails are computed exactly, Hoeffding's and Bernstein's widths are exceeded with probability at
 * most `p`, and the union choice of `p_F` makes the exceedance rule flag on the first exceedance.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Decimal, ONE, ZERO } from '../src/exact/decimal.ts'
import { RULE_ALPHA, bandExceedance, bernsteinWidth, criticalCount, hoeffdingWidth, iidSumCheck, unionFailure } from './pathwise-rule.ts'
import { runs } from './settings.ts'

/** `P(|S − n·q| > w)` for `S ~ Binomial(n, q)`, exactly (at the project precision). */
const binomialTail = (n: number, q: Decimal, w: Decimal): Decimal => {
  let term = ONE.minus(q).pow(n)
  let tail = ZERO
  for (let s = 0; s <= n; s++) {
    if (new Decimal(s).minus(q.times(n)).abs().gt(w)) tail = tail.plus(term)
    term =
      s === n
        ? term
        : term
            .times(n - s)
            .div(s + 1)
            .times(q)
            .div(ONE.minus(q))
  }
  return tail
}

describe('the per-seed widths of proofs-notes §9.6', () => {
  it('Hoeffding and Bernstein widths are exceeded with probability at most p by a Bernoulli sum (exact binomial tails)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 1, max: 99 }),
        fc.constantFrom('0.5', '0.1', '0.01'),
        (n, qPct, pStr) => {
          const q = new Decimal(qPct).div(100)
          const p = new Decimal(pStr)
          const h = hoeffdingWidth(ONE, n, p)
          const b = bernsteinWidth(ONE, q.times(ONE.minus(q)), n, p)
          expect(binomialTail(n, q, h).lte(p), `Hoeffding n=${n} q=${q.toString()}`).toBe(true)
          expect(binomialTail(n, q, b).lte(p), `Bernstein n=${n} q=${q.toString()}`).toBe(true)
          // Bernstein's width solves t²/2 = ℓ·(n·σ² + t/3), ℓ = ln(2/p).
          const l = new Decimal(2).div(p).ln()
          expect(
            b
              .pow(2)
              .div(2)
              .minus(l.times(q.times(ONE.minus(q)).times(n).plus(b.div(3))))
              .abs()
              .lt('1e-40'),
          ).toBe(true)
        },
      ),
      { numRuns: runs(60) },
    )
  })

  it('p_F = α/k gives critical count 1 (a union bound); a band counts values on either side', () => {
    for (const k of [1, 4, 6, 54, 1000]) expect(criticalCount(k, unionFailure(k))).toBe(1)
    expect(unionFailure(5).times(5).eq(RULE_ALPHA)).toBe(true)
    const e = bandExceedance(
      ['0', '10', '-10', '3'].map((x) => new Decimal(x)),
      [0, 0, 0, 0].map((x) => new Decimal(x)),
      new Decimal(5),
      unionFailure(4),
    )
    expect(e).toEqual({ count: 2, critical: 1, flagged: true })
  })

  it('iidSumCheck: one seed out flags the per-seed rule; a thin shift on every seed flags only the pooled sum', () => {
    const T = 10_000
    const at = new Decimal(5_000)
    const w = iidSumCheck([at, at, at, at], T, new Decimal('0.5'), ONE).seedWidth
    const spike = iidSumCheck([at, at, at, at.plus(w).plus(1)], T, new Decimal('0.5'), ONE)
    expect(spike.perSeed.flagged && spike.flagged).toBe(true)
    const thin = [0, 1, 2, 3].map(() => at.plus(w.times('0.9')))
    const v = iidSumCheck(thin, T, new Decimal('0.5'), ONE)
    expect(v.perSeed.count).toBe(0)
    expect(v.flagged).toBe(true)
  })
})
