/**
 * Runners execute batches of {@link RunTask}s and return their summaries in task order, so a
 * batch's result never depends on how it was scheduled: in this thread, or spread over worker
 * threads (one per core). The worker runner is synchronous for its caller: the main thread
 * blocks on a shared counter (`Atomics.wait`) and reads answers with `receiveMessageOnPort`.
 *
 * @module
 */
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads'
import * as E from 'fp-ts/lib/Either.js'
import type { InstanceModel } from '../model/instance-model.ts'
import { type RunSummary, type RunTask, executeTask } from './tasks.ts'
import type { WorkerRequest, WorkerResponse } from './worker.ts'

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

/** A runner that executes every task in this thread. */
export const inProcessRunner = (models: ReadonlyMap<string, InstanceModel>): Runner => ({
  workers: 0,
  run: (tasks, tick) =>
    tasks.map((t) => {
      const r = executeTask(models, t)
      if (E.isLeft(r)) throw new Error(`run failed (${describeTask(t)}): ${r.left}`)
      tick?.()
      return r.right
    }),
  close: () => undefined,
})

/** Longest tasks first (the horizon is the cost): a shorter tail when spread over workers. */
const byCost = (tasks: readonly RunTask[]): number[] =>
  tasks.map((_, k) => k).sort((a, b) => tasks[b]!.T - tasks[a]!.T || a - b)

/** Stop waiting if no worker has answered for this long. */
const STALL_MS = 5 * 60 * 1000

/** How long workers may take to start (load TypeScript, build the models). */
const START_MS = 60 * 1000

/**
 * A runner over `workers` worker threads (each builds the `scenarios`, given as scenario JSON by
 * id). Each worker holds at most two tasks at a time, longest tasks are handed out first.
 * `Left` if the workers do not all report ready within a minute (they are then stopped).
 */
export const workerRunner = (scenarios: Readonly<Record<string, unknown>>, workers: number): E.Either<string, Runner> => {
  const flag = new Int32Array(new SharedArrayBuffer(4))
  const pool = Array.from({ length: workers }, () => {
    const { port1, port2 } = new MessageChannel()
    const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
      workerData: { scenarios, port: port2, flag },
      transferList: [port2],
    })
    worker.unref()
    // A crashed worker stops answering; the stall timeout then reports it (events cannot reach a blocked thread).
    worker.on('error', () => undefined)
    return { worker, port: port1 as MessagePort, busy: 0 }
  })
  const close = (): void => {
    for (const slot of pool) {
      slot.port.close()
      void slot.worker.terminate()
    }
  }
  const started = Date.now()
  let ready = 0
  while (ready < workers) {
    const seen = Atomics.load(flag, 0)
    for (const slot of pool)
      for (let m = receiveMessageOnPort(slot.port); m !== undefined; m = receiveMessageOnPort(slot.port)) {
        const r = m.message as WorkerResponse
        if (r.kind === 'ready') ready++
      }
    if (ready >= workers) break
    if (Date.now() - started > START_MS) {
      close()
      return E.left(`worker pool: ${workers - ready} of ${workers} workers did not start within ${START_MS / 1000} s`)
    }
    Atomics.wait(flag, 0, seen, 200)
  }
  const run = (tasks: readonly RunTask[], tick?: (n?: number) => void): readonly RunSummary[] => {
    const results: (RunSummary | undefined)[] = tasks.map(() => undefined)
    const order = byCost(tasks)
    let next = 0
    let done = 0
    let lastProgress = Date.now()
    const feed = (): void => {
      for (const slot of pool)
        while (slot.busy < 2 && next < order.length) {
          const id = order[next++]!
          slot.busy++
          slot.worker.postMessage({ id, task: tasks[id]! } satisfies WorkerRequest)
        }
    }
    feed()
    while (done < tasks.length) {
      const seen = Atomics.load(flag, 0)
      let got = false
      for (const slot of pool) {
        for (let m = receiveMessageOnPort(slot.port); m !== undefined; m = receiveMessageOnPort(slot.port)) {
          const r = m.message as WorkerResponse
          if (r.kind === 'ready') continue
          got = true
          slot.busy--
          if (r.kind === 'error') throw new Error(`run failed (${describeTask(tasks[r.id]!)}): ${r.error}`)
          results[r.id] = r.summary
          done++
          tick?.()
        }
      }
      if (got) {
        lastProgress = Date.now()
        feed()
        continue
      }
      if (Date.now() - lastProgress > STALL_MS) throw new Error(`worker pool: no answer for ${STALL_MS / 60000} minutes`)
      Atomics.wait(flag, 0, seen, 1000)
    }
    return results.map((r, k) => {
      if (r === undefined) throw new Error(`worker pool: no result for task ${k}`)
      return r
    })
  }
  return E.right({ workers, run, close })
}
