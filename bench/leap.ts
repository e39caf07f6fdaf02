/**
 * `npx tsx bench/leap.ts`: the leaping engine (proofs-notes §13.3) against the per-round engine.
 *
 * For τ* (n = 2, 3, 10 on the bench's abstract instance, and the default LLM scenario) and for each
 * adaptive family of §5 on the two-provider example: rounds-equivalent per second and blocks per run
 * at T = 10⁶, 10⁷, 10⁸ (medians over seeds); blocks per run against T for τ* from 10⁵ to 10⁸ with
 * its least-squares log-log slope; the per-round engine at T = 10⁷ for the speed-up; the peak
 * resident set of this process. Prints one Markdown block (pasted into bench/README.md by hand).
 * The block sampler is the one `simulate` uses by default (§13.1–§13.2).
 *
 * @module
 */
import { readFileSync } from 'node:fs'
import os from 'node:os'
import * as E from 'fp-ts/lib/Either.js'
import { parseScenarioText } from '../src/codec/report-errors.ts'
import { Decimal } from '../src/exact/decimal.ts'
import { sbd } from '../src/mechanism/sbd.ts'
import { type InstanceModel, buildInstanceModel } from '../src/model/instance-model.ts'
import type { BlockSampler } from '../src/sampling/index.ts'
import { type EngineKind, type RunResult, simulate } from '../src/sim/engine.ts'
import { strategyByName } from '../src/strategy/index.ts'
import { benchModel } from './instance.ts'

const EPS = new Decimal('0.25')
const QUICK = process.argv.includes('--quick')
const HORIZONS = QUICK ? [1e6, 1e7] : [1e6, 1e7, 1e8]
const SLOPE_HORIZONS = QUICK ? [1e5, 1e6, 1e7] : [1e5, 1e6, 1e7, 1e8]
/**
 * Seeds per τ* measurement of the leaping engine: its runs take milliseconds, so a median over few of
 * them is dominated by one cold or interrupted run; 25 (5 at 10^8) make it a steady-state time, which
 * is what a study doing thousands of runs pays.
 */
const SEEDS = (T: number): number => (T >= 1e8 ? 5 : 25)

const modelOf = (file: string): InstanceModel => {
  const m = E.chainW(buildInstanceModel)(parseScenarioText(readFileSync(file, 'utf8')))
  if (E.isLeft(m)) throw new Error(String(m.left))
  return m.right
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

interface Timing {
  readonly seconds: number
  readonly blocks: number
  readonly leapt: number
}

/**
 * A sampler that is **not** exact, for timing only: conditional normal approximations of the
 * multinomial counts (Box–Muller on `Math.random`, unseeded), O(outcomes) per block. Timing the
 * leaping engine with it measures the engine's own cost (blocks, decisions, exact sums) with a
 * realistic block structure: about what a sublinear exact sampler (§13.1–§13.2) adds to. Never used
 * outside this benchmark.
 */
const approximateSampler: BlockSampler = (table, k) => {
  const lengths = table.lengthThreshold
  const probs: number[] = []
  const pBranch = table.branchThreshold / 2 ** 32
  for (let branch = 0; branch < 2; branch++)
    for (let correct = 0; correct < 2; correct++) {
      const pb = branch === 1 ? pBranch : 1 - pBranch
      const pc = table.correctThreshold[branch]! / 2 ** 32
      for (let l = 0; l < lengths.length; l++) {
        const pl = ((lengths[l]! as number) - (l === 0 ? 0 : (lengths[l - 1]! as number))) / 2 ** 32
        probs.push(pb * (correct === 1 ? pc : 1 - pc) * pl)
      }
    }
  const counts = new Float64Array(probs.length)
  let left = k
  let mass = 1
  for (let o = 0; o < probs.length && left > 0; o++) {
    const q = mass <= 0 ? 1 : Math.min(1, Math.max(0, probs[o]! / mass))
    const g = Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random())
    const c = o === probs.length - 1 ? left : Math.min(left, Math.max(0, Math.round(left * q + Math.sqrt(left * q * (1 - q)) * g)))
    counts[o] = c
    left -= c
    mass -= probs[o]!
  }
  return counts
}

const timeRuns = (model: InstanceModel, strategy: string, T: number, engine: EngineKind, seeds: number, sampler?: BlockSampler): Timing => {
  const s = strategyByName(strategy)
  if (E.isLeft(s)) throw new Error(s.left)
  const secs: number[] = []
  const blocks: number[] = []
  const leapt: number[] = []
  for (let k = 0; k < seeds; k++) {
    const t0 = performance.now()
    const r: E.Either<string, RunResult> = simulate(model, sbd(EPS, true), Array(model.n).fill(s.right), {
      T,
      seed: 1 + k,
      engine,
      ...(sampler === undefined ? {} : { sampler }),
    })
    const t1 = performance.now()
    if (E.isLeft(r)) throw new Error(r.left)
    secs.push((t1 - t0) / 1000)
    blocks.push(r.right.leap?.blocks ?? T)
    leapt.push((r.right.leap?.roundsLeapt ?? 0) / T)
  }
  return { seconds: median(secs), blocks: median(blocks), leapt: median(leapt) }
}

const fmt = (x: number): string => (x >= 100 ? x.toExponential(2) : x.toPrecision(3))

/** Least-squares slope of log(y) against log(x), with its standard error. */
const logSlope = (xs: readonly number[], ys: readonly number[]): { slope: number; se: number } => {
  const lx = xs.map(Math.log)
  const ly = ys.map(Math.log)
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length
  const my = ly.reduce((a, b) => a + b, 0) / ly.length
  const sxx = lx.reduce((a, x) => a + (x - mx) ** 2, 0)
  const slope = lx.reduce((a, x, i) => a + (x - mx) * (ly[i]! - my), 0) / sxx
  const resid = ly.reduce((a, y, i) => a + (y - my - slope * (lx[i]! - mx)) ** 2, 0)
  return { slope, se: lx.length > 2 ? Math.sqrt(resid / (lx.length - 2) / sxx) : Number.NaN }
}

// Warm-up: both engines, a few short runs, and the leaping engine at the largest block sizes
// timed below (its rejection sampler for counts above 1024 is otherwise compiled inside the first
// timed runs).
const warm = benchModel(2)
for (let k = 0; k < 4; k++) {
  timeRuns(warm, 'recommended', 300_000, 'rounds', 1)
  timeRuns(warm, 'recommended', 300_000, 'leap', 1)
}
timeRuns(warm, 'recommended', 10_000_000, 'leap', 20)

const instances: readonly [string, InstanceModel][] = [
  ['abstract n=2', benchModel(2)],
  ['abstract n=3', benchModel(3)],
  ['abstract n=10', benchModel(10)],
  ['default LLM', modelOf('examples/default-llm.json')],
]
const two = modelOf('examples/two-provider-abstract.json')
const families = ['slack-riding', 'margin-10R', 'mimic:0.6', 'shade:0.05', 'endgame:honest']

const lines: string[] = []
const out = (l: string): void => {
  lines.push(l)
  console.log(l)
}
out(
  `Leaping engine, ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)} at start`,
)
out('')
out('| profile | instance | T | seeds | s/run (leap) | rounds-eq./s | blocks/run | rounds leapt |')
out('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |')
const leapAt = new Map<string, Timing>()
for (const [name, model] of instances)
  for (const T of HORIZONS) {
    const t = timeRuns(model, 'recommended', T, 'leap', SEEDS(T))
    leapAt.set(`${name}|${T}`, t)
    out(
      `| τ* | ${name} | ${T.toExponential(0)} | ${SEEDS(T)} | ${t.seconds.toFixed(3)} | ${fmt(T / t.seconds)} | ${t.blocks} | ${(100 * t.leapt).toFixed(2)}% |`,
    )
  }
for (const f of families)
  for (const T of HORIZONS.filter((h) => h <= 1e7)) {
    const seeds = T >= 1e7 ? 1 : 3
    const t = timeRuns(two, f, T, 'leap', seeds)
    out(
      `| ${f} | two-provider example | ${T.toExponential(0)} | ${seeds} | ${t.seconds.toFixed(3)} | ${fmt(T / t.seconds)} | ${t.blocks} | ${(100 * t.leapt).toFixed(2)}% |`,
    )
  }
out('')
out('Blocks per run against T (τ*, median over seeds), least-squares slope of log(blocks) on log(T) ± its SE:')
out('')
out(`| instance | ${SLOPE_HORIZONS.map((T) => T.toExponential(0)).join(' | ')} | slope |`)
out(`| --- | ${SLOPE_HORIZONS.map(() => '---:').join(' | ')} | ---: |`)
for (const [name, model] of instances) {
  const bs = SLOPE_HORIZONS.map((T) => leapAt.get(`${name}|${T}`)?.blocks ?? timeRuns(model, 'recommended', T, 'leap', SEEDS(T)).blocks)
  const { slope, se } = logSlope(SLOPE_HORIZONS, bs)
  out(`| ${name} | ${bs.join(' | ')} | ${slope.toFixed(3)} ± ${se.toFixed(3)} |`)
}
out('')
out('Per-round engine at T = 1e7 (τ*, median of 3 seeds) against the leaping engine:')
out('')
out('| instance | s/run (rounds) | s/run (leap) | speed-up |')
out('| --- | ---: | ---: | ---: |')
for (const [name, model] of instances) {
  const r = timeRuns(model, 'recommended', 1e7, 'rounds', 3)
  const l = leapAt.get(`${name}|${1e7}`)!
  out(`| ${name} | ${r.seconds.toFixed(3)} | ${l.seconds.toFixed(3)} | ${(r.seconds / l.seconds).toFixed(2)}× |`)
}
out('')
out(
  'The engine alone (τ*, with an approximate normal sampler that is not exact — timing only: the engine’s own cost at a realistic block structure):',
)
out('')
out('| instance | T | s/run | blocks/run |')
out('| --- | ---: | ---: | ---: |')
for (const [name, model] of instances)
  for (const T of HORIZONS) {
    const t = timeRuns(model, 'recommended', T, 'leap', SEEDS(T), approximateSampler)
    out(`| ${name} | ${T.toExponential(0)} | ${t.seconds.toFixed(4)} | ${t.blocks} |`)
  }
out('')
out(
  `Peak resident set of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; load ${os.loadavg()[0]!.toFixed(1)} at the end.`,
)
