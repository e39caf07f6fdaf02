/**
 * The seed plan of a scenario (proofs-notes §11.2): three pairwise disjoint lists of seeds, one
 * per use.
 *
 * - **search** seeds score every candidate of the best-response search (common random numbers);
 * - **filter** seeds replicate a proposed switch before it is adopted (the significance filter);
 * - **re-measure** seeds measure what the search selected: the largest deviation gain of
 *   experiment (b) and the final profile's utilities of experiments (a), (c), (d).
 *
 * Both the search and the filter select, so an estimate of a selected quantity on either would be
 * biased upward (a maximum over noisy means, or a mean conditioned on passing a filter); the
 * re-measure seeds are used for nothing else. {@link checkSeedPlan} is the guard every consumer
 * calls.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'

/** The seeds of one scenario, by use; pairwise disjoint, no repeats (see {@link checkSeedPlan}). */
export interface SeedPlan {
  readonly search: readonly number[]
  readonly filter: readonly number[]
  readonly remeasure: readonly number[]
}

/** How many seeds of each use. */
export interface SeedCounts {
  readonly search: number
  readonly filter: number
  readonly remeasure: number
}

/** The k-th 32-bit seed of the stream of `master` (a fixed integer mix of the two). */
const mix = (master: number, k: number): number => {
  let h = (master + Math.imul(k + 1, 0x6d2b79f5)) | 0
  h = Math.imul(h ^ (h >>> 15), h | 1)
  h ^= h + Math.imul(h ^ (h >>> 7), h | 61)
  return (h ^ (h >>> 14)) | 0
}

/**
 * `count` distinct seeds derived from `master` alone: the stream `mix(master, 0), mix(master, 1), …`
 * with repeats skipped.
 */
export const distinctSeeds = (master: number, count: number): number[] => {
  const out: number[] = []
  const seen = new Set<number>()
  for (let k = 0; out.length < count; k++) {
    const s = mix(master, k)
    if (seen.has(s)) continue
    seen.add(s)
    out.push(s)
  }
  return out
}

/**
 * The seed plan of a scenario: one stream of distinct seeds from the master seed and the
 * scenario's salt, cut into search, filter and re-measure seeds in that order, so the three are
 * disjoint by construction (and the search seeds do not depend on the other counts).
 */
export const seedPlanFor = (master: number, salt: number, counts: SeedCounts): SeedPlan => {
  const all = distinctSeeds((master ^ Math.imul(salt, 0x9e3779b1)) | 0, counts.search + counts.filter + counts.remeasure)
  return {
    search: all.slice(0, counts.search),
    filter: all.slice(counts.search, counts.search + counts.filter),
    remeasure: all.slice(counts.search + counts.filter),
  }
}

/**
 * `Right(plan)` iff no seed repeats within a list and the three lists are pairwise disjoint;
 * otherwise `Left` naming the lists that share a seed and one shared seed.
 */
export const checkSeedPlan = (plan: SeedPlan): E.Either<string, SeedPlan> => {
  const owner = new Map<number, string>()
  for (const use of ['search', 'filter', 'remeasure'] as const)
    for (const s of plan[use]) {
      const prev = owner.get(s)
      if (prev !== undefined) return E.left(`seed plan: seed ${s} is used by both the ${prev} and the ${use} seeds (they must be disjoint)`)
      owner.set(s, use)
    }
  return E.right(plan)
}
