/**
 * Experiment (b): the largest deviation gain found against τ* of SBD(ε), against the horizon,
 * beside the bounds `η_on(T) = c(K_X) + 3R` and `η_off(T) = L·R + c(K_X) + 3R` of Theorem 1.
 *
 * The gains are pass 1 of the best-response search (every family member of every provider
 * against everyone else truthful, common random numbers). The largest of them is then measured
 * again on fresh seeds, since a maximum over many noisy means is biased upward.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { Decimal } from '../exact/decimal.ts'
import { sbdConstants, slackAfter } from '../mechanism/constants.ts'
import { etaOff, etaOn } from '../theory/bounds.ts'
import type { CellResult } from './search.ts'
import { type StrategySpec, specKey, strategyLabel } from './specs.ts'
import type { RunSummary, RunTask } from './tasks.ts'
import { meanUsd, seUsd, usd } from '../stats/summary.ts'

/** The largest deviation gain at one (scenario, ε, rebate, T), with the bounds (USD, exact unless noted). */
export interface GainRow {
  readonly scenario: string
  readonly epsilon: string
  readonly rebate: string
  readonly T: number
  readonly seeds: number
  /** Largest mean gain `E[Π_i(σ, τ*_{−i})] − E[Π_i(τ*)]` over providers and family members (search seeds). */
  readonly largestGain: string
  /** Its standard error (6 significant digits). */
  readonly largestGainSe: string
  /** Who reached it. */
  readonly provider: string
  readonly strategy: string
  /**
   * The same deviation re-measured on fresh seeds (the maximum over many candidates on the
   * search seeds is biased upward): mean gain, standard error and seed count; `''`/0 when the
   * largest gain was not positive.
   */
  readonly confirmedGain: string
  readonly confirmedGainSe: string
  readonly confirmedSeeds: number
  /** The bound for this rebate setting (`η_on` or `η_off`), 50 significant digits. */
  readonly eta: string
  readonly etaOn: string
  readonly etaOff: string
  /** `L = ⌈T^(1−ε)⌉`. */
  readonly L: number
  /** `c(K_X)`, the withholding allowance. */
  readonly slackAllowance: string
  /** Largest gain / η, 6 significant digits. */
  readonly gainOverEta: string
}

/** The deviation with the largest mean pass-1 gain in an SBD cell. */
interface Leader {
  readonly provider: number
  readonly strategy: StrategySpec
  readonly gain: Decimal
  readonly se: Decimal
  /** Its gains on the fresh seeds if the search already replicated exactly this deviation against τ*. */
  readonly replicated: readonly bigint[] | undefined
}

const leaderOf = (r: CellResult): Leader | undefined => {
  const grid = r.cell.model.grid
  let best: Leader | undefined
  for (const step of r.steps.filter((s) => s.pass === 1))
    for (const cand of step.candidates) {
      const gains = cand.profits.map((x, k) => x - step.currentProfits[k]!)
      const gain = meanUsd(grid, gains)
      if (best === undefined || gain.gt(best.gain)) {
        const same = step.proposed !== null && specKey(step.proposed) === specKey(cand.strategy) && step.replication.length > 0
        best = { provider: step.provider, strategy: cand.strategy, gain, se: seUsd(grid, gains), replicated: same ? step.replication : undefined }
      }
    }
  return best
}

/** Runs that re-measure each SBD cell's largest deviation on fresh seeds: τ* and the deviation, per seed. */
export interface Confirmation {
  /** Index into the search results. */
  readonly result: number
  readonly provider: number
  readonly seeds: readonly number[]
  /** Tasks: for each seed, τ* then the deviation. */
  readonly tasks: readonly RunTask[]
}

/**
 * The confirmation runs for every SBD cell of `results` whose largest pass-1 gain is positive and
 * was not already replicated by the search (same deviation, same fresh seeds, against τ*).
 */
export const confirmations = (results: readonly CellResult[], seedsOf: (scenario: string) => readonly number[]): readonly Confirmation[] =>
  results.flatMap((r, k) => {
    const leader = r.cell.mechanism.kind === 'sbd' ? leaderOf(r) : undefined
    if (leader === undefined || !leader.gain.gt(0) || leader.replicated !== undefined) return []
    const seeds = seedsOf(r.cell.scenario)
    const truthful = r.cell.model.providers.map((): StrategySpec => ({ kind: 'recommended' }))
    const deviating = truthful.map((s, i) => (i === leader.provider ? leader.strategy : s))
    const task = (profile: readonly StrategySpec[], seed: number): RunTask => ({ scenario: r.cell.scenario, mechanism: r.cell.mechanism, profile, T: r.cell.T, seed })
    return [{ result: k, provider: leader.provider, seeds, tasks: seeds.flatMap((seed) => [task(truthful, seed), task(deviating, seed)]) }]
  })

/**
 * The rows of experiment (b) from the SBD cells of `results` (other cells are skipped), with the
 * confirmation runs' summaries (`confirmed[j]` answers `confirmations[j].tasks`). `Left` if a
 * cell's SBD constants cannot be built (never for a cell that ran).
 */
export const gainRows = (
  results: readonly CellResult[],
  checks: readonly Confirmation[] = [],
  confirmed: readonly (readonly RunSummary[])[] = [],
): E.Either<string, readonly GainRow[]> => {
  const rows: GainRow[] = []
  const checkOf = new Map(checks.map((c, j) => [c.result, { check: c, runs: confirmed[j] ?? [] }]))
  for (const [k, r] of results.entries()) {
    const { cell } = r
    const m = cell.mechanism
    if (m.kind !== 'sbd') continue
    const c = sbdConstants(cell.T, cell.model.n, new Decimal(m.epsilon), cell.model.R)
    if (E.isLeft(c)) return c
    const best = leaderOf(r)
    if (best === undefined) continue
    const grid = cell.model.grid
    const check = checkOf.get(k)
    const fresh =
      best.replicated ??
      (check === undefined || check.runs.length === 0
        ? undefined
        : check.check.seeds.map((_, j) => check.runs[2 * j + 1]!.profits[check.check.provider]! - check.runs[2 * j]!.profits[check.check.provider]!))
    const on = etaOn(c.right)
    const off = etaOff(c.right)
    const eta = m.rebate ? on : off
    rows.push({
      scenario: cell.scenario,
      epsilon: m.epsilon,
      rebate: m.rebate ? 'on' : 'off',
      T: cell.T,
      seeds: cell.seeds.length,
      largestGain: usd(best.gain),
      largestGainSe: usd(best.se),
      provider: cell.model.providers[best.provider]!.id,
      strategy: strategyLabel(best.strategy),
      confirmedGain: fresh === undefined ? '' : usd(meanUsd(grid, fresh)),
      confirmedGainSe: fresh === undefined ? '' : usd(seUsd(grid, fresh)),
      confirmedSeeds: fresh === undefined ? 0 : fresh.length,
      eta: usd(eta),
      etaOn: usd(on),
      etaOff: usd(off),
      L: c.right.L,
      slackAllowance: usd(slackAfter(c.right, c.right.monitoredMax)),
      gainOverEta: usd(best.gain.div(eta).toSignificantDigits(6)),
    })
  }
  return E.right(rows)
}
