/**
 * The best-response search, reported: every candidate strategy scored in every pass, and what
 * each provider ended with. Shared by experiments (a) and (b).
 *
 * @module
 */
import { type MechanismFields, mechanismFields } from './cells.ts'
import type { CellResult } from './search.ts'
import { strategyLabel } from './specs.ts'
import { meanUsd, seUsd, usd } from '../stats/summary.ts'

/** One candidate scored in one best-response step (money in USD, exact; standard errors 6 significant digits). */
export interface CandidateRow extends MechanismFields {
  readonly scenario: string
  readonly T: number
  /** 1: against τ*; 2: the Gauss–Seidel sweep. */
  readonly pass: number
  readonly provider: string
  /** The strategy it played when scored. */
  readonly current: string
  readonly candidate: string
  /** Mean profit of the candidate. */
  readonly profit: string
  /** Mean of the per-seed gain over the current strategy (common random numbers). */
  readonly gain: string
  /** Standard error of that mean. */
  readonly gainSe: string
  /** Seeds on which the candidate had to be simulated (on the others it played exactly like the current strategy). */
  readonly simulatedSeeds: number
  /** Whether the step chose it. */
  readonly chosen: boolean
}

/** Every scored candidate of every cell. */
export const candidateRows = (results: readonly CellResult[]): readonly CandidateRow[] =>
  results.flatMap(({ cell, steps }) =>
    steps.flatMap((step) =>
      step.candidates.map((c) => {
        const gains = c.profits.map((x, k) => x - step.currentProfits[k]!)
        return {
          scenario: cell.scenario,
          ...mechanismFields(cell.mechanism),
          T: cell.T,
          pass: step.pass,
          provider: cell.model.providers[step.provider]!.id,
          current: strategyLabel(step.current),
          candidate: strategyLabel(c.strategy),
          profit: usd(meanUsd(cell.model.grid, c.profits)),
          gain: usd(meanUsd(cell.model.grid, gains)),
          gainSe: usd(seUsd(cell.model.grid, gains)),
          simulatedSeeds: c.simulatedSeeds,
          chosen:
            JSON.stringify(c.strategy) === JSON.stringify(step.chosen) && JSON.stringify(step.chosen) !== JSON.stringify(step.current),
        }
      }),
    ),
  )

/** One provider's step: what it played, what it chose, and the gain of the choice. */
export interface StepRow extends MechanismFields {
  readonly scenario: string
  readonly T: number
  readonly pass: number
  readonly provider: string
  readonly from: string
  /** The member with the largest significant gain on the common seeds (`''`: none). */
  readonly proposed: string
  /** Its mean gain over `from` on the fresh seeds, and the standard error (`''` without a proposal). */
  readonly replicationGain: string
  readonly replicationGainSe: string
  /** What it plays after the step (the proposal only if the replication confirmed it). */
  readonly to: string
  /** Mean gain of `to` over `from` on the common (search) seeds (0 when it kept its strategy), and its standard error. */
  readonly gain: string
  readonly gainSe: string
}

/** One row per best-response step of every cell. */
export const stepRows = (results: readonly CellResult[]): readonly StepRow[] =>
  results.flatMap(({ cell, steps }) =>
    steps.map((step) => {
      const chosen =
        JSON.stringify(step.chosen) === JSON.stringify(step.current)
          ? undefined
          : step.candidates.find((c) => JSON.stringify(c.strategy) === JSON.stringify(step.chosen))
      const gains = chosen === undefined ? [0n] : chosen.profits.map((x, k) => x - step.currentProfits[k]!)
      return {
        scenario: cell.scenario,
        ...mechanismFields(cell.mechanism),
        T: cell.T,
        pass: step.pass,
        provider: cell.model.providers[step.provider]!.id,
        from: strategyLabel(step.current),
        proposed: step.proposed === null ? '' : strategyLabel(step.proposed),
        replicationGain: step.replication.length === 0 ? '' : usd(meanUsd(cell.model.grid, step.replication)),
        replicationGainSe: step.replication.length === 0 ? '' : usd(seUsd(cell.model.grid, step.replication)),
        to: strategyLabel(step.chosen),
        gain: usd(meanUsd(cell.model.grid, gains)),
        gainSe: usd(seUsd(cell.model.grid, gains)),
      }
    }),
  )
