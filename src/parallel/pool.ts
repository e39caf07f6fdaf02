/**
 * A deterministic parallel map over worker threads. A *job module* exports
 * `makeExecutor(init)`, which builds (once per thread) a pure function from a task to its result;
 * a {@link Pool} applies it to a batch of tasks and returns the results in task order, so what a
 * batch returns never depends on how many threads ran it or in which order they finished.
 *
 * The worker pool is synchronous for its caller: the calling thread blocks on a shared counter
 * (`Atomics.wait`) and reads answers with `receiveMessageOnPort`. Tasks and results cross threads
 * by structured clone (plain data, `bigint` included).
 *
 * @module
 */
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads'
import * as E from 'fp-ts/lib/Either.js'

/** A pure task executor: the same task always gives the same result. */
export type Executor<T, R> = (task: T) => E.Either<string, R>

/** What a job module exports: builds the executor of a thread from the pool's `init` data (possibly asynchronously, e.g. loading plug-ins). */
export type ExecutorFactory<T, R> = (init: unknown) => E.Either<string, Executor<T, R>> | Promise<E.Either<string, Executor<T, R>>>

/**
 * The URL of the job module `name` beside the module at `moduleUrl`, with that module's extension:
 * `.ts` when running from the sources, `.js` when running the compiled package.
 *
 * @param moduleUrl - `import.meta.url` of the calling module.
 * @param name - the job module's file name without extension, e.g. `job`.
 * @returns the job module's URL.
 */
export const jobModule = (moduleUrl: string, name: string): URL =>
  new URL(`./${name}${moduleUrl.endsWith('.ts') ? '.ts' : '.js'}`, moduleUrl)

/**
 * The worker thread's entry: from the sources, `worker-boot.mjs` registers tsx in the thread and
 * loads `worker.ts`; the compiled package starts `worker.js` directly (no TypeScript loader needed).
 */
const workerEntry = (): URL =>
  import.meta.url.endsWith('.ts') ? new URL('./worker-boot.mjs', import.meta.url) : new URL('./worker.js', import.meta.url)

/** Options of one {@link Pool.run}. */
export interface RunOptions<T> {
  /** Relative cost of a task: costlier tasks are handed out first (a shorter tail); default equal. */
  readonly cost?: (task: T) => number
  /** Called once per finished task (progress bars). */
  readonly tick?: (n?: number) => void
  /** Names a task in a failure message. */
  readonly describe?: (task: T) => string
}

/** Runs batches of tasks; results in task order. */
export interface Pool<T, R> {
  /** Worker threads used (0: the calling thread). */
  readonly workers: number
  /** The results of `tasks` in task order, or `Left` naming the first task that failed. */
  readonly run: (tasks: readonly T[], options?: RunOptions<T>) => E.Either<string, readonly R[]>
  /** Releases the workers (a no-op in the calling thread). */
  readonly close: () => void
}

/** Messages from the pool to a worker. */
export interface WorkerRequest<T> {
  readonly id: number
  readonly task: T
}

/** A worker's messages to the pool. */
export type WorkerResponse<R> =
  | { readonly kind: 'ready' }
  | { readonly kind: 'result'; readonly id: number; readonly result: R }
  | { readonly kind: 'error'; readonly id: number; readonly error: string }

/** What a worker is started with. */
export interface WorkerInit {
  /** URL (href) of the job module. */
  readonly job: string
  /** Passed to the job module's `makeExecutor`. */
  readonly init: unknown
  /** Where answers go. */
  readonly port: MessagePort
  /** Incremented (and notified) after every posted answer. */
  readonly flag: Int32Array
}

const failure = <T>(k: number, task: T, message: string, describe?: (t: T) => string): string =>
  `run ${k + 1} failed${describe === undefined ? '' : ` (${describe(task)})`}: ${message}`

/** A pool that runs every task in the calling thread with `executor`. */
export const inThisThread = <T, R>(executor: Executor<T, R>): Pool<T, R> => ({
  workers: 0,
  run: (tasks, options) => {
    const out: R[] = []
    for (const [k, task] of tasks.entries()) {
      const r = executor(task)
      if (E.isLeft(r)) return E.left(failure(k, task, r.left, options?.describe))
      out.push(r.right)
      options?.tick?.()
    }
    return E.right(out)
  },
  close: () => undefined,
})

/** Task indices, costliest first (ties by index, so the hand-out order is itself deterministic). */
const handOutOrder = <T>(tasks: readonly T[], cost?: (t: T) => number): number[] => {
  const k = tasks.map((_, i) => i)
  if (cost === undefined) return k
  const c = tasks.map(cost)
  return k.sort((a, b) => c[b]! - c[a]! || a - b)
}

/** Stop waiting if no worker has answered for this long. */
const STALL_MS = 5 * 60 * 1000
/** How long workers may take to start (load TypeScript, build the executor). */
const START_MS = 60 * 1000

/**
 * A pool of `workers` worker threads, each running `makeExecutor(init)` of the job module at
 * `job` (a module URL: see {@link jobModule}). Each worker holds at most two tasks at a time. `Left` if a worker
 * fails to build its executor or the workers do not all report ready within a minute (they are
 * then stopped).
 */
export const startWorkers = <T, R>(job: URL, init: unknown, workers: number): E.Either<string, Pool<T, R>> => {
  const flag = new Int32Array(new SharedArrayBuffer(4))
  const pool = Array.from({ length: workers }, () => {
    const { port1, port2 } = new MessageChannel()
    const worker = new Worker(workerEntry(), {
      workerData: { job: job.href, init, port: port2, flag } satisfies WorkerInit,
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
        const r = m.message as WorkerResponse<R>
        if (r.kind === 'ready') ready++
        else if (r.kind === 'error') {
          close()
          return E.left(`worker pool: a worker could not start: ${r.error}`)
        }
      }
    if (ready >= workers) break
    if (Date.now() - started > START_MS) {
      close()
      return E.left(`worker pool: ${workers - ready} of ${workers} workers did not start within ${START_MS / 1000} s`)
    }
    Atomics.wait(flag, 0, seen, 200)
  }
  const run = (tasks: readonly T[], options?: RunOptions<T>): E.Either<string, readonly R[]> => {
    const results: (R | undefined)[] = tasks.map(() => undefined)
    const order = handOutOrder(tasks, options?.cost)
    let next = 0
    let done = 0
    let lastProgress = Date.now()
    const feed = (): void => {
      for (const slot of pool)
        while (slot.busy < 2 && next < order.length) {
          const id = order[next++]!
          slot.busy++
          slot.worker.postMessage({ id, task: tasks[id]! } satisfies WorkerRequest<T>)
        }
    }
    feed()
    while (done < tasks.length) {
      const seen = Atomics.load(flag, 0)
      let got = false
      for (const slot of pool)
        for (let m = receiveMessageOnPort(slot.port); m !== undefined; m = receiveMessageOnPort(slot.port)) {
          const r = m.message as WorkerResponse<R>
          if (r.kind === 'ready') continue
          got = true
          slot.busy--
          if (r.kind === 'error') return E.left(failure(r.id, tasks[r.id]!, r.error, options?.describe))
          results[r.id] = r.result
          done++
          options?.tick?.()
        }
      if (got) {
        lastProgress = Date.now()
        feed()
        continue
      }
      if (Date.now() - lastProgress > STALL_MS) return E.left(`worker pool: no answer for ${STALL_MS / 60000} minutes`)
      Atomics.wait(flag, 0, seen, 1000)
    }
    const missing = results.indexOf(undefined)
    return missing >= 0 ? E.left(`worker pool: no result for run ${missing + 1}`) : E.right(results as R[])
  }
  return E.right({ workers, run, close })
}
