/**
 * Exact samplers for block outcomes (proofs-notes §13.1, §13.2). A block of `k` rounds in which the
 * served provider's action, an `OutcomeTable`, stays fixed produces outcome counts whose law is a
 * product of multinomials over intervals of `[0, 2^32)`, because each round's branch, correctness
 * and length are decided by comparing uniform 32-bit words with integer thresholds. This folder
 * draws those counts in `O(log k)` binomial draws per threshold instead of `O(k)` rounds: a
 * {@link Uint32Source} supplies ideal random bits; {@link fairBinomial} draws Binomial(n, ½) exactly
 * in law (bit counting for small `n`, a lazily decided rejection sampler in O(1) expected draws for
 * large `n`); {@link dyadicCounts} and {@link dyadicBinomial} split `[0, 2^32)` in halves with fair
 * binomials; {@link outcomeCounts} (the {@link exactBlockSampler}) assembles a block's counts in
 * the indexing of `outcomeIndex`, and {@link exactSums} books their `Σ X` and `Σ Y` in bigints.
 * {@link biasedBlockSampler} is the deliberately wrong variant the law checks use to show their
 * power. The folder depends only on `src/model`'s types and pure-rand's generator type; the
 * engine in `src/sim` imports it, never the reverse.
 *
 * @module
 */
export {
  type BlockSampler,
  type BlockSums,
  type OutcomeCounts,
  biasedBlockSampler,
  exactBlockSampler,
  exactSums,
  outcomeCounts,
} from './block.ts'
export { DIRECT_MAX, WORDS, addDyadicCounts, dyadicBinomial, dyadicCounts } from './dyadic.ts'
export { POPCOUNT_MAX_N, fairBinomial, popcountBinomial, rejectionBinomial } from './fair-binomial.ts'
export { type Uint32Source, bufferedUint32Source, uint32SourceOf } from './uint32-source.ts'
