/**
 * Rendering of the benchmark results: the stdout table and the generated block of `bench/README.md`.
 *
 * @module
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'

/** Timing statistics of one implementation in one cell. */
export interface TimingStats {
  readonly wallMs: readonly number[]
  readonly cpuMs: readonly number[]
  readonly medianWallMs: number
  readonly medianCpuMs: number
  readonly minWallMs: number
  /** `T / medianWall`. */
  readonly roundsPerSecond: number
  /** `T / medianCpu`. */
  readonly roundsPerCpuSecond: number
}

/** One `(T, n)` cell. */
export type Cell =
  | { readonly T: number; readonly n: number; readonly status: 'skipped'; readonly reason: string }
  | {
      readonly T: number
      readonly n: number
      readonly status: 'timed'
      readonly L: number
      readonly repetitions: number
      readonly seeds: readonly number[]
      readonly exact: TimingStats
      readonly float: TimingStats
      /** exact / float, on the medians of wall time, of CPU time, and on the minima of wall time. */
      readonly ratio: { readonly medianWall: number; readonly medianCpu: number; readonly minWall: number }
      /** Every timed repetition's exact and float results compared (ranking, targets, firings, phases, rounds, utilities). */
      readonly repetitionChecks: { readonly ok: boolean; readonly failures: readonly string[] }
      /** The full check (allocation hash included), on its own untimed run. */
      readonly check: {
        readonly ok: boolean
        readonly seed: number
        readonly exactHash: string
        readonly floatHash: string
        readonly userUtilityExact: number
        readonly userUtilityFloat: number
        readonly userUtilityAbsDiff: number
        readonly maxProviderUtilityAbsDiff: number
        readonly errorBound: number
        readonly fired: number
        readonly identityHolds: boolean
        readonly differences: readonly string[]
      }
    }

/** One memory probe. */
export interface MemoryProbe {
  readonly T: number
  readonly n: number
  readonly ok: boolean
  readonly ms: number
  readonly rssBeforeKB: number | null
  readonly maxRssKB: number
  readonly vmHwmKB: number | null
  readonly heapUsedKB: number
  readonly message: string
}

/** The whole results file. */
export interface Results {
  readonly schema: 'sbd-bench/1'
  readonly date: string
  readonly machine: {
    readonly os: string
    readonly arch: string
    readonly cpuModel: string
    readonly cores: number
    readonly totalMemoryMB: number
    readonly node: string
    readonly v8: string
    readonly loadAverageAtStart: readonly number[]
    readonly loadAverageAtEnd: readonly number[]
  }
  readonly config: Readonly<Record<string, unknown>>
  readonly cells: readonly Cell[]
  readonly memory: readonly MemoryProbe[]
  readonly extraChecks: readonly { readonly name: string; readonly ok: boolean; readonly runs: number; readonly distinctHashes: number; readonly failures: readonly string[] }[]
  readonly summary: {
    readonly ratioAt1e6: readonly { readonly n: number; readonly medianWall: number; readonly medianCpu: number }[]
    readonly worstRatioAt1e6: number
    readonly goal: number
    readonly floor: number
    readonly goalMet: boolean
    readonly floorMet: boolean
    readonly peakRssAt1e7MB: number
    readonly memoryLimitMB: number
    readonly memoryOk: boolean
    readonly checksOk: boolean
    readonly totalSeconds: number
  }
}

const fmtRate = (r: number): string => (r >= 1e6 ? `${(r / 1e6).toFixed(2)} M` : `${(r / 1e3).toFixed(1)} k`)
const fmtT = (T: number): string => `10^${Math.round(Math.log10(T))}`

/** A plain fixed-width table. */
export const table = (header: readonly string[], rows: readonly (readonly string[])[]): string => {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)))
  const line = (cells: readonly string[]): string => cells.map((s, c) => s.padStart(widths[c]!)).join('  ')
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

/** The main table (stdout). */
export const cellTable = (cells: readonly Cell[]): string =>
  table(
    ['T', 'n', 'exact r/s', 'float r/s', 'ratio', 'ratio(cpu)', 'check'],
    cells.map((c) =>
      c.status === 'skipped'
        ? [fmtT(c.T), String(c.n), '—', '—', '—', '—', `skipped: T < (n+1)L+1`]
        : [
            fmtT(c.T),
            String(c.n),
            fmtRate(c.exact.roundsPerSecond),
            fmtRate(c.float.roundsPerSecond),
            `${c.ratio.medianWall.toFixed(2)}×`,
            `${c.ratio.medianCpu.toFixed(2)}×`,
            c.check.ok && c.repetitionChecks.ok ? 'ok' : 'FAIL',
          ],
    ),
  )

/** The memory table. */
export const memoryTable = (probes: readonly MemoryProbe[]): string =>
  table(
    ['T', 'n', 'peak RSS', 'RSS before run', 'run time'],
    probes.map((p) => [
      p.T === 0 ? 'baseline' : fmtT(p.T),
      String(p.n),
      `${(p.maxRssKB / 1024).toFixed(1)} MB`,
      p.rssBeforeKB === null ? '?' : `${(p.rssBeforeKB / 1024).toFixed(1)} MB`,
      `${(p.ms / 1000).toFixed(2)} s`,
    ]),
  )

const START = '<!-- results:start (generated by `npm run bench`; edits inside are overwritten) -->'
const END = '<!-- results:end -->'

/** The generated README block. */
export const readmeBlock = (r: Results): string => {
  const m = r.machine
  const timed = r.cells.filter((c): c is Extract<Cell, { status: 'timed' }> => c.status === 'timed')
  const skipped = r.cells.filter((c): c is Extract<Cell, { status: 'skipped' }> => c.status === 'skipped')
  const detail = table(
    ['T', 'n', 'L', 'reps', 'exact median', 'float median', 'exact r/s', 'float r/s', 'exact r/cpu-s', 'float r/cpu-s', 'ratio (wall)', 'ratio (cpu)', 'ratio (min wall)', 'check'],
    timed.map((c) => [
      fmtT(c.T),
      String(c.n),
      String(c.L),
      String(c.repetitions),
      `${c.exact.medianWallMs.toFixed(2)} ms`,
      `${c.float.medianWallMs.toFixed(2)} ms`,
      fmtRate(c.exact.roundsPerSecond),
      fmtRate(c.float.roundsPerSecond),
      fmtRate(c.exact.roundsPerCpuSecond),
      fmtRate(c.float.roundsPerCpuSecond),
      `${c.ratio.medianWall.toFixed(2)}×`,
      `${c.ratio.medianCpu.toFixed(2)}×`,
      `${c.ratio.minWall.toFixed(2)}×`,
      c.check.ok && c.repetitionChecks.ok ? 'ok' : 'FAIL',
    ]),
  )
  const checks = table(
    ['T', 'n', 'seed', 'alloc hash exact', 'alloc hash float', 'firings', 'U exact (USD)', '|U_exact − U_float|', 'max |ΔΠ_i|', 'float bound', 'identity'],
    timed.map((c) => [
      fmtT(c.T),
      String(c.n),
      String(c.check.seed),
      c.check.exactHash,
      c.check.floatHash,
      String(c.check.fired),
      String(c.check.userUtilityExact),
      c.check.userUtilityAbsDiff.toExponential(1),
      c.check.maxProviderUtilityAbsDiff.toExponential(1),
      c.check.errorBound.toExponential(1),
      c.check.identityHolds ? 'exact' : 'FAILS',
    ]),
  )
  const s = r.summary
  const lines = [
    START,
    '',
    `Measured ${r.date} on ${m.cpuModel} (${m.cores} cores, ${m.totalMemoryMB} MB), ${m.os} ${m.arch}, Node ${m.node} (V8 ${m.v8}).`,
    `Load average at start / end: ${m.loadAverageAtStart.map((x) => x.toFixed(2)).join(', ')} / ${m.loadAverageAtEnd.map((x) => x.toFixed(2)).join(', ')}` +
      ` (other work shared the ${m.cores} cores; see "Noise" below). Whole benchmark: ${s.totalSeconds.toFixed(0)} s.`,
    '',
    `**Ratio exact/float at T = 10^6** (median wall time): ${s.ratioAt1e6.map((x) => `n = ${x.n}: ${x.medianWall.toFixed(2)}×`).join(', ')}` +
      ` (CPU time: ${s.ratioAt1e6.map((x) => `${x.medianCpu.toFixed(2)}×`).join(', ')}).` +
      ` Worst: ${s.worstRatioAt1e6.toFixed(2)}×: goal ≤ ${s.goal}× ${s.goalMet ? 'met' : '**not met**'}, floor ≤ ${s.floor}× ${s.floorMet ? 'met' : '**not met**'}.`,
    '',
    `**Peak RSS at T = 10^7**: ${s.peakRssAt1e7MB.toFixed(1)} MB (limit ${s.memoryLimitMB} MB: ${s.memoryOk ? 'ok' : '**exceeded**'}).`,
    '',
    `**Checks**: ${s.checksOk ? 'all passed' : '**FAILED** (see results.json)'}.`,
    '',
    '### Throughput (medians over the repetitions; r/s = T / median wall time, r/cpu-s = T / median process CPU time)',
    '',
    '```',
    detail,
    '```',
    '',
    ...skipped.map((c) => `Skipped T = ${fmtT(c.T)}, n = ${c.n}: ${c.reason}.`),
    '',
    '### Memory (exact engine, fresh child process per probe, `process.resourceUsage().maxRSS`)',
    '',
    '```',
    memoryTable(r.memory),
    '```',
    '',
    '### Honesty checks (one untimed run per cell with the recording wrapper; FNV-1a over the allocation sequence)',
    '',
    '```',
    checks,
    '```',
    '',
    ...r.extraChecks.map(
      (e) => `Extra check "${e.name}": ${e.runs} seeds, ${e.distinctHashes} distinct allocation sequences, ${e.ok ? 'all identical between exact and float' : `**${e.failures.length} failures**`}.`,
    ),
    '',
    END,
  ]
  return lines.join('\n')
}

/** Replaces the generated block of `path` (or writes a stub README around it). */
export const updateReadme = (path: string, block: string): void => {
  const current = existsSync(path) ? readFileSync(path, 'utf8') : ''
  const a = current.indexOf(START)
  const b = current.indexOf(END)
  const next =
    a >= 0 && b > a
      ? current.slice(0, a) + block + current.slice(b + END.length)
      : `# Benchmark: exact engine vs float64 reference\n\n${block}\n\nSuite runtime: see closing note\n`
  writeFileSync(path, next)
}
