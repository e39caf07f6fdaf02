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
import { configs } from './configs.ts'
import { rebateFactor } from './rules.ts'
import { type StintLaw, expectedRounds, survivalCurve, truncatedMeans } from './stint-law.ts'

/** `E[U]` and `E[Π_i]` under τ*, USD (doubles; see the error bound). */
export interface TauStarExpectations {
  readonly userUtility: number
  readonly profits: readonly number[]
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
const curvesOf = perLaw((law, K) => ({ truncated: truncatedMeans(law, K), survival: survivalCurve(law, K) }))

/** A first stint's expected rounds and the rounds `[from, to]` outside which it never fires. */
const summaryOf = perLaw((law, K) => {
  let from = 1
  while (from <= K && law.fire[from] === 0) from++
  let to = K
  while (to >= from && law.fire[to] === 0) to--
  return { rounds: expectedRounds(law, K), from, to }
})

/** How the `K` monitored rounds split between the stints whose laws are given (one or two). */
export const stintShares = (K: number, laws: readonly StintLaw[]): StintShares => {
  const first = laws[0]!
  const { rounds: e1, from, to } = summaryOf(first, K)
  if (laws.length === 1) return { rounds: [e1], blind: K - e1, endgame: [first.survive, 1 - first.survive] }
  const { truncated: g2, survival: s2 } = curvesOf(laws[1]!, K)
  let e2 = 0
  let p2 = 0
  for (let t = from; t <= to; t++) {
    const f = first.fire[t]!
    if (f === 0) continue
    e2 += f * g2[K - t]!
    p2 += f * s2[K - t]!
  }
  return { rounds: [e1, e2], blind: K - e1 - e2, endgame: [first.survive, p2, 1 - first.survive - p2] }
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
  let user = 0
  const profits = ps.map(() => 0)
  // Exploration: honest, rebate (1 + δ)·Σ (X − x_lo) with mean (1 + δ)·L·(ū − x_lo).
  const factor = rebateFactor(rules)
  ps.forEach((p, i) => {
    const rebate = factor * L * p.honest.p * dp.R
    user += L * p.honest.m - rebate
    profits[i]! += L * p.honest.profit + rebate
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
  }
  return { userUtility: user, profits, configurations: all.length }
}
