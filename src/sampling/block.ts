/**
 * The outcome counts of a block of `k` rounds played with one outcome table, drawn from their
 * exact law (proofs-notes §13.1, Proposition 13.2), and their exact sums of `X` and `Y`.
 *
 * @module
 */
import type { OutcomeTable } from '../model/outcome-table.ts'
import { WORDS, addDyadicCounts, dyadicBinomial } from './dyadic.ts'
import type { Uint32Source } from './uint32-source.ts'

/**
 * Counts per outcome index (the indexing of `outcomeIndex`: `(branch·2 + correct)·lengths + length`),
 * each an exact integer; they sum to the block's length.
 */
export type OutcomeCounts = Float64Array

/**
 * Draws the outcome counts of `k` rounds of `table` (each round's uniforms independent). The
 * leaping engine takes one of these as a parameter, so that its law checks can run it with a
 * deliberately wrong sampler.
 */
export type BlockSampler = (table: OutcomeTable, k: number, bits: Uint32Source) => OutcomeCounts

/** The length intervals' boundaries: the cumulative thresholds with the last one read as `2^32` (as `outcomeIndex` does). */
const lengthBoundaries = new WeakMap<OutcomeTable, readonly number[]>()
const boundariesOf = (table: OutcomeTable): readonly number[] => {
  const known = lengthBoundaries.get(table)
  if (known !== undefined) return known
  const b = [...table.lengthThreshold.slice(0, -1), WORDS]
  lengthBoundaries.set(table, b)
  return b
}

/**
 * The counts of each outcome index over `k` rounds of `table`, exactly in law given ideal bits
 * (proofs-notes §13.1, Proposition 13.2): the branch count by one dyadic binomial, then per branch
 * the count of correct answers, then per (branch, correct) group the multinomial counts of the
 * output lengths. `O(log k)` binomial draws per threshold, not `O(k)` rounds.
 *
 * @param table - the action's outcome table; its cumulative length thresholds must be non-decreasing (as compiled tables are).
 * @param k - the number of rounds, a safe non-negative integer.
 * @param bits - the random bits.
 * @returns the counts, indexed as `outcomeIndex` indexes outcomes.
 */
export const outcomeCounts = (table: OutcomeTable, k: number, bits: Uint32Source): OutcomeCounts => {
  const lengths = table.lengthThreshold.length
  const out = new Float64Array(4 * lengths)
  const boundaries = boundariesOf(table)
  const branch1 = dyadicBinomial(k, table.branchThreshold, bits)
  for (let branch = 0; branch < 2; branch++) {
    const inBranch = branch === 1 ? branch1 : k - branch1
    const correct = dyadicBinomial(inBranch, table.correctThreshold[branch as 0 | 1], bits)
    for (let right = 0; right < 2; right++) {
      const group = branch * 2 + right
      const m = right === 1 ? correct : inBranch - correct
      if (lengths === 1) out[group] = m
      else addDyadicCounts(m, boundaries, bits, out, group * lengths)
    }
  }
  return out
}

/** The default block sampler: {@link outcomeCounts}, exact in law (proofs-notes §13.1). */
export const exactBlockSampler: BlockSampler = outcomeCounts

/** A block's exact sums, in integer grid units. */
export interface BlockSums {
  /** `Σ X` over the block. */
  readonly x: bigint
  /** `Σ Y` over the block. */
  readonly y: bigint
}

/**
 * The exact sums of `X` and `Y` over a block with outcome counts `counts` of `table`:
 * `Σ_o counts[o]·x[o]` and the same for `y`, in bigints (a count up to 2^53 times a per-round
 * amount below 2^44 leaves the doubles' exact range).
 *
 * @param table - the outcome table the counts were drawn for.
 * @param counts - the outcome counts (exact integers), indexed as `outcomeIndex`.
 * @returns `Σ X` and `Σ Y` in grid units, exactly.
 */
export const exactSums = (table: OutcomeTable, counts: OutcomeCounts): BlockSums => {
  let x = 0n
  let y = 0n
  for (let o = 0; o < counts.length; o++) {
    const c = counts[o]!
    if (c === 0) continue
    const bc = BigInt(c)
    x += bc * BigInt(table.x[o]!)
    y += bc * BigInt(table.y[o]!)
  }
  return { x, y }
}

/** A threshold whose probability `t/2^32` is moved by the relative amount `shift`, kept in `[0, 2^32]`. */
const shifted = (t: number, shift: number): number => Math.min(WORDS, Math.max(0, Math.round(t * (1 + shift))))

/**
 * A deliberately wrong block sampler, for showing that a law check has power: it samples
 * {@link outcomeCounts} of a table whose every threshold's probability is moved by the relative
 * amount `relativeShift` (e.g. `0.01` for +1%): the branch threshold, both correctness thresholds
 * and each cumulative length threshold but the last (kept non-decreasing), each clamped to
 * `[0, 2^32]`. Not for simulation.
 *
 * @param relativeShift - the relative change of every threshold's probability (`0.01` = +1%).
 * @returns the biased sampler.
 */
export const biasedBlockSampler = (relativeShift: number): BlockSampler => {
  const biased = new WeakMap<OutcomeTable, OutcomeTable>()
  const biasedOf = (table: OutcomeTable): OutcomeTable => {
    const known = biased.get(table)
    if (known !== undefined) return known
    const lengths: number[] = []
    table.lengthThreshold.forEach((t, k) => {
      const last = k === table.lengthThreshold.length - 1
      lengths.push(last ? t : Math.max(lengths[k - 1] ?? 0, shifted(t, relativeShift)))
    })
    const b: OutcomeTable = {
      ...table,
      branchThreshold: shifted(table.branchThreshold, relativeShift),
      correctThreshold: [shifted(table.correctThreshold[0], relativeShift), shifted(table.correctThreshold[1], relativeShift)],
      lengthThreshold: lengths,
    }
    biased.set(table, b)
    return b
  }
  return (table, k, bits) => outcomeCounts(biasedOf(table), k, bits)
}
