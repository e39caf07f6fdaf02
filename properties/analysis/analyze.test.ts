/**
 * Theorems 1 and 2 on exact expectations (proofs-notes §10.R): no standard errors. For every
 * case, with `err` the analysis's absolute error bound (asserted at least 1000× below every margin
 * it is used with):
 * - Theorem 1 for every strategy: optimal gain ≤ G_i ≤ η;
 * - Theorem 2: SB − Δ ≤ E[U], and under Assumption U, E[U] ≤ SB + L·R + 2rT + 2R.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { analyzeWith, sbdContext } from '../../src/analysis/analyze.ts'
import type { InstanceModel } from '../../src/model/instance-model.ts'
import { rightOrFail } from '../assertions.ts'
import { SEED, runs } from '../settings.ts'
import { type ExactCase, describeCase, exactCase, modelOf } from './cases.ts'

/** Assumption U: every provider's floor is at most the second-best mean. */
const assumptionU = (m: InstanceModel): boolean => {
  const second = [...m.providers].sort((a, b) => b.honestMean.comparedTo(a.honestMean))[1]!.honestMean
  return m.providers.every((p) => p.cheatMean.lte(second))
}

/** `a ≤ b` beyond the error bound, with the margin at least 1000× the bound. */
const expectBelow = (a: number, b: number, err: number, label: string): void => {
  expect(a, `${label}: ${a} ≤ ${b} (error bound ${err})`).toBeLessThanOrEqual(b - err)
  expect(b - a, `${label}: margin ${b - a} vs 1000 × error bound ${err}`).toBeGreaterThanOrEqual(1000 * err)
}

const check = (c: ExactCase): void => {
  const s = rightOrFail(sbdContext(modelOf(c), c.T, c.epsilon, c.rebate))
  const a = analyzeWith(s.ctx, s.constants, { achievable: false })
  const err = a.errorBound
  const eta = a.eta.toNumber()
  a.providers.forEach((p) => {
    const G = p.provenBound.toNumber()
    expectBelow(p.gain, G, err, `Theorem 1, provider ${p.id}: optimal gain ≤ G_i`)
    expect(p.provenBound.lte(a.eta), `G_${p.id} = ${G} ≤ η = ${eta}`).toBe(true)
  })
  const sb = a.secondBest.toNumber()
  expectBelow(sb - a.shortfallBound.toNumber(), a.expectedUserUtility, err, 'Theorem 2: SB − Δ ≤ E[U]')
  if (assumptionU(modelOf(c)))
    expectBelow(a.expectedUserUtility, sb + a.excessBound.toNumber(), err, 'Theorem 2 under U: E[U] ≤ SB + L·R + 2rT + 2R')
}

describe('exact analysis: Theorems 1 and 2 without standard errors', () => {
  it(`holds on ${runs(100)} random small instances (seed ${SEED})`, () => {
    fc.assert(
      fc.property(exactCase, (c) => {
        try {
          check(c)
        } catch (e) {
          throw new Error(`${describeCase(c)}\n${(e as Error).message}`)
        }
      }),
      { seed: SEED, numRuns: runs(100), endOnFailure: true },
    )
  })
})
