/**
 * The seeding battery (proofs-notes §9.2): for every stream (outcomes, mechanism, providers 0..3)
 * and every draw index k < 64, the k-th uniform must be uniform across consecutive seeds,
 * independent between seeds s and s + 1, and independent of the outcomes stream's k-th uniform
 * under the same seed. Every check compares the count of one equiprobable cell with its exact
 * binomial acceptance interval (./binomial-tails.ts); a union bound over all cells of all checks
 * keeps the battery's false-alarm probability below {@link FAMILY_ALPHA_INVERSE}⁻¹.
 */
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator'
import type { Stream } from '../../src/sim/rng.ts'
import { type CellBounds, binomialCellBounds } from './binomial-tails.ts'

/** A seeding scheme under test: the generator of a stream under a run seed. */
export type Seeding = (seed: number, s: Stream) => RandomGenerator

/** The streams the battery checks, outcomes first. */
export const STREAMS: readonly Stream[] = [
  { kind: 'outcomes' },
  { kind: 'mechanism' },
  ...[0, 1, 2, 3].map((index): Stream => ({ kind: 'provider', index })),
]

/** Draw indices checked per stream: k = 0, …, DRAWS − 1. */
export const DRAWS = 64
/** Seeds per range (even); the pair checks use seeds start .. start + SEEDS. */
export const SEEDS = 8192
/** Bins of the uniformity check (top 4 bits). */
const UNIFORM_BINS = 16
/** Bins per coordinate of the pair checks (top 2 bits each, 16 cells). */
const PAIR_BINS = 4

/** The battery's family-wise false-alarm probability is at most 1 / FAMILY_ALPHA_INVERSE = 10⁻⁹. */
export const FAMILY_ALPHA_INVERSE = 10n ** 9n
/** Upper bound on the number of one-sided cell tails tested across all ranges a suite runs (2^17). */
const TAILS_BUDGET = 1n << 17n

/** One failed cell: which check, where, its count and its acceptance interval. */
export interface CellFailure {
  readonly check: 'uniform' | 'seed pairs (even)' | 'seed pairs (odd)' | 'with outcomes'
  readonly stream: string
  readonly k: number
  readonly cell: number
  readonly count: number
  readonly bounds: CellBounds
}

/** The number of one-sided tails one range of the battery tests (for the union bound). */
export const tailsPerRange: number =
  2 * (STREAMS.length * DRAWS * (UNIFORM_BINS + 2 * PAIR_BINS ** 2) + (STREAMS.length - 1) * DRAWS * PAIR_BINS ** 2)

const perTailInverseAlpha = FAMILY_ALPHA_INVERSE * TAILS_BUDGET
/** Exact acceptance intervals: N seeds over 16 bins, and N/2 disjoint pairs over 16 cells. */
const uniformBounds = binomialCellBounds(SEEDS, UNIFORM_BINS, perTailInverseAlpha)
const pairBounds = binomialCellBounds(SEEDS / 2, PAIR_BINS ** 2, perTailInverseAlpha)
const crossBounds = binomialCellBounds(SEEDS, PAIR_BINS ** 2, perTailInverseAlpha)

/** The acceptance intervals in use, for the suite's report. */
export const bounds = { uniformBounds, pairBounds, crossBounds }

const streamName = (s: Stream): string => (s.kind === 'provider' ? `provider ${s.index}` : s.kind)

/** draws[seedOffset][k]: the first DRAWS uniforms of stream `s` for seeds start .. start + SEEDS. */
const drawsOf = (seeding: Seeding, start: number, s: Stream): Uint32Array[] =>
  Array.from({ length: SEEDS + 1 }, (_, o) => {
    const g = seeding((start + o) | 0, s)
    return Uint32Array.from({ length: DRAWS }, () => g.next() >>> 0)
  })

/** Every cell of every check that falls outside its exact acceptance interval, seeds start .. start + SEEDS. */
export const seedBatteryFailures = (seeding: Seeding, start: number): CellFailure[] => {
  const failures: CellFailure[] = []
  const tally = (check: CellFailure['check'], stream: string, k: number, counts: Uint32Array, b: CellBounds): void => {
    counts.forEach((count, cell) => {
      if (count < b.lo || count > b.hi) failures.push({ check, stream, k, cell, count, bounds: b })
    })
  }
  const all = STREAMS.map((s) => drawsOf(seeding, start, s))
  const outcomes = all[0]!
  STREAMS.forEach((s, si) => {
    const x = all[si]!
    for (let k = 0; k < DRAWS; k++) {
      const uniform = new Uint32Array(UNIFORM_BINS)
      const even = new Uint32Array(PAIR_BINS ** 2)
      const odd = new Uint32Array(PAIR_BINS ** 2)
      const cross = new Uint32Array(PAIR_BINS ** 2)
      const top2 = (o: number): number => x[o]![k]! >>> 30
      for (let o = 0; o < SEEDS; o++) {
        uniform[x[o]![k]! >>> 28]!++
        const cell = top2(o) * PAIR_BINS + top2(o + 1)
        if (o % 2 === 0) even[cell]!++
        else odd[cell]!++
        if (si > 0) cross[(outcomes[o]![k]! >>> 30) * PAIR_BINS + top2(o)]!++
      }
      tally('uniform', streamName(s), k, uniform, uniformBounds)
      tally('seed pairs (even)', streamName(s), k, even, pairBounds)
      tally('seed pairs (odd)', streamName(s), k, odd, pairBounds)
      if (si > 0) tally('with outcomes', streamName(s), k, cross, crossBounds)
    }
  })
  return failures
}

/** The union bound's budget must cover the tails tested by `ranges` ranges. */
export const withinTailBudget = (ranges: number): boolean => BigInt(ranges * tailsPerRange) <= TAILS_BUDGET
