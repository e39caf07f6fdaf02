/**
 * Strategy families against the optimum (proofs-notes §10.R): a family member's exact value (by
 * the same recursions with its policy fixed) is at most the optimal deviation's upper bound, and
 * the recommended play evaluated as a deviation reproduces E[Π_i(τ*)] computed by forward
 * propagation (n = 2, where both are exact: two independent code paths). Each case checks one
 * member drawn by fast-check for every provider (all members under THOROUGH=1); T ∈ [200, 1000].
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { analyzeWith, sbdContext } from '../../src/analysis/analyze.ts'
import { deviationValue } from '../../src/analysis/deviation.ts'
import { familyPlays } from '../../src/analysis/families.ts'
import { rightOrFail } from '../assertions.ts'
import { SEED, THOROUGH, runs } from '../settings.ts'
import { describeCase, exactCases, modelOf } from './cases.ts'

const MEMBERS = 9

describe('exact analysis: every family member ≤ the optimum', () => {
  it(`holds on ${runs(100)} random small instances (seed ${SEED})`, () => {
    fc.assert(
      fc.property(exactCases(1000, 1.5), fc.integer({ min: 0, max: MEMBERS - 1 }), (c, pick) => {
        const s = rightOrFail(sbdContext(modelOf(c), c.T, c.epsilon, c.rebate))
        const a = analyzeWith(s.ctx, s.constants, { achievable: false })
        a.providers.forEach((p, i) => {
          const plays = familyPlays(s.ctx, i)
          expect(plays.length).toBe(MEMBERS)
          const chosen = THOROUGH ? plays : [plays[pick]!]
          if (modelOf(c).n === 2 && !chosen.includes(plays[0]!)) chosen.push(plays[0]!)
          for (const play of chosen) {
            const v = deviationValue(s.ctx, i, play).value
            // Fixed plays are exact (n = 2) or lower bounds (n = 3); the optimum is an upper bound.
            expect(v, `${play.name} of ${p.id} ≤ optimum on ${describeCase(c)}`).toBeLessThanOrEqual(p.optimalValue + a.errorBound)
            if (play.name === 'recommended' && modelOf(c).n === 2)
              expect(Math.abs(v - p.expectedProfit), `τ* as a deviation of ${p.id} = E[Π(τ*)] on ${describeCase(c)}`).toBeLessThanOrEqual(
                a.errorBound,
              )
          }
        })
      }),
      { seed: SEED, numRuns: runs(100) },
    )
  }, 1_200_000)
})
