/**
 * The DP's description of the mechanism (proofs-notes §10.1): everything the exact analysis reads
 * of SBD(ε), as data. Built from SBD's constants exactly as `src/mechanism` decides (targets
 * rounded down to the money grid, the integer firing test), so that the analysis and the engine
 * agree; the property suites build deliberately broken variants of the same record.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { Decimal, dmax } from '../exact/decimal.ts'
import { type SbdConstants, sbdConstants } from '../mechanism/constants.ts'
import { prepareFiringTest } from '../mechanism/firing-test.ts'
import { maxDeficitUnits } from '../strategy/best-response.ts'

/** The mechanism as the DP sees it. Sums and targets are in grid units. */
export interface MechanismRules {
  /** Exploration rounds per provider. */
  readonly L: number
  /** Monitored exploitation rounds (rounds `nL+1 .. nL+K`). */
  readonly K: number
  /** Rounds of blind trust II (the endgame) after them. */
  readonly endgame: number
  /** Exploration rebate `Z_i = Σ (X_t − x_lo)`. */
  readonly rebate: boolean
  /**
   * The rebate bonus δ ≥ 0 (proofs-notes §14): with the rebate on, exploration pays
   * `(1 + δ)·(X − x_lo)`. Absent: 0 (SBD's rebate). Read it through {@link rebateFactor}.
   */
  readonly bonus?: number
  /**
   * The target of a server whose exploration sum has `serverSuccesses` successes when the provider
   * ranked after it has `nextSuccesses` (Bernoulli: a sum is `L·x_lo + k·R`), in grid units.
   */
  readonly targetUnits: (serverSuccesses: number, nextSuccesses: number) => bigint
  /** Whether the target reads the server's own sum (false for SBD: the DP then sums that out). */
  readonly targetUsesServer: boolean
  /**
   * The largest deficit `j·τ − S` (grid units) the test tolerates after `j` monitored rounds, or
   * `null` if the test never fires.
   */
  readonly toleratedDeficit: (j: number) => bigint | null
}

/**
 * What one unit of `X − x_lo` in exploration pays the provider (and costs the user): `1 + δ` with the
 * rebate on, 0 with it off.
 *
 * @param rules - the mechanism's rules.
 * @returns the rebate's factor.
 */
export const rebateFactor = (rules: MechanismRules): number => (rules.rebate ? 1 + (rules.bonus ?? 0) : 0)

/** Grid units of the range ends (the DP's money inputs). */
export interface RangeUnits {
  /** `x_lo` in grid units. */
  readonly lo: bigint
  /** `R` in grid units. */
  readonly R: bigint
}

/**
 * SBD(ε)'s rules (proofs-notes §3.2, §3.4): target `max(x_lo, Û_next − r)` floored to the grid,
 * the exact tolerated deficit `D_j` of the squared integer test. `Left` for bad parameters.
 *
 * @param T - the horizon.
 * @param n - the number of providers.
 * @param epsilon - ε of SBD(ε).
 * @param rebate - the exploration rebate.
 * @param range - the range in grid units.
 * @param R - the range width, USD.
 * @param gridScale - grid units per USD (`10^k`).
 * @param bonus - the rebate bonus δ (proofs-notes §14; default 0).
 * @returns the rules and SBD's constants, or why the parameters are bad.
 */
export const sbdRules = (
  T: number,
  n: number,
  epsilon: Decimal,
  rebate: boolean,
  range: RangeUnits,
  R: Decimal,
  gridScale: Decimal,
  bonus: Decimal = new Decimal(0),
): E.Either<string, { readonly rules: MechanismRules; readonly constants: SbdConstants }> =>
  E.map((c: SbdConstants) => {
    const test = prepareFiringTest(range.R, c.slackLog)
    const rUnits = c.r.times(gridScale)
    const lo = new Decimal(range.lo.toString())
    const Ru = new Decimal(range.R.toString())
    const cache = new Map<number, bigint>()
    // τ = max(x_lo, Û_next − r) with Û_next = x_lo + k·R/L, rounded down (as src/mechanism/sbd.ts).
    const fromNext = (k: number): bigint => {
      const hit = cache.get(k)
      if (hit !== undefined) return hit
      const tau = BigInt(
        dmax(lo, lo.plus(Ru.times(k).div(c.L)).minus(rUnits))
          .floor()
          .toFixed(0),
      )
      cache.set(k, tau)
      return tau
    }
    const deficits: bigint[] = []
    const rules: MechanismRules = {
      L: c.L,
      K: c.monitoredMax,
      endgame: c.L,
      rebate,
      ...(bonus.isZero() ? {} : { bonus: bonus.toNumber() }),
      targetUnits: (_server, next) => fromNext(next),
      targetUsesServer: false,
      toleratedDeficit: (j) => (deficits[j] ??= maxDeficitUnits(test, j)),
    }
    return { constants: c, rules }
  })(sbdConstants(T, n, epsilon, R))
