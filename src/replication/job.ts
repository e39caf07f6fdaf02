/**
 * The job module of replications and sweeps for the worker pool (`src/parallel/pool.ts`): a
 * thread builds the scenario models it is given once (scenario JSON by id), then plays
 * {@link RunSpec}s.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { decodeScenario } from '../codec/report-errors.ts'
import { type InstanceModel, buildInstanceModel } from '../model/instance-model.ts'
import type { Executor } from '../parallel/pool.ts'
import { type RunOutcome, type RunSpec, outcomeOf, playRun } from './run.ts'

/** Scenario models by id, built from scenario JSON by id. */
export const buildModels = (scenarios: Readonly<Record<string, unknown>>): E.Either<string, ReadonlyMap<string, InstanceModel>> => {
  const models = new Map<string, InstanceModel>()
  for (const [id, json] of Object.entries(scenarios)) {
    const inst = decodeScenario(json)
    const model = E.isRight(inst) ? buildInstanceModel(inst.right) : E.left(inst.left.join('; '))
    if (E.isLeft(model)) return E.left(`scenario ${id}: ${model.left}`)
    models.set(id, model.right)
  }
  return E.right(models)
}

/** The executor over `models`. */
export const executorOver =
  (models: ReadonlyMap<string, InstanceModel>): Executor<RunSpec, RunOutcome> =>
  (spec) => {
    const model = models.get(spec.scenario)
    if (model === undefined) return E.left(`unknown scenario ${JSON.stringify(spec.scenario)}`)
    return E.map((r: Parameters<typeof outcomeOf>[1]) => outcomeOf(model, r))(playRun(model, spec))
  }

/** Builds the models of `init` (scenario JSON by id) and returns the executor over them. */
export const makeExecutor = (init: unknown): E.Either<string, Executor<RunSpec, RunOutcome>> =>
  E.map(executorOver)(buildModels(init as Readonly<Record<string, unknown>>))
