/**
 * Slack riding and margin withholding (proofs-notes §5.2, §6): the deviations that take the
 * exploitation test's slack `c(j)` as their profit.
 *
 * @module
 */
import type { Strategy } from '../sim/interfaces.ts'
import { actionMenu, isMonitoredServer, quantumOfRange, rangeUnits, serverMargin } from './action-menu.ts'
import { recommendedFallback } from './recommended-parts.ts'

/** Options of {@link slackRiding}. */
export interface SlackRidingOptions {
  /**
   * Chosen means are rounded up to multiples of `quantumR·R` (default `1e-5`): at most one
   * compiled action per quantum, at a cost of at most `quantumR·R` per round.
   */
  readonly quantumR?: number
}

/**
 * Slack riding: as monitored server, withhold as much as the test allows each round, ignoring any
 * luck: with `j` rounds completed it delivers `τ − (c(j+1) − c(j))` (rounded up to the quantum,
 * clamped to `[μ^min, ū]`). On a noise-free instance its running sum then never falls below the
 * threshold `j·τ − c(j)`. Honest in exploration (and under mechanisms without phases), `g` in
 * blind trust.
 *
 * @param options - the rounding quantum of the withheld amounts (default: see {@link SlackRidingOptions}).
 * @returns the slack-riding strategy (§5.2).
 */
export const slackRiding = (options: SlackRidingOptions = {}): Strategy => {
  const quantumR = options.quantumR ?? 1e-5
  return {
    name: quantumR === 1e-5 ? 'slack-riding' : `slack-riding(quantum=${quantumR}R)`,
    start: (ctx) => {
      const menu = actionMenu(ctx, quantumOfRange(ctx, quantumR))
      const otherwise = recommendedFallback(ctx)
      return {
        act: (view) => {
          if (!isMonitoredServer(view, ctx.index)) return otherwise(view)
          const j = view.stintRounds
          // c(j+1) − c(j) is an exact float subtraction (Sterbenz, j ≥ 1); ceil(τ − Δ) = τ − floor(Δ).
          const step = view.slackAt(j + 1) - (j === 0 ? 0 : view.slackAt(j))
          return menu.atLeast(view.target - Math.floor(step))
        },
      }
    },
  }
}

/**
 * Margin withholding: as monitored server, full cheat whenever the running margin
 * `S − (j·τ − c(j))` exceeds `thresholdR·R`, else honest service. With a threshold near `10R` it
 * banks almost all of `c(K_X)` on noisy instances (proofs-notes §6). Honest in exploration, `g` in blind
 * trust.
 *
 * @param thresholdR - the running margin, in units of `R`, above which it cheats fully.
 * @returns the margin-withholding strategy (§5.2).
 */
export const marginWithholding = (thresholdR: number): Strategy => ({
  name: `margin-${thresholdR}R`,
  start: (ctx) => {
    const threshold = thresholdR * rangeUnits(ctx)
    const h = ctx.table(ctx.self.honest)
    const g = ctx.table(ctx.self.fullCheat)
    const otherwise = recommendedFallback(ctx)
    return {
      act: (view) => {
        if (!isMonitoredServer(view, ctx.index)) return otherwise(view)
        return serverMargin(view) > threshold ? g : h
      },
    }
  },
})
