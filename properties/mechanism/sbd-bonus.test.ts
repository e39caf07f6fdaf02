/**
 * SBD(ε) with a rebate bonus δ (proofs-notes §14.1): δ = 0 is today's rebate byte for byte; with δ > 0
 * every transfer is `(1 + δ)·B` on the grid or the exact lottery's `B + ⌊δB⌋ + {0, 1}`, the accounting
 * identity holds exactly, and the mechanism's name, the study's labels and the sweeps' CSV say δ.
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { runSimulate } from '../../src/cli/simulate.ts'
import { ceilPow } from '../../src/exact/ceil-pow.ts'
import { Decimal, ONE, ZERO } from '../../src/exact/decimal.ts'
import { fromUnits } from '../../src/exact/grid.ts'
import { mechanismFields } from '../../src/experiments/cells.ts'
import { mechanismLabel, mechanismOf } from '../../src/experiments/specs.ts'
import { paidWithBonus } from '../../src/mechanism/bonus.ts'
import { sbdConstants } from '../../src/mechanism/constants.ts'
import { mechanismByName } from '../../src/mechanism/index.ts'
import { sbd, targetMix } from '../../src/mechanism/sbd.ts'
import { buildInstanceModel } from '../../src/model/instance-model.ts'
import { simulate } from '../../src/sim/engine.ts'
import { providerUtility, userUtility } from '../../src/sim/ledger.ts'
import { streamOf } from '../../src/sim/rng.ts'
import { recommended } from '../../src/strategy/basic.ts'
import { explorationShading } from '../../src/strategy/explore-shading.ts'
import { stationaryPerPhase } from '../../src/strategy/stationary.ts'
import { Grid } from '../../src/sweep/grid.ts'
import { RUN_COLUMNS, seriesLabel } from '../../src/sweep/render.ts'
import { decodeWith } from '../../src/codec/report-errors.ts'
import { abstractInstance, llmInstance, seedArb } from '../arbitraries.ts'
import { rightOrFail } from '../assertions.ts'
import { runs } from '../settings.ts'

const epsilonArb = fc.integer({ min: 200, max: 450 }).map((k) => new Decimal(k).div(1000))
/** δ with 0 to 6 decimal places in (0, 3]. */
const bonusArb = fc
  .tuple(fc.integer({ min: 1, max: 3_000_000 }), fc.integer({ min: 0, max: 6 }))
  .map(([k, places]) => new Decimal(k).div(1_000_000).toDecimalPlaces(places, Decimal.ROUND_UP))

const caseOf = (instances: fc.Arbitrary<Parameters<typeof buildInstanceModel>[0]>) =>
  instances.chain((inst) =>
    fc.record({ eps: epsilonArb, extra: fc.integer({ min: 0, max: 2000 }), seed: seedArb }).map(({ eps, extra, seed }) => {
      const n = inst.providers.length
      let T = Math.max(n + 2, Math.floor((n + 1) ** (1 / eps.toNumber()) * 0.9))
      while (T <= 20_000 && T < (n + 1) * ceilPow(T, ONE.minus(eps)) + 1) T = Math.max(T + 1, Math.ceil(T * 1.01))
      return { inst, eps, T: T + extra, seed }
    }),
  )
const abstractCase = caseOf(abstractInstance({ maxProviders: 3, minRangePercent: 20 })).filter(
  ({ inst, eps, T }) => T <= 20_000 && E.isRight(sbdConstants(T, inst.providers.length, eps, ONE)),
)
const llmCase = caseOf(llmInstance(3)).filter(({ inst, eps, T }) => {
  const m = buildInstanceModel(inst)
  return T <= 20_000 && E.isRight(m) && E.isRight(sbdConstants(T, m.right.n, eps, m.right.R))
})
const shade = explorationShading(new Decimal('0.1'))
const cheatAsServer = stationaryPerPhase({ exploitation: 'full-cheat', blindTrustFallback: 'full-cheat', blindTrustEndgame: 'full-cheat' })
const profiles = [recommended, shade, cheatAsServer]

/** JSON with bigints as strings: equal texts, equal runs. */
const text = (x: unknown): string => JSON.stringify(x, (_, v) => (typeof v === 'bigint' ? v.toString() : v))

describe('SBD(ε, δ = 0) is SBD(ε) with the rebate on', () => {
  it('gives the same name, ledger and outcome on random abstract and LLM instances and profiles', () => {
    fc.assert(
      fc.property(fc.oneof(abstractCase, llmCase), fc.constantFrom(...profiles), ({ inst, eps, T, seed }, strategy) => {
        const model = rightOrFail(buildInstanceModel(inst))
        const profile = Array(model.n).fill(recommended)
        profile[model.n - 1] = strategy
        const today = rightOrFail(simulate(model, sbd(eps, true), profile, { T, seed }))
        const zero = rightOrFail(simulate(model, sbd(eps, true, ZERO), profile, { T, seed }))
        expect(zero.mechanism).toBe(today.mechanism)
        expect(text(zero)).toBe(text(today))
        // …and both are §3.2's rebate, independently of the code path: the name of §3, no `bonus` detail,
        // and Z_i = Σ (X_t − x_lo) = L·Û_i − L·x_lo from the reported exploration means (50 digits, so
        // rounded back to the grid, where the exact value lies).
        expect(zero.mechanism).toBe(`SBD(ε=${eps.toString()}, rebate=on)`)
        expect(zero.outcome.details.bonus).toBeUndefined()
        const L = Number(zero.outcome.details.L)
        const means = zero.outcome.details.explorationMeans as { mean: string }[]
        for (const [i, z] of zero.outcome.transfers.entries())
          expect(fromUnits(zero.ledger.grid, z)).toStrictEqual(
            new Decimal(means[i]!.mean).minus(model.xLo).times(L).toDecimalPlaces(model.grid.k),
          )
      }),
      { numRuns: runs(25) },
    )
  })
})

describe('SBD(ε, δ > 0) books the bonus exactly', () => {
  it('pays (1 + δ)·B on the grid, or B + ⌊δB⌋ + {0, 1} by the lottery; the identity holds exactly; nothing else changes', () => {
    fc.assert(
      fc.property(fc.oneof(abstractCase, llmCase), bonusArb, fc.constantFrom(...profiles), ({ inst, eps, T, seed }, delta, strategy) => {
        const model = rightOrFail(buildInstanceModel(inst))
        const profile = Array(model.n).fill(recommended)
        profile[0] = strategy
        const base = rightOrFail(simulate(model, sbd(eps, true), profile, { T, seed }))
        const run = rightOrFail(simulate(model, sbd(eps, true, delta), profile, { T, seed }))
        const q = 10n ** BigInt(delta.decimalPlaces())
        const p = BigInt(delta.times(q.toString()).toFixed(0))
        run.outcome.transfers.forEach((z, i) => {
          // Without the bonus the transfer is the rebate B itself.
          const B = base.outcome.transfers[i]!
          const extra = z - B
          const exact = p * B
          if (exact % q === 0n) expect(extra).toBe(exact / q)
          else expect([exact / q, exact / q + 1n]).toContain(extra)
        })
        // Only the transfers differ: allocation, outcomes and profits are those of SBD(ε).
        expect(run.ledger.totalX).toBe(base.ledger.totalX)
        expect(run.ledger.serviceProfit).toStrictEqual(base.ledger.serviceProfit)
        expect(text({ ...run.outcome.details, bonus: undefined })).toBe(text(base.outcome.details))
        expect(run.outcome.details.bonus).toBe(delta.toString())
        // Lemma 1.3, exactly.
        const l = run.ledger
        const sumPi = l.transfers.reduce((s, _, i) => s + providerUtility(l, i), 0n)
        expect(userUtility(l) + sumPi).toBe(l.totalX + l.totalY)
      }),
      { numRuns: runs(40) },
    )
  })

  it('the lottery pays the extra unit with exactly the fraction left: frequency within its binomial band', () => {
    // δ·B = 0.3 units: P(extra unit) = 3/10 exactly. Hoeffding band at failure probability 1e-9.
    const draws = 20_000
    const rng = streamOf(20251102, { kind: 'mechanism' })
    let ones = 0
    for (let k = 0; k < draws; k++) ones += Number(paidWithBonus(3n, new Decimal('0.1'), rng) - 3n)
    const band = Math.sqrt(Math.log(2e9) / (2 * draws))
    expect(Math.abs(ones / draws - 0.3)).toBeLessThanOrEqual(band)
    // On the grid nothing is drawn: the stream is left as it was.
    const a = streamOf(7, { kind: 'mechanism' })
    const b = streamOf(7, { kind: 'mechanism' })
    expect(paidWithBonus(10n, new Decimal('0.1'), a)).toBe(11n)
    expect(a.next()).toBe(b.next())
  })
})

describe('the name and the CSV files say δ; bad values are refused naming bonus', () => {
  it('names', () => {
    expect(sbd(new Decimal('0.25'), true, new Decimal('0.1')).name).toBe('SBD(ε=0.25, rebate=on, δ=0.1)')
    expect(sbd(new Decimal('0.25'), true, ZERO).name).toBe('SBD(ε=0.25, rebate=on)')
    expect(targetMix(new Decimal('0.5'), new Decimal('0.25'), true, new Decimal('0.2')).name).toBe('TargetMix(λ=0.5, ε=0.25, δ=0.2)')
    const spec = { kind: 'sbd', epsilon: '0.25', rebate: true, bonus: '0.1' } as const
    expect(mechanismLabel(spec)).toBe('SBD(ε=0.25, rebate=on, δ=0.1)')
    expect(mechanismOf(spec).name).toBe('SBD(ε=0.25, rebate=on, δ=0.1)')
    expect(mechanismFields(spec).rebate).toBe('on (δ=0.1)')
    expect(mechanismFields({ kind: 'sbd', epsilon: '0.25', rebate: true }).rebate).toBe('on')
  })

  it('sweep records and CSV carry a bonus column', () => {
    expect(RUN_COLUMNS).toContain('bonus')
    const record = {
      index: 0,
      scenario: 's.json',
      mechanism: 'sbd',
      epsilon: '0.25',
      rebate: 'on' as const,
      theta: null,
      lambda: null,
      bonus: '0.1',
      strategies: ['recommended'],
      T: 1000,
      seed: 1,
      userUtility: ONE,
      profits: [],
      firings: 0,
      phases: { exploration: 0, exploitation: 0, blindTrustFallback: 0, blindTrustEndgame: 0, open: 0 },
    }
    expect(seriesLabel(record)).toBe('sbd(ε=0.25, rebate=on, δ=0.1) · recommended')
    const grid = (rebate: string, bonus: string) => ({
      name: 'g',
      scenarios: ['a.json'],
      mechanisms: [{ mechanism: 'sbd', epsilon: '0.25', rebate, bonus }],
      strategies: [['recommended']],
      horizons: [1000],
      seeds: { first: 1, count: 1 },
    })
    expect(E.isRight(decodeWith(Grid.codec, grid('on', '0.1')))).toBe(true)
    const off = decodeWith(Grid.codec, grid('off', '0.1'))
    expect(E.isLeft(off) ? off.left.join('\n') : 'decoded').toMatch(/mechanisms\[0\]\.bonus: .*needs "rebate": "on"/)
  })

  it('refuses δ > 0 with the rebate off, δ < 0 and too many places, naming bonus (library and CLI, exit 2 there)', () => {
    const eps = new Decimal('0.25')
    for (const [rebate, bonus] of [
      [false, '0.1'],
      [true, '-0.1'],
      [true, '0.1234567'],
      [true, '11'],
    ] as const) {
      const m = mechanismByName('sbd', { epsilon: eps, rebate, bonus: new Decimal(bonus) })
      expect(E.isLeft(m) ? m.left : 'accepted').toMatch(/^bonus: /)
    }
    const read = (): string => '{}'
    for (const [rebate, bonus] of [
      ['off', '0.1'],
      ['on', '-1'],
      ['on', 'abc'],
    ] as const) {
      const r = runSimulate(
        { scenario: 'x.json', mechanism: 'sbd', horizon: '1000', seed: '1', rebate, bonus, strategy: [], format: 'json' },
        read,
      )
      expect(E.isLeft(r) ? r.left.join('\n') : 'accepted').toMatch(/^--bonus: /m)
    }
    const pay = runSimulate(
      { scenario: 'x.json', mechanism: 'pay-the-bill', horizon: '1000', seed: '1', bonus: '0.1', strategy: [], format: 'json' },
      read,
    )
    expect(E.isLeft(pay) ? pay.left.join('\n') : 'accepted').toMatch(/--bonus: not a parameter of pay-the-bill/)
  })
})
