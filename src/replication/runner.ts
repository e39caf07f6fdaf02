/**
 * The pool that plays {@link RunSpec}s: in this thread (`workers = 0`) or over worker threads.
 * Either way results come back in task order.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { InstanceModel } from '../model/instance-model.ts'
import { type Pool, inThisThread, jobModule, startWorkers } from '../parallel/pool.ts'
import { BUILTIN_REGISTRY, type Registry } from '../plugin/registry.ts'
import { type RunJobInit, buildModels, executorOver } from './job.ts'
import type { RunOutcome, RunSpec } from './run.ts'

/** The horizon is a run's cost. */
export const runCost = (s: RunSpec): number => s.T

/** Names a run in a failure message. */
export const describeRun = (s: RunSpec): string => `${s.scenario} ${s.setting.mechanism} T=${s.T} seed=${s.seed}`

/**
 * A pool over `workers` threads (0: this thread) that knows `scenarios` (scenario JSON by id) and
 * resolves names in `registry`. Worker threads load the registry's plug-in files themselves; a
 * registry with plug-ins added as objects only (no files) runs in this thread.
 */
export const runPool = (
  scenarios: Readonly<Record<string, unknown>>,
  workers: number,
  registry: Registry = BUILTIN_REGISTRY,
): E.Either<string, Pool<RunSpec, RunOutcome>> => {
  return workers === 0 || !registry.fromFilesOnly
    ? E.map(inThisThread<RunSpec, RunOutcome>)(
        E.map((m: ReadonlyMap<string, InstanceModel>) => executorOver(m, registry))(buildModels(scenarios)),
      )
    : startWorkers<RunSpec, RunOutcome>(
        jobModule(import.meta.url, 'job'),
        { scenarios, plugins: registry.files } satisfies RunJobInit,
        workers,
      )
}

/** Plays `specs` on a fresh pool and releases it; results in `specs` order. */
export const playAll = (
  scenarios: Readonly<Record<string, unknown>>,
  specs: readonly RunSpec[],
  workers: number,
  tick?: (n?: number) => void,
  registry: Registry = BUILTIN_REGISTRY,
): E.Either<string, readonly RunOutcome[]> => {
  const pool = runPool(scenarios, Math.min(workers, specs.length), registry)
  if (E.isLeft(pool)) return pool
  try {
    return pool.right.run(specs, { cost: runCost, describe: describeRun, ...(tick === undefined ? {} : { tick }) })
  } finally {
    pool.right.close()
  }
}
