/**
 * Runners execute batches of {@link RunTask}s and return their summaries in task order, so a
 * batch's result never depends on how it was scheduled: in this thread, or spread over worker
 * threads (one per core) by the pool of `src/parallel/`.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { InstanceModel } from '../model/instance-model.ts'
import { type Pool, inThisThread, jobModule, startWorkers } from '../parallel/pool.ts'
import { BUILTIN_REGISTRY, type Registry } from '../plugin/registry.ts'
import type { RunJobInit } from '../replication/job.ts'
import { type RunSummary, type RunTask, executeTask } from './tasks.ts'

/** Executes batches of tasks; `run` throws an `Error` naming the task when one fails. */
export interface Runner {
  /** Worker threads used (0: this thread). */
  readonly workers: number
  /** The summaries of `tasks`, in task order; `tick` is called once per finished task. */
  readonly run: (tasks: readonly RunTask[], tick?: (n?: number) => void) => readonly RunSummary[]
  /** Releases the workers (a no-op in this thread). */
  readonly close: () => void
}

const describeTask = (t: RunTask): string => `${t.scenario} ${JSON.stringify(t.mechanism)} T=${t.T} seed=${t.seed}`

/** The horizon is the cost: longest tasks first gives a shorter tail when spread over workers. */
const cost = (t: RunTask): number => t.T

const runnerOf = (pool: Pool<RunTask, RunSummary>): Runner => ({
  workers: pool.workers,
  run: (tasks, tick) => {
    const r = pool.run(tasks, { cost, describe: describeTask, ...(tick === undefined ? {} : { tick }) })
    if (E.isLeft(r)) throw new Error(r.left)
    return r.right
  },
  close: pool.close,
})

/** A runner that executes every task in this thread. */
export const inProcessRunner = (models: ReadonlyMap<string, InstanceModel>, registry: Registry = BUILTIN_REGISTRY): Runner =>
  runnerOf(inThisThread((t: RunTask) => executeTask(models, t, registry)))

/**
 * A runner over `workers` worker threads (each builds the `scenarios`, given as scenario JSON by
 * id). `Left` if the workers do not all start within a minute (they are then stopped).
 */
export const workerRunner = (
  scenarios: Readonly<Record<string, unknown>>,
  workers: number,
  registry: Registry = BUILTIN_REGISTRY,
): E.Either<string, Runner> =>
  E.map(runnerOf)(
    startWorkers<RunTask, RunSummary>(
      jobModule(import.meta.url, 'job'),
      { scenarios, plugins: registry.files } satisfies RunJobInit,
      workers,
    ),
  )
