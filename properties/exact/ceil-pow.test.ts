/** ⌈T^(1−ε)⌉ exactly, as SBD computes L (proofs-notes §3.1, §3.4). */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { asFraction, ceilPow, isCeilPow } from '../../src/exact/ceil-pow.ts'
import { Decimal } from '../../src/exact/decimal.ts'
import { runs } from '../settings.ts'

// Exponents 1 − ε with ε on a grid of 1/100 (denominators ≤ 100), so the integer check stays cheap.
const exponentArb = fc.integer({ min: 1, max: 99 }).map((k) => new Decimal(100 - k).div(100))

describe('ceilPow', () => {
  it('agrees with the exact integer characterization (L−1)^q < T^p ≤ L^q', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200_000 }), exponentArb, (T, e) => {
        const L = ceilPow(T, e)
        const { p, q } = asFraction(e)
        expect(isCeilPow(BigInt(T), p, q, BigInt(L))).toBe(true)
      }),
      { numRuns: runs(300) },
    )
  })

  it('is exact at perfect powers, where 50 digits alone could round the wrong way', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 3000 }), fc.constantFrom(2, 4, 5, 10), (base, q) => {
        // T = base^q and e = 1/q: T^e = base exactly, so the ceiling must be base itself.
        const T = base ** q
        fc.pre(Number.isSafeInteger(T) && T <= 2 ** 53)
        expect(ceilPow(T, new Decimal(1).div(q))).toBe(base)
      }),
      { numRuns: runs(200) },
    )
  })

  it('gives L = ⌈T^(3/4)⌉ = 5624 at T = 10^5 (hand-checked: 5623^4 < 10^15 ≤ 5624^4)', () => {
    expect(ceilPow(100_000, new Decimal('0.75'))).toBe(5624)
    expect(5623n ** 4n < 10n ** 15n && 10n ** 15n <= 5624n ** 4n).toBe(true)
  })
})
