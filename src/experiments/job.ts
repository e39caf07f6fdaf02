/**
 * The study's job module for the worker pool (`src/parallel/pool.ts`): a thread builds the
 * scenario models it is given once, then executes {@link RunTask}s.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { decodeScenario } from '../codec/report-errors.ts'
import { type InstanceModel, buildInstanceModel } from '../model/instance-model.ts'
import type { Executor } from '../parallel/pool.ts'
import { type RunSummary, type RunTask, executeTask } from './tasks.ts'

/** Builds the models of `init` (scenario files by id) and returns the task executor over them. */
export const makeExecutor = (init: unknown): E.Either<string, Executor<RunTask, RunSummary>> => {
  const models = new Map<string, InstanceModel>()
  for (const [id, json] of Object.entries(init as Readonly<Record<string, unknown>>)) {
    const inst = decodeScenario(json)
    const model = E.isRight(inst) ? buildInstanceModel(inst.right) : E.left(inst.left.join('; '))
    if (E.isLeft(model)) return E.left(`scenario ${id}: ${model.left}`)
    models.set(id, model.right)
  }
  return E.right((task) => executeTask(models, task))
}
