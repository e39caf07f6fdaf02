/**
 * The bounds of Theorems 1 and 2 (proofs-notes §6–§7), in USD, from the SBD constants: the
 * `Decimal` evaluations of the formula descriptions in {@link ./bound-formulas.ts}, the same trees
 * the proof obligations check (proofs-notes §12.2).
 *
 * @module
 */
import type { Decimal } from '../exact/decimal.ts'
import { type DecimalEnv, type Expr, evaluateDecimal } from '../exact/expression.ts'
import type { SbdConstants } from '../mechanism/constants.ts'
import { ETA_OFF, ETA_ON, EXCESS, PROVEN_BOUND_OFF, PROVEN_BOUND_ON, SHORTFALL } from './bound-formulas.ts'

/** The quantities of the SBD constants, named as in the formulas. */
export const constantsEnv = (c: SbdConstants): DecimalEnv => ({
  T: c.T,
  n: c.n,
  ε: c.epsilon,
  R: c.R,
  L: c.L,
  K_X: c.monitoredMax,
  r: c.r,
  ℓ: c.slackLog,
})

const at = (formula: Expr, c: SbdConstants): Decimal => evaluateDecimal(formula, constantsEnv(c))

/**
 * `η_on(T) = c(K_X) + 3R`: the IC bound with the exploration rebate on (Theorem 1, proofs-notes §6.1).
 *
 * @param c - the constants of the run ({@link sbdConstants}).
 * @returns `η_on` in USD.
 */
export const etaOn = (c: SbdConstants): Decimal => at(ETA_ON, c)

/**
 * `η_off(T) = L·R + c(K_X) + 3R`: the IC bound with the rebate off (the paper's order; Theorem 1).
 *
 * @param c - the constants of the run ({@link sbdConstants}).
 * @returns `η_off` in USD.
 */
export const etaOff = (c: SbdConstants): Decimal => at(ETA_OFF, c)

/**
 * The IC bound for the given rebate setting (Theorem 1).
 *
 * @param c - the constants of the run ({@link sbdConstants}).
 * @param rebate - whether exploration pays the rebate.
 * @returns {@link etaOn} when `rebate`, else {@link etaOff}, in USD.
 */
export const eta = (c: SbdConstants, rebate: boolean): Decimal => (rebate ? etaOn(c) : etaOff(c))

/** The type statistics `G_i` depends on. */
export interface ProviderStatistics {
  /** `π̄_i`. */
  readonly cheatProfit: Decimal
  /** `ū_i`. */
  readonly honestMean: Decimal
  /** `μ^min_i`. */
  readonly cheatMean: Decimal
}

/**
 * `G_i` (Proposition 6.1, proofs-notes §6.1): `c(K_X) + R + 1.5·π̄_i`, plus `L·(ū_i − μ^min_i)`
 * with the rebate off: the IC bound proved without Assumption P.
 */
export const provenBoundOf = (c: SbdConstants, p: ProviderStatistics, rebate: boolean): Decimal =>
  evaluateDecimal(rebate ? PROVEN_BOUND_ON : PROVEN_BOUND_OFF, {
    ...constantsEnv(c),
    π̄_i: p.cheatProfit,
    ū_i: p.honestMean,
    'μ^min_i': p.cheatMean,
  })

/**
 * `Δ(T) = (n+1)·L·R + 2·r·T + 2R`: how far below `SB` the user's expected utility may fall when every
 * provider plays τ* (Theorem 2, proofs-notes §7.1; it says nothing about deviations, §7.10).
 *
 * Valid under the proviso `g·K_X ≤ 2r(n+1)L + R/2`, `g` the money-grid step (targets are rounded
 * down to the grid): Proposition 7.1 proves `SB − E[U] ≤ (n+1)LR + (2r + g)K_X + 3R/2`, which is at
 * most `Δ(T)` exactly then. The proviso holds whenever `g·T ≤ R/2`; this function
 * does not check it (it has no grid): use {@link shortfallProvisoHolds} where `g` is known.
 *
 * @param c - the constants of the run ({@link sbdConstants}).
 * @returns `Δ(T)` in USD.
 */
export const secondBestShortfall = (c: SbdConstants): Decimal => at(SHORTFALL, c)

/**
 * `L·R + 2·r·T + 2R`: how far above `SB` the user's expected utility may rise under τ*
 * (Theorem 2's upper bound, proofs-notes §7).
 *
 * Valid only under Assumption U (proofs-notes §1.3): every provider can degrade its service to the
 * second-best level, `μ^min_k ≤ ū_(2)` for every `k`. Without U a winner whose floor `μ^min` exceeds
 * `ū_(2)` delivers at least that floor, the user gets up to `max(ū_(2), μ^min_(1))` per round, and
 * `E[U] − SB` grows like `T·(μ^min_(1) − ū_(2))`, beyond this bound (proofs-notes §7.2 gives the
 * counterexamples, including one on real API prices). Check U before using this bound.
 *
 * @param c - the constants of the run ({@link sbdConstants}).
 * @returns the excess bound in USD.
 */
export const secondBestExcess = (c: SbdConstants): Decimal => at(EXCESS, c)

/**
 * Whether Theorem 2's proviso `g·K_X ≤ 2r(n+1)L + R/2` holds for money-grid step `g` (USD), so that
 * {@link secondBestShortfall} bounds the shortfall (proofs-notes §7.1, Proposition 7.1).
 *
 * @param c - the constants of the run ({@link sbdConstants}).
 * @param g - the money-grid step in USD (targets are rounded down to it).
 * @returns true if the proviso holds.
 */
export const shortfallProvisoHolds = (c: SbdConstants, g: Decimal): boolean =>
  g.times(c.monitoredMax).lte(c.r.times(2 * (c.n + 1) * c.L).plus(c.R.div(2)))
