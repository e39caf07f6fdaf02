/**
 * The worker thread of {@link startWorkers}: loads the job module it is given, builds its
 * executor once, then executes tasks one by one and posts each result (or an error message) back
 * on the result port, waking the waiting thread through the shared flag.
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads'
import * as E from 'fp-ts/lib/Either.js'
import type { Executor, ExecutorFactory, WorkerInit, WorkerRequest, WorkerResponse } from './pool.ts'

const init = workerData as WorkerInit

const reply = (r: WorkerResponse<unknown>): void => {
  init.port.postMessage(r)
  Atomics.add(init.flag, 0, 1)
  Atomics.notify(init.flag, 0)
}

const load = async (): Promise<E.Either<string, Executor<unknown, unknown>>> => {
  try {
    const mod = (await import(init.job)) as { readonly makeExecutor?: ExecutorFactory<unknown, unknown> }
    return mod.makeExecutor === undefined ? E.left(`${init.job}: exports no makeExecutor`) : await mod.makeExecutor(init.init)
  } catch (e) {
    return E.left(e instanceof Error ? e.message : String(e))
  }
}

const executor = await load()
if (E.isLeft(executor)) reply({ kind: 'error', id: -1, error: executor.left })
else {
  const run = executor.right
  parentPort?.on('message', (req: WorkerRequest<unknown>) => {
    try {
      const r = run(req.task)
      reply(E.isRight(r) ? { kind: 'result', id: req.id, result: r.right } : { kind: 'error', id: req.id, error: r.left })
    } catch (e) {
      reply({ kind: 'error', id: req.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) })
    }
  })
  reply({ kind: 'ready' })
}
