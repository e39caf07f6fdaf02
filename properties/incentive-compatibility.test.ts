/**
 * Theorem 1 (proofs-notes §6): the recommended profile τ* of SBD(ε) is η-IC, with
 * η_on = c(K_X) + 3R (rebate on) and η_off = L·R + c(K_X) + 3R (rebate off).
 * Proof and assumptions: proofs-notes §6.2–§6.4.
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { Decimal } from '../src/exact/decimal.ts'
import { sbdConstants, slackAfter } from '../src/mechanism/constants.ts'
import { sbd } from '../src/mechanism/sbd.ts'
import { type InstanceModel, buildInstanceModel } from '../src/model/instance-model.ts'
import type { Instance } from '../src/model/types.ts'
import { arbitraryRules, describeRules, ruleStrategy } from '../src/strategy/adaptive.ts'
import { noiseFreeSlackRide } from '../src/strategy/best-response.ts'
import { recommended } from '../src/strategy/basic.ts'
import { marginWithholding } from '../src/strategy/slack-riding.ts'
import { stationaryPerPhase } from '../src/strategy/stationary.ts'
import { eta, etaOn } from '../src/theory/bounds.ts'
import { abstractInstance, llmInstance, powerInstance, specExample } from './arbitraries.ts'
import { d, describeStat, meanAndError, rightOrFail, significantlyAbove } from './assertions.ts'
import { exceedance, icFailure, icSeedBound } from './pathwise-rule.ts'
import {
  type PathwiseCheck,
  describeViolations,
  deviationFamilies,
  deviationGains,
  profits,
  seedBoundViolations,
  violations,
} from './ic-harness.ts'
import { neverFire, noSlack, topTarget } from './mechanism/mutants.ts'
import { type SbdCase, sbdCase, seedsOf as seedsFrom } from './sbd-cases.ts'
import { SEED, runs } from './settings.ts'

const seedsOf = (k: number): number[] => seedsFrom(k, 7919)
type Case = SbdCase
const caseArb = sbdCase

const modelOf = (inst: Instance): InstanceModel => rightOrFail(buildInstanceModel(inst))
const boundOf = (m: InstanceModel, c: Case): Decimal => eta(rightOrFail(sbdConstants(c.T, m.n, c.epsilon, m.R)), c.rebate)

describe('Theorem 1 — approximate incentive compatibility of SBD(ε)', () => {
  it('noise-free instances: no deviation of the strategy families gains more than η, exactly', () => {
    fc.assert(
      fc.property(caseArb(abstractInstance({ noise: 'none', minRangePercent: 30 }), [2_000, 5_000, 20_000]), (c) => {
        const m = modelOf(c.inst)
        const bound = boundOf(m, c)
        const bad = violations(deviationGains(m, sbd(c.epsilon, c.rebate), c.T, [SEED]), bound)
        expect(bad, describeViolations(bad, bound)).toEqual([])
      }),
      { numRuns: runs(20) },
    )
  })

  it('Bernoulli instances (manipulation range ≥ 30% of R): every run is SBD’s on its path, and no family exceeds the per-seed bound of Lemma 6.10 on too many seeds (CRN, 12 seeds)', () => {
    fc.assert(
      fc.property(caseArb(abstractInstance({ noise: 'bernoulli', minRangePercent: 30, maxProviders: 3 }), [5_000, 20_000]), (c) => {
        const m = modelOf(c.inst)
        const k = rightOrFail(sbdConstants(c.T, m.n, c.epsilon, m.R))
        const check: PathwiseCheck = { spec: c, failures: [] }
        const devs = deviationGains(m, sbd(c.epsilon, c.rebate), c.T, seedsOf(12), undefined, check)
        expect(check.failures).toEqual([])
        expect(seedBoundViolations(devs, m, k, c.rebate)).toEqual([])
      }),
      { numRuns: runs(6) },
    )
  })

  // With real prices a manipulation range is a few percent of R, so no gain comes near η even under a
  // broken mechanism: a mean test cannot fail here. The checks that can are pathwise (proofs-notes §9.6).
  it('LLM instances (real-API-like prices): every run of every family is SBD’s on its path, and every CRN pair compares as Lemma 6.9 says (8 seeds)', () => {
    fc.assert(
      fc.property(caseArb(llmInstance(3), [5_000, 20_000]), (c) => {
        const m = modelOf(c.inst)
        fc.pre(m.assumptions.A.holds && m.assumptions.D.holds && m.assumptions.IR.holds)
        const check: PathwiseCheck = { spec: c, failures: [] }
        deviationGains(m, sbd(c.epsilon, c.rebate), c.T, seedsOf(8), undefined, check)
        expect(check.failures).toEqual([])
      }),
      { numRuns: runs(6) },
    )
  })

  it('random adaptive deviations drawn by fast-check gain at most η (noise-free: exact; shrinks to a readable rule list)', () => {
    fc.assert(
      fc.property(
        caseArb(abstractInstance({ noise: 'none', minRangePercent: 30, maxProviders: 3 }), [2_000, 5_000]),
        arbitraryRules(),
        fc.nat(),
        (c, rules, who) => {
          const m = modelOf(c.inst)
          const i = who % m.n
          const bound = boundOf(m, c)
          const devs = deviationGains(m, sbd(c.epsilon, c.rebate), c.T, [SEED], (k) => (k === i ? [ruleStrategy(rules)] : []))
          const bad = violations(devs, bound)
          expect(bad, `${describeRules(rules)}\n${describeViolations(bad, bound)}`).toEqual([])
        },
      ),
      { numRuns: runs(60) },
    )
  })

  it('random adaptive deviations on Bernoulli instances: every run is SBD’s on its path, and the per-seed bound of Lemma 6.10 holds on all but rare seeds (6 seeds each)', () => {
    fc.assert(
      fc.property(
        caseArb(abstractInstance({ noise: 'bernoulli', minRangePercent: 30, maxProviders: 2 }), [5_000]),
        arbitraryRules(),
        (c, rules) => {
          const m = modelOf(c.inst)
          const k = rightOrFail(sbdConstants(c.T, m.n, c.epsilon, m.R))
          const check: PathwiseCheck = { spec: c, failures: [] }
          const devs = deviationGains(m, sbd(c.epsilon, c.rebate), c.T, seedsOf(6), () => [ruleStrategy(rules)], check)
          expect(check.failures, describeRules(rules)).toEqual([])
          expect(seedBoundViolations(devs, m, k, c.rebate), describeRules(rules)).toEqual([])
        },
      ),
      { numRuns: runs(20) },
    )
  })

  it('noise-free, linear frontier: the exact best response (slack riding) gains at most η, computed in decimal', () => {
    fc.assert(
      fc.property(caseArb(abstractInstance({ noise: 'none', linear: true, minRangePercent: 30 }), [2_000, 20_000, 100_000]), (c) => {
        const m = modelOf(c.inst)
        const k = rightOrFail(sbdConstants(c.T, m.n, c.epsilon, m.R))
        const top = m.providers.reduce((a, p) => (p.honestMean.gt(a.honestMean) ? p : a)).index
        const br = noiseFreeSlackRide(m, k, top, { rebate: c.rebate })
        fc.pre(E.isRight(br))
        const truthful = profits(m, sbd(c.epsilon, c.rebate), Array(m.n).fill(recommended), top, c.T, [SEED])[0]!
        const gain = br.right.profit.minus(truthful)
        expect(gain.lte(eta(k, c.rebate)), `gain ${gain.toString()} vs η ${eta(k, c.rebate).toString()}`).toBe(true)
        // Slack riding takes essentially the whole slack c(K_X): the bound is tight up to lower-order terms.
        expect(br.right.withheld.lte(slackAfter(k, k.monitoredMax))).toBe(true)
      }),
      { numRuns: runs(40) },
    )
  })

  it('is nearly tight: withholding above a 10R margin gains most of c(K_X) (n = 3, ū = 0.8/0.6/0.5, T = 10^5, ε = ¼, rebate on)', () => {
    const inst = specExample('spec-4.1-tightness')
    const m = modelOf(inst)
    const T = 100_000
    const k = rightOrFail(sbdConstants(T, 3, d('0.25'), m.R))
    const check: PathwiseCheck = { spec: { epsilon: d('0.25'), rebate: true }, failures: [] }
    const devs = deviationGains(m, sbd(d('0.25'), true), T, seedsOf(8), (i) => (i === 0 ? [marginWithholding(10)] : []), check)
    const gains = devs[0]!.gains
    const { mean } = meanAndError(gains)
    expect(etaOn(k).toFixed(1)).toBe('961.7')
    expect(check.failures).toEqual([])
    expect(seedBoundViolations(devs, m, k, true)).toEqual([])
    expect(mean.gt(slackAfter(k, k.monitoredMax).times('0.9')), describeStat('margin-10R gain', gains, etaOn(k))).toBe(true)
  })

  it('the exceedance rule flags the bimodal violation that the 4-standard-error rule let pass (no slack: margin-10R gained ~22,000 on 3 of 8 seeds, ~0 on 5)', () => {
    const m = modelOf(specExample('spec-4.1-tightness'))
    const k = rightOrFail(sbdConstants(100_000, 3, d('0.25'), m.R))
    const gains = ['22236', '21846', '22232', '0', '0', '0', '0', '0'].map(d)
    const { mean, se } = meanAndError(gains)
    expect(mean.div(etaOn(k)).gt(8) && se.gt(3_900)).toBe(true)
    expect(significantlyAbove(gains, etaOn(k))).toBe(false)
    const e = exceedance(gains, icSeedBound(m, k, 0, true), icFailure(k))
    expect(e, `per-seed bound ${icSeedBound(m, k, 0, true).toString()}`).toMatchObject({ count: 3, flagged: true })
  })
})

describe('Theorem 1 — power: broken mechanisms fail the same check', () => {
  // Two providers far apart, a wide manipulation range, and the rebate on (the tighter bound).
  const inst = powerInstance('0.02')
  const m = modelOf(inst)
  const T = 20_000
  const epsilon = d('0.25')
  const bound = eta(rightOrFail(sbdConstants(T, 2, epsilon, m.R)), true)
  const seeds = seedsOf(8)
  const k = rightOrFail(sbdConstants(T, 2, epsilon, m.R))
  /** Pathwise failures and the deviations the exceedance rule flags, for `mech` judged as SBD(ε, rebate on). */
  const search = (mech: ReturnType<typeof sbd>) => {
    const check: PathwiseCheck = { spec: { epsilon, rebate: true }, failures: [] }
    const devs = deviationGains(
      m,
      mech,
      T,
      seeds,
      (i) => (i === 0 ? [stationaryPerPhase({ exploitation: { withhold: d('0.2') } }), ...deviationFamilies(m, i)] : []),
      check,
    )
    // The retired 4-standard-error rule, reported next to the exceedance rule for comparison.
    const meanRule = devs.filter((dev) => significantlyAbove(dev.gains, bound))
    return { pathwise: check.failures, flagged: seedBoundViolations(devs, m, k, true), meanRule }
  }

  it('the correct SBD passes it', () => {
    const r = search(sbd(epsilon, true))
    expect(r.pathwise).toEqual([])
    expect(r.flagged).toEqual([])
  })
  it('never firing fails it (full cheating as server gains Θ(T)): pathwise and by the exceedance rule', () => {
    const r = search(neverFire(epsilon, true))
    expect(r.pathwise.length).toBeGreaterThan(0)
    expect(r.flagged.length).toBeGreaterThan(0)
  })
  it('a target from the top mean instead of the second fails it (mimicry gains Θ(T)): pathwise and by the exceedance rule', () => {
    const r = search(topTarget(epsilon, true))
    expect(r.pathwise.length).toBeGreaterThan(0)
    expect(r.flagged.length).toBeGreaterThan(0)
  })
  it('dropping the slack fails it (τ* is fired by noise; delivering above target gains Θ(T)): pathwise and by the exceedance rule', () => {
    const r = search(noSlack(epsilon, true))
    expect(r.pathwise.length).toBeGreaterThan(0)
    expect(r.flagged.length, `mean rule flagged ${r.meanRule.length}`).toBeGreaterThan(0)
  })
})

describe('Theorem 1 — power on an LLM instance whose manipulation range is a constant fraction of R', () => {
  // Real prices give manipulation ranges of a few percent of R, where nobody is ever fired; here
  // the substitutes lose 0.5–0.6 of quality, so ū − μ^min is about 45% of R (R = 0.0755 USD) and
  // a cheating server meets the firing test within a few dozen rounds.
  const inst: Instance = {
    kind: 'llm',
    name: 'llm-wide-manipulation',
    market: {
      valuePerCorrect: d('0.05'),
      costRatio: d('0.5'),
      maxInflation: d('1'),
      inputTokens: 500,
      outputLengths: [
        { tokens: 200, probability: d('0.5') },
        { tokens: 800, probability: d('0.5') },
      ],
    },
    providers: [
      {
        kind: 'llm',
        id: 'a',
        premium: { name: 'big-a', inputPrice: d('2.5'), outputPrice: d('10'), quality: d('0.9') },
        substitute: { name: 'small-a', inputPrice: d('0.15'), outputPrice: d('0.6'), quality: d('0.3') },
      },
      {
        kind: 'llm',
        id: 'b',
        premium: { name: 'big-b', inputPrice: d('3'), outputPrice: d('15'), quality: d('0.7') },
        substitute: { name: 'small-b', inputPrice: d('0.25'), outputPrice: d('1.25'), quality: d('0.2') },
      },
    ],
  }
  const m = modelOf(inst)
  const epsilon = d('0.25')
  const replayFailures = (mech: ReturnType<typeof sbd>): string[] => {
    const check: PathwiseCheck = { spec: { epsilon, rebate: true }, failures: [] }
    deviationGains(m, mech, 5_000, seedsOf(4), undefined, check)
    return check.failures
  }

  it('has a manipulation range of at least 40% of R for every provider, and assumptions A, D, IR', () => {
    expect(m.assumptions.A.holds && m.assumptions.D.holds && m.assumptions.IR.holds).toBe(true)
    for (const p of m.providers) expect(p.honestMean.minus(p.cheatMean).gte(m.R.times('0.4'))).toBe(true)
  })
  it('the correct SBD passes the pathwise replay', () => {
    expect(replayFailures(sbd(epsilon, true))).toEqual([])
  })
  it('never firing fails it: a cheating server that SBD would fire keeps serving', () => {
    expect(replayFailures(neverFire(epsilon, true)).length).toBeGreaterThan(0)
  })
})
