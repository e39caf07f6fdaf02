/**
 * The DP's optimal stint policy as an engine {@link Strategy}, and the exact value of that
 * strategy (proofs-notes §10.4): honest exploration, the recorded optimal breakpoint at every
 * `(j, k)` as the monitored winner (recomputed per target on first use), τ* otherwise (its `g` in
 * blind trust). Simulated on the engine its mean profit must agree with {@link exportedValue}:
 * the engine and the DP check each other.
 *
 * @module
 */
import type { Strategy } from '../sim/interfaces.ts'
import { recommended } from '../strategy/basic.ts'
import type { AnalysisContext } from './context.ts'
import { configs } from './configs.ts'
import { type StintPolicy, stintValue } from './stint-value.ts'
import { expectedRounds } from './stint-law.ts'
import { tauStarExpectations } from './tau-star.ts'

/**
 * The engine strategy of provider `i`'s optimal stint policy under `ctx`'s rules.
 *
 * @param ctx - the analysis context.
 * @param i - the provider's index.
 * @returns the strategy that plays its optimal stint policy.
 */
export const optimalStintStrategy = (ctx: AnalysisContext, i: number): Strategy => ({
  name: 'dp-optimal-stint',
  start: (pc) => {
    const base = recommended.start(pc)
    const me = ctx.dp.providers[i]!
    const tables = me.breakpoints.map((a) => pc.table(pc.self.deliver(a.mean)))
    const lo = Number(ctx.dp.range.lo)
    const R = Number(ctx.dp.range.R)
    const policies = new Map<number, StintPolicy>()
    const policyFor = (tau: number): StintPolicy => {
      let p = policies.get(tau)
      if (p === undefined) {
        const s = stintValue({
          K: ctx.rules.K,
          kappa: ctx.thresholds(BigInt(tau)),
          actions: me.breakpoints,
          endValue: ctx.rules.endgame * me.cheat.profit,
          record: true,
        })
        p = s.policy!
        policies.set(tau, p)
      }
      return p
    }
    return {
      act: (view) => {
        if (view.phase !== 'exploitation' || view.server !== pc.index || !Number.isFinite(view.target)) return base.act(view)
        const j = view.stintRounds
        const k = Math.round((view.stintSum - j * lo) / R)
        const choice = policyFor(view.target).choice(j, k)
        return choice < 0 ? base.act(view) : tables[choice]!
      },
    }
  },
})

/**
 * The exact `E[Π_i]` of {@link optimalStintStrategy} against τ* of the others.
 *
 * @param ctx - the analysis context.
 * @param i - the provider's index.
 * @returns its expected profit, USD (a double).
 */
export const exportedValue = (ctx: AnalysisContext, i: number): number => {
  const { rules } = ctx
  const me = ctx.dp.providers[i]!
  const endValue = rules.endgame * me.cheat.profit
  let value = tauStarExpectations(ctx).profits[i]!
  for (const cfg of configs(ctx)) {
    if (cfg.order[0] !== i) continue
    const tau = rules.targetUnits(cfg.sums[0]!, cfg.sums[1]!)
    const star = ctx.tauStar(i, tau)
    const starValue = star.action.profit * expectedRounds(star.law, rules.K) + star.law.survive * endValue
    const best = stintValue({ K: rules.K, kappa: ctx.thresholds(tau), actions: me.breakpoints, endValue }).value
    value += cfg.prob * (best - starValue)
  }
  return value
}
