/**
 * The harm part of the default study (proofs-notes §14.9, `src/experiments/harm-study.ts`): its rows
 * are the exact analysis' values, computed here again through `harmOf` one point at a time.
 *
 * - one harm problem serves every tolerance: `solveHarm(atTolerance(hp, ζ))` is `harmOf(ctx, i, ζ)`
 *   bit for bit, on random small two-provider instances (T ∈ [200, 320], rebate on with δ ∈ [0, 1]
 *   or off, either provider, ζ ∈ [0, η]), its error bound at least `harmOf`'s (the context's trimmed
 *   mass only grows);
 * - every row of the quick study's harm part is `harmOf` at its setting, provider and tolerance on a
 *   fresh context (bit for bit; the error bound at least as large), and the tolerances are 0, the
 *   plan's below η, and η;
 * - one point of the full study's plan (T = 1000, δ = 0.1, provider b, ζ = 1) is `harmOf`'s value,
 *   inside the bracket the notes report (§14.9's table: 25.1139 ≤ H_b(1) ≤ 25.1949).
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { sbdContext } from '../../src/analysis/analyze.ts'
import { type Harm, atTolerance, harmOf, harmProblem, solveHarm } from '../../src/analysis/harm.ts'
import { parseScenarioText } from '../../src/codec/report-errors.ts'
import { Decimal } from '../../src/exact/decimal.ts'
import { HARM_SETTINGS, type HarmRow, harmPlan, harmStudyRows, runHarmStudy } from '../../src/experiments/harm-study.ts'
import { STUDY_BONUS } from '../../src/experiments/plan.ts'
import { sbdConstants } from '../../src/mechanism/constants.ts'
import { type InstanceModel, buildInstanceModel } from '../../src/model/instance-model.ts'
import { eta } from '../../src/theory/bounds.ts'
import { abstractInstance } from '../arbitraries.ts'
import { rightOrFail } from '../assertions.ts'
import { SEED, runs } from '../settings.ts'

const twoProvider = (): InstanceModel => {
  const inst = parseScenarioText(readFileSync('examples/two-provider-abstract.json', 'utf8'))
  if (E.isLeft(inst)) throw new Error(inst.left.join('\n'))
  return rightOrFail(buildInstanceModel(inst.right))
}

/**
 * The fields of a row that come from the analysis, as `harmOf`'s values would write them, but the
 * error bound: it counts the trimmed mass of every stint law computed on the context, and the
 * study's context has served more points than a fresh one (compared with {@link boundCovers}).
 */
const analysed = (h: Harm) => ({
  tauStarUserUtility: new Decimal(h.tauStar.user).toFixed(),
  tauStarProfit: new Decimal(h.tauStar.profit).toFixed(),
  harmUpper: new Decimal(h.harm).toFixed(),
  harmLower: new Decimal(h.playableHarm).toFixed(),
  multiplier: new Decimal(h.multiplier).toFixed(),
})
const pick = (r: HarmRow) => ({
  tauStarUserUtility: r.tauStarUserUtility,
  tauStarProfit: r.tauStarProfit,
  harmUpper: r.harmUpper,
  harmLower: r.harmLower,
  multiplier: r.multiplier,
})

/** The row's error bound is at least `harmOf`'s on a fresh context (a bound on more trimmed mass). */
const boundCovers = (r: HarmRow, h: Harm): void => {
  expect(new Decimal(r.errorBound).gte(new Decimal(h.errorBound).toFixed()), `${r.errorBound} ≥ ${h.errorBound}`).toBe(true)
  expect(Number(r.errorBound)).toBeLessThan(1e-5)
}

/** `harmOf` at a row's setting, provider and tolerance, straight from the analysis. */
const direct = (model: InstanceModel, r: HarmRow): Harm => {
  const setting = { rebate: r.rebate !== 'off', bonus: new Decimal(r.rebate !== 'off' ? r.bonus : '0') }
  const { ctx } = rightOrFail(sbdContext(model, r.T, new Decimal(r.epsilon), setting.rebate, setting.bonus))
  const i = model.providers.findIndex((p) => p.id === r.provider)
  expect(i, r.provider).toBeGreaterThanOrEqual(0)
  return rightOrFail(harmOf(ctx, i, Number(r.tolerance)))
}

describe('the harm part of the default study (§14.9)', () => {
  it(`one harm problem serves every tolerance: solveHarm(atTolerance(hp, ζ)) = harmOf(ctx, i, ζ) exactly (${runs(12)} cases, seed ${SEED})`, () => {
    const cases = fc
      .record({
        inst: abstractInstance({ minProviders: 2, maxProviders: 2, noise: 'bernoulli', minRangePercent: 20 }),
        T: fc.integer({ min: 200, max: 320 }),
        rebate: fc.boolean(),
        bonus: fc.integer({ min: 0, max: 1000 }),
        provider: fc.integer({ min: 0, max: 1 }),
        // ζ = 0 in one case of four, else a fraction of the way to η.
        zetas: fc.array(fc.integer({ min: -300, max: 1000 }), { minLength: 2, maxLength: 3 }),
      })
      .filter((c) => E.isRight(sbdConstants(c.T, 2, new Decimal('0.25'), c.inst.xHi.minus(c.inst.xLo))))
    fc.assert(
      fc.property(cases, (c) => {
        const model = rightOrFail(buildInstanceModel(c.inst))
        const bonus = c.rebate ? new Decimal(c.bonus).div(1000) : new Decimal(0)
        const { ctx, constants } = rightOrFail(sbdContext(model, c.T, new Decimal('0.25'), c.rebate, bonus))
        const top = eta(constants, c.rebate).toNumber()
        // Built at one tolerance, solved at others (in the order drawn: the caches fill in that order).
        const shared = rightOrFail(harmProblem(ctx, c.provider, top))
        for (const z of c.zetas) {
          const zeta = z <= 0 ? 0 : (top * z) / 1000
          const once = rightOrFail(harmOf(ctx, c.provider, zeta))
          const reused = solveHarm(atTolerance(shared, zeta))
          expect({ ...reused, work: null, errorBound: null }, `ζ = ${zeta}`).toStrictEqual({ ...once, work: null, errorBound: null })
          expect(reused.errorBound).toBeGreaterThanOrEqual(once.errorBound)
        }
      }),
      { seed: SEED, numRuns: runs(12), endOnFailure: true },
    )
  })

  it("every row of the quick study's harm part is harmOf's value at its setting, provider and tolerance; tolerances 0, below η, η", () => {
    const model = twoProvider()
    const rows = rightOrFail(runHarmStudy(true))
    const plan = harmPlan(true)
    // Three settings (δ = 0, the study's δ, rebate off) × two providers × (0, each plan tolerance below η, η).
    expect([...new Set(rows.map((r) => r.setting))]).toStrictEqual(['rebate on, δ = 0', `rebate on, δ = ${STUDY_BONUS}`, 'rebate off'])
    // The study's mechanism columns, as in its other CSVs.
    expect([...new Set(rows.map((r) => `${r.label} ${r.rebate}`))]).toStrictEqual([
      'SBD(ε=0.25, rebate=on) on',
      `SBD(ε=0.25, rebate=on, δ=${STUDY_BONUS}) on (δ=${STUDY_BONUS})`,
      'SBD(ε=0.25, rebate=off) off',
    ])
    for (const r of rows) {
      expect(r.T).toBe(plan.T)
      const h = direct(model, r)
      expect(pick(r), `${r.setting} ${r.provider} ζ = ${r.tolerance}`).toStrictEqual(analysed(h))
      boundCovers(r, h)
    }
    for (const setting of HARM_SETTINGS)
      for (const p of model.providers) {
        const own = rows.filter(
          (r) =>
            r.provider === p.id && (r.rebate !== 'off') === setting.rebate && r.bonus === (setting.rebate ? setting.bonus.toString() : ''),
        )
        const top = own[0]!.eta
        const below = plan.tolerances.filter((z) => new Decimal(z).lt(top))
        expect(own.map((r) => r.tolerance)).toStrictEqual(['0', ...below, top])
      }
  })

  it("one point of the full study's plan (T = 1000, δ = 0.1, provider b, ζ = 1) is harmOf's, inside §14.9's bracket", () => {
    const model = twoProvider()
    const full = harmPlan(false)
    expect(full.T).toBe(1000)
    const plan = { ...full, settings: [HARM_SETTINGS[1]!], tolerances: ['1'] }
    const rows = rightOrFail(harmStudyRows(model, plan))
    const r = rows.find((x) => x.provider === 'b' && x.tolerance === '1')!
    expect(r.bonus).toBe(STUDY_BONUS)
    const h = direct(model, r)
    expect(pick(r)).toStrictEqual(analysed(h))
    boundCovers(r, h)
    expect(Number(r.harmLower)).toBeCloseTo(25.1139, 4)
    expect(Number(r.harmUpper)).toBeCloseTo(25.1949, 4)
  })
})
