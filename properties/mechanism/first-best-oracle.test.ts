/** FirstBestOracle (proofs-notes §4.5). */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { firstBestOracle } from '../../src/mechanism/first-best-oracle.ts'
import type { InstanceModel } from '../../src/model/instance-model.ts'
import { userUtility } from '../../src/sim/ledger.ts'
import { fullCheat, honest } from '../../src/strategy/basic.ts'
import { runs } from '../settings.ts'
import { abstractInstance, horizon, seed, strategyChoice } from './arbitraries.ts'
import { checkInvariants, expectedSlaFirings, firedOf, modelOf, run, strategyFor, units } from './harness.ts'

/** Providers by ū, descending, ties to the lower index (computed here by selection). */
const byBestService = (model: InstanceModel): number[] => {
  const left = model.providers.map((_, i) => i)
  const out: number[] = []
  while (left.length > 0) {
    let k = 0
    for (let m = 1; m < left.length; m++) if (model.providers[left[m]!]!.honestMean.gt(model.providers[left[k]!]!.honestMean)) k = m
    out.push(left.splice(k, 1)[0]!)
  }
  return out
}

describe('FirstBestOracle', () => {
  it('gives U = T·ū_(1) exactly under the honest profile on noise-free instances, with nobody fired', () => {
    fc.assert(
      fc.property(abstractInstance({ noise: 'none' }), horizon(), seed, (inst, T, s) => {
        const model = modelOf(inst)
        const rec = run(
          model,
          firstBestOracle(),
          model.providers.map(() => honest),
          T,
          s,
        )
        checkInvariants(model, rec, T)
        const best = byBestService(model)[0]!
        expect(userUtility(rec.result.ledger)).toBe(units(model, model.providers[best]!.honestMean) * BigInt(T))
        expect(rec.result.ledger.roundsServed[best]).toBe(T)
        expect(firedOf(rec.result.outcome.details)).toEqual([])
        expect(rec.result.outcome.phases.exploitation).toBe(T)
      }),
      { numRuns: runs(100) },
    )
  })

  it('demands each server its own ū, in order of ū, firing full cheaters exactly when the test says (noise-free)', () => {
    fc.assert(
      fc.property(abstractInstance({ noise: 'none' }), horizon(), seed, (inst, T, s) => {
        const model = modelOf(inst)
        const rec = run(
          model,
          firstBestOracle(),
          model.providers.map(() => fullCheat),
          T,
          s,
        )
        checkInvariants(model, rec, T)
        const order = byBestService(model)
        const targets = order.slice(0, -1).map((i) => units(model, model.providers[i]!.honestMean))
        const d = rec.result.outcome.details
        expect(d.order).toEqual(order.map((i) => model.providers[i]!.id))
        expect((d.targets as { target: string }[]).map((t) => t.target)).toEqual(
          order.slice(0, -1).map((i) => model.providers[i]!.honestMean.toString()),
        )
        const x = model.providers.map((p) => units(model, p.cheatMean))
        expect(firedOf(d)).toEqual(expectedSlaFirings(model, order, targets, x, T))
      }),
      { numRuns: runs(100) },
    )
  })

  it('keeps the run invariants and never fires the last provider under any strategies', () => {
    fc.assert(
      fc.property(abstractInstance(), horizon(), seed, fc.array(strategyChoice, { minLength: 5, maxLength: 5 }), (inst, T, s, choices) => {
        const model = modelOf(inst)
        const rec = run(
          model,
          firstBestOracle(),
          model.providers.map((_, i) => strategyFor(choices[i]!)),
          T,
          s,
        )
        checkInvariants(model, rec, T)
        const order = byBestService(model)
        const fired = firedOf(rec.result.outcome.details)
        expect(fired.map((f) => f.provider)).toEqual(order.slice(0, fired.length).map((i) => model.providers[i]!.id))
        expect(fired.length).toBeLessThan(model.n)
        expect(rec.result.outcome.transfers.every((z) => z === 0n)).toBe(true)
      }),
      { numRuns: runs(100) },
    )
  })
})
