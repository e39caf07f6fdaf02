/**
 * The basic provider strategies: always honest, always full cheat, and the recommended profile τ*
 * of SBD (proofs-notes §3.3, §5.1).
 *
 * @module
 */
import { fromUnits } from '../exact/grid.ts'
import type { OutcomeTable } from '../model/outcome-table.ts'
import type { ProviderContext, Strategy } from '../sim/interfaces.ts'
import type { PublicView } from '../sim/public-view.ts'

/**
 * `stableFor` of a strategy whose action reads only the phase, the server and the target of the
 * view (proofs-notes §13.4): the rest of the run, since the leaping engine ends a block wherever
 * those change.
 *
 * @param view - the public view of the current round.
 * @returns the rounds from `view.t` to the end of the run.
 */
export const untilPublicChange = (view: PublicView): number => view.T - view.t + 1

/** Plays the honest action `h` in every round. */
export const honest: Strategy = {
  name: 'honest',
  start: (ctx) => {
    const h = ctx.table(ctx.self.honest)
    return { act: () => h, stableFor: untilPublicChange }
  },
}

/** Plays the full-cheat action `g` in every round. */
export const fullCheat: Strategy = {
  name: 'full-cheat',
  start: (ctx) => {
    const g = ctx.table(ctx.self.fullCheat)
    return { act: () => g, stableFor: untilPublicChange }
  },
}

/**
 * The frontier action that delivers `targetUnits` (grid units, an exact integer), cached on the
 * last target: a server's target is constant over its stint.
 *
 * @param ctx - the provider's context.
 * @returns a function from a target mean (grid units) to the outcome table that delivers it.
 */
export const deliverer = (ctx: ProviderContext): ((targetUnits: number) => OutcomeTable) => {
  let lastTarget = Number.NaN
  let last = ctx.table(ctx.self.honest)
  return (targetUnits) => {
    if (targetUnits !== lastTarget) {
      lastTarget = targetUnits
      last = ctx.table(ctx.self.deliver(fromUnits(ctx.model.grid, targetUnits)))
    }
    return last
  }
}

/**
 * The recommended profile τ*: honest in exploration; as monitored server with target `τ`, the
 * frontier action of mean `τ` (profit `F(τ)`) if `τ ≤ ū`, else honest; in blind trust, `g`.
 * Under mechanisms without phases it is honest.
 */
export const recommended: Strategy = {
  name: 'recommended',
  start: (ctx) => {
    const h = ctx.table(ctx.self.honest)
    const g = ctx.table(ctx.self.fullCheat)
    const deliver = deliverer(ctx)
    return {
      act: (view) => {
        switch (view.phase) {
          case 'exploitation':
            return deliver(view.target)
          case 'blindTrustFallback':
          case 'blindTrustEndgame':
            return g
          default:
            return h
        }
      },
      stableFor: untilPublicChange,
    }
  },
}
