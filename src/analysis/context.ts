/**
 * The shared, memoized pieces of one analysis (proofs-notes §10.2): the instance, the rules, the
 * honest exploration laws, and per (server, target) the threshold table and the τ* stint law.
 *
 * @module
 */
import { type Decimal, ZERO } from '../exact/decimal.ts'
import type { DpAction, DpInstance } from './instance.ts'
import { type Window, binomialPmf, binomialPmfError, keptWindow } from './binomial.ts'
import { dotError } from './error-bound.ts'
import type { MechanismRules } from './rules.ts'
import { type StintLaw, stintLaw } from './stint-law.ts'
import { successThresholds } from './thresholds.ts'

/** Probability left out of each side of an exploration law. */
export const EXPLORATION_TAIL = 1e-18

/** What τ* does as the server of a stint, and the resulting firing time. */
export interface TauStarStint {
  /** The action τ* plays (the frontier action at the target; `h` above `ū`, `g` below `μ^min`). */
  readonly action: DpAction
  /** Its firing time. */
  readonly law: StintLaw
}

/** One analysis's inputs and caches. */
export interface AnalysisContext {
  readonly dp: DpInstance
  readonly rules: MechanismRules
  readonly T: number
  readonly n: number
  /** The rebate bonus δ ≥ 0 of the analysed SBD (proofs-notes §14.1; 0: today's rebate). */
  readonly bonus: Decimal
  /** Honest exploration laws `P(k_i = k)`. */
  readonly pmf: readonly Float64Array[]
  /** Their kept windows. */
  readonly windows: readonly Window[]
  /** `P(k_i ≤ k)` (full law, for ranking probabilities). */
  readonly cdf: readonly Float64Array[]
  /** A bound on the ℓ1 error of every `pmf` (hence on each of its entries), proofs-notes §10.6. */
  readonly pmfError: number
  /** A bound on the error of every entry of every `cdf` (a running sum of the pmf). */
  readonly cdfError: number
  /** `κ` table of a target (memoized). */
  readonly thresholds: (tauUnits: bigint) => Int32Array
  /** τ*'s stint as server `server` against target `tauUnits` (memoized). */
  readonly tauStar: (server: number, tauUnits: bigint) => TauStarStint
  /** Trimmed probability accumulated by the stint laws computed so far. */
  readonly lostMass: () => number
}

/** `a` is ranked above `b` (sums `sa`, `sb`): higher sum, ties to the lower index. */
export const ranksAbove = (a: number, sa: number, b: number, sb: number): boolean => sa > sb || (sa === sb && a < b)

/**
 * Builds the context of an analysis.
 *
 * @param dp - the instance prepared by {@link dpInstance}.
 * @param rules - the mechanism's rules ({@link sbdRules}).
 * @param T - the horizon.
 * @param bonus - the rebate bonus δ ≥ 0 (§14.1; default 0).
 * @returns the context every recursion of the analysis reads.
 */
export const analysisContext = (dp: DpInstance, rules: MechanismRules, T: number, bonus: Decimal = ZERO): AnalysisContext => {
  const pmf = dp.providers.map((p) => binomialPmf(rules.L, p.honest.p))
  const cdf = pmf.map((f) => {
    const c = new Float64Array(f.length)
    let s = 0
    f.forEach((v, k) => {
      s += v
      c[k] = s
    })
    return c
  })
  const pmfError = binomialPmfError(rules.L)
  const kappas = new Map<bigint, Int32Array>()
  const thresholds = (tau: bigint): Int32Array => {
    let t = kappas.get(tau)
    if (t === undefined) {
      t = successThresholds(rules, dp.range, tau)
      kappas.set(tau, t)
    }
    return t
  }
  const stints = new Map<string, TauStarStint>()
  let lost = 0
  return {
    dp,
    rules,
    T,
    n: dp.providers.length,
    bonus,
    pmf,
    cdf,
    pmfError,
    cdfError: pmfError + dotError(rules.L + 1, 1 + pmfError),
    windows: pmf.map((f) => keptWindow(f, EXPLORATION_TAIL)),
    thresholds,
    tauStar: (server, tau) => {
      const key = `${server}:${tau}`
      let s = stints.get(key)
      if (s === undefined) {
        const action = dp.providers[server]!.actionAt(dp.usd(tau))
        const law = stintLaw(thresholds(tau), rules.K, action.p)
        lost += law.lost
        s = { action, law }
        stints.set(key, s)
      }
      return s
    },
    lostMass: () => lost,
  }
}
