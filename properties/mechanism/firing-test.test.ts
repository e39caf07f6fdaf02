import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/exact/decimal.ts'
import { slackLogOf } from '../../src/mechanism/constants.ts'
import { fires, prepareFiringTest } from '../../src/mechanism/firing-test.ts'
import { runs } from '../settings.ts'

describe('the firing test (proofs-notes §3.4)', () => {
  it('decides S < j·τ − c(j) exactly at the threshold, also where floats cannot (the filter defers to integers)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 2n ** 44n }),
        fc.integer({ min: 2, max: 10_000_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.bigInt({ min: 0n, max: 2n ** 44n }),
        fc.integer({ min: -2, max: 2 }),
        (R, T, j, tau, offset) => {
          const ell = slackLogOf(T)
          const den = 10n ** BigInt(ell.decimalPlaces())
          const num = BigInt(ell.times(den.toString()).toFixed(0))
          // The statement of §3.4: fire iff D = j·τ − S > 0 and 2·D² > R²·j·ℓ (ℓ the fraction of its decimal).
          const statement = (D: bigint): boolean => D > 0n && 2n * D * D * den > R * R * BigInt(j) * num
          // The largest tolerated deficit ⌊c(j)⌋ (from a 50-digit estimate, settled in integers); S just around it.
          let edge = BigInt(new Decimal(R.toString()).times(ell.times(j).div(2).sqrt()).floor().toFixed(0))
          while (statement(edge)) edge--
          while (!statement(edge + 1n)) edge++
          const D = edge + BigInt(offset)
          const S = BigInt(j) * tau - D
          // The engine's float shadow of S is within 2^−50·|S| + 1 of it; Number(S) is within 2^−53·|S|.
          expect(fires(prepareFiringTest(R, ell), j, Number(tau), Number(S), () => S)).toBe(statement(D))
        },
      ),
      { numRuns: runs(500) },
    )
  })
})
