/**
 * Replicating one run on the seeds `s, …, s+N−1` and summarizing the outcomes: the estimate
 * (mean, SE, 95 % interval; `src/stats/interval.ts`) of `U`, of every `Π_i`, of the number of
 * firings and of every phase length. Outcomes are summarized in seed order, so the summary does
 * not depend on how the runs were scheduled.
 *
 * @module
 */
import { Decimal } from '../exact/decimal.ts'
import { type Grid, fromUnits } from '../exact/grid.ts'
import { PHASES, type Phase } from '../sim/public-view.ts'
import { type Estimate, estimate } from '../stats/interval.ts'
import type { RunOutcome, RunSpec } from './run.ts'

/** The largest seed (seeds are integers in `[0, 2^31 − 1]`). */
export const MAX_SEED = 2 ** 31 - 1

/** The most replications one command runs. */
export const MAX_REPS = 100_000

/**
 * The runs of `base` on the seeds `base.seed, …, base.seed + reps − 1`.
 *
 * @param base - the run on its first seed.
 * @param reps - the number of seeds.
 * @returns the runs on the seeds `base.seed, …, base.seed + reps − 1`.
 */
export const replicationSpecs = (base: RunSpec, reps: number): readonly RunSpec[] =>
  Array.from({ length: reps }, (_, k) => ({ ...base, seed: base.seed + k }))

/** The estimates of a replicated run (USD for utilities, counts for firings and phases). */
export interface ReplicationSummary {
  readonly user: Estimate
  /** Per provider, in instance order. */
  readonly profits: readonly Estimate[]
  readonly firings: Estimate
  readonly phases: Readonly<Record<Phase, Estimate>>
  /** The share of all rounds played inside leaping blocks (proofs-notes §13.3), or `null` when no run leapt. */
  readonly roundsLeaptShare: Decimal | null
}

/**
 * Summarizes `outcomes` (at least one, in seed order) of runs on a model with money grid `grid`.
 *
 * @param grid - the money grid of the scenario's model.
 * @param outcomes - at least one outcome, in seed order.
 * @returns the estimates of `U`, every `Π_i`, the firings and the phase lengths.
 */
export const summarizeOutcomes = (grid: Grid, outcomes: readonly RunOutcome[]): ReplicationSummary => {
  const usd = (f: (o: RunOutcome) => bigint): Estimate => estimate(outcomes.map((o) => fromUnits(grid, f(o))))
  const count = (f: (o: RunOutcome) => number): Estimate => estimate(outcomes.map((o) => new Decimal(f(o))))
  return {
    user: usd((o) => o.user),
    profits: outcomes[0]!.profits.map((_, i) => usd((o) => o.profits[i]!)),
    firings: count((o) => o.firings),
    phases: Object.fromEntries(PHASES.map((p) => [p, count((o) => o.phases[p])])) as Record<Phase, Estimate>,
    roundsLeaptShare: outcomes.some((o) => o.roundsLeapt !== undefined)
      ? new Decimal(outcomes.reduce((a, o) => a + (o.roundsLeapt ?? 0), 0)).div(
          outcomes.reduce((a, o) => a + PHASES.reduce((b, p) => b + o.phases[p], 0), 0),
        )
      : null,
  }
}
