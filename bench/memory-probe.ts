/**
 * Peak-memory probe (bench only): one exact-engine run of SBD(ε = 0.25) with τ* for everyone, in this
 * fresh process, then one line of JSON on stdout.
 *
 * Usage: `tsx bench/memory-probe.ts --T 10000000 --n 5 [--seed 1]`. `--T 0` measures the baseline
 * (modules loaded and instance built, no run).
 *
 * @module
 */
import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { simulate } from '../src/sim/engine.ts'
import { recommended } from '../src/strategy/basic.ts'
import { benchMechanism, benchModel } from './instance.ts'

const arg = (name: string, fallback: number): number => {
  const k = process.argv.indexOf(`--${name}`)
  const v = k >= 0 ? Number(process.argv[k + 1]) : fallback
  if (!Number.isSafeInteger(v) || v < 0) throw new Error(`--${name}: expected a non-negative integer`)
  return v
}

/** `VmRSS` / `VmHWM` of this process in KB (Linux), or null elsewhere. */
const statusKB = (field: 'VmRSS' | 'VmHWM'): number | null => {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'))
    return m === null ? null : Number(m[1])
  } catch {
    return null
  }
}

const T = arg('T', 1_000_000)
const n = arg('n', 2)
const seed = arg('seed', 1)
const model = benchModel(n)
const rssBeforeKB = statusKB('VmRSS')
const t0 = performance.now()
let ok = true
let message = ''
if (T > 0) {
  const res = simulate(
    model,
    benchMechanism(),
    model.providers.map(() => recommended),
    { T, seed },
  )
  if (E.isLeft(res)) {
    ok = false
    message = res.left
  }
}
const ms = performance.now() - t0
const heap = process.memoryUsage()
process.stdout.write(
  `${JSON.stringify({
    T,
    n,
    seed,
    ok,
    message,
    ms: Math.round(ms * 10) / 10,
    rssBeforeKB,
    maxRssKB: process.resourceUsage().maxRSS,
    vmHwmKB: statusKB('VmHWM'),
    heapUsedKB: Math.round(heap.heapUsed / 1024),
    heapTotalKB: Math.round(heap.heapTotal / 1024),
  })}\n`,
)
