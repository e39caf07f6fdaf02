/**
 * Exploration shading: τ* with a lower mean in exploration — the deviation the rebate neutralizes
 * (proofs-notes §5.5, §6).
 *
 * @module
 */
import type { Decimal } from '../exact/decimal.ts'
import type { Strategy } from '../sim/interfaces.ts'
import { recommended, untilPublicChange } from './basic.ts'

/**
 * The recommended profile τ*, except that in exploration it delivers `ū − withhold` (clamped to
 * `[μ^min, ū]`): it keeps `withhold` of profit per exploration round (slope permitting) at the
 * price of a lower measured `Û`.
 *
 * @param withhold - USD per round withheld in exploration (non-negative).
 * @returns τ* with shaded exploration (§5.5).
 */
export const explorationShading = (withhold: Decimal): Strategy => ({
  name: `shade(${withhold.toString()})`,
  start: (ctx) => {
    const base = recommended.start(ctx)
    const shaded = ctx.table(ctx.self.deliver(ctx.self.honestMean.minus(withhold)))
    return { act: (view) => (view.phase === 'exploration' ? shaded : base.act(view)), stableFor: untilPublicChange }
  },
})
