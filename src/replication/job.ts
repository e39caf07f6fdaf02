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
import { loadPluginUrls } from '../plugin/load.ts'
import { BUILTIN_REGISTRY, type Registry } from '../plugin/registry.ts'
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

/** The executor over `models`, resolving names in `registry`. */
export const executorOver =
  (models: ReadonlyMap<string, InstanceModel>, registry: Registry = BUILTIN_REGISTRY): Executor<RunSpec, RunOutcome> =>
  (spec) => {
    const model = models.get(spec.scenario)
    if (model === undefined) return E.left(`unknown scenario ${JSON.stringify(spec.scenario)}`)
    return E.map((r: Parameters<typeof outcomeOf>[1]) => outcomeOf(model, r))(playRun(model, spec, registry))
  }

/** What a worker thread of replications and sweeps is started with. */
export interface RunJobInit {
  /** Scenario JSON by id. */
  readonly scenarios: Readonly<Record<string, unknown>>
  /** URLs of the plug-in files to load in the thread ({@link Registry.files}). */
  readonly plugins: readonly string[]
}

/**
 * Loads the plug-ins of `init` in this thread, builds its models and returns the executor over them.
 *
 * @param init - a {@link RunJobInit}.
 * @returns the executor, or why it cannot be built.
 */
export const makeExecutor = async (init: unknown): Promise<E.Either<string, Executor<RunSpec, RunOutcome>>> => {
  const { scenarios, plugins } = init as RunJobInit
  const registry = await loadPluginUrls(plugins.map((href) => ({ href, shown: href })))
  if (E.isLeft(registry)) return E.left(registry.left.join('; '))
  return E.map((models: ReadonlyMap<string, InstanceModel>) => executorOver(models, registry.right))(buildModels(scenarios))
}
