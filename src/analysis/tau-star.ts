/**
 * Exact expectations under τ* (proofs-notes §10.2): `E[U]` and every `E[Π_i]`, by summing over
 * the exploration configurations the expected rounds each server keeps. A stint's firing time has
 * the same law whenever it starts, so the second stint (n = 3) is a convolution of the first's
 * firing time with the second's truncated means; blind trust I goes to the last-ranked provider,
 * the endgame to whoever serves at `T − L`. Profits are linear in rounds served (τ* plays one
 * action per stint), so expected rounds suffice.
 *
 * @module
 */
import type { AnalysisContext } from './context.ts'
import { configs, configsProbabilityError, droppedMass } from './configs.ts'
import { UNIT_ROUNDOFF, dotError } from './error-bound.ts'
import { rebateFactor } from './rules.ts'
import { type StintLaw, curveErrors, expectedRounds, expectedRoundsError, survivalCurve, truncatedMeans } from './stint-law.ts'

/** `E[U]` and `E[Π_i]` under τ*, USD (doubles), each with a bound on its error (proofs-notes §10.6). */
export interface TauStarExpectations {
  readonly userUtility: number
  readonly profits: readonly number[]
  /** Bound on `|userUtility − E[U]|` (rounding, the stint laws' cuts, the configurations left out). */
  readonly userUtilityError: number
  /** Bounds on `|profits[i] − E[Π_i(τ*)]|`. */
  readonly profitErrors: readonly number[]
  /** Configurations summed. */
  readonly configurations: number
}

/** Expected rounds of each rank's monitored service, of blind trust I, and who serves the endgame. */
export interface StintShares {
  /** `E[monitored rounds of ρ_k]`, `k = 1..n−1`. */
  readonly rounds: readonly number[]
  /** `E[rounds of blind trust I]` (served by `ρ_n`). */
  readonly blind: number
  /** `P(ρ_k serves the endgame)`, `k = 1..n`. */
  readonly endgame: readonly number[]
  /** Bounds on the errors of `rounds`, `blind` and `endgame` (same shapes). */
  readonly roundsError: readonly number[]
  readonly blindError: number
  readonly endgameError: readonly number[]
}

/**
 * `f` computed once per stint law (a law is built once per server and target, for a fixed `K`,
 * and shared by every configuration that uses it).
 */
const perLaw = <A>(f: (law: StintLaw, K: number) => A): ((law: StintLaw, K: number) => A) => {
  const memo = new WeakMap<StintLaw, { readonly value: A }>()
  return (law, K) => {
    let hit = memo.get(law)
    if (hit === undefined) {
      hit = { value: f(law, K) }
      memo.set(law, hit)
    }
    return hit.value
  }
}

/** A second stint's curves `G_2(m)` and `P(N_2 > m)`, `m = 0..K`. */
const curvesOf = perLaw((law, K) => ({ truncated: truncatedMeans(law, K), survival: survivalCurve(law, K), errors: curveErrors(law, K) }))

/** A first stint's expected rounds and the rounds `[from, to]` outside which it never fires. */
const summaryOf = perLaw((law, K) => {
  let from = 1
  while (from <= K && law.fire[from] === 0) from++
  let to = K
  while (to >= from && law.fire[to] === 0) to--
  return { rounds: expectedRounds(law, K), roundsError: expectedRoundsError(law, K), from, to }
})

/** How the `K` monitored rounds split between the stints whose laws are given (one or two). */
export const stintShares = (K: number, laws: readonly StintLaw[]): StintShares => {
  const first = laws[0]!
  const { rounds: e1, roundsError: r1, from, to } = summaryOf(first, K)
  const E1 = first.error
  const u = UNIT_ROUNDOFF
  if (laws.length === 1)
    return {
      rounds: [e1],
      blind: K - e1,
      endgame: [first.survive, 1 - first.survive],
      roundsError: [r1],
      blindError: r1 + u * K,
      endgameError: [E1, E1 + u],
    }
  const { truncated: g2, survival: s2, errors } = curvesOf(laws[1]!, K)
  let e2 = 0
  let p2 = 0
  for (let t = from; t <= to; t++) {
    const f = first.fire[t]!
    if (f === 0) continue
    e2 += f * g2[K - t]!
    p2 += f * s2[K - t]!
  }
  // Inner products of the first law (ℓ1 error E1) with curves bounded by K and 1 (entry errors
  // from curveErrors), Lemma 10.6 for the rounding.
  const N = Math.max(0, to - from + 1)
  const r2 = K * E1 + (1 + E1) * errors.truncated + dotError(N, (1 + E1) * (K + errors.truncated))
  const q2 = E1 + (1 + E1) * errors.survival + dotError(N, (1 + E1) * (1 + errors.survival))
  return {
    rounds: [e1, e2],
    blind: K - e1 - e2,
    endgame: [first.survive, p2, 1 - first.survive - p2],
    roundsError: [r1, r2],
    blindError: r1 + r2 + 2.000001 * u * K,
    endgameError: [E1, q2, E1 + q2 + 2.000001 * u],
  }
}

/**
 * `E[U]` and `E[Π_i]` under τ*.
 *
 * @param ctx - the analysis context.
 * @returns `E[U]` and every `E[Π_i]` under τ*.
 */
export const tauStarExpectations = (ctx: AnalysisContext): TauStarExpectations => {
  const { dp, rules, n } = ctx
  const { L, K, endgame } = rules
  const ps = dp.providers
  const eps = UNIT_ROUNDOFF
  let user = 0
  const profits = ps.map(() => 0)
  // Error bookkeeping (proofs-notes §10.6). M and Φ bound |m| and |F| of every action used; a
  // configuration's rounds (monitored, blind, endgame) add up to Y = K + endgame.
  const M = ps.reduce((x, p) => Math.max(x, ...p.breakpoints.map((a) => Math.abs(a.m))), 0)
  const Phi = ps.reduce((x, p) => Math.max(x, ...p.breakpoints.map((a) => Math.abs(a.profit))), 0)
  const Y = K + endgame
  // Σ prob̂·(per-configuration error), Σ|terms| for the summation's rounding, and the term counts.
  let userTermErrors = 0
  let userAbs = 0
  let userTerms = 0
  const profitTermErrors = ps.map(() => 0)
  const profitAbs = ps.map(() => 0)
  const profitTerms = ps.map(() => 0)
  // Exploration: honest, rebate (1 + δ)·Σ (X − x_lo) with mean (1 + δ)·L·(ū − x_lo).
  const factor = rebateFactor(rules)
  ps.forEach((p, i) => {
    const rebate = factor * L * p.honest.p * dp.R
    user += L * p.honest.m - rebate
    profits[i]! += L * p.honest.profit + rebate
    // L·m̂ and (1 + δ)·L·p̂·R̂ (a few roundings each on magnitudes L|m|, (1 + δ)·L·R; the factor
    // 1 + δ is itself a double: δ's conversion and the addition, two more), then the subtraction.
    const rebateMagnitude = factor * L * dp.R
    const rebateError = rules.rebate ? 6.000001 * eps * rebateMagnitude : 0
    userTermErrors += 2.000001 * eps * L * Math.abs(p.honest.m) + rebateError + eps * (L * Math.abs(p.honest.m) + rebateMagnitude)
    userAbs += L * Math.abs(p.honest.m) + rebateMagnitude
    userTerms++
    profitTermErrors[i]! +=
      2.000001 * eps * L * Math.abs(p.honest.profit) + rebateError + eps * (L * Math.abs(p.honest.profit) + rebateMagnitude)
    profitAbs[i]! += L * Math.abs(p.honest.profit) + rebateMagnitude
    profitTerms[i]!++
  })
  const all = configs(ctx)
  for (const cfg of all) {
    const stints = cfg.order.slice(0, n - 1).map((server, k) => ctx.tauStar(server, rules.targetUnits(cfg.sums[k]!, cfg.sums[k + 1]!)))
    const share = stintShares(
      K,
      stints.map((s) => s.law),
    )
    let u = 0
    stints.forEach((s, k) => {
      u += s.action.m * share.rounds[k]!
      profits[cfg.order[k]!]! += cfg.prob * s.action.profit * share.rounds[k]!
    })
    const last = ps[cfg.order[n - 1]!]!
    u += last.cheat.m * share.blind
    profits[last.index]! += cfg.prob * last.cheat.profit * share.blind
    share.endgame.forEach((pe, k) => {
      const g = ps[cfg.order[k]!]!.cheat
      u += endgame * pe * g.m
      profits[cfg.order[k]!]! += cfg.prob * endgame * pe * g.profit
    })
    user += cfg.prob * u
    // The configuration's rounds are within EY of exact (their sum is Y); each amount per round
    // within ε_fl of exact; each term has at most three roundings, the sum 2n + 1 terms.
    const EY =
      share.roundsError.reduce((x, e) => x + e, 0) +
      share.blindError +
      endgame * share.endgameError.reduce((x, e) => x + e, 0) +
      eps * endgame * n
    const uError = M * EY + 3.000001 * eps * M * (Y + EY) + dotError(2 * n + 1, M * (Y + EY))
    userTermErrors += cfg.prob * uError
    userAbs += cfg.prob * Math.abs(u)
    userTerms++
    for (const k of cfg.order) {
      profitTermErrors[k]! += cfg.prob * (Phi * EY + 4.000001 * eps * Phi * (Y + EY))
      profitAbs[k]! += cfg.prob * Phi * (Y + EY)
      profitTerms[k]! += 3
    }
  }
  // The probabilities' errors (summed over configurations), the left-out configurations (each
  // worth at most the largest value), the rounding of the sums (Lemma 10.6).
  const probError = configsProbabilityError(ctx, all.length)
  const dropped = droppedMass(ctx)
  const userUtilityError = userTermErrors + (probError + dropped) * M * Y + dotError(userTerms, userAbs)
  const profitErrors = ps.map((_, i) => profitTermErrors[i]! + (probError + dropped) * Phi * Y + dotError(profitTerms[i]!, profitAbs[i]!))
  return { userUtility: user, profits, configurations: all.length, userUtilityError, profitErrors }
}
