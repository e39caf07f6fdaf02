/**
 * The playable harm strategy as an engine {@link Strategy} (proofs-notes §14.9): a mixture of two
 * pure strategies drawn once at the start from the provider's own seeded randomness. A pure
 * strategy is τ* itself, or: the shading breakpoint for the first `s` own exploration rounds and
 * honest after (the engine does not show a provider its own exploration outcomes, so its
 * exploration cannot depend on them); as the monitored winner, the Lagrangian stint policy of its
 * multiplier at the target it is given (recomputed per target on first use); `g` in blind trust, as
 * τ*. Simulated on the engine, its means must agree with the exact values of the harm programme.
 *
 * @module
 */
import type { OutcomeTable } from '../model/outcome-table.ts'
import type { ProviderContext, Strategy, StrategyRun } from '../sim/interfaces.ts'
import { nextUint32 } from '../sim/rng.ts'
import { recommended } from '../strategy/basic.ts'
import type { AnalysisContext } from './context.ts'
import type { PlayableMixture, PlayablePolicy } from './harm.ts'
import { lagrangianStint } from './lagrangian.ts'

/** One pure strategy of the playable class, started for provider `i`. */
const startPure = (ctx: AnalysisContext, i: number, policy: PlayablePolicy, pc: ProviderContext): StrategyRun => {
  const base = recommended.start(pc)
  if (policy.kind === 'tau-star') return base
  const me = ctx.dp.providers[i]!
  const rival = ctx.dp.providers[1 - i]!
  const tables: OutcomeTable[] = me.breakpoints.map((a) => pc.table(pc.self.deliver(a.mean)))
  const g = tables[tables.length - 1]!
  const lo = Number(ctx.dp.range.lo)
  const R = Number(ctx.dp.range.R)
  const { K, endgame } = ctx.rules
  const choices = new Map<number, (j: number, k: number) => number>()
  const choiceFor = (tau: number): ((j: number, k: number) => number) => {
    let c = choices.get(tau)
    if (c === undefined) {
      c = lagrangianStint({
        K,
        kappa: ctx.thresholds(BigInt(tau)),
        actions: me.breakpoints,
        lambda: policy.lambda,
        survive: { user: endgame * me.cheat.m, profit: endgame * me.cheat.profit },
        firedUserPerRound: rival.cheat.m,
        endgame,
        record: true,
      }).choice!
      choices.set(tau, c)
    }
    return c
  }
  let explored = 0
  return {
    act: (view) => {
      if (view.phase === 'exploration') return tables[explored++ < policy.explore.rounds ? policy.explore.action : 0]!
      if (view.phase !== 'exploitation' || view.server !== pc.index || !Number.isFinite(view.target)) return base.act(view)
      const j = view.stintRounds
      const k = Math.round((view.stintSum - j * lo) / R)
      const choice = choiceFor(view.target)(j, k)
      // Outside the programme's window, or where no firing can happen any more: g.
      return choice < 0 ? g : tables[choice]!
    },
  }
}

/**
 * The engine strategy of a playable harm mixture of provider `i` (n = 2).
 *
 * @param ctx - the analysis context the mixture was computed on.
 * @param i - the provider's index.
 * @param mixture - the mixture ({@link harmOf}'s `playable`).
 * @returns the strategy: `mixture.first` with probability `mixture.weight`, else `mixture.second`.
 */
export const harmStrategy = (ctx: AnalysisContext, i: number, mixture: PlayableMixture): Strategy => ({
  name: `harm-mixture(w=${mixture.weight.toPrecision(6)})`,
  start: (pc) => {
    // One draw of 32 bits: the weight is realized to within 2^−32 (charged in proofs-notes §14.9).
    const first = nextUint32(pc.rng) < mixture.weight * 2 ** 32
    const chosen = first ? mixture.first : mixture.second
    return startPure(ctx, i, chosen.policy ?? { kind: 'tau-star' }, pc)
  },
})
