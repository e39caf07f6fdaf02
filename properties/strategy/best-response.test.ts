/** The exact noise-free best response (proofs-notes §5.7, Proposition 6.6). */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/exact/decimal.ts'
import { slackAfter } from '../../src/mechanism/constants.ts'
import { sbd } from '../../src/mechanism/sbd.ts'
import { simulate } from '../../src/sim/engine.ts'
import type { Strategy } from '../../src/sim/interfaces.ts'
import { providerUtility } from '../../src/sim/ledger.ts'
import {
  arbitraryRules,
  bestResponseStrategy,
  endgameCheating,
  explorationShading,
  fullCheat,
  honest,
  marginWithholding,
  mimic,
  noiseFreeSlackRide,
  recommended,
  ruleStrategy,
  slackRiding,
} from '../../src/strategy/index.ts'
import { rightOrFail } from '../assertions.ts'
import { runs } from '../settings.ts'
import { type SbdCase, profileWith, sbdCase, topProvider } from './arbitraries.ts'

const profitUnits = (c: SbdCase, index: number, s: Strategy): bigint =>
  providerUtility(
    rightOrFail(simulate(c.model, sbd(c.epsilon, c.rebate), profileWith(c.model.n, index, s, recommended), { T: c.T, seed: c.seed }))
      .ledger,
    index,
  )

const units = (c: SbdCase, d: Decimal): bigint => {
  const u = d.times(c.model.grid.scaleDecimal)
  expect(u.isInteger(), `${d.toString()} is not on the money grid`).toBe(true)
  return BigInt(u.toFixed(0))
}

describe('noise-free best response against SBD', () => {
  it('closed form (Decimal) = simulator ledger, exactly, and it is never fired', () => {
    fc.assert(
      fc.property(sbdCase({ noise: 'none', maxT: 3000 }), (c) => {
        const top = topProvider(c.model)
        const br = rightOrFail(noiseFreeSlackRide(c.model, c.constants, top, { rebate: c.rebate }))
        const r = rightOrFail(
          simulate(c.model, sbd(c.epsilon, c.rebate), profileWith(c.model.n, top, bestResponseStrategy(br), recommended), {
            T: c.T,
            seed: c.seed,
          }),
        )
        expect(providerUtility(r.ledger, top)).toBe(units(c, br.profit))
        expect(r.ledger.serviceProfit[top]).toBe(units(c, br.explorationProfit.plus(br.stintProfit).plus(br.endgameProfit)))
        expect(r.ledger.transfers[top]).toBe(units(c, br.rebate))
        expect(r.outcome.details.fired).toEqual([])
        expect(br.rounds).toBe(c.T - (c.model.n + 1) * c.constants.L)
        expect(r.ledger.roundsServed[top]).toBe(br.rounds + 2 * c.constants.L)
        const targets = r.outcome.details.targets as readonly { readonly target: string }[]
        expect(new Decimal(targets[0]!.target).eq(br.target)).toBe(true)
        // The withheld amount K·τ − S_K never exceeds the slack c(K).
        expect(br.withheld.lte(slackAfter(c.constants, br.rounds))).toBe(true)
      }),
      { numRuns: runs(100) },
    )
  })

  it('is at least as profitable as every other strategy family (linear frontier)', () => {
    fc.assert(
      fc.property(sbdCase({ noise: 'none', maxT: 2000 }), arbitraryRules(), fc.integer({ min: 0, max: 100 }), (c, rules, pct) => {
        const top = topProvider(c.model)
        const self = c.model.providers[top]!
        const br = rightOrFail(noiseFreeSlackRide(c.model, c.constants, top, { rebate: c.rebate }))
        const best = units(c, br.profit)
        const fraction = new Decimal(pct).div(100)
        const span = self.honestMean.minus(self.cheatMean)
        const rivals: readonly Strategy[] = [
          recommended,
          honest,
          fullCheat,
          slackRiding(),
          marginWithholding(10),
          endgameCheating(honest),
          explorationShading(span.times(fraction)),
          mimic(self.cheatMean.plus(span.times(fraction))),
          ruleStrategy(rules),
        ]
        for (const s of rivals) {
          const p = profitUnits(c, top, s)
          expect(p <= best, `${s.name}: ${p} > best response ${best} units`).toBe(true)
        }
      }),
      { numRuns: runs(100) },
    )
  })
})
