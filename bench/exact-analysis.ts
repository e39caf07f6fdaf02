/**
 * Benchmark of the exact analysis (proofs-notes §10.7), not part of npm test:
 *
 * 1. speed and memory: the two-provider example, n = 2, ε = ¼, rebate on, T = 10^4 — the τ*
 *    expectations and the optimal deviations timed separately (one core), peak RSS reported;
 * 2. the largest T (a ×1.5 grid from 10^4, then bisection to the nearest 500) whose whole analysis
 *    finishes in 60 s;
 * 3. engine agreement over 40,000 seeds at T = 1000: E[U], E[Π_i] under τ* and the exported DP
 *    policy's profit, each within 4 standard errors of the exact value;
 * 4. the exact rational evaluation of the same recursions (proofs-notes §10.6, §10.R) at T = 300,
 *    both rebate settings, and the largest distance to the doubles against the error bound;
 * 5. the harm H_i(ζ) (proofs-notes §14) of each provider at ζ = 1, rebate on, δ = 0.1, at
 *    T = 10^3 and 10^4 (CPU time, tangent iterations and stint states).
 *
 * Part 1 also times the achievable deviation (proofs-notes §10.5) at T = 10^3 and 10^4.
 *
 * Run: `npx tsx bench/exact-analysis.ts [--skip-largest] [--seeds N] [--skip-agreement] [--harm-only]`.
 */
import * as E from 'fp-ts/lib/Either.js'
import { readFileSync } from 'node:fs'
import { analyzeWith, sbdContext } from '../src/analysis/analyze.ts'
import { achievableValue, recordedStintPolicy } from '../src/analysis/achievable.ts'
import { deviationValue } from '../src/analysis/deviation.ts'
import { distance, exactReference } from '../src/analysis/exact-reference.ts'
import { harmOf } from '../src/analysis/harm.ts'
import { exportedValue, optimalStintStrategy } from '../src/analysis/policy-strategy.ts'
import { tauStarExpectations } from '../src/analysis/tau-star.ts'
import { parseScenarioText } from '../src/codec/report-errors.ts'
import { Decimal } from '../src/exact/decimal.ts'
import { sbd } from '../src/mechanism/sbd.ts'
import { buildInstanceModel } from '../src/model/instance-model.ts'
import { simulate } from '../src/sim/engine.ts'
import { providerUtility, userUtility } from '../src/sim/ledger.ts'
import { recommended } from '../src/strategy/basic.ts'

const must = <A>(e: E.Either<string | readonly string[], A>): A => {
  if (E.isLeft(e)) throw new Error(String(e.left))
  return e.right
}
const model = must(buildInstanceModel(must(parseScenarioText(readFileSync('examples/two-provider-abstract.json', 'utf8')))))
const EPS = new Decimal('0.25')
const cpu = (): number => process.cpuUsage().user / 1e6
const args = process.argv.slice(2)

const harmOnly = args.includes('--harm-only')

// 1. T = 10^3 and 10^4 (the achievable deviation timed on its own).
for (const T of harmOnly ? [] : [1000, 10_000]) {
  const { ctx } = must(sbdContext(model, T, EPS, true))
  const t0 = cpu()
  const tau = tauStarExpectations(ctx)
  const t1 = cpu()
  const devs = model.providers.map((_, i) => deviationValue(ctx, i))
  const t2 = cpu()
  const ach = model.providers.map((_, i) => achievableValue(ctx, i, tau))
  const t3 = cpu()
  console.log(
    `T = ${T}: τ* expectations ${(t1 - t0).toFixed(2)} s CPU, optimal deviations ${(t2 - t1).toFixed(2)} s CPU, achievable deviations ${(t3 - t2).toFixed(2)} s CPU, stint states ${devs.reduce((s, d) => s + d.states, 0)}, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  )
  console.log(
    `  E[U] = ${tau.userUtility.toFixed(4)}, gain bounds = ${devs.map((d, i) => (d.value - tau.profits[i]!).toFixed(4)).join(', ')}, achievable gains = ${ach.map((a, i) => (a.value - tau.profits[i]!).toFixed(4)).join(', ')}`,
  )
}

// 4. The exact rational evaluation at T = 300.
for (const rebate of harmOnly ? [] : [true, false]) {
  const { ctx, constants } = must(sbdContext(model, 300, EPS, rebate))
  const t0 = cpu()
  const a = analyzeWith(ctx, constants)
  const t1 = cpu()
  const explore = a.providers.map((p, i) => ctx.dp.providers[i]!.breakpoints.find((b) => b.mean.eq(p.achievable!.exploration!))!)
  const ref = must(exactReference(ctx, explore, (i, tau) => recordedStintPolicy(ctx, i, tau).actionAt))
  const t2 = cpu()
  const distances = [
    distance(ref.userUtility, a.expectedUserUtility),
    ...a.providers.flatMap((p, i) => [
      distance(ref.profits[i]!, p.expectedProfit),
      distance(ref.optimalValues[i]!, p.optimalValue),
      distance(ref.achievableValues[i]!, p.achievable!.value),
    ]),
  ]
  console.log(
    `T = 300, rebate ${rebate ? 'on' : 'off'}: analysis ${(t1 - t0).toFixed(2)} s CPU, exact rational evaluation ${(t2 - t1).toFixed(2)} s CPU; largest distance ${Math.max(...distances).toExponential(2)}, errorBound ${a.errorBound.toExponential(2)}`,
  )
}

// 2. Largest T in 60 s.
if (!harmOnly && !args.includes('--skip-largest')) {
  const time = (T: number): number => {
    const s = sbdContext(model, T, EPS, true)
    if (E.isLeft(s)) return Infinity
    const t0 = cpu()
    analyzeWith(s.right.ctx, s.right.constants)
    return cpu() - t0
  }
  let lo = 10_000
  let hi = 10_000
  while (hi <= 30_000 && time(hi) <= 60) {
    lo = hi
    hi = Math.min(30_001, Math.round(hi * 1.5))
  }
  // Then bisect between the last T that fit and the first that did not, to the nearest 500.
  while (hi <= 30_000 && hi - lo > 500) {
    const mid = Math.round((lo + hi) / 1000) * 500
    if (time(mid) <= 60) lo = mid
    else hi = mid
  }
  console.log(`largest T analysed in ≤ 60 s CPU (grid ×1.5 from 10^4, then bisection to 500; cap 30,000): ${lo} (did not fit: ${hi})`)
}

// 3. Engine agreement over many seeds.
if (!harmOnly && !args.includes('--skip-agreement')) {
  const seedsArg = args.indexOf('--seeds')
  const k = seedsArg >= 0 ? Number(args[seedsArg + 1]) : 40_000
  const T = 1000
  const { ctx } = must(sbdContext(model, T, EPS, true))
  const exact = tauStarExpectations(ctx)
  const dpValue = exportedValue(ctx, 0)
  const scale = Number(model.grid.scale)
  const stats = () => ({ n: 0, s: 0, ss: 0 })
  const add = (st: ReturnType<typeof stats>, x: number) => {
    st.n++
    st.s += x
    st.ss += x * x
  }
  const report = (label: string, st: ReturnType<typeof stats>, ex: number) => {
    const mean = st.s / st.n
    const se = Math.sqrt((st.ss / st.n - mean * mean) / (st.n - 1))
    const z = (mean - ex) / se
    console.log(
      `${label}: engine ${mean.toFixed(4)} ± ${se.toFixed(4)} (${st.n} seeds), exact ${ex.toFixed(4)}, z = ${z.toFixed(2)} ${Math.abs(z) <= 4 ? 'OK' : 'DISAGREE'}`,
    )
  }
  const u = stats()
  const p = [stats(), stats()]
  const d = stats()
  const profile = [optimalStintStrategy(ctx, 0), recommended]
  for (let seed = 1; seed <= k; seed++) {
    const r = must(simulate(model, sbd(EPS, true), [recommended, recommended], { T, seed }))
    add(u, Number(userUtility(r.ledger)) / scale)
    for (const [i, st] of p.entries()) add(st, Number(providerUtility(r.ledger, i)) / scale)
    add(d, Number(providerUtility(must(simulate(model, sbd(EPS, true), profile, { T, seed: seed + 1_000_000 })).ledger, 0)) / scale)
  }
  report('E[U] under τ*', u, exact.userUtility)
  for (const [i, st] of p.entries()) report(`E[Π_${model.providers[i]!.id}] under τ*`, st, exact.profits[i]!)
  report('E[Π_a] of the exported DP policy', d, dpValue)
}

// 5. The harm at T = 10^3 and 10^4.
for (const T of [1000, 10_000]) {
  const { ctx } = must(sbdContext(model, T, EPS, true, new Decimal('0.1')))
  for (const [i, p] of model.providers.entries()) {
    const t0 = cpu()
    const h = must(harmOf(ctx, i, 1))
    console.log(
      `harm T = ${T}, δ = 0.1, ζ = 1, provider ${p.id}: ${(cpu() - t0).toFixed(2)} s CPU, ${h.work.relaxed} + ${h.work.playable} tangent steps, ${h.work.states} stint states, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; ${h.playableHarm.toFixed(4)} ≤ H ≤ ${h.harm.toFixed(4)} (error bound ${h.errorBound.toExponential(2)})`,
    )
  }
}
