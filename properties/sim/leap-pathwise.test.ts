/**
 * The leaping engine, pathwise (proofs-notes §13.6, check (c)): in debug mode it verifies at every
 * block, before booking it, that no round before the block's last could have changed the
 * mechanism's state under any outcomes in the public range, and that every serving strategy
 * returns the same action at each of its rounds of the block at both extremes of the stint's sum.
 * Over random abstract and LLM instances, horizons, ε, rebate settings and profiles of the §5
 * families, every run passes, and the run's phases keep the exact lengths of §9.3. Two
 * deliberately wrong variants are caught: a block one round too long near a firing (the
 * mechanism's `leapSlip`), and a strategy that claims one round more stability than it has.
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { ceilPow } from '../../src/exact/ceil-pow.ts'
import { Decimal, ONE, ZERO } from '../../src/exact/decimal.ts'
import { sbdConstants } from '../../src/mechanism/constants.ts'
import { prepareFiringTest } from '../../src/mechanism/firing-test.ts'
import { sbd, sbdMachine, targetMix } from '../../src/mechanism/sbd.ts'
import { buildInstanceModel } from '../../src/model/instance-model.ts'
import type { Instance } from '../../src/model/types.ts'
import { simulate } from '../../src/sim/engine.ts'
import { SHORT_BLOCK } from '../../src/sim/leap.ts'
import type { Mechanism, Strategy } from '../../src/sim/interfaces.ts'
import { ruleStrategy } from '../../src/strategy/adaptive.ts'
import { marginWithholding } from '../../src/strategy/slack-riding.ts'
import { abstractInstance, llmInstance, seedArb } from '../arbitraries.ts'
import { rightOrFail } from '../assertions.ts'
import { runs } from '../settings.ts'
import { cheatAsServer, strategyArb } from './leap-cases.ts'

const epsilonArb = fc.integer({ min: 200, max: 450 }).map((k) => new Decimal(k).div(1000))

/** (instance, T, ε) with SBD feasible and T ≤ 30,000. */
const caseOf = (instances: fc.Arbitrary<Instance>) =>
  instances.chain((inst) =>
    fc
      .record({ eps: epsilonArb, extra: fc.integer({ min: 0, max: 20_000 }), seed: seedArb, rebate: fc.boolean() })
      .map(({ eps, extra, seed, rebate }) => {
        const n = inst.providers.length
        let T = Math.max(n + 2, Math.floor((n + 1) ** (1 / eps.toNumber()) * 0.9))
        while (T <= 30_000 && T < (n + 1) * ceilPow(T, ONE.minus(eps)) + 1) T = Math.max(T + 1, Math.ceil(T * 1.01))
        return { inst, eps, T: Math.min(30_000, T + extra), seed, rebate }
      }),
  )

const mechanismArb = (eps: Decimal, rebate: boolean): fc.Arbitrary<Mechanism> =>
  fc.constantFrom(sbd(eps, rebate), targetMix(new Decimal('0.5'), eps, rebate))

const leapsCleanly = (inst: Instance, T: number, eps: Decimal, seed: number, mech: Mechanism, profile: Strategy[]): void => {
  const model = rightOrFail(buildInstanceModel(inst))
  const c = sbdConstants(T, model.n, eps, model.R)
  if (E.isLeft(c)) return
  const L = c.right.L
  // Both block floors (§13.3): the default, and 2, which leaps every block of two rounds or more.
  for (const shortBlock of [SHORT_BLOCK, 2]) {
    const r = simulate(model, mech, profile, { T, seed, engine: 'leap', debug: true, shortBlock })
    expect(r, `${mech.name} ${profile.map((s) => s.name).join(', ')} T=${T}, blocks from ${shortBlock}`).toSatisfy(E.isRight)
    const run = rightOrFail(r)
    const p = run.outcome.phases
    expect(p.exploration).toBe(model.n * L)
    expect(p.blindTrustEndgame).toBe(L)
    expect(p.exploitation + p.blindTrustFallback).toBe(T - (model.n + 1) * L)
    expect(run.ledger.roundsServed.reduce((a, b) => a + b, 0)).toBe(T)
    expect(run.leap!.roundsLeapt).toBeLessThanOrEqual(T)
  }
}

describe('the leaping engine in debug mode (proofs-notes §13.6 (c))', () => {
  it('verifies every block on random abstract instances and profiles of the §5 families', () => {
    const cases = caseOf(abstractInstance({ maxProviders: 4, minRangePercent: 20 })).chain((c) =>
      fc
        .record({
          mech: mechanismArb(c.eps, c.rebate),
          profile: fc.array(strategyArb, { minLength: c.inst.providers.length, maxLength: c.inst.providers.length }),
        })
        .map((x) => ({ ...c, ...x })),
    )
    fc.assert(
      fc.property(cases, ({ inst, T, eps, seed, mech, profile }) => leapsCleanly(inst, T, eps, seed, mech, profile)),
      { numRuns: runs(20) },
    )
  })

  it('verifies every block on random LLM instances', () => {
    const cases = caseOf(llmInstance(3)).chain((c) =>
      fc
        .record({ profile: fc.array(strategyArb, { minLength: c.inst.providers.length, maxLength: c.inst.providers.length }) })
        .map((x) => ({ ...c, ...x })),
    )
    fc.assert(
      fc.property(cases, ({ inst, T, eps, rebate, seed, profile }) => leapsCleanly(inst, T, eps, seed, sbd(eps, rebate), profile)),
      { numRuns: runs(10) },
    )
  })

  it('verifies every block of rule strategies whose rules switch at a round or a margin (§5.6)', () => {
    const rules = fc.record({
      fraction: fc.integer({ min: 1, max: 9 }).map((k) => k / 10),
      margin: fc.integer({ min: 0, max: 10 }),
      play: fc.constantFrom<'honest' | 'full-cheat'>('honest', 'full-cheat'),
    })
    const cases = caseOf(abstractInstance({ maxProviders: 3, minRangePercent: 20, noise: 'bernoulli' })).chain((c) =>
      rules.map((r) => ({ ...c, r })),
    )
    fc.assert(
      fc.property(cases, ({ inst, T, eps, seed, rebate, r }) => {
        const strategy = ruleStrategy([
          { when: { roundFractionAtLeast: r.fraction }, play: r.play },
          { when: { phase: 'exploitation', marginAboveR: r.margin }, play: 'full-cheat' },
        ])
        leapsCleanly(inst, T, eps, seed, sbd(eps, rebate), Array(inst.providers.length).fill(strategy))
      }),
      { numRuns: runs(10) },
    )
  })

  it('catches a block one round too long near a firing', () => {
    const slipped = (eps: Decimal, rebate: boolean): Mechanism =>
      sbdMachine({ epsilon: eps, rebate, lambda: ZERO, prepareTest: prepareFiringTest, enforced: true, name: 'slipped', leapSlip: 1 })
    const cases = caseOf(abstractInstance({ maxProviders: 3, minRangePercent: 30, noise: 'bernoulli' }))
    const caught = fc.sample(cases, { numRuns: 20, seed: 7 }).filter(({ inst, T, eps, rebate, seed }) => {
      const model = rightOrFail(buildInstanceModel(inst))
      if (E.isLeft(sbdConstants(T, model.n, eps, model.R))) return false
      const r = simulate(model, slipped(eps, rebate), Array(model.n).fill(cheatAsServer), {
        T,
        seed,
        engine: 'leap',
        debug: true,
        shortBlock: 2,
      })
      return E.isLeft(r) && r.left.includes('fires at the worst outcomes')
    })
    expect(caught.length).toBeGreaterThan(10)
  })

  it('catches a strategy that claims one round more stability than it has', () => {
    const overclaiming = (base: Strategy): Strategy => ({
      name: `overclaiming(${base.name})`,
      start: (ctx) => {
        const run = base.start(ctx)
        return { act: run.act, stableFor: (view) => (run.stableFor?.(view) ?? 1) + 1 }
      },
    })
    const cases = caseOf(abstractInstance({ maxProviders: 2, minProviders: 2, minRangePercent: 30, noise: 'bernoulli' }))
    const caught = fc.sample(cases, { numRuns: 20, seed: 11 }).filter(({ inst, T, eps, rebate, seed }) => {
      const model = rightOrFail(buildInstanceModel(inst))
      if (E.isLeft(sbdConstants(T, model.n, eps, model.R))) return false
      // Every block leapt (floor 2): near its threshold margin withholding is stable for a few rounds
      // only, and with the default floor such short blocks are played round by round (§13.3).
      const r = simulate(model, sbd(eps, rebate), Array(model.n).fill(overclaiming(marginWithholding(1))), {
        T,
        seed,
        engine: 'leap',
        debug: true,
        shortBlock: 2,
      })
      return E.isLeft(r) && r.left.includes('stableFor too long')
    })
    expect(caught.length).toBeGreaterThan(10)
  })
})
