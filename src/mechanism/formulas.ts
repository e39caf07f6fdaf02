/**
 * The constants of SBD(ε) (proofs-notes §3.1) as formula descriptions: the one source that
 * {@link ./constants.ts} evaluates in `Decimal` and the proof obligations of proofs-notes §12
 * translate to Z3 (proofs-notes §12.2). Quantities are named as in the notes: `T`, `n`, `ε`, `R`,
 * `L`, `K_X`, `r`, `ℓ` (`= ln(2T²)`), `j`.
 *
 * @module
 */
import { type Expr, add, ceilPowOf, div, ln, mul, named, pow, sqrt, sub, v } from '../exact/expression.ts'

/** The horizon `T`. */
export const T = v('T')
/** The number of providers `n`. */
export const N_PROVIDERS = v('n')
/** SBD's parameter `ε ∈ (0, ½)`. */
export const EPSILON = v('ε')
/** The range width `R = x_hi − x_lo`. */
export const R = v('R')
/** A number of monitored rounds `j` (the slack's argument). */
export const J = v('j')

/** `L = ⌈T^(1−ε)⌉`, the exploration length (proofs-notes §3.1, computed exactly as in §3.4). */
export const EXPLORATION_LENGTH: Expr = ceilPowOf(T, sub(1, EPSILON))
/** `L`, by name (its value is cached in the constants). */
export const L = named('L', EXPLORATION_LENGTH)

/** `K_X = T − (n+1)·L`, the most monitored exploitation rounds. */
export const MONITORED_MAX_FORMULA: Expr = sub(T, mul(add(N_PROVIDERS, 1), L))
/** `K_X`, by name. */
export const K_X = named('K_X', MONITORED_MAX_FORMULA)

/** `ℓ = ln(2T²)`, the slack's log factor, evaluated as `T^2·2` then `ln`. */
export const SLACK_LOG_FORMULA: Expr = ln(mul(pow(T, 2), 2))
/** `ℓ`, by name. */
export const SLACK_LOG = named('ℓ', SLACK_LOG_FORMULA)

/** `ln(2nT)`, the log factor of the radius. */
export const RADIUS_LOG: Expr = ln(mul(mul(2, N_PROVIDERS), T))

/** `r = R·√(ln(2nT) / (2L))`, the exploration confidence radius. */
export const RADIUS_FORMULA: Expr = mul(R, sqrt(div(RADIUS_LOG, mul(2, L))))
/** `r`, by name. */
export const RADIUS = named('r', RADIUS_FORMULA)

/** The slack `c(j) = R·√(ℓ·j / 2)` after `j` monitored rounds, for any formula `j`. */
export const slackFormula = (j: Expr): Expr => mul(R, sqrt(div(mul(SLACK_LOG, j), 2)))
