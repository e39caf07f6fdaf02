/** Slack riding and margin withholding (proofs-notes §5.2). */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/exact/decimal.ts'
import { sbd } from '../../src/mechanism/sbd.ts'
import { simulate } from '../../src/sim/engine.ts'
import { providerUtility } from '../../src/sim/ledger.ts'
import { marginWithholding, recommended, slackRiding } from '../../src/strategy/index.ts'
import { rightOrFail } from '../assertions.ts'
import { runs } from '../settings.ts'
import { profileWith, sbdCase, topProvider } from './arbitraries.ts'

type Details = { readonly fired: readonly unknown[]; readonly targets: readonly { readonly target: string }[] }

describe('slack riding (noise-free, linear frontiers)', () => {
  it('is never fired by SBD and earns more than τ* as the first-ranked server', () => {
    fc.assert(
      fc.property(sbdCase({ noise: 'none' }), (c) => {
        const top = topProvider(c.model)
        const play = (s: typeof recommended) =>
          rightOrFail(simulate(c.model, sbd(c.epsilon, c.rebate), profileWith(c.model.n, top, s, recommended), { T: c.T, seed: c.seed }))
        const riding = play(slackRiding())
        const truthful = play(recommended)
        const details = riding.outcome.details as Details
        expect(details.fired).toEqual([])
        expect(riding.outcome.phases.blindTrustFallback).toBe(0)
        const gain = providerUtility(riding.ledger, top) - providerUtility(truthful.ledger, top)
        const tau = new Decimal(details.targets[0]!.target)
        // It withholds at least as much as τ* in every round, and strictly more in its first one
        // whenever the target leaves room below it (τ > μ^min).
        if (tau.gt(c.model.providers[top]!.cheatMean)) expect(gain > 0n).toBe(true)
        else expect(gain).toBe(0n)
      }),
      { numRuns: runs(100) },
    )
  })

  it('margin withholding (threshold 10R) is never fired by SBD either', () => {
    fc.assert(
      fc.property(sbdCase({ noise: 'none' }), fc.nat(), (c, who) => {
        const index = who % c.model.n
        const r = rightOrFail(
          simulate(c.model, sbd(c.epsilon, c.rebate), profileWith(c.model.n, index, marginWithholding(10), recommended), {
            T: c.T,
            seed: c.seed,
          }),
        )
        expect((r.outcome.details as Details).fired).toEqual([])
      }),
      { numRuns: runs(100) },
    )
  })
})
