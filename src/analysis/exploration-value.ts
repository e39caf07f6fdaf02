/**
 * A provider's exploration by backward induction over (own rounds played, own successes)
 * (proofs-notes §10.3), with a terminal value that depends on its final number of successes.
 * A round pays `F(m)` plus, with the rebate, `m − x_lo = p·R`; again only breakpoints are tried
 * (the objective is affine in `m` on each piece). A fixed policy is evaluated by the same recursion.
 *
 * @module
 */
import { UNIT_ROUNDOFF, backwardRowError } from './error-bound.ts'
import type { DpAction } from './instance.ts'

/** Inputs of one exploration problem. */
export interface ExplorationProblem {
  readonly L: number
  /** `terminal[k]`: the continuation value after `L` rounds with `k` successes. */
  readonly terminal: Float64Array
  readonly actions: readonly DpAction[]
  /** `R` in USD (the rebate pays `p·R` per round when on). */
  readonly rebateR: number
  /** A fixed action to evaluate instead of maximizing. */
  readonly policy?: DpAction
  /** A bound on the error of every `terminal[k]` (against its exact value). */
  readonly terminalError: number
}

/** `W(0, 0)` and a bound on its error against the same recursion in exact arithmetic on exact terminal values. */
export interface ExplorationValue {
  readonly value: number
  readonly error: number
}

/**
 * One row `t` of the maximizing recursion over `k ∈ [0, t]` with the actions' rewards `f` and
 * success probabilities `p`, from `cur` (row `t + 1`) into `prev`. A function of its own, on typed
 * arrays, so that V8 compiles the hot loop on its own.
 */
const maximizingRow = (cur: Float64Array, prev: Float64Array, t: number, f: Float64Array, p: Float64Array): void => {
  const na = f.length
  if (na === 1) {
    const f0 = f[0]!
    const p0 = p[0]!
    for (let k = 0; k <= t; k++) {
      const w0 = cur[k]!
      prev[k] = w0 + (f0 + p0 * (cur[k + 1]! - w0))
    }
    return
  }
  if (na === 2) {
    // The common case (a one-piece frontier).
    const f0 = f[0]!
    const f1 = f[1]!
    const p0 = p[0]!
    const p1 = p[1]!
    for (let k = 0; k <= t; k++) {
      const w0 = cur[k]!
      const diff = cur[k + 1]! - w0
      prev[k] = w0 + Math.max(f0 + p0 * diff, f1 + p1 * diff)
    }
    return
  }
  for (let k = 0; k <= t; k++) {
    const w0 = cur[k]!
    const diff = cur[k + 1]! - w0
    let best = f[0]! + p[0]! * diff
    for (let i = 1; i < na; i++) {
      const v = f[i]! + p[i]! * diff
      if (v > best) best = v
    }
    prev[k] = w0 + best
  }
}

/** `W(0, 0)`: the best (or the policy's) expected exploration payoff plus continuation, with its error bound. */
export const explorationValue = (e: ExplorationProblem): ExplorationValue => {
  const { L, actions, rebateR } = e
  let cur = Float64Array.from(e.terminal)
  let prev = new Float64Array(L + 1)
  const used = e.policy === undefined ? actions : [e.policy]
  const rewards = Float64Array.from(used, (a) => a.profit + a.p * rebateR)
  const probabilities = Float64Array.from(used, (a) => a.p)
  // Lemma 10.8 per row. A reward fl(F̂ + fl(p̂·R̂)) is within ε_fl|F| (F̂) + 4ε_fl·R (p̂, R̂, the two
  // roundings) + ε_fl(|F| + R) of F + p·R.
  const reward = used.reduce((m, a) => Math.max(m, Math.abs(a.profit) + rebateR), 0)
  const rewardError = used.reduce((m, a) => Math.max(m, a.profitError + 1.000001 * UNIT_ROUNDOFF * (Math.abs(a.profit) + 5 * rebateR)), 0)
  const magnitude = e.terminal.reduce((m, x) => Math.max(m, Math.abs(x)), 0) + e.terminalError + L * reward
  let error = e.terminalError
  for (let t = L - 1; t >= 0; t--) {
    maximizingRow(cur, prev, t, rewards, probabilities)
    error = backwardRowError(error, magnitude, reward, rewardError)
    ;[cur, prev] = [prev, cur]
  }
  return { value: cur[0]!, error }
}
