/** The engine: accounting identity, determinism and booked amounts (proofs-notes §9.1, §9.2, §2.1). */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { fromUnits } from '../../src/exact/grid.ts'
import { roundRobin } from '../../src/mechanism/round-robin.ts'
import { buildInstanceModel } from '../../src/model/instance-model.ts'
import type { Instance } from '../../src/model/types.ts'
import type { Mechanism, Strategy } from '../../src/sim/interfaces.ts'
import { simulate } from '../../src/sim/engine.ts'
import { nextUint32, streamOf } from '../../src/sim/rng.ts'
import { fullCheat, honest, recommended } from '../../src/strategy/basic.ts'
import { abstractInstance, llmInstance, seedArb } from '../arbitraries.ts'
import { expectIdentity, rightOrFail } from '../assertions.ts'
import { referenceOutcome } from '../reference-engine.ts'
import { runs } from '../settings.ts'

const anyInstance: fc.Arbitrary<Instance> = fc.oneof(abstractInstance(), llmInstance())
const strategyArb = fc.constantFrom<Strategy>(honest, fullCheat, recommended)
const profileFor = (n: number) => fc.array(strategyArb, { minLength: n, maxLength: n })

const caseArb = anyInstance.chain((inst) =>
  fc.record({ inst: fc.constant(inst), profile: profileFor(inst.providers.length), T: fc.integer({ min: 1, max: 400 }), seed: seedArb }),
)

const run = (inst: Instance, m: Mechanism, profile: readonly Strategy[], T: number, seed: number) =>
  rightOrFail(simulate(rightOrFail(buildInstanceModel(inst)), m, profile, { T, seed }))

describe('engine', () => {
  it('keeps the accounting identity U + ΣΠ = Σ(X+Y) exactly on every run', () => {
    fc.assert(
      fc.property(caseArb, ({ inst, profile, T, seed }) => {
        const r = run(inst, roundRobin, profile, T, seed)
        expectIdentity(r)
        expect(r.ledger.roundsServed.reduce((a, b) => a + b, 0)).toBe(T)
      }),
      { numRuns: runs(200) },
    )
  })

  it('is deterministic: the same seed gives an identical ledger', () => {
    fc.assert(
      fc.property(caseArb, ({ inst, profile, T, seed }) => {
        const a = run(inst, roundRobin, profile, T, seed)
        const b = run(inst, roundRobin, profile, T, seed)
        expect(JSON.stringify(a.ledger, (_, v) => (typeof v === 'bigint' ? v.toString() : v))).toBe(
          JSON.stringify(b.ledger, (_, v) => (typeof v === 'bigint' ? v.toString() : v)),
        )
      }),
      { numRuns: runs(200) },
    )
  })

  it('books exactly what the Decimal formulas of the model give (honest and full-cheat rounds)', () => {
    fc.assert(
      fc.property(caseArb, ({ inst, T, seed }) => {
        const n = inst.providers.length
        const model = rightOrFail(buildInstanceModel(inst))
        const cheat = fc.sample(fc.array(fc.boolean(), { minLength: n, maxLength: n }), { seed, numRuns: 1 })[0]!
        const profile = cheat.map((c) => (c ? fullCheat : honest))
        const r = rightOrFail(simulate(model, roundRobin, profile, { T: Math.min(T, 120), seed }))
        // Replay with the reference: same uniforms, Decimal outcomes.
        const rng = streamOf(seed, { kind: 'outcomes' })
        let totalX = fromUnits(model.grid, 0)
        const profit = model.providers.map(() => fromUnits(model.grid, 0))
        for (let t = 1; t <= Math.min(T, 120); t++) {
          const i = (t - 1) % n
          const p = model.providers[i]!
          const o = referenceOutcome(inst, i, cheat[i] ? p.fullCheat : p.honest, nextUint32(rng), nextUint32(rng), nextUint32(rng))
          totalX = totalX.plus(o.x)
          profit[i] = profit[i]!.plus(o.y)
        }
        expect(fromUnits(model.grid, r.ledger.totalX).eq(totalX)).toBe(true)
        for (const [i, y] of profit.entries()) expect(fromUnits(model.grid, r.ledger.serviceProfit[i]!).eq(y)).toBe(true)
      }),
      { numRuns: runs(200) },
    )
  })

  it('rejects a profile of the wrong size and a bad horizon, naming them', () => {
    const inst = fc.sample(abstractInstance({ minProviders: 2, maxProviders: 2 }), { seed: 1, numRuns: 1 })[0]!
    const model = rightOrFail(buildInstanceModel(inst))
    const wrong = simulate(model, roundRobin, [honest], { T: 10, seed: 1 })
    expect(E.isLeft(wrong) && wrong.left.startsWith('strategies:')).toBe(true)
    const badT = simulate(model, roundRobin, [honest, honest], { T: 0, seed: 1 })
    expect(E.isLeft(badT) && badT.left.startsWith('horizon:')).toBe(true)
  })
})
