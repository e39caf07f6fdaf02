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
