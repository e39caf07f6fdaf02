/**
 * An abstract Bernoulli instance prepared for the exact analysis (proofs-notes §10.1): per
 * provider its frontier breakpoints as (success probability, profit) pairs, its honest and
 * full-cheat actions, and what τ* delivers against a target — all read from the exact decimals of
 * the instance, then held as doubles for the dynamic programs.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Decimal } from '../exact/decimal.ts'
import { fromUnits, toUnits } from '../exact/grid.ts'
import type { InstanceModel } from '../model/instance-model.ts'
import { UNIT_ROUNDOFF } from './error-bound.ts'
import type { RangeUnits } from './rules.ts'

/** One action of the DP: success probability `p = (m − x_lo)/R` and expected profit `F(m)` (USD). */
export interface DpAction {
  /** Delivered mean `m`, USD (exact). */
  readonly mean: Decimal
  /** The mean as a double. */
  readonly m: number
  /** `P(X = x_hi)`. */
  readonly p: number
  /** `F(m)`, USD per round. */
  readonly profit: number
  /**
   * A bound on `|profit − F(m)|` (proofs-notes §10.6): `ε_fl·|F(m)|` for a breakpoint (one
   * conversion of an exact decimal), `12·ε_fl·max|F|` for a mean interpolated in doubles. `p` is the
   * correctly rounded quotient of exact integers (`|p̂ − p| ≤ ε_fl·p`), `m` within `ε_fl·|m|`.
   */
  readonly profitError: number
}

/** A provider as the DP sees it. */
export interface DpProvider {
  /** Index in the instance. */
  readonly index: number
  /** Provider id. */
  readonly id: string
  /** The frontier's breakpoints, honest first, full cheat last (proofs-notes §10.3: only these are tried). */
  readonly breakpoints: readonly DpAction[]
  /** The honest action `h`. */
  readonly honest: DpAction
  /** The full-cheat action `g`. */
  readonly cheat: DpAction
  /** The action of a mean (clamped to `[μ^min, ū]`, rounded up to the action grid as the engine does). */
  readonly actionAt: (mean: Decimal) => DpAction
  /**
   * The same for a mean given in grid units (an integer below 2^53), in doubles only: `p` is the
   * correctly rounded quotient of exact integers, `F` interpolated between breakpoints. For the
   * fixed plays evaluated state by state (`mean` is then not meaningful and left at 0).
   */
  readonly actionAtUnits: (units: number) => DpAction
}

/** An instance prepared for the DP. */
export interface DpInstance {
  /** The instance model it came from. */
  readonly model: InstanceModel
  /** Range ends in grid units. */
  readonly range: RangeUnits
  /** `x_lo` in USD as a double. */
  readonly lo: number
  /** `R` in USD as a double. */
  readonly R: number
  /** Providers. */
  readonly providers: readonly DpProvider[]
  /** USD of a target given in grid units. */
  readonly usd: (units: bigint) => Decimal
}

/** Largest number of providers the analysis handles. */
export const MAX_PROVIDERS = 3

/**
 * Prepares `model` for the exact analysis. `Left` (saying why, and the limit) unless it is an
 * abstract instance with Bernoulli outcomes and 2 or 3 providers.
 *
 * @param model - the instance's model.
 * @returns the instance prepared for the dynamic program, or why it is out of scope.
 */
export const dpInstance = (model: InstanceModel): E.Either<string, DpInstance> => {
  const inst = model.instance
  if (inst.kind !== 'abstract')
    return E.left(
      `scenario: the exact analysis covers abstract instances only (an LLM instance has many-valued outcomes, so its state space is not the (rounds, successes) lattice), got ${inst.kind}`,
    )
  if (inst.noise !== 'bernoulli')
    return E.left(
      `scenario: the exact analysis covers two-outcome (Bernoulli) noise only, got noise "${inst.noise}" (noise-free instances with linear frontiers are analysed exactly instead: proofs-notes §10.8)`,
    )
  if (model.n < 2 || model.n > MAX_PROVIDERS)
    return E.left(
      `scenario: the exact analysis covers n = 2 or 3 providers (the state of the exploration sums grows as L^n), got n = ${model.n}`,
    )
  const lo = toUnits(model.grid, model.xLo)
  const R = toUnits(model.grid, model.R)
  if (E.isLeft(lo)) return lo
  if (E.isLeft(R)) return R
  const scale = model.grid.scaleDecimal
  const loU = Number(lo.right)
  const RU = Number(R.right)
  // p = (m − x_lo)/R as one correctly rounded division of exact integers (grid units, below 2^53).
  // Every mean lies in [x_lo, x_hi] on the grid, so its units are integers below 2^53 once both ends are.
  const probability = (mean: Decimal): number => (mean.times(scale).toNumber() - loU) / RU
  if (![lo.right, lo.right + R.right].every((u) => u < 2n ** 53n && u > -(2n ** 53n)))
    return E.left(
      `scenario: the exact analysis needs the range in grid units below 2^53 (its probabilities are quotients of exact integers)`,
    )
  const providers = model.providers.map((pm, index): DpProvider => {
    const action = (mean: Decimal): DpAction => {
      const profit = pm.profitOf({ kind: 'abstract', mean }).toNumber()
      return { mean, m: mean.toNumber(), p: probability(mean), profit, profitError: UNIT_ROUNDOFF * Math.abs(profit) }
    }
    const p = inst.providers[index]!
    const means: Decimal[] = [p.honestMean]
    for (const s of p.segments) means.push(means[means.length - 1]!.minus(s.length))
    const breakpoints = means.map(action)
    const bpUnits = means.map((m) => m.times(scale).toNumber())
    const step = scale.div(10 ** 6).toNumber() // units per action-grid step (the grid has ≥ 6 places)
    const largestProfit = breakpoints.reduce((x, b) => Math.max(x, Math.abs(b.profit)), 0)
    const fast = new Map<number, DpAction>()
    const actionAtUnits = (units: number): DpAction => {
      let x = Math.ceil(units / step) * step
      if (x * 1 < units) x += step
      const hi = bpUnits[0]!
      const low = bpUnits[bpUnits.length - 1]!
      if (x >= hi) return breakpoints[0]!
      if (x <= low) return breakpoints[breakpoints.length - 1]!
      const hit = fast.get(x)
      if (hit !== undefined) return hit
      let s = 1
      while (bpUnits[s]! > x) s++
      // On the piece [bp[s], bp[s−1]]: F is affine.
      const t = (bpUnits[s - 1]! - x) / (bpUnits[s - 1]! - bpUnits[s]!)
      const profit = breakpoints[s - 1]!.profit + t * (breakpoints[s]!.profit - breakpoints[s - 1]!.profit)
      const a: DpAction = {
        mean: breakpoints[0]!.mean.times(0),
        m: x / scale.toNumber(),
        p: (x - loU) / RU,
        profit,
        profitError: 12 * UNIT_ROUNDOFF * largestProfit,
      }
      fast.set(x, a)
      return a
    }
    return {
      actionAtUnits,
      index,
      id: pm.id,
      breakpoints,
      honest: breakpoints[0]!,
      cheat: breakpoints[breakpoints.length - 1]!,
      actionAt: (mean) => {
        const a = pm.deliver(mean)
        return action(a.kind === 'abstract' ? a.mean : mean)
      },
    }
  })
  return E.right({
    model,
    range: { lo: lo.right, R: R.right },
    lo: model.xLo.toNumber(),
    R: model.R.toNumber(),
    providers,
    usd: (u) => fromUnits(model.grid, u),
  })
}
