/**
 * An action compiled for the hot loop: what each round's uniforms turn into, in grid units
 * (the monotone coupling of proofs-notes §1.6, §2.1).
 *
 * Every round draws three 32-bit uniforms `(u, v, z)` whatever the action (so deviations and the
 * recommended profile see the same numbers: common random numbers, and the monotone coupling of
 * Assumption D). `u < branchThreshold` picks branch 1 (LLM: the substitute is served; Bernoulli:
 * the high outcome), `v < correctThreshold[branch]` marks a correct answer, and `z` picks the
 * output length from cumulative thresholds. The outcome's net utility and profit are then read
 * from tables indexed by `(branch·2 + correct)·lengths + length`.
 *
 * @module
 */

/** A compiled action: thresholds and outcome tables in integer grid units (all safe integers). */
export interface OutcomeTable {
  /** Canonical key of the action it realizes. */
  readonly key: string
  /** `u < branchThreshold` selects branch 1. */
  readonly branchThreshold: number
  /** Per branch: `v < correctThreshold[b]` marks a correct answer. */
  readonly correctThreshold: readonly [number, number]
  /** Cumulative output-length thresholds: length index = first `k` with `z < lengthThreshold[k]`. */
  readonly lengthThreshold: readonly number[]
  /** Net utility `X` in units, by outcome index. */
  readonly x: Float64Array
  /** Profit `Y` in units, by outcome index. */
  readonly y: Float64Array
}

/** The outcome index of uniforms `(u, v, z)` (each in `[0, 2^32)`) under `table`. */
export const outcomeIndex = (table: OutcomeTable, u: number, v: number, z: number): number => {
  const branch = u < table.branchThreshold ? 1 : 0
  const correct = v < table.correctThreshold[branch] ? 1 : 0
  const lengths = table.lengthThreshold
  let k = 0
  while (k < lengths.length - 1 && z >= (lengths[k] as number)) k++
  return (branch * 2 + correct) * lengths.length + k
}
