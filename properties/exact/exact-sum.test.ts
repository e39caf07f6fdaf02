/** Exact running sums on the money grid (proofs-notes §3.4). */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/exact/decimal.ts'
import { addUnits, newSum, sumApprox, sumValue } from '../../src/exact/exact-sum.ts'
import { MAX_ROUND_UNITS, fromUnits, gridFor, toUnits } from '../../src/exact/grid.ts'
import { runs } from '../settings.ts'

const unitArb = fc.integer({ min: -(MAX_ROUND_UNITS - 1), max: MAX_ROUND_UNITS - 1 })

describe('ExactSum', () => {
  it('equals the bigint sum of its addends, across many flushes', () => {
    fc.assert(
      fc.property(fc.array(unitArb, { maxLength: 3000 }), fc.integer({ min: 1, max: 400 }), fc.boolean(), (ys, repeat, oneSigned) => {
        // One-signed addends force the sum past 2^52, so flushes into the bigint are exercised.
        const xs = oneSigned ? ys.map(Math.abs) : ys
        const s = newSum()
        let exact = 0n
        for (let r = 0; r < repeat; r++)
          for (const x of xs) {
            addUnits(s, x)
            exact += BigInt(x)
          }
        expect(sumValue(s)).toBe(exact)
        expect(Math.abs(sumApprox(s) - Number(exact))).toBeLessThanOrEqual(Math.abs(Number(exact)) * 2 ** -50 + 1)
      }),
      { numRuns: runs(100) },
    )
  })
})

describe('grid', () => {
  it('round-trips every finite decimal through units exactly (0.075 stays 0.075)', () => {
    const decArb = fc
      .tuple(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.integer({ min: 0, max: 12 }))
      .map(([m, k]) => new Decimal(m.toString()).div(new Decimal(10).pow(k)))
    fc.assert(
      fc.property(fc.array(decArb, { minLength: 1, maxLength: 5 }), (ds) => {
        const grid = gridFor(ds)
        for (const x of ds) {
          const u = toUnits(grid, x)
          expect(u._tag).toBe('Right')
          if (u._tag === 'Right') expect(fromUnits(grid, u.right).eq(x)).toBe(true)
        }
      }),
      { numRuns: runs(200) },
    )
    const grid = gridFor([new Decimal('0.075')])
    expect(fromUnits(grid, 75n).toString()).toBe('0.075')
  })
})
