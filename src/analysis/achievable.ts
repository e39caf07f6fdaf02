/**
 * An achievable deviation and its exact value (proofs-notes §10.5, Proposition 10.5): one
 * breakpoint of the frontier in every exploration round (the best one; honest is one of them), then, as the monitored winner, the breakpoint recorded by the dynamic program of the
 * stint at every `(j, k)` (τ*'s action where none was recorded), and τ* everywhere else. It uses only
 * what the engine shows a provider (its own stint's rounds and sum, the target), so the engine can
 * play it ({@link optimalStintStrategy}); unlike the optimum of `deviation.ts` it is not told its
 * rival's exploration sum. Its value is computed without sampling: `E[Π_i(τ*)]` plus, for every
 * configuration in which `i` ranks first, the exact value of the recorded policy (a forward
 * propagation of the law of `(j, k)` under it) less τ*'s value of the same stint — each with its
 * error bound (proofs-notes §10.6). Exploring with another breakpoint only changes the law of its
 * own exploration sum and its exploration payoffs, so the same computation runs on a context whose
 * "honest" action is that breakpoint.
 *
 * @module
 */
import { binomialPmf, keptWindow } from './binomial.ts'
import { configs, configsProbabilityError, droppedMass } from './configs.ts'
import { type AnalysisContext, EXPLORATION_TAIL } from './context.ts'
import { UNIT_ROUNDOFF, dotError, forwardStepError, gamma } from './error-bound.ts'
import type { DpAction } from './instance.ts'
import { TRIM, expectedRounds, expectedRoundsError } from './stint-law.ts'
import { type StintPolicy, stintValue } from './stint-value.ts'
import { type TauStarExpectations, tauStarExpectations } from './tau-star.ts'

/** Configurations below this probability are charged to the error bound instead of computed. */
const NEGLIGIBLE = 1e-20

/** A value and a bound on its error (USD). */
export interface Valued {
  readonly value: number
  readonly error: number
}

/** The value of the achievable deviation and a bound on its error (USD). */
export interface AchievableValue {
  readonly value: number
  readonly error: number
  /** The exploration action it plays in every exploration round (the best breakpoint). */
  readonly explore: DpAction
}

/**
 * The context in which provider `i` explores with action `x` in every exploration round (and plays
 * τ* otherwise): its exploration sum is `Bin(L, p(x))`, its exploration payoffs those of `x`. The
 * stint laws and thresholds are shared with `ctx` (they do not depend on exploration).
 */
const exploringWith = (ctx: AnalysisContext, i: number, x: DpAction): AnalysisContext => {
  if (x === ctx.dp.providers[i]!.honest) return ctx
  const pmfI = binomialPmf(ctx.rules.L, x.p)
  const pmf = ctx.pmf.map((f, k) => (k === i ? pmfI : f))
  const cdf = pmf.map((f) => {
    const c = new Float64Array(f.length)
    let sum = 0
    f.forEach((v, k) => {
      sum += v
      c[k] = sum
    })
    return c
  })
  return {
    ...ctx,
    dp: { ...ctx.dp, providers: ctx.dp.providers.map((p, k) => (k === i ? { ...p, honest: x } : p)) },
    pmf,
    cdf,
    windows: pmf.map((f, k) => (k === i ? keptWindow(f, EXPLORATION_TAIL) : ctx.windows[k]!)),
  }
}

/**
 * The recorded optimal stint policy of provider `i` against target `tau` (grid units), as the
 * action the engine strategy plays at `(j, k)`: the recorded breakpoint, or τ*'s action where the
 * dynamic program recorded none.
 *
 * @param ctx - the analysis context.
 * @param i - the provider's index.
 * @param tau - the target in grid units.
 * @returns the policy's choice index table and its action at every `(j, k)`.
 */
export const recordedStintPolicy = (
  ctx: AnalysisContext,
  i: number,
  tau: bigint,
): { readonly policy: StintPolicy; readonly actionAt: (j: number, k: number) => DpAction } => {
  const me = ctx.dp.providers[i]!
  const s = stintValue({
    K: ctx.rules.K,
    kappa: ctx.thresholds(tau),
    actions: me.breakpoints,
    endValue: ctx.rules.endgame * me.cheat.profit,
    record: true,
  })
  const policy = s.policy!
  const star = ctx.tauStar(i, tau).action
  return {
    policy,
    actionAt: (j, k) => {
      const c = policy.choice(j, k)
      return c < 0 ? star : me.breakpoints[c]!
    },
  }
}

/**
 * The exact value of a stint played by a policy `(j, k) → action` (with thresholds `kappa`, value
 * `endValue` on surviving all `K` rounds), by forward propagation of the law of `(j, k)` — the
 * walk of `stint-law.ts` with the success probability of the action played in each state — and the
 * expected profit of every round; with its error bound: the law's ℓ1 error (Lemma 10.7 per round,
 * its kernel stochastic row by row; the trimmed mass), each round's profit within `Φ·E_j` plus the
 * profits' own error, and Lemma 10.6 for the one running sum (proofs-notes §10.5–§10.6).
 *
 * @param kappa - the thresholds.
 * @param K - monitored rounds.
 * @param actionAt - the policy.
 * @param endValue - the value of surviving.
 * @returns the value and its error bound.
 */
export const policyStintValue = (kappa: Int32Array, K: number, actionAt: (j: number, k: number) => DpAction, endValue: number): Valued => {
  const eps = UNIT_ROUNDOFF
  const d = new Float64Array(K + 2)
  d[0] = 1
  let lo = 0
  let hi = 0
  let value = 0
  let lawError = 0
  let valueError = 0
  let absSum = 0
  let terms = 0
  let Phi = 0
  let profitError = 0
  for (let j = 0; j < K; j++) {
    // Round j + 1, played from the live states [lo, hi] after j rounds.
    lawError += forwardStepError(1 + lawError, 2 * (hi - lo + 1))
    let below = 0
    let pBelow = 0
    for (let k = lo; k <= hi; k++) {
      const here = d[k]!
      const a = actionAt(j, k)
      Phi = Math.max(Phi, Math.abs(a.profit))
      profitError = Math.max(profitError, a.profitError)
      value += here * a.profit
      absSum += here * Math.abs(a.profit)
      terms++
      d[k] = (1 - a.p) * here + pBelow * below
      below = here
      pBelow = a.p
    }
    d[hi + 1] = pBelow * below
    hi++
    // This round's profits: the law within lawError (before the step), each F̂ within its error.
    valueError += Phi * lawError + (1 + lawError) * profitError
    const cut = kappa[j + 1]!
    let fired = 0
    const first = lo
    while (lo < cut && lo <= hi) {
      fired += d[lo]!
      d[lo++] = 0
    }
    if (lo < cut) lo = cut
    lawError += dotError(lo - first, fired)
    while (hi >= lo && d[hi]! < TRIM) {
      lawError += d[hi]!
      d[hi--] = 0
    }
    while (lo <= hi && d[lo]! < TRIM) {
      lawError += d[lo]!
      d[lo++] = 0
    }
    if (lo > hi) break
  }
  let survive = 0
  for (let k = lo; k <= hi; k++) survive += d[k]!
  lawError += dotError(Math.max(0, hi - lo + 1), survive)
  value += survive * endValue
  absSum += survive * Math.abs(endValue)
  terms++
  valueError += Math.abs(endValue) * lawError + (1 + lawError) * 2 * eps * Math.abs(endValue) + dotError(terms, absSum)
  return { value, error: valueError }
}

/**
 * The exact expected profit of the achievable deviation (the best of its exploration actions) of provider `i` against τ* of the others.
 *
 * @param ctx - the analysis context.
 * @param i - the provider's index.
 * @param honest - the expectations under τ*, if already computed.
 * @returns its value and error bound, USD.
 */
export const achievableValue = (ctx: AnalysisContext, i: number, honest?: TauStarExpectations): AchievableValue => {
  let best: AchievableValue | undefined
  const gains = new Map<bigint, Valued>()
  for (const x of ctx.dp.providers[i]!.breakpoints) {
    const v = achievableFor(ctx, i, x, gains, x === ctx.dp.providers[i]!.honest ? honest : undefined)
    if (best === undefined || v.value > best.value) best = v
  }
  return best!
}

/**
 * The exact value of the achievable deviation of provider `i` that explores with `x`.
 *
 * @param base - the analysis context.
 * @param i - the provider's index.
 * @param x - its exploration action (one of its breakpoints).
 * @param gains - a cache of the stint gains per target (they do not depend on `x`).
 * @param expectations - the expectations under τ* with `i` exploring with `x`, if already computed.
 * @returns its value and error bound, USD.
 */
export const achievableFor = (
  base: AnalysisContext,
  i: number,
  x: DpAction,
  gains: Map<bigint, Valued> = new Map(),
  expectations?: TauStarExpectations,
): AchievableValue => {
  const ctx = exploringWith(base, i, x)
  const { rules } = ctx
  const K = rules.K
  const me = ctx.dp.providers[i]!
  const endValue = rules.endgame * me.cheat.profit
  const tauStar = expectations ?? tauStarExpectations(ctx)
  const eps = UNIT_ROUNDOFF
  const reward = me.breakpoints.reduce((m, a) => Math.max(m, Math.abs(a.profit)), 0)
  // A stint's value is at most this in magnitude, for any policy.
  const stint = K * reward + Math.abs(endValue)
  const gainOf = (tau: bigint): Valued => {
    let g = gains.get(tau)
    if (g === undefined) {
      const star = ctx.tauStar(i, tau)
      const rounds = expectedRounds(star.law, K)
      const starValue = star.action.profit * rounds + star.law.survive * endValue
      const starError =
        reward * expectedRoundsError(star.law, K) + Math.abs(endValue) * star.law.error + 4.000001 * eps * (reward * K + Math.abs(endValue))
      const played = policyStintValue(ctx.thresholds(tau), K, recordedStintPolicy(ctx, i, tau).actionAt, endValue)
      const value = played.value - starValue
      g = { value, error: played.error + starError + eps * (stint + Math.abs(starValue)) }
      gains.set(tau, g)
    }
    return g
  }
  let value = tauStar.profits[i]!
  let termErrors = tauStar.profitErrors[i]!
  let absSum = Math.abs(value)
  let terms = 1
  const all = configs(ctx)
  // Configurations too improbable to matter are charged instead of computed: their gain is at
  // most 2·stint in magnitude.
  let skipped = 0
  for (const cfg of all) {
    if (cfg.order[0] !== i) continue
    if (cfg.prob < NEGLIGIBLE) {
      skipped += cfg.prob
      continue
    }
    const g = gainOf(rules.targetUnits(cfg.sums[0]!, cfg.sums[1]!))
    value += cfg.prob * g.value
    termErrors += cfg.prob * g.error + eps * cfg.prob * Math.abs(g.value)
    absSum += cfg.prob * Math.abs(g.value)
    terms++
  }
  // A gain is at most 2·stint in magnitude: the probabilities' errors and the left-out configurations.
  const error =
    termErrors +
    (configsProbabilityError(ctx, all.length) + droppedMass(ctx) + skipped * (1 + gamma(all.length))) * 2 * stint +
    dotError(terms, absSum)
  return { value, error, explore: x }
}
