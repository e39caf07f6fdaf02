/**
 * Seeded randomness (pure-rand's xoroshiro128+): one stream for outcomes, one for the mechanism
 * and one per provider, all derived from the run's seed so that the same seed gives the same run.
 *
 * @module
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus'
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator'

/** The stream a random decision belongs to. */
export type Stream = { readonly kind: 'outcomes' } | { readonly kind: 'mechanism' } | { readonly kind: 'provider'; readonly index: number }

const streamSalt = (s: Stream): number =>
  s.kind === 'outcomes' ? 0 : s.kind === 'mechanism' ? 1 : 2 + s.index

/** The generator of stream `s` under run seed `seed` (a 32-bit integer). */
export const streamOf = (seed: number, s: Stream): RandomGenerator =>
  xoroshiro128plus((seed ^ Math.imul(0x9e3779b9, streamSalt(s) + 1)) | 0)

/** The next uniform 32-bit integer in `[0, 2^32)` (mutates `rng`). */
export const nextUint32 = (rng: RandomGenerator): number => rng.next() >>> 0

/**
 * A stream's uniforms drawn in blocks: `fill(out)` writes the next `out.length` numbers of the
 * stream, the same numbers in the same order as that many calls of {@link nextUint32} on
 * `streamOf(seed, s)`.
 */
export interface UniformBlocks {
  /** Overwrites `out` with the stream's next `out.length` uniform 32-bit integers. */
  readonly fill: (out: Uint32Array) => void
}

/**
 * The uniforms of stream `s` under run seed `seed`, in blocks. The generator is pure-rand's
 * xoroshiro128+, seeded by pure-rand ({@link streamOf}), then stepped here with its state in local
 * variables: pure-rand's `next()` reads and writes four object fields per draw, a loop-carried
 * dependency through memory that made drawing about a quarter of the engine's time per round.
 * (The engine tests replay runs with {@link nextUint32}, so a divergence would not go unnoticed.)
 */
export const uniformBlocks = (seed: number, s: Stream): UniformBlocks => {
  // pure-rand's state, in the order its getState() lists it: [s01, s00, s11, s10].
  const state = Int32Array.from(streamOf(seed, s).getState())
  return { fill: (out) => fillXoroshiro128plus(state, out) }
}

/** Steps xoroshiro128+ (pure-rand's 32-bit formulation) `out.length` times, updating `state`. */
const fillXoroshiro128plus = (state: Int32Array, out: Uint32Array): void => {
  let s01 = state[0]!
  let s00 = state[1]!
  let s11 = state[2]!
  let s10 = state[3]!
  for (let k = 0; k < out.length; k++) {
    // pure-rand's output is `(s00 + s10) | 0`; the Uint32Array store adds nextUint32's `>>> 0`.
    out[k] = (s00 + s10) | 0
    const a0 = s10 ^ s00
    const a1 = s11 ^ s01
    const t00 = s00
    const t01 = s01
    s00 = (t00 << 24) ^ (t01 >>> 8) ^ a0 ^ (a0 << 16)
    s01 = (t01 << 24) ^ (t00 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16))
    s10 = (a1 << 5) ^ (a0 >>> 27)
    s11 = (a0 << 5) ^ (a1 >>> 27)
  }
  state[0] = s01
  state[1] = s00
  state[2] = s11
  state[3] = s10
}
