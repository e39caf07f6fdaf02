/** ReputationUCB and its exact index comparison (proofs-notes §4.2). */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/exact/decimal.ts'
import {
  type LogFraction,
  type UcbArms,
  logFraction,
  reputationUcb,
  signOfRootExpression,
  ucbCompareExactly,
  ucbSafeRounds,
  ucbVerifyBlock,
} from '../../src/mechanism/reputation-ucb.ts'
import type { AbstractInstance } from '../../src/model/types.ts'
import type { Mechanism } from '../../src/sim/interfaces.ts'
import { openView } from '../../src/sim/public-view.ts'
import { streamOf } from '../../src/sim/rng.ts'
import { honest } from '../../src/strategy/basic.ts'
import { runs } from '../settings.ts'
import { abstractInstance, abstractProvider, horizon, seed, strategyChoice } from './arbitraries.ts'
import { checkInvariants, modelOf, run, strategyFor } from './harness.ts'

/** A slow all-Decimal ReputationUCB (project precision), written independently of the mechanism. */
const lnCache = new Map<number, Decimal>()
const lnOf = (t: number): Decimal => {
  let l = lnCache.get(t)
  if (l === undefined) {
    l = new Decimal(t).ln()
    lnCache.set(t, l)
  }
  return l
}
const referenceUcb: Mechanism = {
  name: 'ReferenceUCB',
  start: ({ model, T }) => {
    const R = model.R.times(model.grid.scaleDecimal) // in units, like the observations
    const sums = model.providers.map(() => new Decimal(0))
    const counts = model.providers.map(() => 0)
    const view = openView(T, model.n)
    return E.right({
      view,
      allocate: (t) => {
        view.t = t
        if (t <= model.n) return t - 1
        const twoLog = lnOf(t).times(2)
        let best = -1
        let bestIndex = new Decimal(0)
        for (let i = 0; i < model.n; i++) {
          const c = counts[i]!
          const v = sums[i]!.div(c).plus(R.times(twoLog.div(c).sqrt()))
          if (best < 0 || v.gt(bestIndex)) {
            best = i
            bestIndex = v
          }
        }
        return best
      },
      observe: (_t, i, x) => {
        sums[i] = sums[i]!.plus(x)
        counts[i]!++
      },
      finish: () => ({
        transfers: model.providers.map(() => 0n),
        phases: { exploration: 0, exploitation: 0, blindTrustFallback: 0, blindTrustEndgame: 0, open: T },
        details: {},
      }),
    })
  },
}

const withStrategies = (inst: fc.Arbitrary<AbstractInstance>, T: fc.Arbitrary<number>) =>
  fc.record({ inst, T, seed, choices: fc.array(strategyChoice, { minLength: 5, maxLength: 5 }) })

/** Noise-free instances where one provider beats every other by at least 0.30. */
const separated = fc
  .record({ n: fc.integer({ min: 2, max: 5 }), bestAt: fc.nat() })
  .chain(({ n, bestAt }) =>
    fc.record({
      best: abstractProvider('best', 60, 100),
      others: fc.tuple(...Array.from({ length: n - 1 }, (_, i) => abstractProvider(`q${i}`, 1, 30))),
      at: fc.constant(bestAt % n),
    }),
  )
  .map(({ best, others, at }): AbstractInstance => {
    const gap = best.honestMean.minus('0.3')
    const providers = others.map((p) =>
      p.honestMean.gt(gap) ? { ...p, honestMean: gap, segments: [{ length: gap, slope: new Decimal(1) }] } : p,
    )
    providers.splice(at, 0, best)
    return { kind: 'abstract', name: 'separated', xLo: new Decimal(0), xHi: new Decimal(1), noise: 'none', providers }
  })

const sign = (d: Decimal): number => (d.gt(0) ? 1 : d.lt(0) ? -1 : 0)
const Wide = Decimal.clone({ precision: 150 })

describe('ReputationUCB', () => {
  it('tries every provider first, in index order, pays nothing, and keeps the run invariants', () => {
    fc.assert(
      fc.property(withStrategies(abstractInstance(), horizon()), ({ inst, T, seed, choices }) => {
        const model = modelOf(inst)
        const rec = run(
          model,
          reputationUcb(),
          model.providers.map((_, i) => strategyFor(choices[i]!)),
          T,
          seed,
        )
        checkInvariants(model, rec, T)
        expect(rec.allocations.slice(0, model.n)).toEqual(model.providers.map((_, i) => i))
        expect(rec.result.ledger.roundsServed.every((k) => k >= 1)).toBe(true)
        expect(rec.result.outcome.transfers.every((z) => z === 0n)).toBe(true)
        expect(rec.result.outcome.phases.open).toBe(T)
      }),
      { numRuns: runs(100) },
    )
  })

  it('serves a suboptimal provider i at most 1 + 2R²·ln T/Δ_i² rounds under honest play without noise', () => {
    fc.assert(
      fc.property(abstractInstance({ noise: 'none' }), horizon(), seed, (inst, T, s) => {
        const model = modelOf(inst)
        const rec = run(
          model,
          reputationUcb(),
          model.providers.map(() => honest),
          T,
          s,
        )
        const top = model.providers.reduce((m, p) => (p.honestMean.gt(m) ? p.honestMean : m), model.providers[0]!.honestMean)
        const lnT = new Decimal(T).ln()
        model.providers.forEach((p, i) => {
          const gap = top.minus(p.honestMean)
          if (gap.isZero()) return
          const bound = model.R.pow(2).times(lnT).times(2).div(gap.pow(2)).plus(1)
          expect(new Decimal(rec.result.ledger.roundsServed[i]!).lt(bound)).toBe(true)
        })
      }),
      { numRuns: runs(100) },
    )
  })

  it('ends up serving the best provider in most rounds when it is clearly better (noise-free, honest)', () => {
    fc.assert(
      fc.property(separated, horizon(2000, 5000), seed, (inst, T, s) => {
        const model = modelOf(inst)
        const rec = run(
          model,
          reputationUcb(),
          model.providers.map(() => honest),
          T,
          s,
        )
        const best = inst.providers.findIndex((p) => p.id === 'best')
        expect(rec.result.ledger.roundsServed[best]! * 2).toBeGreaterThan(T)
      }),
      { numRuns: runs(100) },
    )
  })

  it('decides exactly as a slow all-Decimal reference on small horizons (same seed)', () => {
    fc.assert(
      fc.property(withStrategies(abstractInstance(), horizon(50, 200)), ({ inst, T, seed, choices }) => {
        const model = modelOf(inst)
        const strategies = model.providers.map((_, i) => strategyFor(choices[i]!))
        const fast = run(model, reputationUcb(), strategies, T, seed)
        const slow = run(model, referenceUcb, strategies, T, seed)
        expect(fast.allocations).toEqual(slow.allocations)
      }),
      { numRuns: runs(100) },
    )
  })

  it('decides sign(p + √q − √v) exactly (perfect squares against integer arithmetic)', () => {
    const int = fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n })
    const nat = fc.bigInt({ min: 0n, max: 10n ** 30n })
    fc.assert(
      fc.property(int, nat, nat, fc.boolean(), (p, a, b, tie) => {
        // With tie, choose p so that p + a − b = 0 exactly.
        const p0 = tie ? b - a : p
        const s = p0 + a - b
        expect(signOfRootExpression(p0, a * a, b * b)).toBe(s > 0n ? 1 : s < 0n ? -1 : 0)
      }),
      { numRuns: runs(100) },
    )
  })

  it('picks the exact argmax on near-ties below float resolution (synthetic histories, R = 10^12 units)', () => {
    // Range [0, 10^6] USD on the 10^-6 grid: R = 10^12 units, so index differences of a fraction of
    // a unit are below float resolution and only the exact path can order them.
    const inst: AbstractInstance = {
      kind: 'abstract',
      name: 'wide',
      xLo: new Decimal(0),
      xHi: new Decimal(10).pow(6),
      noise: 'none',
      providers: Array.from({ length: 5 }, (_, i) => ({
        kind: 'abstract' as const,
        id: `p${i}`,
        honestMean: new Decimal(1),
        honestProfit: new Decimal(0),
        segments: [{ length: new Decimal(1), slope: new Decimal(1) }],
      })),
    }
    const full = modelOf(inst)
    const Ru = 10n ** 12n
    const other = fc.record({
      kind: fc.constantFrom('near', 'near', 'copy', 'random'),
      rounds: fc.integer({ min: 1, max: 2000 }),
      f: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 1, max: 2000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(other, { minLength: 4, maxLength: 4 }),
        fc.integer({ min: 10_000, max: 10 ** 7 }),
        fc.integer({ min: 0, max: 4 }),
        (n, n0, f0, others, t, rotate) => {
          const model = { ...full, n, providers: full.providers.slice(0, n) }
          const log = logFraction(t)
          const l = new Wide(log.num.toString()).div(log.den.toString())
          const radius = (k: number) => new Wide(Ru.toString()).times(l.times(2).div(k).sqrt())
          const idx = (s: bigint, k: number) => new Wide(s.toString()).div(k).plus(radius(k))
          const s0 = BigInt(Math.round(f0 * 1e12)) * BigInt(n0)
          const stats: { sum: bigint; rounds: number }[] = [{ sum: s0, rounds: n0 }]
          for (const o of others.slice(0, n - 1)) {
            let sum = BigInt(Math.round(o.f * 1e12)) * BigInt(o.rounds)
            let rounds = o.rounds
            if (o.kind === 'copy') [sum, rounds] = [s0, n0]
            else if (o.kind === 'near') {
              const near = BigInt(idx(s0, n0).minus(radius(rounds)).times(rounds).round().toFixed(0))
              if (near >= 0n && near <= Ru * BigInt(rounds)) sum = near
            }
            stats.push({ sum, rounds })
          }
          // Put the reference provider at a random position.
          const order = stats.map((_, i) => stats[(i + rotate) % n]!)
          const started = reputationUcb().start({ model, T: t, rng: streamOf(1, { kind: 'mechanism' }) })
          if (E.isLeft(started)) throw new Error(started.left)
          const mech = started.right
          // Feed the history (observe only records (i, x)); split each sum into near-equal integers.
          order.forEach(({ sum, rounds }, i) => {
            const q = sum / BigInt(rounds)
            const r = Number(sum - q * BigInt(rounds))
            for (let k = 0; k < rounds; k++) mech.observe(0, i, Number(q) + (k < r ? 1 : 0))
          })
          let best = 0
          let undecidable = false
          for (let i = 1; i < n; i++) {
            const d = idx(order[i]!.sum, order[i]!.rounds).minus(idx(order[best]!.sum, order[best]!.rounds))
            if (d.abs().lt('1e-100') && order[i]!.rounds !== order[best]!.rounds) undecidable = true
            if (d.gt(0)) best = i
          }
          if (undecidable) return
          expect(mech.allocate(t)).toBe(best)
        },
      ),
      { numRuns: runs(100) },
    )
  })

  it('compares two UCB indices as a 150-digit evaluation of the same formula does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 ** 6 }),
        fc.integer({ min: 1, max: 10 ** 6 }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.bigInt({ min: 1n, max: 10n ** 10n }),
        fc.integer({ min: 2, max: 10 ** 7 }),
        fc.boolean(),
        (na, nb, fa, fb, R, t, near) => {
          const log = logFraction(t)
          const l = new Wide(log.num.toString()).div(log.den.toString())
          const radius = (k: number) => new Wide(R.toString()).times(l.times(2).div(k).sqrt())
          const idx = (s: bigint, k: number) => new Wide(s.toString()).div(k).plus(radius(k))
          const sa = BigInt(Math.round(fa * na * Number(R)))
          // near: S_b the integer closest to a tie with index_a (differences far below the float filter's reach).
          const sb = near ? BigInt(idx(sa, na).minus(radius(nb)).times(nb).round().toFixed(0)) : BigInt(Math.round(fb * nb * Number(R)))
          const diff = idx(sa, na).minus(idx(sb, nb))
          const got = ucbCompareExactly(sa, na, sb, nb, R, log)
          if (diff.abs().gt('1e-100')) expect(got).toBe(sign(diff))
          expect(ucbCompareExactly(sa, na, sa, na, R, log)).toBe(0)
          expect(ucbCompareExactly(sb, nb, sa, na, R, log) + got).toBe(0) // antisymmetric
        },
      ),
      { numRuns: runs(100) },
    )
  })

  it('plans only blocks that the exact check accepts (Proposition 13.8, proofs-notes §13.8), on random statistics', () => {
    // Wide ranges (R up to 10^12 units, sums far beyond 2^53), x_lo = 0 or below, counts up to 10^7.
    let leaps = 0
    let cut = 0
    let cases = 0
    const arm = fc.record({ rounds: fc.integer({ min: 1, max: 10 ** 7 }), f: fc.integer({ min: 0, max: 2 ** 20 }) })
    fc.assert(
      fc.property(
        fc.constantFrom(1n, 1000n, 10n ** 6n, 10n ** 12n),
        fc.constantFrom(0, 1, 2),
        fc.array(arm, { minLength: 2, maxLength: 4 }),
        fc.integer({ min: 5, max: 10 ** 9 }),
        fc.integer({ min: 1, max: 10 ** 7 }),
        (R, below, stats, t, cap) => {
          // x_lo = 0, −R/2 or −R; each mean x_lo + f·R with f a multiple of 2^-20.
          const xLo = below === 0 ? 0n : below === 1 ? -R / 2n : -R
          const arms: UcbArms = {
            sums: stats.map(({ rounds, f }) => BigInt(rounds) * xLo + (BigInt(f) * BigInt(rounds) * R) / 2n ** 20n),
            rounds: stats.map((a) => a.rounds),
            rangeUnits: R,
            xLoUnits: xLo,
          }
          const log = logFraction(t)
          let i = 0
          for (let j = 1; j < stats.length; j++)
            if (ucbCompareExactly(arms.sums[j]!, arms.rounds[j]!, arms.sums[i]!, arms.rounds[i]!, R, log) > 0) i = j
          const k = ucbSafeRounds(arms, i, t, cap)
          cases++
          expect(k).toBeGreaterThanOrEqual(1)
          expect(k).toBeLessThanOrEqual(Math.max(1, cap))
          if (k >= 2) {
            leaps++
            if (k < cap) cut++
            expect(ucbVerifyBlock(arms, i, t, k, logFraction)).toBeUndefined()
          }
        },
      ),
      { numRuns: runs(200) },
    )
    // Not vacuous: a good share of the random cases leap, and some blocks end before the cap (where
    // the condition binds).
    expect(leaps).toBeGreaterThan(cases / 5)
    expect(cut).toBeGreaterThan(cases / 20)
  })

  it('admits a block only where Proposition 13.8 holds exactly, on near-ties at the float margin (R = 10^12 units)', () => {
    // Provider 1's sum puts its index a chosen distance d below or above provider 0's worst-case
    // index after m' more rounds (LB − UB ≈ d units): d up to 4 units around the margin 2^(−39)·scale
    // (about 2 units here), or a hundredth of a unit on the wrong side, below the float error of
    // indices of about 10^12 units (≈ 0.004 units), where only the margin keeps the float test sound.
    // With the cap at m' + 1 the plan is the cap exactly when the float test admits it.
    const R = 10n ** 12n
    let admitted = 0
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 10 ** 6 }),
        fc.integer({ min: 0, max: 2 ** 20 }),
        fc.integer({ min: 1000, max: 10 ** 6 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 10_000, max: 10 ** 7 }),
        fc.oneof(fc.double({ min: 0, max: 4, noNaN: true }), fc.double({ min: -0.01, max: 0, noNaN: true })),
        (n0, f0, n1, m, t, d) => {
          const lt = logFraction(t)
          const lEnd = logFraction(t + m)
          const ell = (l: LogFraction) => new Wide(l.num.toString()).div(l.den.toString())
          const s0 = (BigInt(f0) * BigInt(n0) * R) / 2n ** 20n
          const lb = new Wide(s0.toString()).div(n0 + m).plus(
            new Wide(R.toString()).times(
              ell(lt)
                .times(2)
                .div(n0 + m)
                .sqrt(),
            ),
          )
          const radius1 = new Wide(R.toString()).times(ell(lEnd).times(2).div(n1).sqrt())
          const s1 = BigInt(lb.minus(radius1).minus(d).times(n1).round().toFixed(0))
          if (s1 < 0n || s1 > R * BigInt(n1)) return
          const ub = new Wide(s1.toString()).div(n1).plus(radius1)
          const arms: UcbArms = { sums: [s0, s1], rounds: [n0, n1], rangeUnits: R, xLoUnits: 0n }
          // Provider 0 must be the argmax at t for the block to be planned from it.
          if (ucbCompareExactly(s0, n0, s1, n1, R, lt) <= 0) return
          if (ucbSafeRounds(arms, 0, t, m + 1) === m + 1) {
            admitted++
            expect(lb.minus(ub).gt(0)).toBe(true)
          }
        },
      ),
      // 1000 cases: about one in 25 is admitted (32–53 on SEED=1..8); with 300 the count of admitted
      // near-ties fell below the non-vacuity floor on SEED=5 and SEED=6 (8 and 9).
      { numRuns: runs(1000) },
    )
    // Not vacuous: some near-ties are admitted.
    expect(admitted).toBeGreaterThan(10)
  })
})
