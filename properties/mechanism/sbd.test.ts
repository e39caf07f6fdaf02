import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { ceilPow } from '../../src/exact/ceil-pow.ts'
import { Decimal, ONE } from '../../src/exact/decimal.ts'
import { fromUnits } from '../../src/exact/grid.ts'
import { explorationRadius, sbdConstants } from '../../src/mechanism/constants.ts'
import { sbd } from '../../src/mechanism/sbd.ts'
import { buildInstanceModel } from '../../src/model/instance-model.ts'
import { simulate } from '../../src/sim/engine.ts'
import { fullCheat, honest, recommended } from '../../src/strategy/basic.ts'
import { abstractInstance, seedArb } from '../arbitraries.ts'
import { d, rightOrFail } from '../assertions.ts'
import { recording } from '../recording.ts'
import { runs } from '../settings.ts'
import { sbdPathwise, tracing } from '../sbd-trace.ts'
import { randomActions } from './harness.ts'
import { stationaryPerPhase } from '../../src/strategy/stationary.ts'

// Small ε needs astronomically long horizons (T^ε ≥ n+1): suites draw ε ≥ 0.15, the constants test any ε.
const epsilonArb = fc.integer({ min: 150, max: 499 }).map((k) => new Decimal(k).div(1000))

/** Valid (instance, T, ε) triples: T is drawn above SBD's minimum horizon for n and ε. */
const validCaseOf = (instances: ReturnType<typeof abstractInstance>) =>
  instances.chain((inst) =>
    fc
      .record({ eps: epsilonArb, extra: fc.integer({ min: 0, max: 3000 }), seed: seedArb, rebate: fc.boolean() })
      .map(({ eps, extra, seed, rebate }) => {
        const n = inst.providers.length
        // T^ε ≈ n+1 at the shortest horizon: start just below the float estimate, then step up exactly.
        let T = Math.max(n + 2, Math.floor((n + 1) ** (1 / eps.toNumber()) * 0.9))
        while (T <= 30_000 && T < (n + 1) * ceilPow(T, ONE.minus(eps)) + 1) T = Math.max(T + 1, Math.ceil(T * 1.01))
        return { inst, eps, T: T + extra, seed, rebate }
      })
      // ⌈·⌉ makes the condition non-monotone in T, so the extra rounds are re-checked.
      .filter(({ inst, eps, T }) => T <= 30_000 && E.isRight(sbdConstants(T, inst.providers.length, eps, ONE))),
  )
const validCase = validCaseOf(abstractInstance({ maxProviders: 5 }))
/** Cases where cheating servers get fired: manipulation ranges of at least 30% of R. */
const firingCase = validCaseOf(abstractInstance({ maxProviders: 5, minRangePercent: 30 }))
/** Honest in exploration, full cheat as server and after: fired in turn, down to blind trust I. */
const cheatAsServer = stationaryPerPhase({ exploitation: 'full-cheat', blindTrustFallback: 'full-cheat', blindTrustEndgame: 'full-cheat' })

describe('SBD(ε) phases', () => {
  it('have exactly the lengths of proofs-notes §3.2, round robin first, every round assigned once', () => {
    fc.assert(
      fc.property(validCase, fc.constantFrom(honest, recommended, fullCheat), ({ inst, eps, T, seed, rebate }, strategy) => {
        const model = rightOrFail(buildInstanceModel(inst))
        const n = model.n
        const c = sbdConstants(T, n, eps, model.R)
        fc.pre(E.isRight(c))
        const L = ceilPow(T, ONE.minus(eps))
        const rec = recording(sbd(eps, rebate))
        const r = rightOrFail(simulate(model, rec.mechanism, Array(n).fill(strategy), { T, seed }))
        const p = r.outcome.phases
        expect(p.exploration).toBe(n * L)
        expect(p.blindTrustEndgame).toBe(L)
        expect(p.exploitation + p.blindTrustFallback).toBe(T - (n + 1) * L)
        expect(p.exploitation).toBeGreaterThanOrEqual(1)
        expect(p.open).toBe(0)
        expect(rec.allocations).toHaveLength(T)
        expect(rec.allocations.slice(0, n * L).findIndex((i, t) => i !== t % n)).toBe(-1)
        expect(r.outcome.details.L).toBe(L)
      }),
      { numRuns: runs(200) },
    )
  })

  it('sets the target max(x_lo, Û_ρ2 − r) rounded down to the grid, from exploration sums', () => {
    fc.assert(
      fc.property(validCase, ({ inst, eps, T, seed, rebate }) => {
        const model = rightOrFail(buildInstanceModel(inst))
        const r = rightOrFail(simulate(model, sbd(eps, rebate), Array(model.n).fill(honest), { T, seed }))
        const det = r.outcome.details as {
          explorationMeans: { provider: string; mean: string }[]
          ranking: string[]
          targets: { server: string; target: string }[]
          L: number
        }
        const means = new Map(det.explorationMeans.map((m) => [m.provider, d(m.mean)]))
        const rad = explorationRadius(model.R, model.n, T, det.L)
        det.targets.forEach((tg, k) => {
          const next = means.get(det.ranking[k + 1]!)!
          const expected = Decimal.max(model.xLo, next.minus(rad)).toDecimalPlaces(model.grid.k, Decimal.ROUND_FLOOR)
          // Means are reported at 50 digits; the grid floor of the exact value agrees unless within 1e-40 of a grid point.
          expect(d(tg.target).eq(expected)).toBe(true)
        })
        const sorted = [...det.explorationMeans].sort((a, b) => d(b.mean).comparedTo(d(a.mean)))
        expect(det.ranking.map((id) => means.get(id)!.toString())).toEqual(sorted.map((m) => d(m.mean).toString()))
      }),
      { numRuns: runs(200) },
    )
  })

  it('never fires the recommended server on noise-free instances (it delivers at least its target)', () => {
    fc.assert(
      fc.property(validCase, ({ inst, eps, T, seed, rebate }) => {
        const model = rightOrFail(buildInstanceModel({ ...inst, noise: 'none' }))
        const r = rightOrFail(simulate(model, sbd(eps, rebate), Array(model.n).fill(recommended), { T, seed }))
        expect(r.outcome.details.fired).toEqual([])
        expect(r.outcome.phases.blindTrustFallback).toBe(0)
      }),
      { numRuns: runs(100) },
    )
  })

  it('pays the rebate Σ(X − x_lo) over exploration rounds when on, nothing when off', () => {
    fc.assert(
      fc.property(validCase, ({ inst, eps, T, seed }) => {
        const model = rightOrFail(buildInstanceModel(inst))
        const on = rightOrFail(simulate(model, sbd(eps, true), Array(model.n).fill(honest), { T, seed }))
        const off = rightOrFail(simulate(model, sbd(eps, false), Array(model.n).fill(honest), { T, seed }))
        const det = on.outcome.details as { explorationMeans: { mean: string }[]; L: number }
        on.ledger.transfers.forEach((z, i) => {
          const expected = d(det.explorationMeans[i]!.mean).minus(model.xLo).times(det.L)
          expect(fromUnits(model.grid, z).minus(expected).abs().lt('1e-30')).toBe(true)
        })
        expect(off.ledger.transfers.every((z) => z === 0n)).toBe(true)
      }),
      { numRuns: runs(100) },
    )
  })

  it('replays exactly as the notes define it under any strategies (n ≤ 5): firings are the exact test’s, a fired provider never serves again (also in blind trust I and II), blind trust I starts exactly the round after ρ_{n−1} is fired, targets come from the next mean, transfers are the rebate', () => {
    let reachedFallback = 0
    fc.assert(
      fc.property(
        firingCase,
        fc.array(fc.constantFrom(cheatAsServer, cheatAsServer, cheatAsServer, fullCheat, randomActions, recommended, honest), {
          minLength: 5,
          maxLength: 5,
        }),
        fc.boolean(),
        fc.boolean(),
        ({ inst, eps, T, seed, rebate }, mixed, noiseFree, allCheat) => {
          const model = rightOrFail(buildInstanceModel(noiseFree ? { ...inst, noise: 'none' } : inst))
          const traced = tracing(sbd(eps, rebate))
          const strategies = allCheat ? Array(model.n).fill(cheatAsServer) : mixed.slice(0, model.n)
          const r = rightOrFail(simulate(model, traced.mechanism, strategies, { T, seed }))
          expect(sbdPathwise(model, { epsilon: eps, rebate }, r, traced.trace).failures).toEqual([])
          if (model.n >= 3 && r.outcome.phases.blindTrustFallback > 0) reachedFallback++
        },
      ),
      { numRuns: runs(200) },
    )
    // The invariants about blind trust I must actually be exercised with n ≥ 3 (about 5% of cases reach it).
    expect(reachedFallback).toBeGreaterThanOrEqual(runs(200) / 40)
  })

  it('reaches blind trust I with n = 3 and n = 4 when every server cheats, and replays exactly (fired providers stay out)', () => {
    for (const n of [3, 4])
      for (const noise of ['none', 'bernoulli'] as const) {
        const inst = {
          kind: 'abstract' as const,
          name: `cheat-${n}`,
          xLo: d(0),
          xHi: d(1),
          noise,
          providers: Array.from({ length: n }, (_, i) => ({
            kind: 'abstract' as const,
            id: `p${i}`,
            honestMean: d('0.9').minus(d('0.05').times(i)),
            honestProfit: d('0.02'),
            segments: [{ length: d('0.7').minus(d('0.05').times(i)), slope: d(1) }],
          })),
        }
        const model = rightOrFail(buildInstanceModel(inst))
        const traced = tracing(sbd(d('0.25'), true))
        const r = rightOrFail(simulate(model, traced.mechanism, Array(n).fill(cheatAsServer), { T: 20_000, seed: 11 }))
        expect(r.outcome.phases.blindTrustFallback).toBeGreaterThan(0)
        expect((r.outcome.details.fired as unknown[]).length).toBe(n - 1)
        expect(sbdPathwise(model, { epsilon: d('0.25'), rebate: true }, r, traced.trace).failures).toEqual([])
      }
  })

  it('rejects ε outside (0, ½), n < 2 and too-short horizons with a message naming the parameter', () => {
    const R = d(1)
    const msg = (e: E.Either<string, unknown>) => (E.isLeft(e) ? e.left : 'accepted')
    expect(msg(sbdConstants(100_000, 3, d('0.5'), R))).toMatch(/^epsilon: expected a value in \(0, 1\/2\), got 0.5/)
    expect(msg(sbdConstants(100_000, 3, d(0), R))).toMatch(/^epsilon:/)
    expect(msg(sbdConstants(100_000, 1, d('0.25'), R))).toMatch(/^providers: SBD needs n ≥ 2/)
    expect(msg(sbdConstants(100, 3, d('0.1'), R))).toMatch(/^horizon: T = 100 is too short/)
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 2, max: 10 }),
        fc.integer({ min: 1, max: 499 }).map((k) => new Decimal(k).div(1000)),
        (T, n, eps) => {
          const L = ceilPow(T, ONE.minus(eps))
          expect(E.isRight(sbdConstants(T, n, eps, R))).toBe(T >= (n + 1) * L + 1)
        },
      ),
      { numRuns: runs(300) },
    )
  })
})
