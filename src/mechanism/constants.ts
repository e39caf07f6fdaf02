/**
 * The constants of SBD(ε) (proofs-notes §3.1), computed exactly or at the stated precision.
 *
 * - `L = ⌈T^(1−ε)⌉` rounds of exploration per provider (and the length of the endgame);
 * - `r = R·√(ln(2nT) / (2L))`, the exploration confidence radius;
 * - `c(j) = R·√(j·ln(2T²) / 2)`, the exploitation slack after `j` monitored rounds.
 *
 * Each is the `Decimal` evaluation of its formula description in {@link ./formulas.ts}, the one
 * source the proof obligations check (proofs-notes §12.2).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Decimal } from '../exact/decimal.ts'
import { evaluateDecimal } from '../exact/expression.ts'
import { EXPLORATION_LENGTH, J, MONITORED_MAX_FORMULA, RADIUS_FORMULA, SLACK_LOG_FORMULA, slackFormula } from './formulas.ts'

/** The constants of one SBD(ε) run. */
export interface SbdConstants {
  /** Horizon. */
  readonly T: number
  /** Number of providers. */
  readonly n: number
  /** ε ∈ (0, ½). */
  readonly epsilon: Decimal
  /** Range width `R`. */
  readonly R: Decimal
  /** `L = ⌈T^(1−ε)⌉`. */
  readonly L: number
  /** Exploration confidence radius `r`. */
  readonly r: Decimal
  /** `ln(2T²)`, the log factor of the slack. */
  readonly slackLog: Decimal
  /** `K_X = T − (n+1)·L`, the most monitored exploitation rounds. */
  readonly monitoredMax: number
}

/** `ln(2T²)` at the stated precision. */
export const slackLogOf = (T: number): Decimal => evaluateDecimal(SLACK_LOG_FORMULA, { T })

const SLACK = slackFormula(J)

/**
 * The slack `c(j) = R·√(j·ln(2T²)/2)` after `j` monitored rounds (proofs-notes §3.1).
 *
 * @param c - the range width `R` and `ln(2T²)` of the run.
 * @param j - the number of monitored rounds of the stint so far.
 * @returns `c(j)` in USD.
 */
export const slackAfter = (c: Pick<SbdConstants, 'R' | 'slackLog'>, j: number): Decimal =>
  evaluateDecimal(SLACK, { R: c.R, ℓ: c.slackLog, j })

/**
 * The exploration confidence radius `r = R·√(ln(2nT)/(2L))` (proofs-notes §3.1).
 *
 * @param R - the range width in USD.
 * @param n - the number of providers.
 * @param T - the horizon.
 * @param L - the exploration rounds per provider.
 * @returns `r` in USD.
 */
export const explorationRadius = (R: Decimal, n: number, T: number, L: number): Decimal => evaluateDecimal(RADIUS_FORMULA, { R, n, T, L })

/**
 * The constants for horizon `T`, `n` providers, `ε` and range width `R` (proofs-notes §3.1).
 *
 * @param T - the horizon.
 * @param n - the number of providers.
 * @param epsilon - ε ∈ (0, ½).
 * @param R - the range width `x_hi − x_lo` in USD.
 * @returns the constants, or `Left` naming the bad parameter: ε outside (0, ½), `n < 2`, or
 *   `T < (n+1)·L + 1`.
 */
export const sbdConstants = (T: number, n: number, epsilon: Decimal, R: Decimal): E.Either<string, SbdConstants> => {
  // Every run of SBD starts here, and the constants take 50-digit logarithms and roots: remember
  // the last few parameter sets (the result is immutable, so sharing it is safe).
  const key = `${T}|${n}|${epsilon.toString()}|${R.toString()}`
  const hit = recentConstants.get(key)
  if (hit !== undefined) return hit
  const computed = computeConstants(T, n, epsilon, R)
  if (recentConstants.size >= RECENT_CONSTANTS) recentConstants.clear()
  recentConstants.set(key, computed)
  return computed
}

/** How many parameter sets {@link sbdConstants} remembers. */
const RECENT_CONSTANTS = 256

const recentConstants = new Map<string, E.Either<string, SbdConstants>>()

const computeConstants = (T: number, n: number, epsilon: Decimal, R: Decimal): E.Either<string, SbdConstants> => {
  if (!(epsilon.gt(0) && epsilon.lt('0.5'))) return E.left(`epsilon: expected a value in (0, 1/2), got ${epsilon.toString()}`)
  if (!Number.isInteger(n) || n < 2) return E.left(`providers: SBD needs n ≥ 2 providers, got ${n}`)
  if (!R.gt(0)) return E.left(`range: expected x_hi > x_lo, got width ${R.toString()}`)
  if (!Number.isSafeInteger(T) || T < 1) return E.left(`horizon: expected a positive integer, got ${T}`)
  const L = evaluateDecimal(EXPLORATION_LENGTH, { T, ε: epsilon }).toNumber()
  if (T < (n + 1) * L + 1)
    return E.left(
      `horizon: T = ${T} is too short for SBD(ε=${epsilon.toString()}) with n = ${n}: needs T ≥ (n+1)·L + 1 = ${(n + 1) * L + 1} (L = ⌈T^(1−ε)⌉ = ${L})`,
    )
  return E.right({
    T,
    n,
    epsilon,
    R,
    L,
    r: explorationRadius(R, n, T, L),
    slackLog: slackLogOf(T),
    monitoredMax: evaluateDecimal(MONITORED_MAX_FORMULA, { T, n, L }).toNumber(),
  })
}
