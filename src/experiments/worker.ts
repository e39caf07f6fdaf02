/**
 * The worker thread of the experiment pool: builds the scenario models it is given once, then
 * executes {@link RunTask}s one by one and posts each {@link RunSummary} (or an error message)
 * back on the result port, waking the waiting main thread through the shared flag.
 *
 * @module
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads'
import * as E from 'fp-ts/lib/Either.js'
import { decodeScenario } from '../codec/report-errors.ts'
import { type InstanceModel, buildInstanceModel } from '../model/instance-model.ts'
import { type RunSummary, type RunTask, executeTask } from './tasks.ts'

/** What the pool hands a worker at start. */
export interface WorkerInit {
  /** Scenario files by id. */
  readonly scenarios: Readonly<Record<string, unknown>>
  /** Where results go. */
  readonly port: MessagePort
  /** Incremented (and notified) after every posted result. */
  readonly flag: Int32Array
}

/** A message from the pool: run `task`, answer with `id`. */
export interface WorkerRequest {
  readonly id: number
  readonly task: RunTask
}

/** A worker's answer. */
export type WorkerResponse =
  | { readonly kind: 'ready' }
  | { readonly kind: 'result'; readonly id: number; readonly summary: RunSummary }
  | { readonly kind: 'error'; readonly id: number; readonly error: string }

const init = workerData as WorkerInit
const models = new Map<string, InstanceModel>()
let initError: string | null = null
for (const [id, json] of Object.entries(init.scenarios)) {
  const inst = decodeScenario(json)
  const model = E.isRight(inst) ? buildInstanceModel(inst.right) : E.left(inst.left.join('; '))
  if (E.isLeft(model)) initError = `scenario ${id}: ${model.left}`
  else models.set(id, model.right)
}

const reply = (r: WorkerResponse): void => {
  init.port.postMessage(r)
  Atomics.add(init.flag, 0, 1)
  Atomics.notify(init.flag, 0)
}

parentPort?.on('message', (req: WorkerRequest) => {
  try {
    if (initError !== null) return reply({ kind: 'error', id: req.id, error: initError })
    const r = executeTask(models, req.task)
    reply(E.isRight(r) ? { kind: 'result', id: req.id, summary: r.right } : { kind: 'error', id: req.id, error: r.left })
  } catch (e) {
    reply({ kind: 'error', id: req.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) })
  }
})
reply({ kind: 'ready' })
