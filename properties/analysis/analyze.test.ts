/**
 * Theorems 1 and 2 on exact expectations (proofs-notes §10.5): no standard errors. For every
 * case, with `err` the analysis's absolute error bound (asserted at least 1000× below every margin
 * it is used with):
 * - Theorem 1 for every strategy: optimal gain ≤ G_i ≤ η;
 * - every strategy-family member's exact value ≤ the optimum;
 * - the recommended play evaluated as a deviation reproduces E[Π_i(τ*)] (n = 2: both exact);
 * - Theorem 2: SB − Δ ≤ E[U], and under Assumption U, E[U] ≤ SB + L·R + 2rT + 2R.
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { analyzeWith, sbdContext } from '../../src/analysis/analyze.ts'
import { deviationValue } from '../../src/analysis/deviation.ts'
import { familyPlays } from '../../src/analysis/families.ts'
import type { InstanceModel } from '../../src/model/instance-model.ts'
import { rightOrFail } from '../assertions.ts'
import { SEED, runs } from '../settings.ts'
import { type ExactCase, describeCase, exactCase } from './cases.ts'

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
  const s = rightOrFail(sbdContext(c.model, c.T, c.epsilon, c.rebate))
  const a = analyzeWith(s.ctx, s.constants)
  const err = a.errorBound
  const eta = a.eta.toNumber()
  a.providers.forEach((p, i) => {
    const G = p.provenBound.toNumber()
    expectBelow(p.gain, G, err, `Theorem 1, provider ${p.id}: optimal gain ≤ G_i`)
    expect(p.provenBound.lte(a.eta), `G_${p.id} = ${G} ≤ η = ${eta}`).toBe(true)
    for (const play of familyPlays(s.ctx, i)) {
      const v = deviationValue(s.ctx, i, play)
      // Fixed plays are exact (n = 2) or lower bounds (n = 3); the optimum is an upper bound.
      expect(v.value, `${play.name} of ${p.id}: family value ≤ optimum`).toBeLessThanOrEqual(p.optimalValue + err)
      if (play.name === 'recommended' && c.model.n === 2)
        expect(Math.abs(v.value - p.expectedProfit), `τ* as a deviation of ${p.id} = E[Π(τ*)]`).toBeLessThanOrEqual(err)
    }
  })
  const sb = a.secondBest.toNumber()
  expectBelow(sb - a.shortfallBound.toNumber(), a.expectedUserUtility, err, 'Theorem 2: SB − Δ ≤ E[U]')
  if (assumptionU(c.model)) expectBelow(a.expectedUserUtility, sb + a.excessBound.toNumber(), err, 'Theorem 2 under U: E[U] ≤ SB + L·R + 2rT + 2R')
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
  }, 600_000)
})
