/** PayTheBill (proofs-notes §4.1). */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/exact/decimal.ts'
import { payTheBill } from '../../src/mechanism/pay-the-bill.ts'
import { userUtility } from '../../src/sim/ledger.ts'
import { streamOf } from '../../src/sim/rng.ts'
import { fullCheat } from '../../src/strategy/basic.ts'
import { runs } from '../settings.ts'
import { abstractInstance, horizon, seed, strategyChoice } from './arbitraries.ts'
import { checkInvariants, modelOf, run, strategyFor, units } from './harness.ts'

/** An instance, a provider index of it, a horizon and a seed. */
const setup = (noise: 'bernoulli' | 'none' | 'any') =>
  abstractInstance({ noise }).chain((inst) =>
    fc.record({
      inst: fc.constant(inst),
      provider: fc.integer({ min: 0, max: inst.providers.length - 1 }),
      T: horizon(),
      seed,
    }),
  )

describe('PayTheBill', () => {
  it('sends every round to the fixed provider, under any strategies, with the run invariants', () => {
    fc.assert(
      fc.property(
        setup('any').chain((s) => fc.record({ s: fc.constant(s), choices: fc.array(strategyChoice, { minLength: 5, maxLength: 5 }) })),
        ({ s, choices }) => {
          const model = modelOf(s.inst)
          const strategies = model.providers.map((_, i) => strategyFor(choices[i]!))
          const rec = run(model, payTheBill(s.provider), strategies, s.T, s.seed)
          checkInvariants(model, rec, s.T)
          expect(rec.allocations.every((i) => i === s.provider)).toBe(true)
          expect(rec.result.ledger.roundsServed[s.provider]).toBe(s.T)
          expect(rec.result.outcome.phases.open).toBe(s.T)
          expect(rec.result.outcome.transfers.every((z) => z === 0n)).toBe(true)
          expect(rec.result.outcome.details.provider).toBe(model.providers[s.provider]!.id)
        },
      ),
      { numRuns: runs(100) },
    )
  })

  it('gives U = T·μ^min exactly under full cheating on noise-free instances', () => {
    fc.assert(
      fc.property(setup('none'), (s) => {
        const model = modelOf(s.inst)
        const rec = run(model, payTheBill(s.provider), model.providers.map(() => fullCheat), s.T, s.seed)
        const muMin = model.providers[s.provider]!.cheatMean
        expect(userUtility(rec.result.ledger)).toBe(units(model, muMin) * BigInt(s.T))
      }),
      { numRuns: runs(100) },
    )
  })

  it('gives a Monte Carlo mean of U/T within 5 standard errors of μ^min under full cheating on Bernoulli instances', () => {
    const SEEDS = 4
    fc.assert(
      fc.property(setup('bernoulli'), (s) => {
        const model = modelOf(s.inst)
        const p = model.providers[s.provider]!
        // The realized mean (the Bernoulli probability is rounded up to the uniform's resolution).
        const mu = p.meanOf(p.fullCheat)
        let total = 0n
        for (let k = 0; k < SEEDS; k++) {
          const rec = run(model, payTheBill(s.provider), model.providers.map(() => fullCheat), s.T, s.seed + k)
          total += userUtility(rec.result.ledger)
        }
        const samples = SEEDS * s.T
        const mean = new Decimal(total.toString()).div(model.grid.scaleDecimal).div(samples)
        const q = mu.minus(model.xLo).div(model.R)
        const sd = model.R.times(q.times(new Decimal(1).minus(q)).sqrt())
        const se = sd.div(new Decimal(samples).sqrt())
        expect(mean.minus(mu).abs().lte(se.times(5).plus('1e-12'))).toBe(true)
      }),
      { numRuns: runs(100) },
    )
  })

  it('rejects a provider index outside the instance', () => {
    fc.assert(
      fc.property(abstractInstance(), fc.integer({ min: -3, max: 10 }), (inst, provider) => {
        const model = modelOf(inst)
        const started = payTheBill(provider).start({ model, T: 10, rng: streamOf(1, { kind: 'mechanism' }) })
        expect(E.isRight(started)).toBe(provider >= 0 && provider < model.n)
        if (E.isLeft(started)) expect(started.left).toMatch(/^provider: /)
      }),
      { numRuns: runs(100) },
    )
  })
})
