/**
 * Seeded randomness (pure-rand's xoroshiro128+): one stream for outcomes, one for the mechanism
 * and one per provider, all derived from the run's seed so that the same seed gives the same run.
 *
 * Every stream starts from a full 128-bit state drawn by SplitMix64 from the pair (run seed,
 * stream), as the authors of xoroshiro128+ recommend: SplitMix64's finalizer is a bijection of
 * 64-bit words with full avalanche, so seeds 1, 2, 3, … start from unrelated states. (Handing the
 * raw seed to `xoroshiro128plus(seed)` instead, as this module once did, fills the state with
 * `seed` and constants: neighbouring seeds then began from nearly the same state, and the first
 * outcome of a run was the same for every seed 1..20,000 — proofs-notes §9.2.)
 *
 * @module
 */
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus'
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator'

/** The stream a random decision belongs to. */
export type Stream = { readonly kind: 'outcomes' } | { readonly kind: 'mechanism' } | { readonly kind: 'provider'; readonly index: number }

/** The stream's index in the seeding key: outcomes 0, mechanism 1, provider i at 2 + i. */
const streamIndex = (s: Stream): number => (s.kind === 'outcomes' ? 0 : s.kind === 'mechanism' ? 1 : 2 + s.index)

const MASK64 = (1n << 64n) - 1n
/** SplitMix64's increment, ⌊2^64/φ⌋ (odd). */
const GOLDEN_GAMMA = 0x9e3779b97f4a7c15n

/** SplitMix64's output function (Stafford's Mix13 finalizer): a bijection of 64-bit words. */
const mix64 = (z0: bigint): bigint => {
  let z = z0 & MASK64
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64
  return z ^ (z >> 31n)
}

/**
 * The first `count` outputs of SplitMix64 started at `state` (a 64-bit word): output k is
 * `mix64(state + (k+1)·γ mod 2^64)`.
 */
export const splitMix64 = (state: bigint, count: number): bigint[] =>
  Array.from({ length: count }, (_, k) => mix64(state + BigInt(k + 1) * GOLDEN_GAMMA))

/**
 * The 128-bit xoroshiro128+ state `[s0, s1]` of stream `s` under run seed `seed`: the first two
 * SplitMix64 outputs started at the key `seed·2^32 + stream index` (seed taken as an unsigned
 * 32-bit word). Distinct (seed, stream) pairs give distinct keys; the two outputs are images of
 * two distinct words under a bijection, so the state is never all zero.
 */
export const seedState = (seed: number, s: Stream): readonly [bigint, bigint] => {
  const key = (BigInt(seed >>> 0) << 32n) | BigInt(streamIndex(s) >>> 0)
  const [s0, s1] = splitMix64(key, 2)
  return [s0!, s1!]
}

/** The two 32-bit halves of a 64-bit word as signed 32-bit integers, high half first. */
const halves = (w: bigint): [number, number] => [Number(BigInt.asIntN(32, w >> 32n)), Number(BigInt.asIntN(32, w))]

/** The generator of stream `s` under run seed `seed` (a 32-bit integer). */
export const streamOf = (seed: number, s: Stream): RandomGenerator => {
  const [s0, s1] = seedState(seed, s)
  // pure-rand's 32-bit formulation keeps [s01, s00, s11, s10]: high and low halves of s0, then of s1
  // (its output, the low half of s0 + s1, is (s00 + s10) | 0).
  return xoroshiro128plusFromState([...halves(s0), ...halves(s1)])
}

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
 * xoroshiro128+, seeded as in {@link streamOf}, then stepped here with its state in local
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
