/**
 * The noise-free exact analysis (proofs-notes §10.8), in decimal without any tolerance, over random
 * noise-free instances with linear frontiers of slope in (0, 1], n ∈ {2, 3}, T ∈ [200, 3000], ε ∈ (0, ½),
 * rebate on and off:
 * - Theorem 1 for every strategy: gain ≤ G_i ≤ η;
 * - Theorem 2: SB − Δ ≤ U, and under Assumption U, U ≤ SB + L·R + 2rT + 2R;
 * - the optimum is attained: the engine run of the best response it names earns exactly its value;
 * - no strategy-family member (one drawn per provider and case), run on the engine, earns more.
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { provenBound } from '../../src/analysis/analyze.ts'
import { type NoiseFreeAnalysis, type NoiseFreeProvider, noiseFreeAnalysis, noiseFreeScope } from '../../src/analysis/noise-free.ts'
import { Decimal } from '../../src/exact/decimal.ts'
import { sbdConstants } from '../../src/mechanism/constants.ts'
import { sbd } from '../../src/mechanism/sbd.ts'
import { benchmarks, buildInstanceModel, type InstanceModel } from '../../src/model/instance-model.ts'
import type { AbstractInstance } from '../../src/model/types.ts'
import type { Strategy } from '../../src/sim/interfaces.ts'
import { recommended } from '../../src/strategy/basic.ts'
import { exactSlackRiding, noiseFreeSlackRide } from '../../src/strategy/best-response.ts'
import { explorationShading } from '../../src/strategy/explore-shading.ts'
import { eta, secondBestExcess, secondBestShortfall } from '../../src/theory/bounds.ts'
import { abstractInstance } from '../arbitraries.ts'
import { rightOrFail } from '../assertions.ts'
import { deviationFamilies, profits } from '../ic-harness.ts'
import { SEED, runs } from '../settings.ts'

interface NoiseFreeCase {
  readonly inst: AbstractInstance
  readonly T: number
  readonly epsilon: Decimal
  readonly rebate: boolean
  readonly pick: number
}

const noiseFreeCase: fc.Arbitrary<NoiseFreeCase> = fc
  .record({
    inst: abstractInstance({ minProviders: 2, maxProviders: 3, noise: 'none', linear: true, minRangePercent: 20 }),
    slopes: fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 3, maxLength: 3 }),
    // log-uniform in [200, 3000], as the Bernoulli cases.
    logT: fc.integer({ min: 0, max: 1000 }),
    eps: fc.integer({ min: 1, max: 499 }),
    rebate: fc.boolean(),
    pick: fc.nat(),
  })
  .map(({ inst, slopes, logT, eps, rebate, pick }) => ({
    // Slopes in (0, 1]: Proposition 6.6 covers every linear frontier that Assumption A allows.
    inst: {
      ...inst,
      providers: inst.providers.map((p, i) => ({
        ...p,
        segments: p.segments.map((s) => ({ ...s, slope: new Decimal(slopes[i]!).div(1000) })),
      })),
    },
    T: Math.round(200 * 15 ** (logT / 1000)),
    epsilon: new Decimal(eps).div(1000),
    rebate,
    pick,
  }))
  .filter((c) => E.isRight(sbdConstants(c.T, c.inst.providers.length, c.epsilon, c.inst.xHi.minus(c.inst.xLo))))

/** Assumption U: every provider's floor is at most the second-best mean. */
const assumptionU = (m: InstanceModel): boolean => {
  const second = [...m.providers].sort((a, b) => b.honestMean.comparedTo(a.honestMean))[1]!.honestMean
  return m.providers.every((p) => p.cheatMean.lte(second))
}

/** The strategy Proposition 6.6 names as provider `i`'s best response. */
const bestResponseOf = (m: InstanceModel, a: NoiseFreeAnalysis, i: number, p: NoiseFreeProvider, rebate: boolean): Strategy => {
  if (p.bestResponse === 'recommended') return recommended
  const pm = m.providers[i]!
  if (p.bestResponse === 'full-cheat-exploration') return explorationShading(pm.honestMean.minus(pm.cheatMean))
  const ride = rightOrFail(noiseFreeSlackRide(m, a.constants, i, { rebate }))
  return exactSlackRiding({ explorationMean: ride.explorationMean })
}

const check = (c: NoiseFreeCase): void => {
  const m = rightOrFail(buildInstanceModel(c.inst))
  const a = rightOrFail(noiseFreeAnalysis(m, c.T, c.epsilon, c.rebate))
  const k = a.constants
  const mech = sbd(c.epsilon, c.rebate)
  const others = m.providers.map(() => recommended)
  a.providers.forEach((p, i) => {
    const G = provenBound(m, k, i, c.rebate)
    expect(p.gain.lte(G), `Theorem 1, ${p.id}: gain ${p.gain.toString()} ≤ G_i ${G.toString()}`).toBe(true)
    expect(G.lte(eta(k, c.rebate)), `G_${p.id} ≤ η`).toBe(true)
    const attained = profits(
      m,
      mech,
      others.map((s, j) => (j === i ? bestResponseOf(m, a, i, p, c.rebate) : s)),
      i,
      c.T,
      [SEED],
    )[0]!
    expect(attained.toString(), `${p.id}'s ${p.bestResponse} earns the optimal value on the engine`).toBe(p.optimalValue.toString())
    const families = deviationFamilies(m, i)
    const member = families[c.pick % families.length]!
    const value = profits(
      m,
      mech,
      others.map((s, j) => (j === i ? member : s)),
      i,
      c.T,
      [SEED],
    )[0]!
    expect(value.lte(p.optimalValue), `${member.name} of ${p.id} earns ${value.toString()} > optimum ${p.optimalValue.toString()}`).toBe(
      true,
    )
  })
  const sb = benchmarks(m, c.T).secondBest
  expect(sb.minus(secondBestShortfall(k)).lte(a.userUtility), 'Theorem 2: SB − Δ ≤ U').toBe(true)
  if (assumptionU(m)) expect(a.userUtility.lte(sb.plus(secondBestExcess(k))), 'Theorem 2 under U: U ≤ SB + L·R + 2rT + 2R').toBe(true)
}

describe('exact analysis, noise-free instances with linear frontiers (proofs-notes §10.8)', () => {
  it(`Theorems 1 and 2 in decimal, the optimum attained, no family member above it (${runs(100)} instances, seed ${SEED})`, () => {
    fc.assert(
      fc.property(noiseFreeCase, (c) => check(c)),
      { seed: SEED, numRuns: runs(100) },
    )
  })

  it('covers linear frontiers only: a curved noise-free frontier is out of scope, with the reason', () => {
    const inst: AbstractInstance = {
      kind: 'abstract',
      name: 'curved',
      xLo: new Decimal(0),
      xHi: new Decimal(1),
      noise: 'none',
      providers: [
        {
          kind: 'abstract',
          id: 'a',
          honestMean: new Decimal('0.8'),
          honestProfit: new Decimal('0.05'),
          segments: [
            { length: new Decimal('0.2'), slope: new Decimal(1) },
            { length: new Decimal('0.2'), slope: new Decimal('0.5') },
          ],
        },
        {
          kind: 'abstract',
          id: 'b',
          honestMean: new Decimal('0.6'),
          honestProfit: new Decimal('0.05'),
          segments: [{ length: new Decimal('0.4'), slope: new Decimal(1) }],
        },
      ],
    }
    const scope = noiseFreeScope(rightOrFail(buildInstanceModel(inst)))
    expect(E.isLeft(scope) && scope.left).toMatch(/linear frontier .*provider a has 2 segments/)
  })
})
