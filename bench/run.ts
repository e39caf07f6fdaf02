/**
 * `npm run bench`: the exact engine vs its float64 reference.
 *
 * In one process: warm-up, then for every valid `(T, n)` alternating timed runs of the exact engine
 * (SBD(ε = 0.25), rebate off, τ* for every provider) and of `float-reference.ts` on the same seeds;
 * medians, rounds per second and the ratio exact/float. Every timed pair is compared (untimed), and
 * one extra untimed run per cell compares the allocation sequences by hash. Then peak memory of the
 * exact engine in fresh child processes. Writes `bench/results.json` and the generated block of
 * `bench/README.md`; exits non-zero if a check fails.
 *
 * @module
 */
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import type { InstanceModel } from '../src/model/instance-model.ts'
import { simulate } from '../src/sim/engine.ts'
import type { Strategy } from '../src/sim/interfaces.ts'
import { recommended } from '../src/strategy/basic.ts'
import { checkCell, compareSummaries, exploreThenCheat, floatErrorBound, summarize } from './check.ts'
import { type FloatConfig, runFloat } from './float-reference.ts'
import { EPSILON, REBATE, benchMechanism, benchModel, floatConfigOf, phaseLength } from './instance.ts'
import { type Cell, type MemoryProbe, type Results, type TimingStats, cellTable, memoryTable, readmeBlock, updateReadme } from './report.ts'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const ROOT = path.resolve(HERE, '..')
const HORIZONS: readonly number[] = [1e4, 1e5, 1e6, 1e7]
const PROVIDERS: readonly number[] = [2, 5, 10]
/** Timed repetitions per implementation (≥ 5 everywhere; more where a run is short). */
const REPETITIONS: Readonly<Record<number, number>> = { 1e4: 61, 1e5: 31, 1e6: 15, 1e7: 7 }
const WARMUP = { T: 300_000, runs: 8 }
const MEMORY_HORIZONS: readonly number[] = [1e5, 1e6, 1e7]
const CHECK_SEED = 424_242
const seedOf = (rep: number): number => 1 + rep
const GOAL = 3
const FLOOR = 10
const MEMORY_LIMIT_MB = 200

const started = performance.now()
const loadAtStart = os.loadavg()
const tty = process.stderr.isTTY === true
const progress = (msg: string): void => {
  if (tty) process.stderr.write(`\r\x1b[K${msg}`)
}

const cpuMs = (): number => {
  const c = process.cpuUsage()
  return (c.user + c.system) / 1000
}
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/** Largest magnitude of a per-round amount (USD), for the float error bound. */
const maxAmount = (model: InstanceModel): number =>
  Math.max(
    Math.abs(model.xLo.toNumber()),
    Math.abs(model.xHi.toNumber()),
    ...model.providers.map((p) => Math.abs(p.cheatProfit.toNumber())),
  )

const strategiesOf = (model: InstanceModel): Strategy[] => model.providers.map(() => recommended)

const timeExact = (model: InstanceModel, strategies: readonly Strategy[], T: number, seed: number) => {
  const mechanism = benchMechanism()
  const c0 = cpuMs()
  const w0 = performance.now()
  const res = simulate(model, mechanism, strategies, { T, seed })
  const w1 = performance.now()
  const c1 = cpuMs()
  if (E.isLeft(res)) throw new Error(`exact engine (T = ${T}, n = ${model.n}, seed = ${seed}): ${res.left}`)
  return { wall: w1 - w0, cpu: c1 - c0, result: res.right }
}

const timeFloat = (cfg: FloatConfig, seed: number) => {
  const c0 = cpuMs()
  const w0 = performance.now()
  const result = runFloat(cfg, seed)
  const w1 = performance.now()
  const c1 = cpuMs()
  return { wall: w1 - w0, cpu: c1 - c0, result }
}

const stats = (T: number, wall: readonly number[], cpu: readonly number[]): TimingStats => {
  const medianWallMs = median(wall)
  const medianCpuMs = median(cpu)
  return {
    wallMs: wall.map((x) => Math.round(x * 1000) / 1000),
    cpuMs: cpu.map((x) => Math.round(x * 1000) / 1000),
    medianWallMs,
    medianCpuMs,
    minWallMs: Math.min(...wall),
    roundsPerSecond: T / (medianWallMs / 1000),
    roundsPerCpuSecond: T / (medianCpuMs / 1000),
  }
}

// ---------------------------------------------------------------------------------------------
// Models, warm-up.
const models = new Map(PROVIDERS.map((n) => [n, benchModel(n)] as const))
progress('warm-up…')
for (let w = 0; w < WARMUP.runs; w++)
  for (const n of PROVIDERS) {
    const model = models.get(n)!
    const L = phaseLength(model, WARMUP.T)
    if (E.isLeft(L)) throw new Error(L.left)
    timeExact(model, strategiesOf(model), WARMUP.T, 10_000 + w)
    timeFloat(floatConfigOf(model, WARMUP.T, L.right), 10_000 + w)
  }

// ---------------------------------------------------------------------------------------------
// Timing (no recording wrapper anywhere in this phase: it would make the engine's call sites polymorphic).
const cells: Cell[] = []
const checkInputs: { readonly T: number; readonly n: number; readonly cfg: FloatConfig }[] = []
const cellCount = HORIZONS.length * PROVIDERS.length
for (const T of HORIZONS)
  for (const n of PROVIDERS) {
    const model = models.get(n)!
    const L = phaseLength(model, T)
    if (E.isLeft(L)) {
      cells.push({ T, n, status: 'skipped', reason: L.left })
      continue
    }
    const cfg = floatConfigOf(model, T, L.right)
    const strategies = strategiesOf(model)
    const bound = floatErrorBound(T, maxAmount(model))
    const reps = REPETITIONS[T]!
    const seeds = Array.from({ length: reps }, (_, r) => seedOf(r))
    const ew: number[] = []
    const ec: number[] = []
    const fw: number[] = []
    const fc: number[] = []
    const failures: string[] = []
    for (let r = 0; r < reps; r++) {
      progress(`[${cells.length + 1}/${cellCount}] T = ${T}, n = ${n}: repetition ${r + 1}/${reps}`)
      const seed = seeds[r]!
      let ex: ReturnType<typeof timeExact>
      let fl: ReturnType<typeof timeFloat>
      if (r % 2 === 0) {
        ex = timeExact(model, strategies, T, seed)
        fl = timeFloat(cfg, seed)
      } else {
        fl = timeFloat(cfg, seed)
        ex = timeExact(model, strategies, T, seed)
      }
      ew.push(ex.wall)
      ec.push(ex.cpu)
      fw.push(fl.wall)
      fc.push(fl.cpu)
      const diffs = compareSummaries(summarize(model, ex.result), fl.result, bound)
      if (diffs.length > 0) failures.push(`seed ${seed}: ${diffs.join('; ')}`)
    }
    const exact = stats(T, ew, ec)
    const float = stats(T, fw, fc)
    cells.push({
      T,
      n,
      status: 'timed',
      L: L.right,
      repetitions: reps,
      seeds,
      exact,
      float,
      ratio: {
        medianWall: exact.medianWallMs / float.medianWallMs,
        medianCpu: exact.medianCpuMs / float.medianCpuMs,
        minWall: exact.minWallMs / float.minWallMs,
      },
      repetitionChecks: { ok: failures.length === 0, failures },
      // Filled in by the check phase below.
      check: {
        ok: false,
        seed: CHECK_SEED,
        exactHash: '',
        floatHash: '',
        userUtilityExact: Number.NaN,
        userUtilityFloat: Number.NaN,
        userUtilityAbsDiff: Number.NaN,
        maxProviderUtilityAbsDiff: Number.NaN,
        errorBound: bound,
        fired: 0,
        identityHolds: false,
        differences: ['not run'],
      },
    })
    checkInputs.push({ T, n, cfg })
  }

// ---------------------------------------------------------------------------------------------
// Honesty checks (untimed, after all timing).
for (const { T, n, cfg } of checkInputs) {
  progress(`check T = ${T}, n = ${n}`)
  const model = models.get(n)!
  const k = cells.findIndex((c) => c.T === T && c.n === n)
  const cell = cells[k]!
  if (cell.status !== 'timed') continue
  const check = checkCell(model, T, CHECK_SEED, runFloat(cfg, CHECK_SEED), floatErrorBound(T, maxAmount(model)))
  cells[k] = { ...cell, check }
}

// Extra check: equal honest means (ranking decided by noise, exact ties in the exploration sums).
const extraChecks: Results['extraChecks'][number][] = []
{
  const n = 5
  const T = 10_000
  const model = benchModel(n, true)
  const L = phaseLength(model, T)
  if (E.isLeft(L)) throw new Error(L.left)
  const cfg = floatConfigOf(model, T, L.right)
  const hashes = new Set<string>()
  const failures: string[] = []
  const runs = 40
  for (let s = 0; s < runs; s++) {
    progress(`extra check ${s + 1}/${runs}`)
    const c = checkCell(model, T, 7_000 + s, runFloat(cfg, 7_000 + s), floatErrorBound(T, maxAmount(model)))
    hashes.add(c.exactHash)
    if (!c.ok) failures.push(`seed ${c.seed}: ${c.differences.join('; ')}`)
  }
  extraChecks.push({
    name: `equal means ū = 0.6, n = ${n}, T = ${T}`,
    ok: failures.length === 0,
    runs,
    distinctHashes: hashes.size,
    failures,
  })
}
// Extra check: honest in exploration, full cheat afterwards (firing, re-targeting, blind trust I).
for (const n of [2, 5]) {
  const T = 100_000
  const model = models.get(n)!
  const L = phaseLength(model, T)
  if (E.isLeft(L)) throw new Error(L.left)
  const cfg = floatConfigOf(model, T, L.right, 'exploreThenCheat')
  const hashes = new Set<string>()
  const failures: string[] = []
  let firings = 0
  const runs = 10
  for (let s = 0; s < runs; s++) {
    progress(`extra check (explore then cheat, n = ${n}) ${s + 1}/${runs}`)
    const c = checkCell(model, T, 8_000 + s, runFloat(cfg, 8_000 + s), floatErrorBound(T, maxAmount(model)), exploreThenCheat)
    hashes.add(c.exactHash)
    firings += c.fired
    if (!c.ok) failures.push(`seed ${c.seed}: ${c.differences.join('; ')}`)
  }
  extraChecks.push({
    name: `explore-then-cheat profile, n = ${n}, T = ${T} (${firings} firings in total)`,
    ok: failures.length === 0,
    runs,
    distinctHashes: hashes.size,
    failures,
  })
}

// ---------------------------------------------------------------------------------------------
// Memory: fresh child process per probe.
const tsxBin = path.join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'tsx.cmd' : 'tsx')
const probe = (T: number, n: number): MemoryProbe => {
  progress(`memory probe T = ${T}, n = ${n}`)
  const out = spawnSync(tsxBin, [path.join(HERE, 'memory-probe.ts'), '--T', String(T), '--n', String(n)], { cwd: ROOT, encoding: 'utf8' })
  const last = (out.stdout ?? '').trim().split('\n').pop() ?? ''
  try {
    return JSON.parse(last) as MemoryProbe
  } catch {
    return {
      T,
      n,
      ok: false,
      ms: Number.NaN,
      rssBeforeKB: null,
      maxRssKB: Number.NaN,
      vmHwmKB: null,
      heapUsedKB: Number.NaN,
      message: `probe failed: ${out.stderr ?? ''}`.slice(0, 500),
    }
  }
}
const memory: MemoryProbe[] = [probe(0, 2)]
for (const T of MEMORY_HORIZONS) for (const n of PROVIDERS) memory.push(probe(T, n))
progress('')

// ---------------------------------------------------------------------------------------------
// Summary, files, exit code.
const timed = cells.filter((c): c is Extract<Cell, { status: 'timed' }> => c.status === 'timed')
const at1e6 = timed.filter((c) => c.T === 1e6).map((c) => ({ n: c.n, medianWall: c.ratio.medianWall, medianCpu: c.ratio.medianCpu }))
const worst = Math.max(...at1e6.map((x) => x.medianWall))
const peak1e7 = Math.max(...memory.filter((p) => p.T === 1e7).map((p) => p.maxRssKB / 1024))
const checksOk = timed.every((c) => c.check.ok && c.repetitionChecks.ok) && extraChecks.every((e) => e.ok) && memory.every((p) => p.ok)
const cpus = os.cpus()
const results: Results = {
  schema: 'sbd-bench/1',
  date: new Date().toISOString(),
  machine: {
    os: `${os.type()} ${os.release()}`,
    arch: os.arch(),
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    totalMemoryMB: Math.round(os.totalmem() / 2 ** 20),
    node: process.version,
    v8: process.versions.v8,
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: os.loadavg(),
  },
  config: {
    mechanism: `SBD(ε=${EPSILON.toString()}, rebate=${REBATE ? 'on' : 'off'})`,
    profile: 'recommended τ* for every provider',
    instance:
      'abstract, Bernoulli noise, range [0, 1], ū_i = 0.9 − 0.6·i/(n−1) rounded to 1e-6, π^h = 0.05, one withholding segment of slope 1 down to μ^min = 0.1; grid 1e-6 USD',
    horizons: HORIZONS,
    providers: PROVIDERS,
    repetitions: REPETITIONS,
    seeds: 'repetition r uses seed 1 + r for both implementations',
    warmup: `${WARMUP.runs} untimed runs of each implementation per n at T = ${WARMUP.T} before timing`,
    order: 'exact first on even repetitions, float first on odd ones',
    timing:
      'performance.now() (wall) and process.cpuUsage() (user+system CPU of the process) around one run; setup of each run (mechanism constants, RNG streams) included on both sides; building the instance model and the float config is not',
    checkSeed: CHECK_SEED,
    floatErrorBound: 'U and Π_i: 2·T·u·T·M/(1 − T·u), u = 2^-53, M = largest |per-round amount| (see check.ts)',
  },
  cells,
  memory,
  extraChecks,
  summary: {
    ratioAt1e6: at1e6,
    worstRatioAt1e6: worst,
    goal: GOAL,
    floor: FLOOR,
    goalMet: worst <= GOAL,
    floorMet: worst <= FLOOR,
    peakRssAt1e7MB: peak1e7,
    memoryLimitMB: MEMORY_LIMIT_MB,
    memoryOk: peak1e7 < MEMORY_LIMIT_MB,
    checksOk,
    totalSeconds: (performance.now() - started) / 1000,
  },
}
writeFileSync(path.join(HERE, 'results.json'), `${JSON.stringify(results, null, 2)}\n`)
updateReadme(path.join(HERE, 'README.md'), readmeBlock(results))

console.log(
  `SBD(ε=${EPSILON.toString()}) exact engine vs float64 reference — Node ${process.version}, ${results.machine.cpuModel} ×${results.machine.cores}`,
)
console.log('ratio = exact/float on median wall time; ratio(cpu) on median process CPU time\n')
console.log(cellTable(cells))
console.log(
  `\nratio at T = 10^6: ${at1e6.map((x) => `n=${x.n} ${x.medianWall.toFixed(2)}×`).join(', ')} (goal ≤ ${GOAL}×: ${results.summary.goalMet ? 'met' : 'not met'}; floor ≤ ${FLOOR}×: ${results.summary.floorMet ? 'met' : 'not met'})`,
)
console.log(`\nmemory (exact engine, fresh process):\n${memoryTable(memory)}`)
console.log(`peak RSS at T = 10^7: ${peak1e7.toFixed(1)} MB (limit ${MEMORY_LIMIT_MB} MB: ${results.summary.memoryOk ? 'ok' : 'EXCEEDED'})`)
for (const e of extraChecks)
  console.log(`extra check (${e.name}): ${e.ok ? 'ok' : 'FAIL'}, ${e.distinctHashes} distinct allocation sequences over ${e.runs} seeds`)
console.log(`\nwrote bench/results.json and bench/README.md in ${results.summary.totalSeconds.toFixed(0)} s`)

if (!checksOk) {
  for (const c of timed) {
    if (!c.check.ok) console.error(`CHECK FAILED T=${c.T} n=${c.n}: ${c.check.differences[0] ?? ''}`)
    if (!c.repetitionChecks.ok) console.error(`CHECK FAILED T=${c.T} n=${c.n}: ${c.repetitionChecks.failures[0] ?? ''}`)
  }
  for (const e of extraChecks) if (!e.ok) console.error(`CHECK FAILED ${e.name}: ${e.failures[0] ?? ''}`)
  for (const p of memory) if (!p.ok) console.error(`MEMORY PROBE FAILED T=${p.T} n=${p.n}: ${p.message}`)
  process.exitCode = 1
}
