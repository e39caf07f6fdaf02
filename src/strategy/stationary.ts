/**
 * Stationary-per-phase strategies (proofs-notes §5.1): one fixed action in each phase, anywhere on the
 * provider's frontier — the continuous strategy space, one point per phase.
 *
 * @module
 */
import type { Decimal } from '../exact/decimal.ts'
import type { OutcomeTable } from '../model/outcome-table.ts'
import type { Strategy } from '../sim/interfaces.ts'
import { PHASES, type Phase } from '../sim/public-view.ts'
import { untilPublicChange } from './basic.ts'

/**
 * A fixed action: honest `h`, full cheat `g`, or the frontier action delivering `ū − withhold`
 * (clamped to `[μ^min, ū]`; a negative `withhold` is clamped to honest).
 */
export type StationaryAction = 'honest' | 'full-cheat' | { readonly withhold: Decimal }

/** The action of each phase; phases left out play honest. */
export type StationaryProfile = Partial<Record<Phase, StationaryAction>>

/**
 * A short text of a stationary action, e.g. `honest`, `full-cheat`, `withhold 0.1`.
 *
 * @param a - a stationary action.
 * @returns its short text.
 */
export const describeStationaryAction = (a: StationaryAction): string => (typeof a === 'string' ? a : `withhold ${a.withhold.toString()}`)

/**
 * Plays a fixed action per phase: `means[phase]`, or honest for a phase it does not name.
 *
 * @param means - the action of each phase (τ* in a phase not named).
 * @returns the strategy.
 *
 * @example
 * ```ts
 * stationaryPerPhase({ exploration: 'honest', exploitation: { withhold: new Decimal('0.05') }, blindTrustEndgame: 'full-cheat' })
 * ```
 */
export const stationaryPerPhase = (means: StationaryProfile): Strategy => {
  const named = PHASES.filter((p) => means[p] !== undefined)
  const text = named.map((p) => `${p}=${describeStationaryAction(means[p]!)}`).join(', ')
  return {
    name: `stationary(${text === '' ? 'honest' : text})`,
    start: (ctx) => {
      const h = ctx.table(ctx.self.honest)
      const g = ctx.table(ctx.self.fullCheat)
      const tableOf = (a: StationaryAction | undefined): OutcomeTable =>
        a === undefined || a === 'honest' ? h : a === 'full-cheat' ? g : ctx.table(ctx.self.deliver(ctx.self.honestMean.minus(a.withhold)))
      const byPhase: Record<Phase, OutcomeTable> = {
        exploration: tableOf(means.exploration),
        exploitation: tableOf(means.exploitation),
        blindTrustFallback: tableOf(means.blindTrustFallback),
        blindTrustEndgame: tableOf(means.blindTrustEndgame),
        open: tableOf(means.open),
      }
      return { act: (view) => byPhase[view.phase], stableFor: untilPublicChange }
    },
  }
}
