/**
 * The firing test as a success threshold (proofs-notes §10.1). With Bernoulli outcomes a stint's
 * sum after `j` monitored rounds with `k` successes is `S = j·x_lo + k·R`, so the test
 * `j·τ − S > D_j` fires iff `k < κ_j` with
 *
 *     κ_j = max(0, ⌈(j·(τ − x_lo) − D_j) / R⌉),
 *
 * computed in integers from the same tolerated deficit `D_j` as the engine's test. The test
 * depends on `(j, k)` only, so one table serves a stint whenever it starts.
 *
 * @module
 */
import type { MechanismRules, RangeUnits } from './rules.ts'

const ceilDiv = (a: bigint, b: bigint): bigint => (a <= 0n ? -(-a / b) : (a + b - 1n) / b)

/**
 * `κ_1..κ_K` for target `tauUnits` (index 0 holds κ_0 = 0): a stint survives round `j` iff its
 * successes `k ≥ κ_j`. Never-firing rules give all zeros.
 */
export const successThresholds = (rules: MechanismRules, range: RangeUnits, tauUnits: bigint): Int32Array => {
  const kappa = new Int32Array(rules.K + 1)
  const margin = tauUnits - range.lo
  for (let j = 1; j <= rules.K; j++) {
    const d = rules.toleratedDeficit(j)
    if (d === null) continue
    const need = ceilDiv(BigInt(j) * margin - d, range.R)
    kappa[j] = need <= 0n ? 0 : need > BigInt(j + 1) ? j + 1 : Number(need)
  }
  return kappa
}
