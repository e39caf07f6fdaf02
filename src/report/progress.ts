/**
 * Optional terminal progress bar for long experiment loops.
 *
 * @module
 */
import cliProgress from 'cli-progress'

/** True when a progress bar may be drawn: stderr is a TTY and `CI` is unset. */
export function progressEnabled(): boolean {
  return process.stderr.isTTY === true && !process.env.CI
}

const isThenable = (x: unknown): x is PromiseLike<unknown> =>
  typeof x === 'object' && x !== null && typeof (x as { then?: unknown }).then === 'function'

/**
 * Run `work`, giving it a `tick(n = 1)` callback that advances a progress
 * bar of `total` steps labelled `label`.
 *
 * The bar is drawn on stderr only when {@link progressEnabled}; otherwise
 * `tick` is a no-op and nothing is printed. The bar is always stopped, also
 * when `work` throws. If `work` returns a promise, the bar is stopped when it
 * settles (the promise itself is returned unchanged).
 *
 * @example
 * ```ts
 * const results = withProgress('simulate', seeds.length, (tick) =>
 *   seeds.map((s) => { const r = simulate(s); tick(); return r; }));
 * ```
 */
export function withProgress<A>(label: string, total: number, work: (tick: (n?: number) => void) => A): A {
  if (!progressEnabled()) return work(() => undefined)
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: '{label} [{bar}] {value}/{total} {percentage}% | ETA {eta_formatted}',
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  )
  bar.start(total, 0, { label })
  let async = false
  try {
    const result = work((n = 1) => bar.increment(n))
    if (isThenable(result)) {
      async = true
      const stop = () => bar.stop()
      result.then(stop, stop)
    }
    return result
  } finally {
    if (!async) bar.stop()
  }
}
