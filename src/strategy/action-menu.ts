/**
 * Shared plumbing of the deviation strategies (proofs-notes §5): a provider's cached menu of compiled actions
 * indexed by the mean they deliver (grid units), and the server's running test margin read from
 * the public view.
 *
 * Decision rules may use float arithmetic on the public view; what they choose is turned into an
 * exact grid action here: a mean in integer grid units, rounded *up* to a quantum, then compiled
 * through the provider's own `deliver` (which rounds up again to the action grid). Tables are
 * cached per quantized mean so that a strategy whose chosen mean does not change compiles nothing
 * per round.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Decimal } from '../exact/decimal.ts'
import { ceilUnits, floorUnits, fromUnits, toUnits } from '../exact/grid.ts'
import type { OutcomeTable } from '../model/outcome-table.ts'
import type { ProviderContext } from '../sim/interfaces.ts'
import type { PublicView } from '../sim/public-view.ts'

/** A provider's menu of compiled actions, by delivered mean. */
export interface ActionMenu {
  /** The honest action `h`. */
  readonly honest: OutcomeTable
  /** The full-cheat action `g`. */
  readonly fullCheat: OutcomeTable
  /** `ū` in grid units, rounded down (float holding an integer). */
  readonly honestUnits: number
  /** `μ^min` in grid units, rounded up (float holding an integer). */
  readonly cheatUnits: number
  /** The quantum (grid units, ≥ 1) chosen means are rounded up to. */
  readonly quantumUnits: number
  /**
   * The frontier action of mean at least `units` grid units (rounded up to the quantum; clamped:
   * `h` at or above `ū`, `g` at or below `μ^min`), cached by quantized mean.
   */
  readonly atLeast: (units: number) => OutcomeTable
  /** The frontier action of mean at least `mean` USD (exact; clamped as {@link ActionMenu.atLeast}), cached. */
  readonly atLeastDecimal: (mean: Decimal) => OutcomeTable
}

/** `R` of the instance in grid units (a float holding an exact integer). */
export const rangeUnits = (ctx: Pick<ProviderContext, 'model'>): number => {
  const u = toUnits(ctx.model.grid, ctx.model.R)
  if (E.isLeft(u)) throw new RangeError(u.left) // unreachable: the instance model checks R is on its grid
  return Number(u.right)
}

/**
 * The menu of provider `ctx` whose chosen means are rounded up to multiples of `quantumUnits`
 * grid units (default 1: no quantization beyond the grid).
 *
 * @param ctx - the provider's context.
 * @param quantumUnits - the rounding quantum of chosen means, in grid units (default 1).
 * @returns the provider's compiled actions by mean.
 */
export const actionMenu = (ctx: ProviderContext, quantumUnits = 1): ActionMenu => {
  const q = Math.max(1, Math.round(quantumUnits))
  const grid = ctx.model.grid
  const honest = ctx.table(ctx.self.honest)
  const fullCheat = ctx.table(ctx.self.fullCheat)
  const honestUnits = Number(floorUnits(grid, ctx.self.honestMean))
  const cheatUnits = Number(ceilUnits(grid, ctx.self.cheatMean))
  const cache = new Map<number, OutcomeTable>()
  const atLeast = (units: number): OutcomeTable => {
    if (!(units > cheatUnits)) return fullCheat // also NaN: no information, take the profit
    const quantized = Math.ceil(units / q) * q
    if (quantized >= honestUnits) return honest
    const hit = cache.get(quantized)
    if (hit !== undefined) return hit
    const table = ctx.table(ctx.self.deliver(fromUnits(grid, quantized)))
    cache.set(quantized, table)
    return table
  }
  return {
    honest,
    fullCheat,
    honestUnits,
    cheatUnits,
    quantumUnits: q,
    atLeast,
    atLeastDecimal: (mean) => atLeast(Number(ceilUnits(grid, mean))),
  }
}

/** The quantum of `fraction·R` in grid units (at least one unit). */
export const quantumOfRange = (ctx: Pick<ProviderContext, 'model'>, fraction: number): number =>
  Math.max(1, Math.floor(fraction * rangeUnits(ctx)))

/**
 * True iff provider `index` is the monitored exploitation server of the current round.
 *
 * @param view - the public view of the current round.
 * @param index - a provider's index.
 * @returns whether it is the monitored exploitation server now.
 */
export const isMonitoredServer = (view: PublicView, index: number): boolean =>
  view.phase === 'exploitation' && view.server === index && Number.isFinite(view.target)

/**
 * The current server's running margin `S − (j·τ − c(j))` in grid units (float): how far its
 * cumulative net utility is above the firing threshold after its `j` completed rounds. `NaN` when
 * nobody is monitored.
 *
 * @param view - the public view of the current round.
 * @returns the server's margin above the firing threshold, in grid units (`NaN` when nobody is monitored).
 */
export const serverMargin = (view: PublicView): number => {
  const j = view.stintRounds
  return view.stintSum - (j * view.target - (j === 0 ? 0 : view.slackAt(j)))
}
