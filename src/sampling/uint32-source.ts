/**
 * Ideal random bits for the block samplers (proofs-notes §13.1): a source of independent uniform
 * 32-bit unsigned integers, and two ways to build one from the project's seeded generators.
 *
 * @module
 */
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator'

/**
 * A source of random bits: every call returns the next of a sequence of independent uniform
 * integers in `[0, 2^32)`. The samplers of this folder are exact in law under that idealization
 * (proofs-notes §13.2); with a seeded generator they are as good as its bits.
 */
export type Uint32Source = () => number

/**
 * The source that reads `rng` (mutating it): each call is `rng.next() >>> 0`, pure-rand's next
 * 32-bit output (a signed integer in `[−2^31, 2^31)`, which `>>> 0` maps to `[0, 2^32)` one to one).
 *
 * @param rng - a pure-rand generator, e.g. `streamOf(seed, { kind: 'outcomes' })`; it is advanced by every call.
 * @returns a source drawing from `rng`, the same numbers in the same order as repeated `nextUint32(rng)`.
 */
export const uint32SourceOf =
  (rng: RandomGenerator): Uint32Source =>
  () =>
    rng.next() >>> 0

/**
 * A source that refills a buffer of `size` numbers through `fill` (for example a stream's
 * `uniformBlocks(seed, s).fill`) and hands them out in order: the same sequence as the underlying
 * stream, with one call of `fill` per `size` draws.
 *
 * @param fill - overwrites its argument with the next numbers of a stream of uniform 32-bit integers.
 * @param size - the buffer's length (a positive integer; 256 by default).
 * @returns the source.
 */
export const bufferedUint32Source = (fill: (out: Uint32Array) => void, size = 256): Uint32Source => {
  const buffer = new Uint32Array(size)
  let next = size
  return () => {
    if (next === size) {
      fill(buffer)
      next = 0
    }
    return buffer[next++]!
  }
}
