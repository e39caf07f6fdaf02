/** Full cheating is the best response to PayTheBill (proofs-notes §4.1, §9.5). */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { payTheBill } from '../../src/mechanism/pay-the-bill.ts'
import { buildInstanceModel } from '../../src/model/instance-model.ts'
import type { Instance } from '../../src/model/types.ts'
import { simulate } from '../../src/sim/engine.ts'
import { providerUtility } from '../../src/sim/ledger.ts'
import { recommended, strategyByName } from '../../src/strategy/index.ts'
import { llmInstance } from '../arbitraries.ts'
import { rightOrFail } from '../assertions.ts'
import { runs } from '../settings.ts'
import { linearInstance, profileWith } from './arbitraries.ts'

describe('full cheat under PayTheBill', () => {
  it('is never below τ* in profit, and on abstract instances beats it by exactly T·(π̄ − π^h)', () => {
    fc.assert(
      fc.property(
        fc.oneof(linearInstance('any') as fc.Arbitrary<Instance>, llmInstance(3) as fc.Arbitrary<Instance>),
        fc.integer({ min: 1, max: 3000 }),
        fc.nat(),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (inst, T, who, seed) => {
          const model = rightOrFail(buildInstanceModel(inst))
          const index = who % model.n
          const cheat = rightOrFail(strategyByName('full-cheat'))
          const run = (s: typeof recommended) =>
            providerUtility(
              rightOrFail(simulate(model, payTheBill(index), profileWith(model.n, index, s, recommended), { T, seed })).ledger,
              index,
            )
          const gain = run(cheat) - run(recommended)
          expect(gain >= 0n, `full cheat earns ${gain} units less than τ*`).toBe(true)
          if (inst.kind === 'abstract') {
            const self = model.providers[index]!
            const perRound = self.cheatProfit.minus(self.honestProfit).times(model.grid.scaleDecimal)
            expect(gain).toBe(BigInt(perRound.times(T).toFixed(0)))
          }
        },
      ),
      { numRuns: runs(100) },
    )
  })
})
