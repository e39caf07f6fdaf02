/**
 * The leaping engine against the exact analysis (proofs-notes §13.6, check (a); §10.2, §9.6).
 *
 * Under τ* on the two-provider example (T = 3000, ε = ¼, rebate on, 400 seeds) the leaping
 * engine's means of U, Π_i and the exploration counts agree within 4 standard errors with the exact E[U], E[Π_i] and L·p_i, and
 * every seed on its own passes the exact-tail rule of §9.6 (p_F = 10⁻⁹/400): each exploration count
 * against Bin(L, p), and each stint's firing round against the exact law of that stint given the
 * target the seed drew (a stint that starts after a firing at monitored round a has K − a rounds,
 * so its observation is censored there; the phase lengths are functions of these firing rounds).
 * Under τ* the winner is essentially never fired, so the firing laws are also checked where they
 * have content: SBD without the slack on the three-provider example, against the analysis of the
 * same broken rules (§10.5), where both stints are fired within a few rounds.
 *
 * Power: the deliberately wrong sampler whose high-outcome probability is off by 1% fails the
 * agreement of the means. Every run also checks τ* at T = 10⁴ (100 seeds); with `THOROUGH=1` at T = 3·10⁴ (200 seeds) (the analysis's
 * largest horizon, about a minute of dynamic programming).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { sbdContext } from '../../src/analysis/analyze.ts'
import { type AnalysisContext, analysisContext } from '../../src/analysis/context.ts'
import type { StintLaw } from '../../src/analysis/stint-law.ts'
import { tauStarExpectations } from '../../src/analysis/tau-star.ts'
import { parseScenarioText } from '../../src/codec/report-errors.ts'
import { Decimal } from '../../src/exact/decimal.ts'
import { toUnits } from '../../src/exact/grid.ts'
import { sbd } from '../../src/mechanism/sbd.ts'
import { type InstanceModel, buildInstanceModel } from '../../src/model/instance-model.ts'
import { biasedBlockSampler } from '../../src/sampling/index.ts'
import { type RunResult, simulate } from '../../src/sim/engine.ts'
import type { Mechanism } from '../../src/sim/interfaces.ts'
import { recommended } from '../../src/strategy/basic.ts'
import { meanAndError, providerUsd, rightOrFail, tailOf, userUsd } from '../assertions.ts'
import { noSlack } from '../mechanism/mutants.ts'
import { seedsOf } from '../sbd-cases.ts'
import { THOROUGH } from '../settings.ts'

const EPS = new Decimal('0.25')
const SEEDS = 400
/** Per-seed false-alarm probability: 10⁻⁹ over the seeds. */
const P_F = 1e-9 / SEEDS

const modelOf = (file: string): InstanceModel => rightOrFail(buildInstanceModel(rightOrFail(parseScenarioText(readFileSync(file, 'utf8')))))

/**
 * The exact tail of a stint's firing observation: fired after monitored round `b ≤ cap` (two-sided
 * tail of the firing round), or not fired within its `cap` rounds (the upper tail `P(N > cap)`).
 */
const stintTail = (law: StintLaw, cap: number, fired: number | undefined): number => {
  if (fired === undefined) {
    let above = law.survive
    for (let a = cap + 1; a < law.fire.length; a++) above += law.fire[a]!
    return above
  }
  const pmf = Float64Array.from({ length: law.fire.length + 1 }, (_, a) =>
    a === law.fire.length ? law.survive : a === 0 ? 0 : law.fire[a]!,
  )
  return tailOf(pmf, fired)
}

interface Details {
  readonly ranking: string[]
  readonly targets: { target: string }[]
  readonly fired: { provider: string; monitoredRounds: number }[]
}

/** Every observation of a τ* run with its exact tail: exploration counts, then each stint in turn. */
const tailsOf = (ctx: AnalysisContext, r: RunResult): { what: string; tail: number; slack: number }[] => {
  const { model } = ctx.dp
  const K = ctx.rules.K
  const out = r.outcome.transfers.map((z, i) => {
    const k = Number(z / ctx.dp.range.R)
    return { what: `exploration count of ${model.providers[i]!.id} = ${k}`, tail: tailOf(ctx.pmf[i]!, k), slack: 1e-12 }
  })
  const d = r.outcome.details as unknown as Details
  let left = K
  for (let s = 0; s < model.n - 1 && left > 0; s++) {
    const server = model.providers.findIndex((p) => p.id === d.ranking[s])
    const tau = rightOrFail(toUnits(model.grid, new Decimal(d.targets[s]!.target)))
    const law = ctx.tauStar(server, tau).law
    const fired = d.fired[s]?.monitoredRounds
    out.push({
      what: `stint ${s + 1} fired after ${fired ?? `more than ${left}`} rounds`,
      tail: stintTail(law, left, fired),
      slack: law.lost + 1e-12,
    })
    if (fired === undefined) break
    left -= fired
  }
  return out
}

const flaggedSeeds = (ctx: AnalysisContext, runs: readonly RunResult[]): string[] =>
  runs.flatMap((r, s) =>
    tailsOf(ctx, r)
      .filter((o) => o.tail + o.slack < P_F / 2)
      .map((o) => `seed #${s}: ${o.what} has exact tail ${o.tail}`),
  )

/** |z| of the engine's mean against an exact value. */
const zOf = (xs: readonly Decimal[], exact: number): number => {
  const { mean, se } = meanAndError(xs)
  return mean
    .minus(exact)
    .abs()
    .div(se.gt(0) ? se : 1)
    .toNumber()
}

const leapRuns = (
  model: InstanceModel,
  mech: Mechanism,
  T: number,
  seeds: readonly number[],
  options: Partial<Parameters<typeof simulate>[3]> = {},
) => seeds.map((seed) => rightOrFail(simulate(model, mech, Array(model.n).fill(recommended), { T, seed, engine: 'leap', ...options })))

/** The largest |z| over E[U] and every E[Π_i]. */
const worstZ = (ctx: AnalysisContext, runs: readonly RunResult[], label: string): number => {
  const exact = tauStarExpectations(ctx)
  const { L } = ctx.rules
  // The mean exploration count of provider i is exactly L·p_i (the rebate is the count times R).
  const counts = ctx.dp.providers.map((p, i) =>
    zOf(
      runs.map((r) => new Decimal((r.outcome.transfers[i]! / ctx.dp.range.R).toString())),
      L * p.honest.p,
    ),
  )
  const zs = [
    zOf(runs.map(userUsd), exact.userUtility),
    ...exact.profits.map((p, i) =>
      zOf(
        runs.map((r) => providerUsd(r, i)),
        p,
      ),
    ),
    ...counts,
  ]
  console.log(`${label}: |z| of E[U], E[Π_i], E[k_i] = ${zs.map((z) => z.toFixed(2)).join(', ')} (${runs.length} seeds)`)
  return Math.max(...zs)
}

describe('the leaping engine agrees with the exact analysis (proofs-notes §13.6 (a))', () => {
  const two = modelOf('examples/two-provider-abstract.json')
  const three = modelOf('examples/three-provider-abstract.json')
  const seeds = seedsOf(SEEDS, 104_729)

  it('τ* on the two-provider example, T = 3000: means within 4 standard errors, every seed within its exact tails', () => {
    const { ctx } = rightOrFail(sbdContext(two, 3000, EPS, true))
    const runs = leapRuns(two, sbd(EPS, true), 3000, seeds)
    expect(worstZ(ctx, runs, 'τ*, T = 3000')).toBeLessThanOrEqual(4)
    expect(flaggedSeeds(ctx, runs)).toEqual([])
  })

  it('SBD without the slack on the three-provider example, T = 1000: both stints fired, each by its exact law', () => {
    const s = rightOrFail(sbdContext(three, 1000, EPS, true))
    const ctx = analysisContext(s.ctx.dp, { ...s.rules, toleratedDeficit: () => 0n }, 1000)
    const runs = leapRuns(three, noSlack(EPS, true), 1000, seeds)
    const firings = runs.reduce((a, r) => a + (r.outcome.details as unknown as Details).fired.length, 0)
    expect(firings).toBeGreaterThan(SEEDS)
    expect(worstZ(ctx, runs, 'no slack, T = 1000')).toBeLessThanOrEqual(4)
    expect(flaggedSeeds(ctx, runs)).toEqual([])
  })

  it('power: a sampler whose probabilities are off by 1% fails the agreement of the means', () => {
    const { ctx } = rightOrFail(sbdContext(two, 3000, EPS, true))
    const runs = leapRuns(two, sbd(EPS, true), 3000, seeds, { sampler: biasedBlockSampler(0.01) })
    expect(worstZ(ctx, runs, 'biased sampler (+1%)')).toBeGreaterThan(4)
  })

  // A larger horizon in every run, the analysis's largest with THOROUGH=1 (no test is skipped).
  const largeT = THOROUGH ? 30_000 : 10_000
  it(`τ* on the two-provider example at T = ${largeT}: means within 4 standard errors, every seed within its exact tails`, () => {
    const { ctx } = rightOrFail(sbdContext(two, largeT, EPS, true))
    const runs = leapRuns(two, sbd(EPS, true), largeT, seeds.slice(0, THOROUGH ? 200 : 100))
    expect(worstZ(ctx, runs, `τ*, T = ${largeT}`)).toBeLessThanOrEqual(4)
    expect(flaggedSeeds(ctx, runs)).toEqual([])
  })
})
