/**
 * The pool that plays {@link RunSpec}s: in this thread (`workers = 0`) or over worker threads.
 * Either way results come back in task order.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { type Pool, inThisThread, startWorkers } from '../parallel/pool.ts'
import { buildModels, executorOver } from './job.ts'
import type { RunOutcome, RunSpec } from './run.ts'

/** The horizon is a run's cost. */
export const runCost = (s: RunSpec): number => s.T

/** Names a run in a failure message. */
export const describeRun = (s: RunSpec): string => `${s.scenario} ${s.setting.mechanism} T=${s.T} seed=${s.seed}`

/** A pool over `workers` threads (0: this thread) that knows `scenarios` (scenario JSON by id). */
export const runPool = (scenarios: Readonly<Record<string, unknown>>, workers: number): E.Either<string, Pool<RunSpec, RunOutcome>> =>
  workers === 0
    ? E.map(inThisThread<RunSpec, RunOutcome>)(E.map(executorOver)(buildModels(scenarios)))
    : startWorkers<RunSpec, RunOutcome>(new URL('./job.ts', import.meta.url), scenarios, workers)

/** Plays `specs` on a fresh pool and releases it; results in `specs` order. */
export const playAll = (
  scenarios: Readonly<Record<string, unknown>>,
  specs: readonly RunSpec[],
  workers: number,
  tick?: (n?: number) => void,
): E.Either<string, readonly RunOutcome[]> => {
  const pool = runPool(scenarios, Math.min(workers, specs.length))
  if (E.isLeft(pool)) return pool
  try {
    return pool.right.run(specs, { cost: runCost, describe: describeRun, ...(tick === undefined ? {} : { tick }) })
  } finally {
    pool.right.close()
  }
}
