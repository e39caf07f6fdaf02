/**
 * Two-sample tests of the leaping engine against the per-round engine (proofs-notes §13.6 (b),
 * §13.8): Welch's statistic on the means (|z| ≤ 5) and the two-sample Kolmogorov–Smirnov distance
 * against its asymptotic critical value at level 10⁻⁵ (conservative for discrete laws), on
 * statistics of each run chosen by the suite.
 */
import { readFileSync } from 'node:fs'
import { parseScenarioText } from '../../src/codec/report-errors.ts'
import { type InstanceModel, buildInstanceModel } from '../../src/model/instance-model.ts'
import { type RunResult, type RunSettings, simulate } from '../../src/sim/engine.ts'
import type { Mechanism } from '../../src/sim/interfaces.ts'
import { strategyByName } from '../../src/strategy/index.ts'
import { rightOrFail } from '../assertions.ts'

/** Welch's |z| above which the means differ. */
export const Z_MAX = 5
/** Level of each Kolmogorov–Smirnov test. */
export const KS_LEVEL = 1e-5

/** The model of a scenario file. */
export const modelOf = (file: string): InstanceModel =>
  rightOrFail(buildInstanceModel(rightOrFail(parseScenarioText(readFileSync(file, 'utf8')))))

/** Runs at horizon `T` of `mech` against the named strategy for every provider, one per seed, with settings `s` (engine, sampler, block floor). */
export const runsAt =
  (T: number) =>
  (model: InstanceModel, mech: Mechanism, strategy: string, seeds: readonly number[], s: Partial<RunSettings>): RunResult[] => {
    const strat = rightOrFail(strategyByName(strategy))
    return seeds.map((seed) => rightOrFail(simulate(model, mech, Array(model.n).fill(strat), { T, seed, ...s })))
  }

/** Welch's statistic of two samples (0 when both are constant and equal). */
export const welch = (a: readonly number[], b: readonly number[]): number => {
  const mean = (x: readonly number[]): number => x.reduce((s, v) => s + v, 0) / x.length
  const variance = (x: readonly number[], m: number): number => x.reduce((s, v) => s + (v - m) ** 2, 0) / (x.length - 1)
  const ma = mean(a)
  const mb = mean(b)
  const se = Math.sqrt(variance(a, ma) / a.length + variance(b, mb) / b.length)
  return se === 0 ? (ma === mb ? 0 : Number.POSITIVE_INFINITY) : Math.abs(ma - mb) / se
}

/** The two-sample Kolmogorov–Smirnov distance. */
export const ksDistance = (a: readonly number[], b: readonly number[]): number => {
  const xs = [...new Set([...a, ...b])].sort((x, y) => x - y)
  const cdf = (s: readonly number[], x: number): number => s.filter((v) => v <= x).length / s.length
  return Math.max(0, ...xs.map((x) => Math.abs(cdf(a, x) - cdf(b, x))))
}

/** Its asymptotic critical value at `KS_LEVEL`: c(α)·√((n+m)/(n·m)), c(α) = √(−ln(α/2)/2). */
export const ksCritical = (n: number, m: number): number => Math.sqrt(-Math.log(KS_LEVEL / 2) / 2) * Math.sqrt((n + m) / (n * m))

/** Every statistic (of `statistics`) on which two samples of runs differ, with its test. */
export const differencesBy =
  (statistics: (r: RunResult) => Record<string, number>) =>
  (a: readonly RunResult[], b: readonly RunResult[]): string[] => {
    const sa = a.map(statistics)
    const sb = b.map(statistics)
    return Object.keys(sa[0]!).flatMap((k) => {
      const xa = sa.map((s) => s[k]!)
      const xb = sb.map((s) => s[k]!)
      const z = welch(xa, xb)
      const d = ksDistance(xa, xb)
      const crit = ksCritical(xa.length, xb.length)
      return [
        ...(z > Z_MAX ? [`${k}: Welch |z| = ${z.toFixed(2)}`] : []),
        ...(d > crit ? [`${k}: KS D = ${d.toFixed(3)} > ${crit.toFixed(3)}`] : []),
      ]
    })
  }
