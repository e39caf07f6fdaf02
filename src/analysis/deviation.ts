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
import { UNIT_ROUNDOFF, dotError } from './error-bound.ts'
import { rivalsDropped, rivalsProbabilityError, topRivals } from './rivals.ts'
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
  /**
   * Bound on `|value − exact|`, the exact value being the same recursions in exact arithmetic over
   * every `(h, v)` with no cut (proofs-notes §10.6): rounding, windows, saturation, trimmed stint
   * mass and the left-out rivals.
   */
  readonly error: number
}

/** The largest profit provider `i` can make over the game (the value charged to left-out mass). */
export const profitCeiling = (ctx: AnalysisContext, i: number): number => {
  const p = ctx.dp.providers[i]!
  return ctx.T * p.cheat.profit + rebateFactor(ctx.rules) * ctx.rules.L * ctx.dp.R
}

/** A bound on `|Π_i|` over the whole game (every action's `|F|` per round, the rebate). */
export const profitMagnitude = (ctx: AnalysisContext, i: number): number =>
  ctx.T * ctx.dp.providers[i]!.breakpoints.reduce((m, a) => Math.max(m, Math.abs(a.profit)), 0) +
  rebateFactor(ctx.rules) * ctx.rules.L * ctx.dp.R

/**
 * `Σ_a P(rival fired after a)·((K−a)·π_b + E·π_e)` (the blind-trust value of a loser, n = 2) and
 * a bound on its error: the law's ℓ1 error times the largest weight, the weights' own roundings
 * (at most 4ε_fl of the largest), and the inner product's (Lemma 10.6).
 */
export const blindTrustValue = (
  law: { readonly fire: Float64Array; readonly error: number },
  K: number,
  endgame: number,
  blindProfit: number,
  endProfit: number,
): { readonly value: number; readonly error: number } => {
  let v = 0
  for (let a = 1; a <= K; a++) v += law.fire[a]! * ((K - a) * blindProfit + endgame * endProfit)
  const weight = K * Math.abs(blindProfit) + endgame * Math.abs(endProfit)
  // (π̂ within ε_fl of π: one more ε_fl per weight.)
  const error = law.error * weight + (1 + law.error) * 4.000001 * UNIT_ROUNDOFF * weight + dotError(K, (1 + law.error) * weight * 1.000001)
  return { value: v, error }
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
  type Valued = { readonly value: number; readonly error: number }
  const wins = new Map<bigint, Valued>()
  const winValue = (tau: bigint): Valued => {
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
      v = { value: s.value, error: s.error + s.windowError }
      wins.set(tau, v)
    }
    return v
  }
  const losses = new Map<string, Valued>()
  const loseValue = (h: number, tau: bigint): Valued => {
    const key = `${h}:${tau}`
    let v = losses.get(key)
    if (v === undefined) {
      v = blindTrustValue(ctx.tauStar(h, tau).law, K, endgame, blindProfit, endProfit)
      losses.set(key, v)
    }
    return v
  }
  const rebateR = rebateFactor(rules) * dp.R
  // With a bonus, the double (1 + δ)·R̂ carries up to three more roundings (δ's conversion, the
  // addition, the product) than R̂: at most 3ε_fl·rebateR on each of the L exploration rounds.
  const factorError = rules.rebate && (rules.bonus ?? 0) !== 0 ? 3.000001 * UNIT_ROUNDOFF * L * rebateR : 0
  let total = 0
  let termErrors = 0
  let absSum = 0
  const rivals = topRivals(ctx, i)
  for (const { h, v, prob } of rivals) {
    const terminal = new Float64Array(L + 1)
    let terminalError = 0
    // (s = v: the second rival may tie the top one.)
    let bestLoss: Valued = ctx.n === 3 && play === undefined ? loseValue(h, rules.targetUnits(v, v)) : { value: -Infinity, error: 0 }
    // k descending: the n = 3 bound takes the max over the second rival's sum s ∈ [k, v].
    for (let k = L; k >= 0; k--) {
      let t: Valued
      if (ranksAbove(i, k, h, v)) t = winValue(rules.targetUnits(k, v))
      else if (ctx.n === 2) t = loseValue(h, rules.targetUnits(v, k))
      else if (play !== undefined) t = { value: 0, error: 0 }
      else {
        const l = loseValue(h, rules.targetUnits(v, k))
        // max is 1-Lipschitz: its error is at most the larger of the two.
        bestLoss = { value: Math.max(bestLoss.value, l.value), error: Math.max(bestLoss.error, l.error) }
        t = bestLoss
      }
      terminal[k] = t.value
      terminalError = Math.max(terminalError, t.error)
    }
    const w = explorationValue({
      L,
      terminal,
      terminalError,
      actions: me.breakpoints,
      rebateR,
      ...(play === undefined ? {} : { policy: play.explore }),
    })
    total += prob * w.value
    termErrors += prob * w.error
    absSum += prob * Math.abs(w.value)
  }
  const ceiling = profitMagnitude(ctx, i)
  // The optimum adds the left-out rivals' computed mass at the ceiling, so that it stays an upper
  // bound; the exact left-out mass (within the pmfs' error of it) is charged to the error.
  const tails = ctx.windows.reduce((s, w, k) => (k === i ? s : s + w.dropped), 0)
  const dropped = rivalsDropped(ctx, i)
  const error =
    factorError +
    termErrors +
    rivalsProbabilityError(ctx, rivals.length) * ceiling +
    dotError(rivals.length + 1, absSum + tails * ceiling) +
    2 * dropped * ceiling
  return { value: play === undefined ? total + tails * profitCeiling(ctx, i) : total, states, error }
}
