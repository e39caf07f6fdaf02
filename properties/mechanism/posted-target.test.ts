/** PostedTarget(θ) (proofs-notes §4.3). */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/exact/decimal.ts'
import { slackLogOf } from '../../src/mechanism/constants.ts'
import { postedTarget } from '../../src/mechanism/posted-target.ts'
import type { InstanceModel } from '../../src/model/instance-model.ts'
import type { Strategy } from '../../src/sim/interfaces.ts'
import { streamOf } from '../../src/sim/rng.ts'
import { runs } from '../settings.ts'
import { abstractInstance, fullRangeInstance, horizon, seed, strategyChoice } from './arbitraries.ts'
import { checkInvariants, firedOf, constantMean, expectedSlaFirings, modelOf, run, strategyFor, units } from './harness.ts'

/** θ with up to 10 decimals in [lo, hi]: finer than the money grid, so rounding down matters. */
const theta = (lo = 0, hi = 1): fc.Arbitrary<Decimal> =>
  fc.integer({ min: lo * 10 ** 8, max: hi * 10 ** 8 }).chain((k) =>
    fc.integer({ min: 0, max: 99 }).map((e) =>
      new Decimal(k)
        .times(100)
        .plus(e)
        .div(10 ** 10),
    ),
  )

/** θ rounded down to the grid, in units — computed here with integers. */
const gridTarget = (model: InstanceModel, th: Decimal): bigint => {
  const scaled = th.times(model.grid.scaleDecimal)
  const whole = BigInt(scaled.toFixed(0, Decimal.ROUND_DOWN))
  return scaled.lt(whole.toString()) ? whole - 1n : whole
}

/** Per provider: a mean in cents to deliver (clamped by the provider's frontier). */
const deliveries = fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 5, maxLength: 5 })

/**
 * A strategy that plays `inner` and checks the public view each round it serves: it is the server,
 * the target and stint statistics match what it has delivered, and the slack is `c(j)`.
 */
const viewChecker = (inner: Strategy, problems: string[]): Strategy => ({
  name: `checked(${inner.name})`,
  start: (ctx) => {
    const run = inner.start(ctx)
    const R = Number(units(ctx.model, ctx.model.R))
    const ell = slackLogOf(ctx.T).toNumber()
    let lastT = 0
    let stint = 0
    let sum = 0
    return {
      act: (view) => {
        if (view.server !== ctx.index) problems.push(`t=${view.t}: view.server ${view.server} ≠ ${ctx.index}`)
        if (view.phase === 'exploitation') {
          // A new stint starts whenever the previous round was not ours (or we were just hired).
          if (view.stintRounds === 0) {
            stint = 0
            sum = 0
          } else if (lastT === view.t - 1 && view.lastServer === ctx.index) {
            stint++
            sum += view.lastX
          }
          if (view.stintRounds !== stint) problems.push(`t=${view.t}: stintRounds ${view.stintRounds} ≠ ${stint}`)
          if (view.stintSum !== sum) problems.push(`t=${view.t}: stintSum ${view.stintSum} ≠ ${sum}`)
          if (!Number.isInteger(view.target)) problems.push(`t=${view.t}: target ${view.target}`)
          const c = view.slackAt(5)
          const expected = R * Math.sqrt((5 * ell) / 2)
          if (Math.abs(c - expected) > 1e-9 * expected) problems.push(`t=${view.t}: slackAt(5) ${c} ≠ ${expected}`)
        } else if (view.phase !== 'blindTrustFallback') problems.push(`t=${view.t}: phase ${view.phase}`)
        lastT = view.t
        return run.act(view)
      },
    }
  },
})

describe('PostedTarget(θ)', () => {
  it('never fires a provider that delivers at least θ (noise-free)', () => {
    fc.assert(
      fc.property(
        fullRangeInstance('none'),
        theta(),
        fc.array(fc.record({ above: fc.boolean(), extra: fc.integer({ min: 0, max: 100 }) }), { minLength: 5, maxLength: 5 }),
        horizon(),
        seed,
        (inst, th, plan, T, s) => {
          const model = modelOf(inst)
          // Providers marked `above` deliver θ + extra (≥ θ); the others anything in [0, 1].
          const means = model.providers.map((_, i) => {
            const p = plan[i]!
            return p.above ? Decimal.min(1, th.plus(new Decimal(p.extra).div(1000))) : new Decimal(p.extra).div(100)
          })
          const rec = run(model, postedTarget(th), means.map(constantMean), T, s)
          const tau = gridTarget(model, th)
          const fired = new Set(firedOf(rec.result.outcome.details).map((f) => f.provider))
          model.providers.forEach((p, i) => {
            const x = units(model, p.meanOf(p.deliver(means[i]!)))
            if (x >= tau) expect(fired.has(p.id)).toBe(false)
          })
          if (units(model, model.providers[0]!.meanOf(model.providers[0]!.deliver(means[0]!))) >= tau)
            expect(rec.result.ledger.roundsServed[0]).toBe(T)
        },
      ),
      { numRuns: runs(100) },
    )
  })

  it('fires a provider delivering θ − δ (δ > 0) exactly at the first j with j·δ > c(j) (noise-free)', () => {
    fc.assert(
      fc.property(fullRangeInstance('none'), theta(0.2, 1), deliveries, horizon(), seed, (inst, th, cents, T, s) => {
        const model = modelOf(inst)
        const means = model.providers.map((_, i) => new Decimal(cents[i]!).div(100))
        const rec = run(model, postedTarget(th), means.map(constantMean), T, s)
        checkInvariants(model, rec, T)
        const x = model.providers.map((p, i) => units(model, p.meanOf(p.deliver(means[i]!))))
        const tau = gridTarget(model, th)
        expect(rec.result.outcome.details.target).toBe(new Decimal(tau.toString()).div(model.grid.scaleDecimal).toString())
        const expected = expectedSlaFirings(
          model,
          model.providers.map((_, i) => i),
          model.providers.slice(1).map(() => tau),
          x,
          T,
        )
        expect(firedOf(rec.result.outcome.details)).toEqual(expected)
        // Stints: provider k serves from the round after the previous firing to its own firing.
        const served = model.providers.map(() => 0)
        let start = 1
        expected.forEach((f, k) => {
          served[k] = f.round - start + 1
          start = f.round + 1
        })
        served[expected.length] = T - start + 1
        expect(rec.result.ledger.roundsServed).toEqual(served)
        const blind = expected.length === model.n - 1 ? T - start + 1 : 0
        expect(rec.result.outcome.phases.blindTrustFallback).toBe(blind)
        expect(rec.result.outcome.phases.exploitation).toBe(T - blind)
      }),
      { numRuns: runs(100) },
    )
  })

  it('never fires the last provider, fires in index order, and exposes the server state in the view', () => {
    fc.assert(
      fc.property(
        abstractInstance(),
        theta(),
        horizon(),
        seed,
        fc.array(strategyChoice, { minLength: 5, maxLength: 5 }),
        (inst, th, T, s, choices) => {
          const model = modelOf(inst)
          const problems: string[] = []
          const strategies = model.providers.map((_, i) => viewChecker(strategyFor(choices[i]!), problems))
          const rec = run(model, postedTarget(th), strategies, T, s)
          checkInvariants(model, rec, T)
          expect(problems).toEqual([])
          const fired = firedOf(rec.result.outcome.details)
          expect(fired.map((f) => f.provider)).toEqual(model.providers.slice(0, fired.length).map((p) => p.id))
          expect(fired.length).toBeLessThan(model.n)
          expect(rec.result.outcome.transfers.every((z) => z === 0n)).toBe(true)
          const last = fired.at(-1)
          const blind = fired.length === model.n - 1 ? T - last!.round : 0
          expect(rec.result.outcome.phases.blindTrustFallback).toBe(blind)
          expect(rec.result.ledger.roundsServed[model.n - 1]).toBeGreaterThanOrEqual(blind)
        },
      ),
      { numRuns: runs(100) },
    )
  })

  it('fires everyone but the last under full cheating against a high target, and the last serves blind to the end', () => {
    fc.assert(
      fc.property(fullRangeInstance('none'), theta(0.6, 1), horizon(1000, 5000), seed, (inst, th, T, s) => {
        const model = modelOf(inst)
        const rec = run(
          model,
          postedTarget(th),
          model.providers.map(() => constantMean(new Decimal(0))),
          T,
          s,
        )
        const fired = firedOf(rec.result.outcome.details)
        expect(fired.map((f) => f.provider)).toEqual(model.providers.slice(0, -1).map((p) => p.id))
        expect(rec.result.outcome.details.finalServer).toBe(model.providers[model.n - 1]!.id)
        expect(rec.allocations.slice(fired.at(-1)!.round).every((i) => i === model.n - 1)).toBe(true)
      }),
      { numRuns: runs(100) },
    )
  })

  it('rejects a θ too large for the grid', () => {
    fc.assert(
      fc.property(abstractInstance(), (inst) => {
        const model = modelOf(inst)
        const started = postedTarget(new Decimal('1e30')).start({ model, T: 10, rng: streamOf(1, { kind: 'mechanism' }) })
        expect(E.isLeft(started) && started.left.startsWith('theta: ')).toBe(true)
      }),
      { numRuns: runs(100) },
    )
  })
})
