/**
 * The bounds of Theorems 1–3 (proofs-notes §6–§8) as formula descriptions: the one source that
 * {@link ./bounds.ts} and {@link ./impossibility.ts} evaluate and that the proof obligations of
 * proofs-notes §12 translate to Z3 (proofs-notes §12.2). Each tree is written in the operation
 * order of the code it replaced, so its `Decimal` value is the same to the last digit.
 *
 * @module
 */
import { type Expr, add, div, mul, named, pow, sub, v } from '../exact/expression.ts'
import { K_X, L, N_PROVIDERS, R, RADIUS, T, slackFormula } from '../mechanism/formulas.ts'

/** `c(K_X)`, the withholding allowance (proofs-notes §6.5). */
export const SLACK_ALLOWANCE: Expr = slackFormula(K_X)

/** `η_on(T) = c(K_X) + 3R` (Theorem 1, rebate on, proofs-notes §6.1). */
export const ETA_ON: Expr = add(SLACK_ALLOWANCE, mul(R, 3))

/** `η_off(T) = L·R + c(K_X) + 3R` (Theorem 1, rebate off), evaluated as `R·L + η_on`. */
export const ETA_OFF: Expr = add(mul(R, L), ETA_ON)

/** `π̄_i`, provider `i`'s full-cheat profit. */
export const CHEAT_PROFIT = v('π̄_i')
/** `ū_i`, provider `i`'s best service. */
export const HONEST_MEAN = v('ū_i')
/** `μ^min_i`, provider `i`'s floor. */
export const CHEAT_MEAN = v('μ^min_i')

/**
 * `G_i` with the rebate on, `c(K_X) + R + (3/2)·π̄_i` (Proposition 6.1), evaluated as
 * `((c(K_X) + 3R) − 2R) + 1.5·π̄_i`, the order the code has always used. The tree is its own (not
 * {@link ETA_ON}'s), so that a change to `η_on` is checked against `G_i` by the obligations.
 */
export const PROVEN_BOUND_ON: Expr = add(sub(add(SLACK_ALLOWANCE, mul(R, 3)), mul(R, 2)), mul(CHEAT_PROFIT, '1.5'))

/** `G_i` with the rebate off: `G_i(on) + (ū_i − μ^min_i)·L` (Proposition 6.1). */
export const PROVEN_BOUND_OFF: Expr = add(PROVEN_BOUND_ON, mul(sub(HONEST_MEAN, CHEAT_MEAN), L))

/** `Δ(T) = (n+1)·L·R + 2rT + 2R` (Theorem 2's shortfall bound, proofs-notes §7.1). */
export const SHORTFALL: Expr = add(add(mul(R, mul(add(N_PROVIDERS, 1), L)), mul(RADIUS, mul(2, T))), mul(R, 2))

/** `L·R + 2rT + 2R` (Theorem 2's upper bound under Assumption U, proofs-notes §7.1). */
export const EXCESS: Expr = add(add(mul(R, L), mul(RADIUS, mul(2, T))), mul(R, 2))

/** `η`, the IC slack of the chain (proofs-notes §8.6). */
export const ETA = v('η')
/** `D`, the scale of the family. */
export const SCALE = v('D')
/** `j`, the chain length. */
export const CHAIN_LENGTH = v('j')
/** `ξ = η / (D·T)`. */
export const THETA = named('ξ', div(ETA, mul(SCALE, T)))

/** The `j`-th term of `c*`, `(1 + ξ·(2^j − 1)) / (1 + j/2)` (proofs-notes §8.6, (8.1)). */
export const IMPOSSIBILITY_TERM: Expr = div(add(1, mul(THETA, sub(pow(2, CHAIN_LENGTH), 1))), add(1, div(CHAIN_LENGTH, 2)))

/** `Δ′`, the additive slack of a guarantee `SB + c·(FB − SB) − Δ′` (proofs-notes §8.10). */
export const ADDITIVE_SLACK = v('Δ′')
/** `ξ′ = Δ′ / (D·T)` (proofs-notes §8.10). */
export const THETA_SLACK = named('ξ′', div(ADDITIVE_SLACK, mul(SCALE, T)))

/**
 * The `j`-th term of `c*` with additive slack, `(1 + ξ·(2^j − 1) + ξ′·2^j) / (1 + j/2)`
 * (proofs-notes §8.10, (8.2)); with `Δ′ = 0` it is {@link IMPOSSIBILITY_TERM}'s value.
 */
export const IMPOSSIBILITY_TERM_WITH_SLACK: Expr = div(
  add(add(1, mul(THETA, sub(pow(2, CHAIN_LENGTH), 1))), mul(THETA_SLACK, pow(2, CHAIN_LENGTH))),
  add(1, div(CHAIN_LENGTH, 2)),
)
