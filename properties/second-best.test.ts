/**
 * Theorem 2 (proofs-notes §7): under τ*, SB − Δ(T) ≤ E[U] ≤ SB + L·R + 2·r·T + 2R.
 * Proof, Assumption U and the counterexample: proofs-notes §7.2–§7.4.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ONE } from '../src/exact/decimal.ts'
import { sbdConstants } from '../src/mechanism/constants.ts'
import { sbd } from '../src/mechanism/sbd.ts'
import { type InstanceModel, benchmarks, buildInstanceModel } from '../src/model/instance-model.ts'
import type { AbstractInstance } from '../src/model/types.ts'
import type { Mechanism } from '../src/sim/interfaces.ts'
import { simulate } from '../src/sim/engine.ts'
import { recommended } from '../src/strategy/basic.ts'
import { secondBestExcess, secondBestShortfall, shortfallProvisoHolds } from '../src/theory/bounds.ts'
import { abstractInstance, llmInstance, powerInstance, specExample } from './arbitraries.ts'
import { d, describeStat, meanAndError, rightOrFail, userUsd } from './assertions.ts'
import { exceedance, secondBestSeedBounds } from './pathwise-rule.ts'
import { sbdPathwise, tracing } from './sbd-trace.ts'
import { noSlack, topTarget } from './mechanism/mutants.ts'
import { type SbdCase, sbdCase, seedsOf as seedsFrom } from './sbd-cases.ts'
import { SEED, runs } from './settings.ts'

const seedsOf = (k: number): number[] => seedsFrom(k, 104_729)
type Case = SbdCase
const caseArb = sbdCase

/** Assumption U (proofs-notes §1.3, §7.2): every provider can degrade to the second-best level. */
const assumptionU = (m: InstanceModel): boolean => {
  const second = [...m.providers].sort((a, b) => b.honestMean.comparedTo(a.honestMean))[1]!.honestMean
  return m.providers.every((p) => p.cheatMean.lte(second))
}

/**
 * User utilities under τ* on the given seeds, with SB, the theorem's bounds and the per-seed bounds
 * of Lemma 7.4; every run is replayed and checked pathwise against SBD(ε) as the notes define it.
 */
const measure = (c: Case, mech: Mechanism = sbd(c.epsilon, c.rebate), seeds = seedsOf(12)) => {
  const m = rightOrFail(buildInstanceModel(c.inst))
  const k = rightOrFail(sbdConstants(c.T, m.n, c.epsilon, m.R))
  const pathwise: string[] = []
  const us = seeds.map((seed) => {
    const traced = tracing(mech)
    const r = rightOrFail(simulate(m, traced.mechanism, Array(m.n).fill(recommended), { T: c.T, seed }))
    for (const f of sbdPathwise(m, c, r, traced.trace).failures) pathwise.push(`seed ${seed}: ${f}`)
    return userUsd(r)
  })
  const sb = benchmarks(m, c.T).secondBest
  // Δ(T) bounds the shortfall only under Theorem 2's proviso on the money-grid step (§7.1).
  expect(shortfallProvisoHolds(k, ONE.div(m.grid.scaleDecimal)), 'the proviso g·K_X ≤ 2r(n+1)L + R/2').toBe(true)
  return {
    m,
    us,
    sb,
    pathwise,
    seed: secondBestSeedBounds(m, k, c.rebate),
    lower: sb.minus(secondBestShortfall(k)),
    upper: sb.plus(secondBestExcess(k)),
  }
}

/**
 * The exceedance rule on Lemma 7.4's per-seed bounds (proofs-notes §9.6): too many seeds below the
 * lower bound, or (when asked: Assumption U, abstract instances) above the upper one.
 */
const boundsHold = (r: ReturnType<typeof measure>, checkUpper: boolean): string | null => {
  const below = exceedance(
    r.us.map((u) => u.neg()),
    r.seed.lower.neg(),
    r.seed.pLower,
  )
  if (below.flagged)
    return `U below the per-seed lower bound ${r.seed.lower.toSignificantDigits(8).toString()} on ${below.count} of ${r.us.length} seeds (critical ${below.critical}): ${describeStat('U', r.us, r.lower)}`
  const above = exceedance(r.us, r.seed.upper, r.seed.pUpper)
  if (checkUpper && above.flagged)
    return `U above the per-seed upper bound ${r.seed.upper.toSignificantDigits(8).toString()} on ${above.count} of ${r.us.length} seeds (critical ${above.critical}): ${describeStat('U', r.us, r.upper)}`
  return null
}

const bernoulli = abstractInstance({ noise: 'bernoulli', maxProviders: 4 })
const noiseFree = abstractInstance({ noise: 'none', maxProviders: 4 })

describe('Theorem 2 — the user gets the second-best utility', () => {
  it('Bernoulli instances: every run is SBD’s on its path, and U respects the per-seed bounds of Lemma 7.4 on all but rare seeds (upper one under Assumption U; 12 seeds)', () => {
    fc.assert(
      fc.property(caseArb(bernoulli, [5_000, 20_000, 50_000]), (c) => {
        const r = measure(c)
        expect(r.pathwise).toEqual([])
        expect(boundsHold(r, assumptionU(r.m))).toBeNull()
      }),
      { numRuns: runs(30) },
    )
  })

  it('noise-free instances: both bounds hold exactly, in decimal (under Assumption U for the upper one)', () => {
    fc.assert(
      fc.property(caseArb(noiseFree, [2_000, 20_000, 100_000]), (c) => {
        const r = measure(c, undefined, [SEED])
        const u = r.us[0]!
        expect(u.gte(r.lower), `U = ${u.toString()} < SB − Δ = ${r.lower.toString()}`).toBe(true)
        if (assumptionU(r.m)) expect(u.lte(r.upper), `U = ${u.toString()} > ${r.upper.toString()}`).toBe(true)
      }),
      { numRuns: runs(60) },
    )
  })

  // The per-seed upper bound needs the action grid's step δ_a in delivered mean, stated for abstract instances only.
  it('LLM instances satisfying A and D: every run is SBD’s on its path, and U respects the per-seed lower bound of Lemma 7.4 on all but rare seeds (8 seeds)', () => {
    fc.assert(
      fc.property(caseArb(llmInstance(3), [5_000, 20_000]), (c) => {
        const r = measure(c, undefined, seedsOf(8))
        fc.pre(r.m.assumptions.A.holds && r.m.assumptions.D.holds)
        expect(r.pathwise).toEqual([])
        expect(boundsHold(r, false)).toBeNull()
      }),
      { numRuns: runs(10) },
    )
  })

  it('scale (proofs-notes §7.5): n = 3, ū = (0.8, 0.6, 0.5), T = 10^5, ε = ¼ gives (SB − E[U])/T ≈ 0.05, well under Δ(T)/T ≈ 0.29', () => {
    const inst = specExample('spec-4.2-scale')
    const c: Case = { inst, T: 100_000, epsilon: d('0.25'), rebate: false }
    const r = measure(c, undefined, seedsOf(6))
    const k = rightOrFail(sbdConstants(c.T, 3, c.epsilon, r.m.R))
    expect(secondBestShortfall(k).div(c.T).toFixed(2)).toBe('0.29')
    const gap = r.sb.minus(meanAndError(r.us).mean).div(c.T)
    expect(gap.gt('0.03') && gap.lt('0.07'), `(SB − E[U])/T = ${gap.toString()}`).toBe(true)
  })
})

describe('Theorem 2 — the upper bound as first stated needs Assumption U (a finding, kept as a regression)', () => {
  // Found by the property below without Assumption U, then shrunk by fast-check: a winner whose
  // full-cheat floor μ^min lies above ū_(2) cannot deliver less than its floor, so the user keeps
  // more than the second-best. proofs-notes §7.2 narrows the theorem accordingly.
  const counterexample: AbstractInstance = {
    kind: 'abstract',
    name: 'upper-bound-counterexample (shrunk by fast-check, seed 20251102)',
    xLo: d(0),
    xHi: d(1),
    noise: 'none',
    providers: [
      { kind: 'abstract', id: 'p0', honestMean: d('0.54'), honestProfit: d(0), segments: [{ length: d('0.05'), slope: d('0.1') }] },
      { kind: 'abstract', id: 'p1', honestMean: d('0.25'), honestProfit: d(0), segments: [{ length: d('0.05'), slope: d('0.1') }] },
      { kind: 'abstract', id: 'p2', honestMean: d('0.25'), honestProfit: d(0), segments: [{ length: d('0.05'), slope: d('0.1') }] },
    ],
  }

  it('fast-check finds instances violating the upper bound when Assumption U is dropped', () => {
    const result = fc.check(
      fc.property(caseArb(noiseFree, [20_000]), (c) => {
        const r = measure(c, undefined, [SEED])
        return r.us[0]!.lte(r.upper)
      }),
      { numRuns: runs(200), seed: SEED },
    )
    expect(result.failed).toBe(true)
    const found = result.counterexample?.[0] as Case | undefined
    console.log(`shrunk counterexample to the upper bound without Assumption U: ${JSON.stringify(found)}`)
    const m = rightOrFail(buildInstanceModel(found!.inst))
    expect(assumptionU(m)).toBe(false)
  })

  it('regression: on the shrunk counterexample U exceeds SB + L·R + 2rT + 2R, while the narrowed bound (with Γ) holds', () => {
    const c: Case = { inst: counterexample, T: 20_000, epsilon: d('0.25'), rebate: false }
    const r = measure(c, undefined, [SEED])
    const u = r.us[0]!
    expect(u.gt(r.upper)).toBe(true)
    // Narrowed bound: E[U] − SB ≤ L·R + (T − nL)·Γ + K_X·δ_a + 3R/2 with Γ = max(μ^min − ū_(2))⁺ = 0.49 − 0.25.
    const k = rightOrFail(sbdConstants(c.T, 3, c.epsilon, r.m.R))
    const gamma = d('0.49').minus('0.25')
    const actionStep = d('1e-6')
    const narrowed = r.sb
      .plus(r.m.R.times(k.L))
      .plus(gamma.times(c.T - 3 * k.L))
      .plus(actionStep.times(k.monitoredMax))
      .plus(r.m.R.times('1.5'))
    expect(u.lte(narrowed)).toBe(true)
  })
})

describe('Theorem 2 — power: broken mechanisms fail the same check', () => {
  const powerCase: Case = {
    inst: powerInstance('0'),
    T: 20_000,
    epsilon: d('0.25'),
    rebate: true,
  }

  it('the correct SBD passes', () => {
    const r = measure(powerCase)
    expect(r.pathwise).toEqual([])
    expect(boundsHold(r, true)).toBeNull()
  })
  it('a target from the top mean breaks the per-seed upper bound (the user takes the first-best rent), and the replay', () => {
    const r = measure(powerCase, topTarget(powerCase.epsilon, true))
    expect(r.pathwise.length).toBeGreaterThan(0)
    expect(boundsHold(r, true)).toMatch(/above/)
  })
  it('dropping the slack breaks the per-seed lower bound (τ* is fired by noise down to blind trust), and the replay', () => {
    const r = measure(powerCase, noSlack(powerCase.epsilon, true))
    expect(r.pathwise.length).toBeGreaterThan(0)
    expect(boundsHold(r, true)).toMatch(/below/)
  })
})
