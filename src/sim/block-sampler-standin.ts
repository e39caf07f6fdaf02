/**
 * The block samplers the leaping engine draws a block's outcomes with (proofs-notes §13.3), as a
 * stand-in with the names of the exact samplers of `src/sampling/` (§13.1–§13.2): the counts of
 * each outcome index over `k` rounds of one action. This stand-in is exact by construction and
 * O(k): it draws the `k` rounds' uniform triples and counts them with `outcomeIndex`, i.e. it
 * plays the per-round law itself. The engine is written against {@link BlockSampler}, so the
 * sublinear sampler replaces it without other change.
 *
 * @module
 */
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator'
import { type OutcomeTable, outcomeIndex } from '../model/outcome-table.ts'
import { type UniformBlocks, nextUint32 } from './rng.ts'

/** A source of independent uniform 32-bit integers in `[0, 2^32)`. */
export type Uint32Source = () => number

/**
 * The uniforms of a generator as a {@link Uint32Source}.
 *
 * @param rng - a seeded generator (mutated by every draw).
 * @returns the source of its next uniform 32-bit integers.
 */
export const uint32SourceOf =
  (rng: RandomGenerator): Uint32Source =>
  () =>
    nextUint32(rng)

/**
 * A stream's uniforms in blocks ({@link UniformBlocks}) as a {@link Uint32Source}, buffered.
 *
 * @param blocks - the block drawer of a stream.
 * @param size - the buffer's length (default 768).
 * @returns the source of the stream's next uniforms, in stream order.
 */
export const bufferedSource = (blocks: UniformBlocks, size = 768): Uint32Source => {
  const buffer = new Uint32Array(size)
  let next = size
  return () => {
    if (next === size) {
      blocks.fill(buffer)
      next = 0
    }
    return buffer[next++]!
  }
}

/** Draws the counts of each outcome index of `table` over `k` independent rounds. */
export type BlockSampler = (table: OutcomeTable, k: number, bits: Uint32Source) => ArrayLike<number>

/** The number of outcome indices of a table: 2 branches × 2 correctness values × the lengths. */
export const outcomeCount = (table: OutcomeTable): number => 4 * table.lengthThreshold.length

/**
 * The counts over `k` rounds of `table`, O(k): `k` uniform triples, each counted at its
 * `outcomeIndex` — the per-round law itself, hence exact.
 *
 * @param table - the action's compiled outcome table.
 * @param k - the number of rounds (a non-negative integer).
 * @param bits - the uniforms.
 * @returns the counts, indexed as `outcomeIndex`.
 */
export const exactBlockSampler: BlockSampler = (table, k, bits) => {
  const counts = new Float64Array(outcomeCount(table))
  for (let r = 0; r < k; r++) {
    const u = bits()
    const v = bits()
    const z = bits()
    counts[outcomeIndex(table, u, v, z)]!++
  }
  return counts
}

const TWO_32 = 2 ** 32

const shifted = (threshold: number, factor: number): number => Math.min(TWO_32, Math.max(0, Math.round(threshold * factor)))

/**
 * A deliberately wrong sampler for the power of the law checks (proofs-notes §13.6): the exact
 * sampler on the table whose branch and correctness probabilities are multiplied by
 * `1 + relativeShift` (clamped to `[0, 1]`). On a Bernoulli table the high outcome's probability
 * `p` becomes `p·(1 + relativeShift)`.
 *
 * @param relativeShift - the relative error of the probabilities, e.g. `0.01`.
 * @returns the biased sampler.
 */
export const biasedBlockSampler =
  (relativeShift: number): BlockSampler =>
  (table, k, bits) => {
    const f = 1 + relativeShift
    const biased: OutcomeTable = {
      ...table,
      branchThreshold: shifted(table.branchThreshold, f),
      correctThreshold: [shifted(table.correctThreshold[0], f), shifted(table.correctThreshold[1], f)],
    }
    return exactBlockSampler(biased, k, bits)
  }

/**
 * The exact sums of `X` and `Y` over counted rounds (each count times the outcome's amount, in
 * bigint: a count times an amount can exceed 2^53).
 *
 * @param table - the action's compiled outcome table.
 * @param counts - the counts per outcome index.
 * @returns `ΣX` and `ΣY` in grid units.
 */
export const exactSums = (table: OutcomeTable, counts: ArrayLike<number>): { readonly x: bigint; readonly y: bigint } => {
  let x = 0n
  let y = 0n
  for (let o = 0; o < counts.length; o++) {
    const c = counts[o]!
    if (c === 0) continue
    const b = BigInt(c)
    x += b * BigInt(table.x[o]!)
    y += b * BigInt(table.y[o]!)
  }
  return { x, y }
}
