/**
 * The suite of proofs-notes §14 (a robust second-best guarantee): Proposition 14.2 (honest exploration
 * strictly best with a bonus, pathwise on noise-free instances) and its kept counterexample without A;
 * Theorem 4 (the harm bound) against the exact harm and cost of every deviation family on random
 * noise-free two-provider instances; Proposition 14.4 (a winner without rent: no bound); Proposition 14.5
 * (Θ(T) harm at cost ≤ R with δ = 0, and at a gain with the rebate off); the contract of `harmBound`.
 */
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { parseScenarioText } from '../src/codec/report-errors.ts'
import { ceilPow } from '../src/exact/ceil-pow.ts'
import { Decimal, ONE, ZERO } from '../src/exact/decimal.ts'
import { fromUnits } from '../src/exact/grid.ts'
import { sbdConstants } from '../src/mechanism/constants.ts'
import { sbd } from '../src/mechanism/sbd.ts'
import { frontierAt } from '../src/model/abstract-model.ts'
import { type InstanceModel, buildInstanceModel } from '../src/model/instance-model.ts'
import type { AbstractInstance } from '../src/model/types.ts'
import { simulate } from '../src/sim/engine.ts'
import type { Mechanism, Strategy } from '../src/sim/interfaces.ts'
import { providerUtility, userUtility } from '../src/sim/ledger.ts'
import { fullCheat, recommended } from '../src/strategy/basic.ts'
import { explorationShading } from '../src/strategy/explore-shading.ts'
import { stationaryPerPhase } from '../src/strategy/stationary.ts'
import { bonusCost, bonusMinimizingWorstCase, harmBound, harmBoundContext, shadeBounds } from '../src/theory/harm-bound.ts'
import { abstractInstance, llmInstance, seedArb } from './arbitraries.ts'
import { rightOrFail } from './assertions.ts'
import { runs } from './settings.ts'

const epsilonArb = fc.integer({ min: 200, max: 450 }).map((k) => new Decimal(k).div(1000))
const bonusArb = fc.integer({ min: 0, max: 2000 }).map((k) => new Decimal(k).div(1000))
/** Honest in exploration, full cheat from then on (the winner's firing channel, §14.3 (A)). */
const cheatAsServer = stationaryPerPhase({ exploitation: 'full-cheat', blindTrustFallback: 'full-cheat', blindTrustEndgame: 'full-cheat' })

/** A horizon in SBD(ε)'s domain for n providers, from `extra` rounds above the smallest one. */
const horizonFor = (n: number, eps: Decimal, extra: number): number => {
  let T = Math.max(n + 2, Math.floor((n + 1) ** (1 / eps.toNumber()) * 0.9))
  while (T < (n + 1) * ceilPow(T, ONE.minus(eps)) + 1) T = Math.max(T + 1, Math.ceil(T * 1.01))
  return T + extra
}

/** Noise-free two-provider instances (A, D, IR hold by construction) with an ε and a horizon in SBD's domain. */
const noiseFreeCase = abstractInstance({ minProviders: 2, maxProviders: 2, noise: 'none', minRangePercent: 10 }).chain((inst) =>
  fc
    .record({ eps: epsilonArb, extra: fc.integer({ min: 0, max: 6000 }), seed: seedArb })
    .map(({ eps, extra, seed }) => ({ inst, eps, T: horizonFor(2, eps, extra), seed }))
    .filter(({ eps, T }) => T <= 30_000 && E.isRight(sbdConstants(T, 2, eps, ONE))),
)

/** `U` and `Π_i` of one run, USD. */
const outcome = (model: InstanceModel, mech: Mechanism, profile: readonly Strategy[], T: number, seed: number) => {
  const r = rightOrFail(simulate(model, mech, profile, { T, seed }))
  const g = r.ledger.grid
  return {
    U: fromUnits(g, userUtility(r.ledger)),
    profit: (i: number) => fromUnits(g, providerUtility(r.ledger, i)),
    transfer: (i: number) => fromUnits(g, r.outcome.transfers[i]!),
    L: Number(r.outcome.details.L),
  }
}

const example = (noise: 'none' | 'bernoulli'): AbstractInstance => {
  const inst = rightOrFail(parseScenarioText(readFileSync(new URL('../examples/two-provider-abstract.json', import.meta.url), 'utf8')))
  if (inst.kind !== 'abstract') throw new Error('abstract example expected')
  return { ...inst, noise }
}

describe('Proposition 14.2: with δ > 0 honest exploration is strictly best in its own payoff (§14.2)', () => {
  it('pathwise on noise-free instances satisfying A: honest beats shade:x by more than (1 + δ − λ̄)·x·L − g, and by ≥ 0', () => {
    fc.assert(
      fc.property(
        noiseFreeCase,
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 0, max: 1 }),
        fc.integer({ min: 1, max: 100 }),
        ({ inst, eps, T, seed }, k, i, share) => {
          const delta = new Decimal(k).div(1000)
          const model = rightOrFail(buildInstanceModel(inst))
          const self = model.providers[i]!
          // x on the 0.01 grid of the instance's means, inside the manipulation range.
          const x = self.honestMean.minus(self.cheatMean).times(share).div(100).toDecimalPlaces(2, Decimal.ROUND_DOWN)
          fc.pre(x.gt(0))
          const mech = sbd(eps, true, delta)
          const profile = (s: Strategy): Strategy[] => model.providers.map((_, j) => (j === i ? s : recommended))
          const h = outcome(model, mech, profile(recommended), T, seed)
          const s = outcome(model, mech, profile(explorationShading(x)), T, seed)
          const provider = inst.providers[i]!
          // Exploration payoff: L rounds at the deterministic profit F(m), plus the transfer.
          const payoff = (o: typeof h, m: Decimal) => frontierAt(provider, m).times(o.L).plus(o.transfer(i))
          const gap = payoff(h, self.honestMean).minus(payoff(s, self.honestMean.minus(x)))
          const slopeMax = provider.segments.reduce((m, sg) => (sg.slope.gt(m) ? sg.slope : m), ZERO)
          const g = ONE.div(model.grid.scaleDecimal)
          const W = x.times(h.L)
          expect(gap.gte(0)).toBe(true)
          expect(gap.gt(ONE.plus(delta).minus(slopeMax).times(W).minus(g))).toBe(true)
          // In expectation (Lemma 14.1(a)), exactly: (1 + δ)·x·L − L·(F(ū − x) − π^h) ≥ δ·x·L > 0.
          const expected = ONE.plus(delta)
            .times(W)
            .minus(frontierAt(provider, self.honestMean.minus(x)).minus(provider.honestProfit).times(h.L))
          expect(expected.gte(delta.times(W))).toBe(true)
          expect(expected.gt(0)).toBe(true)
        },
      ),
      { numRuns: runs(40) },
    )
  })

  it('kept counterexample: without A (a withholding slope 1 + 2δ) shading pays in exploration', () => {
    const base = example('none')
    const inst: AbstractInstance = {
      ...base,
      providers: [base.providers[0]!, { ...base.providers[1]!, segments: [{ length: new Decimal('0.4'), slope: new Decimal('1.2') }] }],
    }
    const model = rightOrFail(buildInstanceModel(inst))
    expect(model.assumptions.A.holds).toBe(false)
    const mech = sbd(new Decimal('0.25'), true, new Decimal('0.1'))
    const h = outcome(model, mech, [recommended, recommended], 10_000, 1)
    const s = outcome(model, mech, [recommended, explorationShading(new Decimal('0.4'))], 10_000, 1)
    const payoff = (o: typeof h, m: Decimal) => frontierAt(inst.providers[1]!, m).times(o.L).plus(o.transfer(1))
    // (1 + δ)·x − 1.2·x = −0.1·x per round: shading earns 0.04 per exploration round.
    expect(payoff(s, new Decimal('0.2')).minus(payoff(h, new Decimal('0.6')))).toStrictEqual(new Decimal('0.04').times(h.L))
  })
})

describe('Theorem 4: the exact harm of every deviation family is within the bound at its exact cost (§14.3)', () => {
  it('on random noise-free two-provider instances (A, D, IR), δ ∈ [0, 2], both providers, shade:x, full cheat, cheat as server', () => {
    let checked = 0
    fc.assert(
      fc.property(
        noiseFreeCase,
        bonusArb,
        fc.integer({ min: 0, max: 1 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 0, max: 2 }),
        ({ inst, eps, T, seed }, delta, i, share, family) => {
          const model = rightOrFail(buildInstanceModel(inst))
          const ctx = rightOrFail(harmBoundContext(model, T, eps))
          const self = model.providers[i]!
          const x = self.honestMean.minus(self.cheatMean).times(share).div(100).toDecimalPlaces(2, Decimal.ROUND_DOWN)
          const deviation = [explorationShading(x), fullCheat, cheatAsServer][family]!
          const mech = sbd(eps, true, delta)
          const star = outcome(model, mech, [recommended, recommended], T, seed)
          const dev = outcome(
            model,
            mech,
            model.providers.map((_, j) => (j === i ? deviation : recommended)),
            T,
            seed,
          )
          const cost = star.profit(i).minus(dev.profit(i))
          const harm = star.U.minus(dev.U)
          const bound = harmBound(ctx, i, cost.gt(0) ? cost : ZERO, delta)
          // Left only where Theorem 4 says nothing: a provider that can win with φ_i = 0 (§14.4).
          if (E.isLeft(bound)) {
            expect(bound.left).toMatch(/φ = F\(min\(ū_i, ū_k\)\) = 0/)
            return
          }
          checked++
          expect(harm.lte(bound.right.value), `harm ${harm} > bound ${bound.right.value} at cost ${cost}`).toBe(true)
        },
      ),
      { numRuns: runs(60) },
    )
    expect(checked).toBeGreaterThan(runs(60) / 2)
  })

  it('on the example at T = 2·10^4 (noise-free), shade:x by the loser for x = 0.1 … 0.4: the bound holds and is within 2× the harm', () => {
    const model = rightOrFail(buildInstanceModel(example('none')))
    const T = 20_000
    const eps = new Decimal('0.25')
    const ctx = rightOrFail(harmBoundContext(model, T, eps))
    for (const delta of ['0.05', '0.1', '0.5'].map((s) => new Decimal(s)))
      for (const x of ['0.1', '0.2', '0.3', '0.4'].map((s) => new Decimal(s))) {
        const mech = sbd(eps, true, delta)
        const star = outcome(model, mech, [recommended, recommended], T, 1)
        const dev = outcome(model, mech, [recommended, explorationShading(x)], T, 1)
        const cost = star.profit(1).minus(dev.profit(1))
        const harm = star.U.minus(dev.U)
        const bound = rightOrFail(harmBound(ctx, 1, cost, delta)).value
        expect(harm.lte(bound), `δ=${delta} x=${x}: harm ${harm} > ${bound}`).toBe(true)
        // Not vacuous: the shade's harm is a real fraction of the bound (a's floor 0.3 caps it for x > 0.3).
        if (x.lte('0.3')) expect(harm.times(2).gte(bound), `δ=${delta} x=${x}: harm ${harm}, bound ${bound}`).toBe(true)
      }
  })
})

describe('Proposition 14.4: a winner without rent can do Θ(T) harm at no cost (§14.4)', () => {
  it('noise-free, F_a ≡ 0: honest exploration then full cheat costs a exactly 0 and costs the user ≥ 0.3·T', () => {
    const base = example('none')
    const inst: AbstractInstance = {
      ...base,
      providers: [
        { ...base.providers[0]!, honestProfit: ZERO, segments: [{ length: new Decimal('0.5'), slope: ZERO }] },
        base.providers[1]!,
      ],
    }
    const model = rightOrFail(buildInstanceModel(inst))
    expect([model.assumptions.A.holds, model.assumptions.D.holds, model.assumptions.IR.holds]).toStrictEqual([true, true, true])
    const T = 100_000
    const eps = new Decimal('0.25')
    for (const delta of [ZERO, new Decimal('0.1')]) {
      const mech = sbd(eps, true, delta)
      const star = outcome(model, mech, [recommended, recommended], T, 1)
      const dev = outcome(model, mech, [cheatAsServer, recommended], T, 1)
      expect(star.profit(0).minus(dev.profit(0))).toStrictEqual(ZERO)
      const harm = star.U.minus(dev.U)
      expect(harm.gte(new Decimal(T).times('0.3')), `harm ${harm}`).toBe(true)
      expect(harm.toFixed(6)).toBe('30981.670280')
      const bound = harmBound(rightOrFail(harmBoundContext(model, T, eps)), 0, ZERO, delta)
      expect(E.isLeft(bound)).toBe(true)
    }
  })
})

describe('Proposition 14.5: without the bonus, and with the rebate off, harm is Θ(T) at cost ≤ R (§14.5)', () => {
  it('exact on the noise-free example at T = 10^5: harm ≥ the lower bound ≥ 0.19·T, cost ≤ its upper bound', () => {
    const model = rightOrFail(buildInstanceModel(example('none')))
    const T = 100_000
    const eps = new Decimal('0.25')
    const ctx = rightOrFail(harmBoundContext(model, T, eps))
    const x = new Decimal('0.4')
    for (const [rebate, delta] of [
      [true, ZERO],
      [false, ZERO],
      [true, new Decimal('0.1')],
    ] as const) {
      const mech = sbd(eps, rebate, delta)
      const star = outcome(model, mech, [recommended, recommended], T, 1)
      const dev = outcome(model, mech, [recommended, explorationShading(x)], T, 1)
      const harm = star.U.minus(dev.U)
      const cost = star.profit(1).minus(dev.profit(1))
      const b = rightOrFail(shadeBounds(ctx, 1, x, delta, rebate))
      expect(harm.gte(b.harmLower), `harm ${harm} < ${b.harmLower}`).toBe(true)
      expect(cost.lte(b.costUpper), `cost ${cost} > ${b.costUpper}`).toBe(true)
      if (delta.isZero()) {
        expect(b.harmLower.gte(new Decimal(T).times('0.19'))).toBe(true)
        expect(b.costUpper.lte(model.R)).toBe(true)
      }
    }
  })

  it('the upper bound with δ = 0 is at least K·(ū_b − μ^min_b): no better than trivial, as Proposition 14.5 says it cannot be', () => {
    const model = rightOrFail(buildInstanceModel(example('bernoulli')))
    const ctx = rightOrFail(harmBoundContext(model, 100_000, new Decimal('0.25')))
    const b = rightOrFail(harmBound(ctx, 1, ONE, ZERO))
    expect(b.canWin).toBe(false)
    expect(b.value.gte(new Decimal(ctx.constants.monitoredMax).times('0.4'))).toBe(true)
    // With δ = 0.1 the same tolerance buys at most 347.09 USD: the factor 96 of §14.3.
    const with01 = rightOrFail(harmBound(ctx, 1, ONE, new Decimal('0.1')))
    expect(with01.value.toFixed(2)).toBe('347.09')
    expect(b.value.div(with01.value).gt(95)).toBe(true)
  })
})

describe('harmBound, bonusCost and bonusMinimizingWorstCase: the contract (§14.3, §14.6)', () => {
  it('refuses out-of-scope inputs, and is non-decreasing in ζ', () => {
    const three = rightOrFail(
      buildInstanceModel({
        ...example('bernoulli'),
        providers: [...example('bernoulli').providers, { ...example('bernoulli').providers[1]!, id: 'c' }],
      }),
    )
    expect(E.isLeft(harmBoundContext(three, 10_000, new Decimal('0.25')))).toBe(true)
    fc.assert(
      fc.property(llmInstance(2), (inst) => {
        const m = buildInstanceModel(inst)
        fc.pre(E.isRight(m))
        expect(E.isLeft(harmBoundContext(m.right, 10_000_000, new Decimal('0.25')))).toBe(true)
      }),
      { numRuns: 5 },
    )
    const ctx = rightOrFail(harmBoundContext(rightOrFail(buildInstanceModel(example('bernoulli'))), 100_000, new Decimal('0.25')))
    expect(E.isLeft(harmBound(ctx, 2, ONE, ZERO))).toBe(true)
    expect(E.isLeft(harmBound(ctx, 0, new Decimal(-1), ZERO))).toBe(true)
    expect(E.isLeft(harmBound(ctx, 0, ONE, new Decimal(-1)))).toBe(true)
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        bonusArb,
        fc.integer({ min: 0, max: 1 }),
        (a, b, delta, i) => {
          const lo = rightOrFail(harmBound(ctx, i, new Decimal(Math.min(a, b)), delta)).value
          const hi = rightOrFail(harmBound(ctx, i, new Decimal(Math.max(a, b)), delta)).value
          expect(lo.lte(hi)).toBe(true)
        },
      ),
      { numRuns: runs(100) },
    )
  })

  it('the bonus cost is δ·L·Σ(ū_k − x_lo); the chosen δ does at least as well as δ = 0 and δ = 0.1', () => {
    const ctx = rightOrFail(harmBoundContext(rightOrFail(buildInstanceModel(example('bernoulli'))), 100_000, new Decimal('0.25')))
    expect(bonusCost(ctx, new Decimal('0.1'))).toStrictEqual(new Decimal('787.36'))
    const best = rightOrFail(bonusMinimizingWorstCase(ctx, ONE))
    const J = (delta: Decimal) =>
      bonusCost(ctx, delta).plus(
        [0, 1].map((i) => rightOrFail(harmBound(ctx, i, ONE, delta)).value).reduce((m, h) => (h.gt(m) ? h : m), ZERO),
      )
    expect(best.worstCase.lte(J(ZERO))).toBe(true)
    expect(best.worstCase.lte(J(new Decimal('0.1')))).toBe(true)
    expect(best.worstCase).toStrictEqual(J(best.delta))
    expect(best.delta.toString()).toBe('0.007')
  })
})
