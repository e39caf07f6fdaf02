/**
 * A provider's exploration by backward induction over (own rounds played, own successes)
 * (proofs-notes §10.3), with a terminal value that depends on its final number of successes.
 * A round pays `F(m)` plus, with the rebate, `m − x_lo = p·R`; again only breakpoints are tried
 * (the objective is affine in `m` on each piece). A fixed policy is evaluated by the same recursion.
 *
 * @module
 */
import type { DpAction } from './instance.ts'

/** Inputs of one exploration problem. */
export interface ExplorationProblem {
  readonly L: number
  /** `terminal[k]`: the continuation value after `L` rounds with `k` successes. */
  readonly terminal: Float64Array
  readonly actions: readonly DpAction[]
  /** `R` in USD (the rebate pays `p·R` per round when on). */
  readonly rebateR: number
  /** A fixed policy `(t, k) → action` to evaluate instead of maximizing. */
  readonly policy?: (t: number, k: number) => DpAction
}

/** `W(0, 0)`: the best (or the policy's) expected exploration payoff plus continuation. */
export const explorationValue = (e: ExplorationProblem): number => {
  const { L, actions, rebateR } = e
  let cur = Float64Array.from(e.terminal)
  let prev = new Float64Array(L + 1)
  const rewards = actions.map((a) => a.profit + a.p * rebateR)
  for (let t = L - 1; t >= 0; t--) {
    for (let k = 0; k <= t; k++) {
      const w0 = cur[k]!
      const diff = cur[k + 1]! - w0
      if (e.policy !== undefined) {
        const a = e.policy(t, k)
        prev[k] = a.profit + a.p * rebateR + w0 + a.p * diff
        continue
      }
      let best = -Infinity
      for (let i = 0; i < actions.length; i++) {
        const v = rewards[i]! + w0 + actions[i]!.p * diff
        if (v > best) best = v
      }
      prev[k] = best
    }
    ;[cur, prev] = [prev, cur]
  }
  return cur[0]!
}
