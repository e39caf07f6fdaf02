/**
 * The phase-by-phase pieces of the recommended profile τ* that deviation strategies keep outside
 * the phase they deviate in (proofs-notes §3.3, §5).
 *
 * @module
 */
import type { OutcomeTable } from '../model/outcome-table.ts'
import type { ProviderContext } from '../sim/interfaces.ts'
import type { PublicView } from '../sim/public-view.ts'

/**
 * τ* outside exploitation: honest in exploration and under mechanisms without phases, `g` in
 * both blind-trust phases; an exploitation round (as a server without a target) is honest.
 */
export const recommendedFallback = (ctx: ProviderContext): ((view: PublicView) => OutcomeTable) => {
  const h = ctx.table(ctx.self.honest)
  const g = ctx.table(ctx.self.fullCheat)
  return (view) => (view.phase === 'blindTrustFallback' || view.phase === 'blindTrustEndgame' ? g : h)
}
