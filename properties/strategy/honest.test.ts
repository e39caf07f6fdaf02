/** Honest strategies never withhold (proofs-notes §5.1). */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { OutcomeTable } from '../../src/model/outcome-table.ts'
import { sbd } from '../../src/mechanism/sbd.ts'
import { simulate } from '../../src/sim/engine.ts'
import type { Strategy } from '../../src/sim/interfaces.ts'
import { fullCheat, recommended, slackRiding, stationaryPerPhase, strategyByName } from '../../src/strategy/index.ts'
import { rightOrFail } from '../assertions.ts'
import { runs } from '../settings.ts'
import { profileWith, recordingStrategy, sbdCase } from './arbitraries.ts'

const honestVariants: readonly (readonly [string, () => Strategy])[] = [
  ['strategyByName(honest)', () => rightOrFail(strategyByName('honest'))],
  ['stationaryPerPhase({})', () => stationaryPerPhase({})],
  [
    'stationaryPerPhase(all honest)',
    () =>
      stationaryPerPhase({
        exploration: 'honest',
        exploitation: 'honest',
        blindTrustFallback: 'honest',
        blindTrustEndgame: 'honest',
        open: 'honest',
      }),
  ],
]

describe('honest strategies', () => {
  it('never withhold: every action played is h, and the mean of the chosen actions is ū', () => {
    fc.assert(
      fc.property(
        sbdCase({ maxT: 3000 }),
        fc.nat(),
        fc.constantFrom(...honestVariants),
        fc.constantFrom<Strategy>(recommended, fullCheat, slackRiding()),
        (c, who, [, make], others) => {
          const index = who % c.model.n
          const rec = recordingStrategy(make())
          const r = rightOrFail(
            simulate(c.model, sbd(c.epsilon, c.rebate), profileWith(c.model.n, index, rec.strategy, others), { T: c.T, seed: c.seed }),
          )
          const self = c.model.providers[index]!
          expect(rec.played.length).toBe(r.ledger.roundsServed[index])
          expect(rec.played.length).toBeGreaterThanOrEqual(r.outcome.details.L as number)
          const honestKey = self.keyOf(self.honest)
          for (const t of rec.played) expect(t.key).toBe(honestKey)
          // The mean of the chosen actions, from the compiled tables (expected X of each, in units).
          const scale = c.model.grid.scaleDecimal
          const ubar = Number(self.honestMean.times(scale).toFixed(0))
          const expectedX = (t: OutcomeTable): number => {
            const lo = t.x[0]!
            const hi = t.x[t.x.length - 1]!
            return lo + ((hi - lo) * t.branchThreshold) / 2 ** 32
          }
          const total = rec.played.reduce((s, t) => s + expectedX(t), 0)
          if (c.inst.noise === 'none') expect(total).toBe(ubar * rec.played.length)
          // Bernoulli: the success probability is rounded up to 2^-32, so within one unit of ū.
          else expect(Math.abs(total / rec.played.length - ubar)).toBeLessThanOrEqual(1)
        },
      ),
      { numRuns: runs(100) },
    )
  })
})
