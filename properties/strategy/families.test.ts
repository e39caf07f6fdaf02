/** Stationary, endgame and exploration-shading strategies (proofs-notes §5.1, §5.4, §5.5). */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/exact/decimal.ts'
import { sbd } from '../../src/mechanism/sbd.ts'
import { simulate } from '../../src/sim/engine.ts'
import type { Phase } from '../../src/sim/public-view.ts'
import {
  type StationaryAction,
  endgameCheating,
  explorationShading,
  honest,
  recommended,
  stationaryPerPhase,
} from '../../src/strategy/index.ts'
import { rightOrFail } from '../assertions.ts'
import { runs } from '../settings.ts'
import { type SbdCase, profileWith, recordingStrategy, sbdCase } from './arbitraries.ts'

const stationaryAction: fc.Arbitrary<StationaryAction> = fc.oneof(
  fc.constantFrom<StationaryAction>('honest', 'full-cheat'),
  fc.integer({ min: -10, max: 110 }).map((k): StationaryAction => ({ withhold: new Decimal(k).div(100) })),
)

const play = (c: SbdCase, index: number, s: Parameters<typeof recordingStrategy>[0]) => {
  const rec = recordingStrategy(s)
  rightOrFail(
    simulate(c.model, sbd(c.epsilon, c.rebate), profileWith(c.model.n, index, rec.strategy, recommended), { T: c.T, seed: c.seed }),
  )
  return rec.rounds
}

describe('strategy families', () => {
  it('stationaryPerPhase plays its fixed action in each phase (ū − w clamped to [μ^min, ū])', () => {
    fc.assert(
      fc.property(
        sbdCase({ maxT: 2000 }),
        fc.nat(),
        fc.record(
          {
            exploration: stationaryAction,
            exploitation: stationaryAction,
            blindTrustFallback: stationaryAction,
            blindTrustEndgame: stationaryAction,
          },
          { requiredKeys: [] },
        ),
        (c, who, means) => {
          const index = who % c.model.n
          const self = c.model.providers[index]!
          const keyOf = (a: StationaryAction | undefined): string => {
            if (a === undefined || a === 'honest') return self.keyOf(self.honest)
            if (a === 'full-cheat') return self.keyOf(self.fullCheat)
            const m = Decimal.min(self.honestMean, Decimal.max(self.cheatMean, self.honestMean.minus(a.withhold)))
            return self.keyOf({ kind: 'abstract', mean: m })
          }
          for (const p of play(c, index, stationaryPerPhase(means)))
            expect(p.table.key, p.phase).toBe(keyOf(means[p.phase as Exclude<Phase, 'open'>]))
        },
      ),
      { numRuns: runs(100) },
    )
  })

  it('endgameCheating(honest) is honest until the endgame or blind trust, then full cheat', () => {
    fc.assert(
      fc.property(sbdCase({ maxT: 2000 }), fc.nat(), (c, who) => {
        const index = who % c.model.n
        const self = c.model.providers[index]!
        for (const p of play(c, index, endgameCheating(honest))) {
          const blind = p.phase === 'blindTrustEndgame' || p.phase === 'blindTrustFallback'
          expect(p.table.key, p.phase).toBe(self.keyOf(blind ? self.fullCheat : self.honest))
        }
      }),
      { numRuns: runs(100) },
    )
  })

  it('explorationShading(w) delivers ū − w in exploration and plays τ* elsewhere', () => {
    fc.assert(
      fc.property(sbdCase({ maxT: 2000 }), fc.nat(), fc.integer({ min: 0, max: 100 }), (c, who, k) => {
        const index = who % c.model.n
        const self = c.model.providers[index]!
        const w = new Decimal(k).div(100)
        const shaded = self.keyOf(self.deliver(self.honestMean.minus(w)))
        for (const p of play(c, index, explorationShading(w))) {
          if (p.phase === 'exploration') expect(p.table.key).toBe(shaded)
          else if (p.phase === 'exploitation')
            expect(p.table.key).toBe(self.keyOf(self.deliver(new Decimal(p.target).div(c.model.grid.scaleDecimal))))
          else expect(p.table.key).toBe(self.keyOf(self.fullCheat))
        }
      }),
      { numRuns: runs(100) },
    )
  })
})
