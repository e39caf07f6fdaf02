/**
 * What the theory needs to know about one provider type: its type statistics (proofs-notes §1.2), its
 * frontier, and the frontier action that delivers a given mean.
 *
 * @module
 */
import type { Decimal } from '../exact/decimal.ts'
import type { Action } from './types.ts'

/** The type statistics and frontier of one provider (exact decimals, USD per round). */
export interface ProviderModel {
  /** Position in the instance, 0-based. */
  readonly index: number
  /** Provider id. */
  readonly id: string
  /** Best service `ū = μ(h)`. */
  readonly honestMean: Decimal
  /** Honest profit `π^h = π(h)`. */
  readonly honestProfit: Decimal
  /** Full-cheat mean `μ^min = μ(g)`. */
  readonly cheatMean: Decimal
  /** Full-cheat profit `π̄ = π(g)`. */
  readonly cheatProfit: Decimal
  /** The honest action `h`. */
  readonly honest: Action
  /** The full-cheat action `g`. */
  readonly fullCheat: Action
  /** Expected net utility `μ(a)` of an action, exactly as the simulator realizes it. */
  readonly meanOf: (a: Action) => Decimal
  /** Expected profit `π(a)` of an action. */
  readonly profitOf: (a: Action) => Decimal
  /**
   * The frontier action for target `m`: the most profitable action on the action grid whose
   * mean is at least `m` (clamped to `[μ^min, ū]`: below `μ^min` this is `g`, above `ū` it is `h`).
   */
  readonly deliver: (m: Decimal) => Action
  /** Canonical text of an action (for caches and reports). */
  readonly keyOf: (a: Action) => string
}
