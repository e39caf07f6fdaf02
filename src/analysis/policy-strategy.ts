/**
 * The DP's optimal stint policy as an engine {@link Strategy}, and the exact value of that
 * strategy (proofs-notes §10.5): one action in every exploration round (honest by default), the recorded optimal breakpoint at every
 * `(j, k)` as the monitored winner (recomputed per target on first use), τ* otherwise (its `g` in
 * blind trust). Simulated on the engine its mean profit must agree with {@link exportedValue}:
 * the engine and the DP check each other.
 *
 * @module
 */
import type { Strategy } from '../sim/interfaces.ts'
import { recommended } from '../strategy/basic.ts'
import type { AnalysisContext } from './context.ts'
import { achievableFor, recordedStintPolicy } from './achievable.ts'
import type { DpAction } from './instance.ts'
import type { StintPolicy } from './stint-value.ts'

/**
 * The engine strategy of provider `i`'s optimal stint policy under `ctx`'s rules.
 *
 * @param ctx - the analysis context.
 * @param i - the provider's index.
 * @param explore - the action of every exploration round (default: honest, as τ*).
 * @returns the strategy that plays its optimal stint policy.
 */
export const optimalStintStrategy = (ctx: AnalysisContext, i: number, explore?: DpAction): Strategy => ({
  name: explore === undefined ? 'dp-optimal-stint' : `dp-optimal-stint:explore=${explore.mean.toString()}`,
  start: (pc) => {
    const base = recommended.start(pc)
    const me = ctx.dp.providers[i]!
    const tables = me.breakpoints.map((a) => pc.table(pc.self.deliver(a.mean)))
    const exploring = explore === undefined ? null : pc.table(pc.self.deliver(explore.mean))
    const lo = Number(ctx.dp.range.lo)
    const R = Number(ctx.dp.range.R)
    const policies = new Map<number, StintPolicy>()
    const policyFor = (tau: number): StintPolicy => {
      let p = policies.get(tau)
      if (p === undefined) {
        p = recordedStintPolicy(ctx, i, BigInt(tau)).policy
        policies.set(tau, p)
      }
      return p
    }
    return {
      act: (view) => {
        if (view.phase === 'exploration' && exploring !== null) return exploring
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
 * The exact `E[Π_i]` of {@link optimalStintStrategy} against τ* of the others (within the error
 * bound of `achievableFor` in `achievable.ts`, which computes it).
 *
 * @param ctx - the analysis context.
 * @param i - the provider's index.
 * @param explore - the action of every exploration round (default: honest).
 * @returns its expected profit, USD (a double).
 */
export const exportedValue = (ctx: AnalysisContext, i: number, explore?: DpAction): number =>
  achievableFor(ctx, i, explore ?? ctx.dp.providers[i]!.honest).value
