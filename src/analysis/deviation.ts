/**
 * The optimal deviation of one provider against τ* of the others (proofs-notes §10.3–§10.4), and
 * the exact value of any fixed deviation of the same shape (a strategy-family member). Backward
 * induction runs twice: over the winner's monitored stint (per target), then over the deviator's
 * exploration with the continuation as terminal value, for each top rival `(h, v)`.
 *
 * Continuations: as the winner, the stint value (a firing ends its earnings); as the loser with
 * n = 2, the exact blind-trust value `Σ_a P(rival fired at a)·((K−a)·π_b + E·π_e)`; with n = 3 the
 * optimum uses the upper bound `max_s` of that expression over the sums `s` the second-ranked
 * rival may have (the deviator's own later stint bounded by `π̄` per round), a fixed policy the
 * lower bound 0.
 *
 * @module
 */
import { type AnalysisContext, ranksAbove } from './context.ts'
import { explorationValue } from './exploration-value.ts'
import type { DpAction } from './instance.ts'
import { rivalsDropped, topRivals } from './rivals.ts'
import { rebateFactor } from './rules.ts'
import { stintValue } from './stint-value.ts'

/** A fixed deviation: exploration and stint policies and the profits it takes in blind trust. */
export interface FixedPlay {
  readonly name: string
  /** Exploration action (every family member of proofs-notes §5 explores with one action). */
  readonly explore: DpAction
  /**
   * For target `tau` (grid units): the action as monitored server after `j` rounds with `k`
   * successes — or one action for the whole stint (the same recursion, without a call per state).
   */
  readonly serve: (tau: bigint) => DpAction | ((j: number, k: number) => DpAction)
  /** Profit per round of blind trust I. */
  readonly blindProfit: number
  /** Profit per round of the endgame. */
  readonly endgameProfit: number
}

/** The value of a deviation and its accounting. */
export interface DeviationValue {
  /** `E[Π_i]` (optimum: an upper bound; fixed play: exact for n = 2, a lower bound for n = 3). */
  readonly value: number
  /** Stint states evaluated. */
  readonly states: number
  /** Bound on window and truncation errors (USD). */
  readonly truncationError: number
}

/** The largest profit provider `i` can make over the game (the value charged to left-out mass). */
export const profitCeiling = (ctx: AnalysisContext, i: number): number => {
  const p = ctx.dp.providers[i]!
  return ctx.T * p.cheat.profit + rebateFactor(ctx.rules) * ctx.rules.L * ctx.dp.R
}

/**
 * The optimal deviation of `i` (`play` undefined) or the exact value of a fixed `play`.
 *
 * @param ctx - the analysis context.
 * @param i - the provider's index.
 * @param play - a fixed play to evaluate; absent: the optimal deviation.
 * @returns the value and the policy's description.
 */
export const deviationValue = (ctx: AnalysisContext, i: number, play?: FixedPlay): DeviationValue => {
  const { rules, dp } = ctx
  const { K, L, endgame } = rules
  const me = dp.providers[i]!
  const pBar = me.cheat.profit
  const blindProfit = play?.blindProfit ?? pBar
  const endProfit = play?.endgameProfit ?? pBar
  let states = 0
  let windowError = 0
  const wins = new Map<bigint, number>()
  const winValue = (tau: bigint): number => {
    let v = wins.get(tau)
    if (v === undefined) {
      const s = stintValue({
        K,
        kappa: ctx.thresholds(tau),
        actions: me.breakpoints,
        endValue: endgame * endProfit,
        ...(play === undefined ? {} : { policy: play.serve(tau) }),
      })
      states += s.states
      windowError = Math.max(windowError, s.windowError)
      v = s.value
      wins.set(tau, v)
    }
    return v
  }
  const losses = new Map<string, number>()
  const loseValue = (h: number, tau: bigint): number => {
    const key = `${h}:${tau}`
    let v = losses.get(key)
    if (v === undefined) {
      const law = ctx.tauStar(h, tau).law
      v = 0
      for (let a = 1; a <= K; a++) v += law.fire[a]! * ((K - a) * blindProfit + endgame * endProfit)
      losses.set(key, v)
    }
    return v
  }
  const rebateR = rebateFactor(rules) * dp.R
  let total = 0
  for (const { h, v, prob } of topRivals(ctx, i)) {
    const terminal = new Float64Array(L + 1)
    // (s = v: the second rival may tie the top one.)
    let bestLoss = ctx.n === 3 && play === undefined ? loseValue(h, rules.targetUnits(v, v)) : -Infinity
    // k descending: the n = 3 bound takes the max over the second rival's sum s ∈ [k, v].
    for (let k = L; k >= 0; k--) {
      if (ranksAbove(i, k, h, v)) {
        terminal[k] = winValue(rules.targetUnits(k, v))
        continue
      }
      if (ctx.n === 2) terminal[k] = loseValue(h, rules.targetUnits(v, k))
      else if (play !== undefined) terminal[k] = 0
      else {
        bestLoss = Math.max(bestLoss, loseValue(h, rules.targetUnits(v, k)))
        terminal[k] = bestLoss
      }
    }
    const w = explorationValue({
      L,
      terminal,
      actions: me.breakpoints,
      rebateR,
      ...(play === undefined ? {} : { policy: play.explore }),
    })
    total += prob * w
  }
  const dropped = rivalsDropped(ctx, i) * profitCeiling(ctx, i)
  return {
    value: play === undefined ? total + dropped : total,
    states,
    truncationError: dropped + windowError + ctx.lostMass() * profitCeiling(ctx, i),
  }
}
