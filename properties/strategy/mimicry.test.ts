/** Mimicry of a weaker type (proofs-notes §5.3). */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/exact/decimal.ts'
import { sbd } from '../../src/mechanism/sbd.ts'
import { simulate } from '../../src/sim/engine.ts'
import { mimic, recommended, strategyByName } from '../../src/strategy/index.ts'
import { rightOrFail } from '../assertions.ts'
import { runs } from '../settings.ts'
import { profileWith, recordingStrategy, sbdCase } from './arbitraries.ts'

type Details = { readonly explorationMeans: readonly { readonly provider: string; readonly mean: string }[] }

describe('mimicry (noise-free)', () => {
  it("measures exactly ū' in exploration and plays the weaker type's τ* in every round", () => {
    fc.assert(
      fc.property(
        sbdCase({ noise: 'none', maxT: 3000 }),
        fc.nat(),
        fc.integer({ min: 0, max: 1000 }),
        fc.boolean(),
        (c, who, k, byName) => {
          const index = who % c.model.n
          const self = c.model.providers[index]!
          // ū' on the 0.01 grid, anywhere in [μ^min, ū].
          const lo = self.cheatMean.times(100).toNumber()
          const hi = self.honestMean.times(100).toNumber()
          const cap = new Decimal(lo + (k % (hi - lo + 1))).div(100)
          const s = byName ? rightOrFail(strategyByName(`mimic:${cap.toString()}`)) : mimic(cap)
          const rec = recordingStrategy(s)
          const r = rightOrFail(
            simulate(c.model, sbd(c.epsilon, c.rebate), profileWith(c.model.n, index, rec.strategy, recommended), { T: c.T, seed: c.seed }),
          )
          const measured = (r.outcome.details as Details).explorationMeans[index]!
          expect(measured.provider).toBe(self.id)
          expect(new Decimal(measured.mean).eq(cap), `Û = ${measured.mean}, ū' = ${cap.toString()}`).toBe(true)
          // Round by round, the recommended profile of the type capped at ū': ū' in exploration,
          // min(τ, ū') (rounded up to the action grid) as monitored server, μ^min in blind trust.
          const scale = c.model.grid.scaleDecimal
          const capUnits = cap.times(scale).toNumber()
          const step = scale.div(1e6).toNumber()
          const cheatUnits = self.cheatMean.times(scale).toNumber()
          for (const p of rec.rounds) {
            const x = p.table.x[0]!
            if (p.phase === 'exploration') expect(x).toBe(capUnits)
            else if (p.monitored) expect(x).toBe(Math.max(cheatUnits, Math.min(capUnits, Math.ceil(p.target / step) * step)))
            else expect(x).toBe(cheatUnits)
          }
        },
      ),
      { numRuns: runs(100) },
    )
  })
})
