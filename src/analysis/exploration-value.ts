/**
 * A provider's exploration by backward induction over (own rounds played, own successes)
 * (proofs-notes §10.3), with a terminal value that depends on its final number of successes.
 * A round pays `F(m)` plus, with the rebate, `m − x_lo = p·R`; again only breakpoints are tried
 * (the objective is affine in `m` on each piece). A fixed policy is evaluated by the same recursion.
 *
 * @module
 */
import type { DpAction } from './instance.ts'
import { constantRow } from './stint-value.ts'

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
}

/**
 * One row `t` of the maximizing recursion over `k ∈ [0, t]` with the actions' rewards `f` and
 * success probabilities `p`, from `cur` (row `t + 1`) into `prev`. A function of its own, on typed
 * arrays, so that V8 compiles the hot loop on its own.
 */
const maximizingRow = (cur: Float64Array, prev: Float64Array, t: number, f: Float64Array, p: Float64Array): void => {
  const na = f.length
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

/** `W(0, 0)`: the best (or the policy's) expected exploration payoff plus continuation. */
export const explorationValue = (e: ExplorationProblem): number => {
  const { L, actions, rebateR } = e
  let cur = Float64Array.from(e.terminal)
  let prev = new Float64Array(L + 1)
  const rewards = Float64Array.from(actions, (a) => a.profit + a.p * rebateR)
  const probabilities = Float64Array.from(actions, (a) => a.p)
  for (let t = L - 1; t >= 0; t--) {
    if (e.policy === undefined) maximizingRow(cur, prev, t, rewards, probabilities)
    else constantRow(cur, prev, 0, t, e.policy.profit + e.policy.p * rebateR, e.policy.p)
    ;[cur, prev] = [prev, cur]
  }
  return cur[0]!
}
