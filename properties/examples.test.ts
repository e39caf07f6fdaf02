/**
 * The shipped example scenarios behave as issue "SBD mechanism" requires: under τ*, U/T is within
 * Δ(T)/T of SB/T at T = 10^5 (where SBD is feasible), and PayTheBill under full cheating gives
 * T·μ^min in expectation (realized: every seed and the pooled sum within their Hoeffding bands,
 * proofs-notes §9.6).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { parseScenarioText } from '../src/codec/report-errors.ts'
import { Decimal } from '../src/exact/decimal.ts'
import { sbdConstants } from '../src/mechanism/constants.ts'
import { payTheBill } from '../src/mechanism/pay-the-bill.ts'
import { sbd } from '../src/mechanism/sbd.ts'
import { type InstanceModel, benchmarks, buildInstanceModel } from '../src/model/instance-model.ts'
import type { Mechanism } from '../src/sim/interfaces.ts'
import { simulate } from '../src/sim/engine.ts'
import { fullCheat, recommended } from '../src/strategy/basic.ts'
import { secondBestShortfall } from '../src/theory/bounds.ts'
import { d, describeStat, meanAndError, rightOrFail, significantlyAbove, userUsd } from './assertions.ts'
import { switchesOnLowStart } from './mechanism/mutants.ts'
import { type SumCheck, iidSumCheck } from './pathwise-rule.ts'
import { SEED } from './settings.ts'

const EXAMPLES = ['examples/two-provider-abstract.json', 'examples/three-provider-llm.json']
const modelOf = (path: string) => rightOrFail(E.chainW(buildInstanceModel)(parseScenarioText(readFileSync(path, 'utf8'))))
const seeds = Array.from({ length: 6 }, (_, k) => SEED + k)

const T_PTB = 100_000
/** μ^min of provider 0 as the simulator realizes it (probabilities rounded up to 2^(−32)). */
const TARGET = (m: InstanceModel): Decimal => m.providers[0]!.meanOf(m.providers[0]!.fullCheat)
/** The user's utility (USD) of PayTheBill-like `mech` under full cheating, one run per seed. */
const fullCheatUs = (m: InstanceModel, mech: Mechanism): Decimal[] =>
  seeds.map((seed) => userUsd(rightOrFail(simulate(m, mech, Array(m.n).fill(fullCheat), { T: T_PTB, seed }))))
/** The retired rule: the mean more than 4 (sample) standard errors away from `target`, either way. */
const fourSeTwoSided = (us: readonly Decimal[], target: Decimal): boolean =>
  significantlyAbove(us, target) ||
  significantlyAbove(
    us.map((u) => u.neg()),
    target.neg(),
  )

/**
 * proofs-notes §9.6: under PayTheBill and full cheating, a seed's `U = Σ_t X_t` is a sum of `T`
 * independent outcomes in `[x_lo, x_hi]` of mean μ^min (as realized), so Hoeffding bounds each
 * seed and the pooled sum. The nominal μ^min is the realized one up to `R·2^(−32)`, checked exactly.
 */
const payTheBillCheck = (m: InstanceModel, us: readonly Decimal[]): { readonly check: SumCheck; readonly text: string } => {
  const p = m.providers[0]!
  const mu = TARGET(m)
  expect(
    mu.gte(p.cheatMean) && mu.minus(p.cheatMean).lte(m.R.div(2 ** 32)),
    `realized μ^min ${mu.toString()} vs ${p.cheatMean.toString()}`,
  ).toBe(true)
  const check = iidSumCheck(us, T_PTB, mu, m.R)
  const text = `${describeStat('U', us, mu.times(T_PTB))}; seeds outside ±${check.seedWidth.toSignificantDigits(6).toString()}: ${check.perSeed.count}; pooled |Σ U − 6·T·μ| = ${check.pooled.deviation.toSignificantDigits(6).toString()} vs ${check.pooled.width.toSignificantDigits(6).toString()}`
  return { check, text }
}

describe('example scenarios', () => {
  for (const path of EXAMPLES)
    for (const eps of ['0.1', '0.25', '0.4'])
      it(`${path}, ε = ${eps}: U/T is within Δ(T)/T of SB/T under τ* at T = 10^5 (or SBD rejects T as too short)`, () => {
        const m = modelOf(path)
        const T = 100_000
        const c = sbdConstants(T, m.n, d(eps), m.R)
        if (E.isLeft(c)) {
          // ε = 0.1 with n = 3 needs T ≥ 4·⌈T^0.9⌉ + 1: infeasible at 10^5, by the rule of proofs-notes §3.1.
          expect(c.left).toMatch(/^horizon: T = 100000 is too short/)
          expect(m.n).toBeGreaterThanOrEqual(3)
          return
        }
        const us = seeds.map((seed) => userUsd(rightOrFail(simulate(m, sbd(d(eps), false), Array(m.n).fill(recommended), { T, seed }))))
        const sb = benchmarks(m, T).secondBest
        const gap = meanAndError(us).mean.minus(sb).abs()
        expect(gap.lte(secondBestShortfall(c.right)), describeStat('U', us, sb)).toBe(true)
      })

  // proofs-notes §9.6: per-seed and pooled bands replace "mean within 4 s.e." (a bimodal sample inflates its own s.e.).
  for (const path of EXAMPLES)
    it(`${path}: PayTheBill under full cheating gives T·μ^min in expectation; every seed’s U within its Hoeffding band, and the sum over 6 seeds`, () => {
      const m = modelOf(path)
      const v = payTheBillCheck(m, fullCheatUs(m, payTheBill(0)))
      expect(v.check.flagged, v.text).toBe(false)
    })

  for (const path of EXAMPLES)
    it(`${path}: the bands flag a bimodal violation (one seed of 6 two band widths out) that the 4-standard-error rule lets pass`, () => {
      const m = modelOf(path)
      const center = TARGET(m).times(T_PTB)
      const width = payTheBillCheck(
        m,
        seeds.map(() => center),
      ).check.seedWidth
      const us = seeds.map((_, k) => (k === 0 ? center.plus(width.times(2)) : center))
      expect(fourSeTwoSided(us, center)).toBe(false)
      expect(payTheBillCheck(m, us).check.perSeed).toMatchObject({ count: 1, critical: 1, flagged: true })
    })

  /**
   * The broken PayTheBill differs from PayTheBill only on a seed whose first outcome is low, which on
   * the LLM scenario is rare enough that six consecutive seeds may have none (SEED = 6, 7, 8 did):
   * there is then no violation to find. The sample is therefore the first five seeds from SEED and
   * the first later seed on which the mutant does switch, so that it holds a violation, on one seed
   * or more: the check must flag it.
   */
  const switchingSample = (m: InstanceModel): { readonly us: Decimal[]; readonly switched: number } => {
    const run = (seed: number) => rightOrFail(simulate(m, switchesOnLowStart(0), Array(m.n).fill(fullCheat), { T: T_PTB, seed }))
    const switchedOn = (r: ReturnType<typeof run>): boolean => r.ledger.roundsServed[0]! < T_PTB
    const runs = seeds.slice(0, 5).map(run)
    let next = SEED + 5
    for (let r = run(next); ; r = run(++next)) {
      expect(next - SEED, 'no seed within 200 of SEED makes the mutant switch').toBeLessThan(200)
      if (switchedOn(r)) {
        runs.push(r)
        break
      }
    }
    return { us: runs.map(userUsd), switched: runs.filter(switchedOn).length }
  }

  for (const path of EXAMPLES)
    it(`${path}: power — a broken PayTheBill that hands the run to provider 1 after a low first outcome fails the bands`, () => {
      const m = modelOf(path)
      const { us, switched } = switchingSample(m)
      expect(switched).toBeGreaterThanOrEqual(1)
      const v = payTheBillCheck(m, us)
      expect(v.check.flagged, `${v.text}; ${switched} of 6 seeds switched`).toBe(true)
    })

  it('0.075 USD/Mtok stays exact through codec, model and ledger (Gemini 1.5 Flash as a substitute)', () => {
    const text = readFileSync('examples/three-provider-llm.json', 'utf8')
    const inst = rightOrFail(parseScenarioText(text))
    const google = inst.kind === 'llm' ? inst.providers.find((p) => p.id === 'google')! : undefined
    expect(google?.substitute?.inputPrice.toString()).toBe('0.075')
    const m = rightOrFail(buildInstanceModel(inst))
    // Full cheat: the substitute serves every query; its cost per query is κ·(0.075·500 + 0.3·n)/10^6.
    const i = inst.providers.findIndex((p) => p.id === 'google')
    const table = m.compile(i, m.providers[i]!.fullCheat)
    const bill200 = new Decimal('1.25').times(500).plus(new Decimal('5').times('1.5').times(200)).div(1e6)
    const cost200 = new Decimal('0.5').times(new Decimal('0.075').times(500).plus(new Decimal('0.3').times(200))).div(1e6)
    expect(cost200.toString()).toBe('0.00004875')
    // Outcome index: substituted branch (1), wrong answer (0), first length (200 tokens).
    expect(new Decimal(table.y[(1 * 2 + 0) * 4 + 0]!).div(m.grid.scaleDecimal).eq(bill200.minus(cost200))).toBe(true)
    const r = rightOrFail(simulate(m, payTheBill(i), Array(m.n).fill(fullCheat), { T: 1000, seed: SEED }))
    const profit = r.ledger.serviceProfit[i]!
    // Every profit is bill − cost on the 1e-13 grid: the sum is an exact integer number of units.
    expect(typeof profit).toBe('bigint')
    expect(new Decimal(profit.toString()).div(m.grid.scaleDecimal).times(m.grid.scaleDecimal).isInteger()).toBe(true)
  })
})

describe('the sbd executable', () => {
  it('exits 2 on a malformed scenario, naming every bad field, with nothing on stdout', () => {
    const example = readFileSync('examples/two-provider-abstract.json', 'utf8')
    const bad = JSON.parse(example) as { providers: { honestMean: string; segments: { slope: string }[] }[] }
    bad.providers[0]!.honestMean = '0.8.1'
    bad.providers[1]!.segments[0]!.slope = 'steep'
    const path = `${process.env.TMPDIR ?? '/tmp'}/sbd-bad-${process.pid}.json`
    writeFileSync(path, JSON.stringify(bad))
    const r = spawnSync(process.execPath, ['bin/sbd.mjs', 'simulate', '--scenario', path, '--horizon', '1000'], { encoding: 'utf8' })
    expect(r.status).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/providers\[1\]\.segments\[0\]\.slope/)
    expect(r.stderr).toMatch(/providers\[0\]\.honestMean/)
    rmSync(path)
  })
})
