/**
 * The harm a provider can do to the user at a cost of at most `ζ` to itself (proofs-notes §14.9):
 * `H_i(ζ) = E[U(τ*)] − inf { E[U(σ, τ*₋ᵢ)] : E[Π_i(σ, τ*₋ᵢ)] ≥ E[Π_i(τ*)] − ζ }`, computed exactly for
 * two providers by a Lagrangian dynamic programme. For `λ ≥ 0`,
 * `g(λ) = min_σ E[U − λ·(Π_i − c)]`, `c = E[Π_i(τ*)] − ζ`, is at most `E[U(σ)]` for every σ that
 * meets the constraint (weak duality), so `max_λ g(λ)` bounds the least `E[U]` from below. The
 * minimum over σ is taken twice:
 *
 * - over the **relaxed** class (the deviator sees its own exploration outcomes and is told its
 *   rival's exploration sum in advance, §10.4): a superset of what it can play, so the dual value is
 *   a lower bound on the least `E[U]` over every strategy the engine lets it play — `leastUserUtility`,
 *   and `harm = E[U(τ*)] − leastUserUtility` an upper bound on `H_i(ζ)`;
 * - over a **playable** class (exploration shaded open-loop, then the Lagrangian stint policy, `g` in
 *   blind trust), where the two policies bracketing the multiplier are mixed so that the constraint
 *   binds: a strategy the engine can run, valued exactly, whose `E[U]` bounds the least `E[U]` from
 *   above (and whose harm bounds `H_i(ζ)` from below).
 *
 * `g` is concave and piecewise linear (a minimum of affine functions of `λ`, one per policy); its
 * maximum is found by intersecting the tangent lines of a bracketing pair (each new policy cuts the
 * bracket), which stops when the dual value at the intersection meets the lines there.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { type AnalysisContext, ranksAbove } from './context.ts'
import { droppedMass } from './configs.ts'
import { UNIT_ROUNDOFF, widen } from './error-bound.ts'
import { HEADROOM, type ShadedExploration, type Split, lagrangianExploration, lagrangianStint, shadedExplorations } from './lagrangian.ts'
import { rebateFactor } from './rules.ts'
import { tauStarExpectations } from './tau-star.ts'

/**
 * The tangent method stops when the dual value at the lines' meeting point is within this fraction
 * of the values' magnitude of the meeting value: the gap it leaves is reported (`gap`), and both
 * bounds stay valid whatever it is.
 */
export const STOP = 1e-9

/** Largest `T` the harm programme accepts (its cost grows about as `T^2.5` per multiplier). */
export const HARM_MAX_HORIZON = 10_000

/** Iterations of the tangent method before it stops with the bounds it has (both stay valid). */
export const MAX_ITERATIONS = 100

/** A pure strategy of the playable class: τ* itself, or a shaded exploration then the stint policy of `lambda`. */
export type PlayablePolicy =
  | { readonly kind: 'tau-star' }
  | { readonly kind: 'lagrangian'; readonly explore: ShadedExploration; readonly lambda: number }

/** A pure strategy with its exact `(U, Π_i)`. */
export interface Candidate extends Split {
  readonly policy?: PlayablePolicy
}

/** The playable strategy: `first` with probability `weight`, else `second`. */
export interface PlayableMixture {
  readonly first: Candidate
  readonly second: Candidate
  readonly weight: number
  /** Its exact `E[U]` and `E[Π_i]` (USD, doubles). */
  readonly value: Split
  /** The multiplier at which both components minimize the Lagrangian (up to `gap`). */
  readonly lambda: number
}

/** What the tangent method found in one class. */
export interface DualSolution {
  /** The best dual value `g(λ)` found (a lower bound on the class's constrained minimum). */
  readonly dual: number
  /** The `λ` that gave it. */
  readonly lambda: number
  /** The constraint-binding mixture of the final bracket (its `E[U]` bounds the class's constrained minimum from above). */
  readonly mixture: PlayableMixture
  /** `mixture.value.user − dual`: how far the method is from the class's optimum. */
  readonly gap: number
  readonly iterations: number
  /** The multipliers at which the final bracket's two members were found (`∞`: τ*). */
  readonly bracket: { readonly lo: number; readonly hi: number }
}

/** The harm of one provider at one tolerance. */
export interface Harm {
  readonly provider: number
  /** `ζ`, USD. */
  readonly tolerance: number
  /** `E[U(τ*)]` and `E[Π_i(τ*)]`. */
  readonly tauStar: Split
  /** Lower bound on the least `E[U]` over every strategy earning at least `E[Π_i(τ*)] − ζ` (relaxed class's dual value). */
  readonly leastUserUtility: number
  /** `E[U(τ*)] − leastUserUtility`: an upper bound on `H_i(ζ)`. */
  readonly harm: number
  /** The multiplier `λ` of the relaxed class's dual value. */
  readonly multiplier: number
  /** The playable strategy: its `E[U]` bounds the least `E[U]` from above. */
  readonly playable: PlayableMixture
  /** `E[U(τ*)] − playable.value.user`: a lower bound on `H_i(ζ)` (the playable strategy's harm). */
  readonly playableHarm: number
  /** Absolute bound on the error of every double above (USD). */
  readonly errorBound: number
  /** Tangent iterations (relaxed, playable) and stint states evaluated. */
  readonly work: { readonly relaxed: number; readonly playable: number; readonly states: number }
}

/** The affine function `ℓ_σ(λ) = U_σ − λ·(Π_σ − c)` of a candidate. */
const line = (s: Split, c: number, lambda: number): number => s.user - lambda * (s.profit - c)

/**
 * Maximizes `g(λ) = min_σ ℓ_σ(λ)` for one class: `minimize(λ)` returns the class's minimizer of
 * `U − λ·Π_i`; `fallback` is a member of the class meeting the constraint (τ*), the upper end of the
 * bracket until a minimizer meets it.
 */
const solveDual = (
  minimize: (lambda: number) => Candidate,
  c: number,
  fallback: Candidate,
  scale: (lambda: number) => number,
  seeds: readonly number[] = [],
): DualSolution => {
  const zero = minimize(0)
  if (zero.profit >= c) {
    const mixture: PlayableMixture = { first: zero, second: zero, weight: 1, value: { user: zero.user, profit: zero.profit }, lambda: 0 }
    return { dual: zero.user, lambda: 0, mixture, gap: 0, iterations: 1, bracket: { lo: 0, hi: 0 } }
  }
  let lo: Candidate = zero
  let hi: Candidate = fallback
  const at = { lo: 0, hi: Number.POSITIVE_INFINITY }
  let best = { dual: zero.user, lambda: 0 }
  let iterations = 1
  // Seeds (multipliers another class ended near, whose stints are cached) may narrow the bracket
  // before the first intersection: any member below the level and any above it bracket the maximum.
  for (const lambda of seeds) {
    const m = minimize(lambda)
    iterations++
    const dual = line(m, c, lambda)
    if (dual > best.dual) best = { dual, lambda }
    if (m.profit < c && lambda > at.lo) {
      lo = m
      at.lo = lambda
    } else if (m.profit > c && lambda < at.hi) {
      hi = m
      at.hi = lambda
    }
  }
  let lambda = 0
  for (; iterations < MAX_ITERATIONS; iterations++) {
    // ℓ_lo(λ) = ℓ_hi(λ); Π_hi > c > Π_lo, so the slopes differ.
    lambda = (hi.user - lo.user) / (hi.profit - lo.profit)
    if (!(lambda >= 0) || !Number.isFinite(lambda)) break
    const m = minimize(lambda)
    const dual = line(m, c, lambda)
    if (dual > best.dual) best = { dual, lambda }
    const meet = line(lo, c, lambda)
    if (dual >= meet - STOP * scale(lambda)) break
    if (m.profit < c) {
      lo = m
      at.lo = lambda
    } else if (m.profit > c) {
      hi = m
      at.hi = lambda
    } else {
      lo = m
      hi = m
      at.lo = lambda
      at.hi = lambda
      break
    }
  }
  const weight = hi.profit === lo.profit ? 1 : (hi.profit - c) / (hi.profit - lo.profit)
  const value = { user: weight * lo.user + (1 - weight) * hi.user, profit: weight * lo.profit + (1 - weight) * hi.profit }
  const mixture: PlayableMixture = { first: lo, second: hi, weight, value, lambda }
  return { dual: best.dual, lambda: best.lambda, mixture, gap: value.user - best.dual, iterations, bracket: at }
}

/** The harm problem of one provider and tolerance: the two classes' minimizers and the constants. */
export interface HarmProblem {
  /** The analysis context it was built on. */
  readonly context: AnalysisContext
  readonly provider: number
  readonly tolerance: number
  /** `E[U(τ*)]` and `E[Π_i(τ*)]`. */
  readonly tauStar: Split
  /** The constraint's level `c = E[Π_i(τ*)] − ζ`. */
  readonly level: number
  /** The relaxed class's minimizer of `U − λ·Π_i` (its `(U, Π)`). */
  readonly relaxed: (lambda: number) => Candidate
  /** The playable class's minimizer of `U − λ·Π_i`, with its policy. */
  readonly playable: (lambda: number) => Candidate
  /** The magnitude `V_U + λ·V_Π` of the Lagrangian's values. */
  readonly scale: (lambda: number) => number
  /** The error bound of every double computed with multipliers up to `lambdaMax`. */
  readonly errorBound: (lambdaMax: number) => number
  /** Stint states evaluated so far. */
  readonly states: () => number
}

/**
 * The harm problem of provider `i` at tolerance `zeta` (USD), `n = 2` only (`Left` otherwise: with
 * three providers the loser's continuation is itself a game of the two others, beyond this programme).
 *
 * @param ctx - the analysis context (SBD's rules with its rebate and bonus).
 * @param i - the deviating provider.
 * @param zeta - the tolerance `ζ ≥ 0`, USD.
 * @returns the problem, or why it is out of scope.
 */
export const harmProblem = (ctx: AnalysisContext, i: number, zeta: number): E.Either<string, HarmProblem> => {
  if (ctx.n !== 2) return E.left(`tolerance: the exact harm covers n = 2 providers (the programme of proofs-notes §14.9), got n = ${ctx.n}`)
  if (ctx.T > HARM_MAX_HORIZON)
    return E.left(
      `tolerance: the harm programme solves about T^2 stint states per target and multiplier (minutes of CPU at T = 10^4, bench/exact-analysis.ts); T = ${ctx.T} is above its limit ${HARM_MAX_HORIZON}`,
    )
  const { rules, dp } = ctx
  const { K, L, endgame } = rules
  const h = 1 - i
  const me = dp.providers[i]!
  const rival = dp.providers[h]!
  const g = me.cheat
  const factor = rebateFactor(rules)
  const rebateR = factor * dp.R
  const star = tauStarExpectations(ctx)
  const tauStar: Split = { user: star.userUtility, profit: star.profits[i]! }
  const c = tauStar.profit - zeta
  const window = ctx.windows[h]!
  const pmf = ctx.pmf[h]!
  // The rival's honest exploration: the user gets ū_h less the rebate.
  const rivalUser = L * (rival.honest.m - rival.honest.p * rebateR)
  // Losing: the rival serves its target τ(v, k) at τ*'s action, then the deviator blind trust I and
  // the endgame at g (it minimizes m − λ·F(m) at every λ ≥ 0: the lowest mean, the highest profit).
  const losses = new Map<bigint, Split>()
  const lose = (tau: bigint): Split => {
    let s = losses.get(tau)
    if (s === undefined) {
      const { action, law } = ctx.tauStar(h, tau)
      let user = law.survive * (K * action.m + endgame * rival.cheat.m)
      let profit = 0
      for (let a = 1; a <= K; a++) {
        const f = law.fire[a]!
        if (f === 0) continue
        user += f * (a * action.m + (K - a + endgame) * g.m)
        profit += f * (K - a + endgame) * g.profit
      }
      s = { user, profit }
      losses.set(tau, s)
    }
    return s
  }
  let states = 0
  const survive: Split = { user: endgame * g.m, profit: endgame * g.profit }
  // The winner's stints per λ, kept: the playable class is seeded with the relaxed class's multipliers.
  const stints = new Map<number, Map<bigint, Split>>()
  const stintsAt = (lambda: number): Map<bigint, Split> => {
    let m = stints.get(lambda)
    if (m === undefined) {
      m = new Map<bigint, Split>()
      stints.set(lambda, m)
    }
    return m
  }
  // Per λ: the terminal (U, Π) of every (v, k), through a cache of the winner's stints by target.
  const terminals = (lambda: number): { readonly user: Float64Array; readonly profit: Float64Array; readonly v: number }[] => {
    const wins = stintsAt(lambda)
    const win = (tau: bigint): Split => {
      let s = wins.get(tau)
      if (s === undefined) {
        const r = lagrangianStint({
          K,
          kappa: ctx.thresholds(tau),
          actions: me.breakpoints,
          lambda,
          survive,
          firedUserPerRound: rival.cheat.m,
          endgame,
        })
        states += r.states
        s = r.value
        wins.set(tau, s)
      }
      return s
    }
    const out = []
    for (let v = window.from; v <= window.to; v++) {
      const user = new Float64Array(L + 1)
      const profit = new Float64Array(L + 1)
      for (let k = 0; k <= L; k++) {
        const s = ranksAbove(i, k, h, v) ? win(rules.targetUnits(k, v)) : lose(rules.targetUnits(v, k))
        user[k] = s.user
        profit[k] = s.profit
      }
      out.push({ user, profit, v })
    }
    return out
  }
  const relaxed = (lambda: number): Candidate => {
    let user = rivalUser
    let profit = 0
    for (const t of terminals(lambda)) {
      const w = pmf[t.v]!
      const s = lagrangianExploration({ L, terminalUser: t.user, terminalProfit: t.profit, actions: me.breakpoints, rebateR, lambda })
      user += w * s.user
      profit += w * s.profit
    }
    return { user, profit }
  }
  const playable = (lambda: number): Candidate => {
    // The rival's sum is independent of the deviator's own count: average the terminal over it.
    const user = new Float64Array(L + 1)
    const profit = new Float64Array(L + 1)
    for (const t of terminals(lambda)) {
      const w = pmf[t.v]!
      for (let k = 0; k <= L; k++) {
        user[k]! += w * t.user[k]!
        profit[k]! += w * t.profit[k]!
      }
    }
    const s = shadedExplorations({ L, terminalUser: user, terminalProfit: profit, actions: me.breakpoints, rebateR, lambda })
    return { user: rivalUser + s.value.user, profit: s.value.profit, policy: { kind: 'lagrangian', explore: s.play, lambda } }
  }
  // Magnitudes: the user's utility and the deviator's profit over the game.
  const vUser = ctx.T * (Math.abs(dp.lo) + dp.R) + factor * 2 * L * dp.R
  const vProfit = ctx.T * Math.max(...me.breakpoints.map((a) => Math.abs(a.profit))) + factor * L * dp.R
  const scale = (lambda: number): number => vUser + lambda * vProfit
  // Error bound (proofs-notes §14.9): each backward step of the Lagrangian recursion rounds its two
  // components and the comparison (at most 18u·V_λ, V_λ = V_U + λ·V_Π); chains of at most T steps,
  // then sums over the rival's sum and the own count; the truncations (the rival's left-out tails,
  // the stint laws' trimmed mass, the stint windows) at most their probability times 2V_λ; and the
  // error of E[Π_i(τ*)] (in c, times λ) and of E[U(τ*)]. Doubled: a harm is a difference of two values.
  const errorBound = (lambdaMax: number): number => {
    const vLambda = scale(lambdaMax)
    const terms = 6 * ctx.T + 2 * (window.to - window.from + 1 + L) + 4 * ctx.n * L + 16
    const floating = 3 * UNIT_ROUNDOFF * vLambda * terms
    const truncation = (droppedMass(ctx) + ctx.lostMass() + K * Math.exp(-2 * HEADROOM * HEADROOM)) * 2 * vLambda
    const vMax = Math.max(vUser, vProfit)
    const starError =
      (UNIT_ROUNDOFF * vMax * (6 * ctx.T + 2 * star.configurations + 4 * ctx.n * L + 16) + (droppedMass(ctx) + ctx.lostMass()) * 2 * vMax) *
      (1 + lambdaMax)
    return widen(2 * (floating + truncation + starError))
  }
  return E.right({
    context: ctx,
    provider: i,
    tolerance: zeta,
    tauStar,
    level: c,
    relaxed,
    playable,
    scale,
    errorBound,
    states: () => states,
  })
}

/**
 * The same harm problem at another tolerance. Only the constraint's level `c = E[Π_i(τ*)] − ζ`
 * depends on ζ: the two classes' minimizers of `U − λ·Π_i`, the τ* expectations and the error
 * bound do not, so the problem built once serves every tolerance, its caches (the loser's
 * continuations, the winner's stints per λ) shared. `solveHarm(atTolerance(hp, ζ))` is
 * `harmOf(ctx, i, ζ)` bit for bit, without rebuilding τ*'s expectations and the caches, except
 * `errorBound`: it counts the mass trimmed from every stint law computed on the context so far
 * (`ctx.lostMass`), so on a context that has served more it is larger, and still a bound.
 *
 * @param hp - a harm problem ({@link harmProblem}), at any tolerance.
 * @param zeta - the tolerance `ζ ≥ 0`, USD.
 * @returns the problem at `zeta`.
 */
export const atTolerance = (hp: HarmProblem, zeta: number): HarmProblem => ({ ...hp, tolerance: zeta, level: hp.tauStar.profit - zeta })

/**
 * The harm provider `i` can do at tolerance `zeta` (USD): the relaxed class's dual maximum (a lower
 * bound on the least `E[U]`) and the playable mixture (an upper bound), `n = 2` only.
 *
 * @param ctx - the analysis context (SBD's rules with its rebate and bonus).
 * @param i - the deviating provider.
 * @param zeta - the tolerance `ζ ≥ 0`, USD.
 * @returns the harm, or why it is out of scope.
 */
export const harmOf = (ctx: AnalysisContext, i: number, zeta: number): E.Either<string, Harm> => E.map(solveHarm)(harmProblem(ctx, i, zeta))

/**
 * Solves a harm problem: the relaxed class's dual maximum and the playable class's mixture.
 *
 * @param hp - the problem ({@link harmProblem}).
 * @returns the harm.
 */
export const solveHarm = (hp: HarmProblem): Harm => {
  const fallback: Candidate = { ...hp.tauStar, policy: { kind: 'tau-star' } }
  const r = solveDual(hp.relaxed, hp.level, fallback, hp.scale)
  const seeds = [r.bracket.lo, r.bracket.hi, r.mixture.lambda].filter((x) => x > 0 && Number.isFinite(x))
  const p = solveDual(hp.playable, hp.level, fallback, hp.scale, seeds)
  return {
    provider: hp.provider,
    tolerance: hp.tolerance,
    tauStar: hp.tauStar,
    leastUserUtility: r.dual,
    harm: hp.tauStar.user - r.dual,
    multiplier: r.lambda,
    playable: p.mixture,
    playableHarm: hp.tauStar.user - p.mixture.value.user,
    errorBound: hp.errorBound(Math.max(r.lambda, p.lambda, p.mixture.lambda)),
    work: { relaxed: r.iterations, playable: p.iterations, states: hp.states() },
  }
}

/**
 * The relaxed class's dual value `g(λ) = min_σ E[U − λ·(Π_i − c)]` at one `λ`: at most the `E[U]` of
 * every strategy meeting the constraint (weak duality, proofs-notes §14.9).
 *
 * @param hp - the harm problem.
 * @param lambda - the multiplier `λ ≥ 0`.
 * @returns `g(λ)`, USD.
 */
export const dualValue = (hp: HarmProblem, lambda: number): number => line(hp.relaxed(lambda), hp.level, lambda)
