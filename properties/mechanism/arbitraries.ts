/**
 * Arbitraries of the mechanism suites: valid abstract instances on the range [0, 1], horizons and
 * seeds, and small test-local strategies.
 */
import fc from 'fast-check'
import { Decimal } from '../../src/exact/decimal.ts'
import type { AbstractInstance, AbstractProvider, NoiseModel } from '../../src/model/types.ts'

const cents = (k: number): Decimal => new Decimal(k).div(100)
/** Slopes on a 0.05 grid. */
const twentieths = (k: number): Decimal => new Decimal(k).div(20)

/**
 * A valid abstract provider: `ū` on a 0.01 grid in [0.01, 1], honest profit in [0, 0.2], one or
 * two withholding segments (lengths on a 0.01 grid with `μ^min ≥ 0`, slopes in (0, 1],
 * non-increasing).
 */
export const abstractProvider = (id: string, minMean = 1, maxMean = 100): fc.Arbitrary<AbstractProvider> =>
  fc
    .record({
      mean: fc.integer({ min: minMean, max: maxMean }),
      profit: fc.integer({ min: 0, max: 20 }),
      first: fc.double({ min: 0, max: 1, noNaN: true }),
      second: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
      slope1: fc.integer({ min: 1, max: 20 }),
      slope2: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    .map(({ mean, profit, first, second, slope1, slope2 }) => {
      // Lengths in cents: l1 ≥ 1 and l1 + l2 ≤ ū.
      const l1 = 1 + Math.min(mean - 1, Math.floor(first * mean))
      const room = mean - l1
      const l2 = second === undefined || room === 0 ? 0 : 1 + Math.min(room - 1, Math.floor(second * room))
      const s2 = 1 + Math.min(slope1 - 1, Math.floor(slope2 * slope1))
      const segments = [{ length: cents(l1), slope: twentieths(slope1) }]
      if (l2 > 0) segments.push({ length: cents(l2), slope: twentieths(s2) })
      return { kind: 'abstract' as const, id, honestMean: cents(mean), honestProfit: cents(profit), segments }
    })

/** Options of {@link abstractInstance}. */
export interface InstanceOptions {
  /** Noise model, or `'any'` (default). */
  readonly noise?: NoiseModel | 'any'
  /** Fewest providers (default 2). */
  readonly minProviders?: number
  /** Most providers (default 5). */
  readonly maxProviders?: number
}

/** Valid abstract instances on [0, 1] with `n` in 2..5 (by default) providers `p0, p1, …`. */
export const abstractInstance = (o: InstanceOptions = {}): fc.Arbitrary<AbstractInstance> =>
  fc
    .integer({ min: o.minProviders ?? 2, max: o.maxProviders ?? 5 })
    .chain((n) =>
      fc.record({
        providers: fc.tuple(...Array.from({ length: n }, (_, i) => abstractProvider(`p${i}`))),
        noise: o.noise === undefined || o.noise === 'any' ? fc.constantFrom<NoiseModel>('bernoulli', 'none') : fc.constant(o.noise),
      }),
    )
    .map(({ providers, noise }) => ({
      kind: 'abstract' as const,
      name: 'generated',
      xLo: new Decimal(0),
      xHi: new Decimal(1),
      noise,
      providers,
    }))

/**
 * Instances whose providers can deliver any mean in [0, 1]: `ū = 1`, one segment of length 1
 * (so `μ^min = 0`) with a random slope ≤ 1.
 */
export const fullRangeInstance = (noise: NoiseModel, minProviders = 2, maxProviders = 5): fc.Arbitrary<AbstractInstance> =>
  fc
    .array(fc.record({ slope: fc.integer({ min: 1, max: 20 }), profit: fc.integer({ min: 0, max: 20 }) }), {
      minLength: minProviders,
      maxLength: maxProviders,
    })
    .map((ps) => ({
      kind: 'abstract' as const,
      name: 'full-range',
      xLo: new Decimal(0),
      xHi: new Decimal(1),
      noise,
      providers: ps.map(({ slope, profit }, i) => ({
        kind: 'abstract' as const,
        id: `p${i}`,
        honestMean: new Decimal(1),
        honestProfit: cents(profit),
        segments: [{ length: new Decimal(1), slope: twentieths(slope) }],
      })),
    }))

/** Horizons `T` in 50..5000. */
export const horizon = (min = 50, max = 5000): fc.Arbitrary<number> => fc.integer({ min, max })

/** Run seeds (32-bit integers). */
export const seed: fc.Arbitrary<number> = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })

/** Names of the strategies {@link strategyFor} knows. */
export const STRATEGY_KINDS = ['honest', 'full-cheat', 'recommended', 'constant', 'random'] as const

/** One strategy choice per provider: a kind and a parameter in [0, 1] (used by `constant`). */
export const strategyChoice = fc.record({ kind: fc.constantFrom(...STRATEGY_KINDS), level: fc.integer({ min: 0, max: 100 }) })
