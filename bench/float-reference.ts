/**
 * A float64 reference implementation of exactly the simulation the benchmark times on the exact
 * engine: SBD(ε) on an abstract Bernoulli instance, every provider playing the recommended profile
 * τ* (bench only; it is the physical limit the exact engine is compared with).
 *
 * Same computation, plain doubles:
 * - the same three `nextUint32` draws per round from `streamOf(seed, { kind: 'outcomes' })`; the first
 *   decides the Bernoulli outcome (`u < threshold` gives `x_hi`), the other two are drawn and dropped
 *   as the engine draws them;
 * - Bernoulli thresholds `⌈(m − x_lo)/R · 2^32⌉`, computed from grid units so that the one rounded
 *   operation (`(m − x_lo)·2^32 / R`, all integers below 2^53) gives the exact ceiling on this grid;
 * - SBD's schedule: round-robin exploration, ranking by exploration sums (ties to the lower index),
 *   targets `max(x_lo, Û_{ρ_{k+1}} − r)` computed in float and floored to the grid, the firing test
 *   `S < j·τ − c(j)` in float with `c(j) = R·√(j·ln(2T²)/2)`, blind trust I and II;
 * - τ*: honest in exploration; as monitored server the frontier action of mean
 *   `min(ū, max(μ^min, τ))` (Bernoulli with `p = (mean − x_lo)/R`); full cheat in blind trust.
 *   (An extra check also runs the profile "honest in exploration, full cheat afterwards".)
 *
 * The hot loops are phase-structured: no allocation, no closure, no phase dispatch per round. Only
 * what is random is accumulated per round (`X`); the per-round profit `Y` is constant within each
 * segment of rounds served by one provider with one action, so it is booked per segment. The
 * allocation sequence is recorded as O(n) segments `(from, to, provider)` (provider −1: round robin),
 * from which the honesty check rebuilds and hashes the per-round sequence.
 *
 * @module
 */
import { nextUint32, streamOf } from '../src/sim/rng.ts'

/** Plain-number configuration (built in `instance.ts`). */
export interface FloatConfig {
  readonly n: number
  readonly T: number
  /** `L = ⌈T^(1−ε)⌉` (from `sbdConstants`). */
  readonly L: number
  /** Range in USD. */
  readonly xLo: number
  readonly xHi: number
  /** Grid units per USD (10^6 here). */
  readonly scale: number
  /** `x_lo` and `R` in grid units. */
  readonly xLoUnits: number
  readonly rangeUnits: number
  /** Honest and full-cheat means in grid units. */
  readonly honestMeanUnits: readonly number[]
  readonly cheatMeanUnits: readonly number[]
  /** Honest mean and profit in USD, slope of the one withholding segment. */
  readonly honestMean: readonly number[]
  readonly honestProfit: readonly number[]
  readonly slope: readonly number[]
  /** Rebate exploration rounds. */
  readonly rebate: boolean
  /**
   * Provider profile: `recommended` is τ* (the timed configuration); `exploreThenCheat` (honest in
   * exploration, full cheat afterwards) is used only by an extra check, to exercise firing and
   * blind trust I.
   */
  readonly profile: 'recommended' | 'exploreThenCheat'
}

/** A firing event. */
export interface FloatFiring {
  readonly provider: number
  readonly round: number
  readonly monitoredRounds: number
}

/** The float reference's account of one run. */
export interface FloatResult {
  readonly seed: number
  readonly ranking: readonly number[]
  /** Targets in grid units, per ranking position `0..n−2`. */
  readonly targetUnits: readonly number[]
  readonly fired: readonly FloatFiring[]
  readonly phases: { exploration: number; exploitation: number; blindTrustFallback: number; blindTrustEndgame: number }
  readonly roundsServed: readonly number[]
  /** `U = ΣX − ΣZ`, USD (float). */
  readonly userUtility: number
  /** `Π_i = ΣY + Z_i`, USD (float). */
  readonly providerUtility: readonly number[]
  /** Allocation segments, flattened triples `(from, to, provider)`; provider −1 is round robin. */
  readonly segments: readonly number[]
}

const TWO_32 = 2 ** 32

/** Bernoulli threshold of a mean given in grid units. */
const thresholdOf = (c: FloatConfig, meanUnits: number): number => Math.ceil(((meanUnits - c.xLoUnits) * TWO_32) / c.rangeUnits)

/** Frontier profit (USD) at a mean given in grid units. */
const profitAt = (c: FloatConfig, i: number, meanUnits: number): number =>
  c.honestProfit[i]! + c.slope[i]! * (c.honestMean[i]! - meanUnits / c.scale)

/** Runs the simulation with outcome seed `seed`. */
export const runFloat = (c: FloatConfig, seed: number): FloatResult => {
  const { n, T, L, xLo, xHi, scale } = c
  const R = xHi - xLo
  const rng = streamOf(seed, { kind: 'outcomes' })
  const explorationEnd = n * L
  const endgameStart = T - L + 1
  const r = R * Math.sqrt(Math.log(2 * n * T) / (2 * L))
  const halfLog = Math.log(2 * T * T) / 2

  const served = new Array<number>(n).fill(0)
  const profit = new Array<number>(n).fill(0)
  const segments: number[] = []
  const fired: FloatFiring[] = []
  let sumX = 0

  // Exploration: round robin, honest.
  const honestThr = new Float64Array(n)
  for (let i = 0; i < n; i++) honestThr[i] = thresholdOf(c, c.honestMeanUnits[i]!)
  const explored = new Float64Array(n)
  let k = 0
  for (let t = 1; t <= explorationEnd; t++) {
    const u = nextUint32(rng)
    nextUint32(rng)
    nextUint32(rng)
    explored[k]! += u < honestThr[k]! ? xHi : xLo
    if (++k === n) k = 0
  }
  segments.push(1, explorationEnd, -1)
  for (let i = 0; i < n; i++) {
    const y = c.honestProfit[i]!
    served[i]! += L
    profit[i]! += L * y
    sumX += explored[i]!
  }

  // Ranking by exploration sums, descending, ties to the lower index.
  const ranking = Array.from({ length: n }, (_, i) => i).sort((a, b) => explored[b]! - explored[a]! || a - b)
  const targetUnits: number[] = []
  for (let p = 0; p < n - 1; p++) {
    const mean = explored[ranking[p + 1]!]! / L
    targetUnits.push(Math.max(c.xLoUnits, Math.floor((mean - r) * scale)))
  }

  // Exploitation stints.
  const phases = { exploration: explorationEnd, exploitation: 0, blindTrustFallback: 0, blindTrustEndgame: L }
  let t = explorationEnd + 1
  let position = 0
  let fallback = false
  while (t < endgameStart) {
    const server = ranking[position]!
    const tauUnits = targetUnits[position]!
    const tau = tauUnits / scale
    const meanUnits =
      c.profile === 'recommended'
        ? Math.min(c.honestMeanUnits[server]!, Math.max(c.cheatMeanUnits[server]!, tauUnits))
        : c.cheatMeanUnits[server]!
    const thr = thresholdOf(c, meanUnits)
    const from = t
    let S = 0
    let j = 0
    let firedNow = false
    for (; t < endgameStart; t++) {
      const u = nextUint32(rng)
      nextUint32(rng)
      nextUint32(rng)
      S += u < thr ? xHi : xLo
      j++
      if (S < j * tau - R * Math.sqrt(j * halfLog)) {
        firedNow = true
        t++
        break
      }
    }
    const y = profitAt(c, server, meanUnits)
    segments.push(from, t - 1, server)
    served[server]! += j
    profit[server]! += j * y
    sumX += S
    phases.exploitation += j
    if (!firedNow) break
    fired.push({ provider: server, round: t - 1, monitoredRounds: j })
    if (position >= n - 2) {
      position = n - 1
      fallback = true
      break
    }
    position++
  }

  // Blind trust I: ρ_n serves unmonitored until T − L, full cheat.
  const last = ranking[position]!
  const cheatThr = thresholdOf(c, c.cheatMeanUnits[last]!)
  const yCheat = profitAt(c, last, c.cheatMeanUnits[last]!)
  if (fallback && t < endgameStart) {
    const from = t
    let s = 0
    for (; t < endgameStart; t++) {
      const u = nextUint32(rng)
      nextUint32(rng)
      nextUint32(rng)
      s += u < cheatThr ? xHi : xLo
    }
    const rounds = t - from
    segments.push(from, t - 1, last)
    served[last]! += rounds
    profit[last]! += rounds * yCheat
    sumX += s
    phases.blindTrustFallback = rounds
  }

  // Blind trust II: the last L rounds, full cheat, to whoever serves at T − L.
  {
    const from = endgameStart
    let s = 0
    for (t = endgameStart; t <= T; t++) {
      const u = nextUint32(rng)
      nextUint32(rng)
      nextUint32(rng)
      s += u < cheatThr ? xHi : xLo
    }
    segments.push(from, T, last)
    served[last]! += L
    profit[last]! += L * yCheat
    sumX += s
  }

  const transfers = Array.from(explored, (s) => (c.rebate ? s - L * xLo : 0))
  return {
    seed,
    ranking,
    targetUnits,
    fired,
    phases,
    roundsServed: served,
    userUtility: transfers.reduce((u, z) => u - z, sumX),
    providerUtility: profit.map((p, i) => p + transfers[i]!),
    segments,
  }
}

/** FNV-1a (32 bit) over the per-round provider indices described by `segments`. */
export const hashSegments = (segments: readonly number[], n: number): number => {
  let h = 0x811c9dc5
  for (let s = 0; s < segments.length; s += 3) {
    const from = segments[s]!
    const to = segments[s + 1]!
    const who = segments[s + 2]!
    if (who >= 0) for (let t = from; t <= to; t++) h = Math.imul(h ^ who, 0x01000193)
    else for (let t = from; t <= to; t++) h = Math.imul(h ^ ((t - 1) % n), 0x01000193)
  }
  return h >>> 0
}

/** The provider of round `t` (1-based) according to `segments` (−2 if no segment covers it). */
export const providerAt = (segments: readonly number[], n: number, t: number): number => {
  for (let s = 0; s < segments.length; s += 3) {
    if (t >= segments[s]! && t <= segments[s + 1]!) {
      const who = segments[s + 2]!
      return who >= 0 ? who : (t - 1) % n
    }
  }
  return -2
}
