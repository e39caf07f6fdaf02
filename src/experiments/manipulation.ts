/**
 * Experiment (d): which manipulation each provider uses in each phase — substitution (serving
 * the cheaper model), inflation (billing extra output tokens), both or none — under the final
 * (best-response) profile of every mechanism, from the recorded runs.
 *
 * @module
 */
import { ZERO } from '../exact/decimal.ts'
import type { Phase } from '../sim/public-view.ts'
import { PHASES } from '../sim/public-view.ts'
import type { CellResult } from './search.ts'
import { strategyLabel } from './specs.ts'
import { type MechanismFields, mechanismFields } from './cells.ts'
import { usd } from '../stats/summary.ts'

/** Which levers a provider pulled in a phase. */
export type Lever = 'none' | 'inflation' | 'substitution' | 'both'

/** One provider in one phase of one cell, summed over the seeds. */
export interface ManipulationRow extends MechanismFields {
  readonly scenario: string
  readonly T: number
  readonly provider: string
  readonly strategy: string
  readonly phase: Phase
  /** Rounds served in this phase (all seeds). */
  readonly rounds: number
  /** Rounds with inflation `β > 0`, with substitution `σ > 0`. */
  readonly inflatedRounds: number
  readonly substitutedRounds: number
  /** Net utility withheld through each lever, USD summed over the rounds (exact). */
  readonly inflationWithheld: string
  readonly substitutionWithheld: string
  /** The same per served round, 12 significant digits. */
  readonly inflationPerRound: string
  readonly substitutionPerRound: string
  /** The levers used (any round). */
  readonly lever: Lever
}

const leverOf = (inflated: number, substituted: number): Lever =>
  inflated > 0 && substituted > 0 ? 'both' : inflated > 0 ? 'inflation' : substituted > 0 ? 'substitution' : 'none'

/** The rows of experiment (d) for the cells of `results` (LLM cells; abstract ones have no levers). */
export const manipulationRows = (results: readonly CellResult[]): readonly ManipulationRow[] =>
  results.flatMap(({ cell, final, profile }) => {
    if (cell.model.instance.kind !== 'llm') return []
    return cell.model.providers.flatMap((p, i) =>
      PHASES.flatMap((phase): ManipulationRow[] => {
        const us = final.flatMap((r) => r.usage.filter((u) => u.provider === i && u.phase === phase))
        const rounds = us.reduce((a, u) => a + u.rounds, 0)
        if (rounds === 0) return []
        const inflated = us.reduce((a, u) => a + u.inflatedRounds, 0)
        const substituted = us.reduce((a, u) => a + u.substitutedRounds, 0)
        const inflation = us.reduce((a, u) => a.plus(u.inflationWithheld), ZERO)
        const substitution = us.reduce((a, u) => a.plus(u.substitutionWithheld), ZERO)
        return [
          {
            scenario: cell.scenario,
            ...mechanismFields(cell.mechanism),
            T: cell.T,
            provider: p.id,
            strategy: strategyLabel(profile[i]!),
            phase,
            rounds,
            inflatedRounds: inflated,
            substitutedRounds: substituted,
            inflationWithheld: usd(inflation),
            substitutionWithheld: usd(substitution),
            inflationPerRound: usd(inflation.div(rounds).toSignificantDigits(12)),
            substitutionPerRound: usd(substitution.div(rounds).toSignificantDigits(12)),
            lever: leverOf(inflated, substituted),
          },
        ]
      }),
    )
  })
