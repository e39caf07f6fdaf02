/**
 * The study's job module for the worker pool (`src/parallel/pool.ts`): a thread builds the
 * scenario models it is given once, then executes {@link RunTask}s.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Executor } from '../parallel/pool.ts'
import { loadPluginUrls } from '../plugin/load.ts'
import { type RunJobInit, buildModels } from '../replication/job.ts'
import { type RunSummary, type RunTask, executeTask } from './tasks.ts'

/**
 * Loads the plug-ins of `init` in this thread, builds its models (scenario files by id) and
 * returns the task executor over them.
 *
 * @param init - a {@link RunJobInit}.
 * @returns the executor, or why it cannot be built.
 */
export const makeExecutor = async (init: unknown): Promise<E.Either<string, Executor<RunTask, RunSummary>>> => {
  const { scenarios, plugins } = init as RunJobInit
  const registry = await loadPluginUrls(plugins.map((href) => ({ href, shown: href })))
  if (E.isLeft(registry)) return E.left(registry.left.join('; '))
  return E.map((models: Parameters<typeof executeTask>[0]) => (task: RunTask) => executeTask(models, task, registry.right))(
    buildModels(scenarios),
  )
}
