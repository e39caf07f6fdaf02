/**
 * The bounds of Theorems 1 and 2 (proofs-notes §6–§7), in USD, from the SBD constants.
 *
 * @module
 */
import type { Decimal } from '../exact/decimal.ts'
import { type SbdConstants, slackAfter } from '../mechanism/constants.ts'

/** `η_on(T) = c(K_X) + 3R`: the IC bound with the exploration rebate on. */
export const etaOn = (c: SbdConstants): Decimal => slackAfter(c, c.monitoredMax).plus(c.R.times(3))

/** `η_off(T) = L·R + c(K_X) + 3R`: the IC bound with the rebate off (the paper's order). */
export const etaOff = (c: SbdConstants): Decimal => c.R.times(c.L).plus(etaOn(c))

/** The IC bound for the given rebate setting. */
export const eta = (c: SbdConstants, rebate: boolean): Decimal => (rebate ? etaOn(c) : etaOff(c))

/** `Δ(T) = (n+1)·L·R + 2·r·T + 2R`: how far below `SB` the user's expected utility may fall. */
export const secondBestShortfall = (c: SbdConstants): Decimal =>
  c.R.times((c.n + 1) * c.L).plus(c.r.times(2 * c.T)).plus(c.R.times(2))

/**
 * `L·R + 2·r·T + 2R`: how far above `SB` the user's expected utility may rise under τ*
 * (Theorem 2's upper bound, proofs-notes §7).
 *
 * Valid only under Assumption U (proofs-notes §1.3): every provider can degrade its service to the
 * second-best level, `μ^min_k ≤ ū_(2)` for every `k`. Without U a winner whose floor `μ^min` exceeds
 * `ū_(2)` delivers at least that floor, the user gets up to `max(ū_(2), μ^min_(1))` per round, and
 * `E[U] − SB` grows like `T·(μ^min_(1) − ū_(2))`, beyond this bound (proofs-notes §7.2 gives the
 * counterexamples, including one on real API prices). Check U before using this bound.
 */
export const secondBestExcess = (c: SbdConstants): Decimal =>
  c.R.times(c.L).plus(c.r.times(2 * c.T)).plus(c.R.times(2))
