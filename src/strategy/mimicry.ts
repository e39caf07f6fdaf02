/**
 * Mimicry (proofs-notes §5.3, §8): behave exactly as the recommended strategy of a weaker type whose
 * best service is `ū' < ū`.
 *
 * @module
 */
import { type Decimal, dmax, dmin } from '../exact/decimal.ts'
import { ceilUnits } from '../exact/grid.ts'
import type { Strategy } from '../sim/interfaces.ts'
import { deliverer, untilPublicChange } from './basic.ts'
import { isMonitoredServer } from './action-menu.ts'

/**
 * Mimics the recommended profile of a type capped at `ū' = capMean` (clamped to `[μ^min, ū]`):
 * delivers `ū'` in exploration (the weaker type's honest service; also under mechanisms without
 * phases), `min(τ, ū')` as monitored server with target `τ`, and `g` in blind trust.
 *
 * @param capMean - the mean ū' (USD) of the weaker type it mimics; it never delivers more.
 * @returns the mimicry strategy (§5.3).
 */
export const mimic = (capMean: Decimal): Strategy => ({
  name: `mimic(ū'=${capMean.toString()})`,
  start: (ctx) => {
    const cap = dmin(ctx.self.honestMean, dmax(ctx.self.cheatMean, capMean))
    const capped = ctx.table(ctx.self.deliver(cap))
    const capUnits = Number(ceilUnits(ctx.model.grid, cap))
    const g = ctx.table(ctx.self.fullCheat)
    const deliver = deliverer(ctx)
    return {
      act: (view) => {
        if (view.phase === 'blindTrustFallback' || view.phase === 'blindTrustEndgame') return g
        if (isMonitoredServer(view, ctx.index) && view.target < capUnits) return deliver(view.target)
        return capped
      },
      stableFor: untilPublicChange,
    }
  },
})
