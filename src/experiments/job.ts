/**
 * The study's job module for the worker pool (`src/parallel/pool.ts`): a thread builds the
 * scenario models it is given once, then executes {@link RunTask}s.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Executor } from '../parallel/pool.ts'
import { buildModels } from '../replication/job.ts'
import { type RunSummary, type RunTask, executeTask } from './tasks.ts'

/** Builds the models of `init` (scenario files by id) and returns the task executor over them. */
export const makeExecutor = (init: unknown): E.Either<string, Executor<RunTask, RunSummary>> =>
  E.map((models: Parameters<typeof executeTask>[0]) => (task: RunTask) => executeTask(models, task))(buildModels(init as Readonly<Record<string, unknown>>))
