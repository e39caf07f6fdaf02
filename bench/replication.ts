/**
 * Benchmark of replications on worker threads (proofs-notes §11), not part of npm test: the same
 * `sbd simulate --reps N` run in this thread (`--workers 0`) and on 1, 2, … workers, timed by wall
 * clock, with a check that every run prints the same bytes (results are in seed order whatever the
 * scheduling). The speed-up is the wall time of `--workers 0` over that of `--workers w`.
 *
 * Run: `npx tsx bench/replication.ts [--reps N] [--horizon T] [--workers w1,w2,…]`.
 */
import { execFileSync } from 'node:child_process'
import { availableParallelism } from 'node:os'

const args = process.argv.slice(2)
const option = (name: string, fallback: string): string => {
  const k = args.indexOf(`--${name}`)
  return k >= 0 && args[k + 1] !== undefined ? args[k + 1]! : fallback
}
const reps = option('reps', '128')
const horizon = option('horizon', '1000000')
const workerCounts = option('workers', ['0', ...Array.from({ length: availableParallelism() }, (_, k) => String(k + 1))].join(','))
  .split(',')
  .map((w) => w.trim())

const run = (workers: string): { seconds: number; output: string } => {
  const argv = [
    'bin/sbd.mjs',
    'simulate',
    '--scenario',
    'examples/two-provider-abstract.json',
    '--horizon',
    horizon,
    '--seed',
    '1',
    '--reps',
    reps,
    '--workers',
    workers,
    '--format',
    'json',
  ]
  const t0 = performance.now()
  const output = execFileSync(process.execPath, argv, { encoding: 'utf8', maxBuffer: 1 << 26 })
  return { seconds: (performance.now() - t0) / 1000, output }
}

console.log(`sbd simulate --reps ${reps} --horizon ${horizon} on examples/two-provider-abstract.json, ${availableParallelism()} cores`)
console.log('workers  wall time   speed-up   same output')
let base: { seconds: number; output: string } | undefined
for (const w of workerCounts) {
  const r = run(w)
  base ??= r
  console.log(
    `${w.padStart(7)}  ${r.seconds.toFixed(2).padStart(8)} s  ${(base.seconds / r.seconds).toFixed(2).padStart(8)}×   ${r.output === base.output ? 'yes' : 'NO'}`,
  )
}
