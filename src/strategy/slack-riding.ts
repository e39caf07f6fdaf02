/**
 * Slack riding and margin withholding (proofs-notes §5.2, §6): the deviations that take the
 * exploitation test's slack `c(j)` as their profit.
 *
 * @module
 */
import type { ProviderContext, Strategy } from '../sim/interfaces.ts'
import type { PublicView } from '../sim/public-view.ts'
import { actionMenu, isMonitoredServer, quantumOfRange, rangeUnits, serverMargin } from './action-menu.ts'
import { untilPublicChange } from './basic.ts'
import { recommendedFallback } from './recommended-parts.ts'

/**
 * `x_lo` and `x_hi` in grid units (floats holding integers).
 *
 * @param ctx - the provider's context.
 * @returns the range's ends in grid units.
 */
export const rangeEnds = (ctx: ProviderContext): { readonly lo: number; readonly hi: number } => ({
  lo: Number(ctx.model.xLo.times(ctx.model.grid.scaleDecimal).toFixed(0)),
  hi: Number(ctx.model.xHi.times(ctx.model.grid.scaleDecimal).toFixed(0)),
})

/**
 * How many rounds from `view.t` the monitored server's margin `M = S − (j·τ − c(j))` stays on the
 * side of `threshold` it is on now (`M > threshold` or not), under any outcomes in `[lo, hi]`
 * (proofs-notes §13.4). A round moves `M` by `X − τ + c(j+1) − c(j)`: down by at most `τ − lo`
 * (the slack only grows), up by at most `hi − τ + c(j+1) − c(j)` (the slack is concave with
 * `c(0) = 0`, so its later steps are no larger). The float margin the strategy computes is kept
 * off the threshold by a guard far above its rounding error.
 */
export const marginStableFor = (view: PublicView, threshold: number, lo: number, hi: number): number => {
  const rest = view.T - view.t + 1
  const margin = serverMargin(view)
  const j = view.stintRounds
  const tau = view.target
  const slack = j === 0 ? 0 : view.slackAt(j)
  const guard =
    2 ** -40 * (Math.abs(view.stintSum) + view.T * (Math.abs(tau) + Math.abs(lo) + Math.abs(hi)) + slack + Math.abs(threshold)) + 16
  if (!Number.isFinite(margin)) return 1
  if (margin > threshold) {
    const down = tau - lo
    if (down <= 0) return rest
    // Rounds 0..m−1 keep M > threshold when M − (m−1)·down > threshold + guard.
    return Math.max(1, Math.min(rest, Math.ceil((margin - threshold - guard) / down)))
  }
  const up = hi - tau + (view.slackAt(j + 1) - slack)
  if (up <= 0) return rest
  // Rounds 0..m−1 keep M ≤ threshold when M + (m−1)·up ≤ threshold − guard.
  return Math.max(1, Math.min(rest, Math.floor((threshold - guard - margin) / up) + 1))
}

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
        // Proofs-notes §13.4: the action reads j only, through u = τ − ⌊c(j+1) − c(j)⌋, and picks the
        // menu's table of the quantum above u. The step c(j+1) − c(j) = c(1)/(√(j+1) + √j) decreases
        // in j, so u only grows, and the table stays while ⌊step⌋ ≥ N_min, the least integer part that
        // keeps u at or below the current table's mean (below μ^min for g; honest stays for good).
        // With the guard δ = 0.01, far above the float error of the step the strategy computes, it
        // stays while c(1)/(√(j'+1) + √j') ≥ N_min + δ, i.e. √(j'+1) + √j' ≤ c(1)/(N_min + δ).
        stableFor: (view) => {
          if (!isMonitoredServer(view, ctx.index)) return untilPublicChange(view)
          const j = view.stintRounds
          if (j === 0) return 1
          const delta = 0.01
          const step = view.slackAt(j + 1) - view.slackAt(j)
          const N = Math.floor(step)
          // The float step is decreasing only up to its rounding: keep it off the next integer.
          if (N + 1 - step < delta) return 1
          const u = view.target - N
          const q = menu.quantumUnits
          const nMin = !(u > menu.cheatUnits)
            ? view.target - menu.cheatUnits
            : Math.ceil(u / q) * q >= menu.honestUnits
              ? Number.NEGATIVE_INFINITY
              : view.target - Math.ceil(u / q) * q
          if (nMin <= 0) return untilPublicChange(view)
          const s = view.slackAt(1) / (nMin + delta)
          // √(x+1) + √x = s at x = ((s² − 1)/(2s))²; the block's last round has j' = j + m − 1 ≤ x.
          const x = Math.floor(((s * s - 1) / (2 * s)) ** 2) - 1
          return Math.max(1, Math.min(untilPublicChange(view), x - j + 1))
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
    const { lo, hi } = rangeEnds(ctx)
    return {
      act: (view) => {
        if (!isMonitoredServer(view, ctx.index)) return otherwise(view)
        return serverMargin(view) > threshold ? g : h
      },
      stableFor: (view) => (isMonitoredServer(view, ctx.index) ? marginStableFor(view, threshold, lo, hi) : untilPublicChange(view)),
    }
  },
})
