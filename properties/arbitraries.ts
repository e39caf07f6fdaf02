/**
 * Shared fast-check arbitraries for the property suites: valid instances built constructively.
 */
import fc from 'fast-check'
import { Decimal } from '../src/exact/decimal.ts'
import type { AbstractInstance, AbstractProvider, LlmInstance, NoiseModel } from '../src/model/types.ts'

const cents = (k: number): Decimal => new Decimal(k).div(100)
const milli = (k: number): Decimal => new Decimal(k).div(1000)

/** Options of {@link abstractInstance}. */
export interface AbstractOptions {
  readonly minProviders?: number
  readonly maxProviders?: number
  readonly noise?: NoiseModel | 'any'
  /** Force slope-1 single-segment frontiers (the pure-transfer family). */
  readonly linear?: boolean
  /** Smallest manipulation range `ū − μ^min` as a fraction of `R` in percent (default 5). */
  readonly minRangePercent?: number
}

const provider = (id: string, linear: boolean, minRangePercent: number): fc.Arbitrary<AbstractProvider> =>
  fc
    .record({
      mean: fc.integer({ min: 20 + minRangePercent, max: 95 }),
      // π^h ≤ 0.05 keeps the full-cheat profit π̄ ≤ R = 1 (Assumption P of Theorem 1, proofs-notes §1.3).
      profit: fc.integer({ min: 0, max: 5 }),
      cut: fc.integer({ min: 0, max: 100 }),
      slopes: linear ? fc.constant([1000]) : fc.array(fc.integer({ min: 100, max: 1000 }), { minLength: 1, maxLength: 3 }),
    })
    .map(({ mean, profit, cut, slopes }) => {
      // The manipulation range runs from ū down to somewhere in [0, ū − minRange].
      const span = minRangePercent + Math.floor(((mean - minRangePercent) * cut) / 100)
      const sorted = [...slopes].sort((a, b) => b - a)
      const pieces = sorted.length
      const lengths = sorted.map((_, k) => Math.floor(span / pieces) + (k < span % pieces ? 1 : 0)).filter((l) => l > 0)
      return {
        kind: 'abstract' as const,
        id,
        honestMean: cents(mean),
        honestProfit: cents(profit),
        segments: lengths.map((l, k) => ({ length: cents(l), slope: milli(sorted[k]!) })),
      }
    })

/** Valid abstract instances on the range [0, 1] (ū on a 0.01 grid, concave frontiers with slopes ≤ 1). */
export const abstractInstance = (o: AbstractOptions = {}): fc.Arbitrary<AbstractInstance> => {
  const linear = o.linear ?? false
  const minRange = o.minRangePercent ?? 5
  return fc
    .integer({ min: o.minProviders ?? 2, max: o.maxProviders ?? 4 })
    .chain((n) =>
      fc.record({
        providers: fc.tuple(...Array.from({ length: n }, (_, i) => provider(`p${i}`, linear, minRange))),
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
}

const QUALITIES = ['0.887', '0.82', '0.819', '0.779', '0.886', '0.918', '0.883', '0.685'] as const

/**
 * Valid LLM instances with prices and qualities drawn near the real-API facts; the substitute's
 * quality is up to `maxQualityDrop` (in thousandths, default 150) below the premium model's.
 */
export const llmInstance = (maxProviders = 4, maxQualityDrop = 150): fc.Arbitrary<LlmInstance> =>
  fc
    .array(
      fc.record({
        inPrice: fc.integer({ min: 75, max: 15000 }),
        outRatio: fc.integer({ min: 1, max: 5 }),
        cheaper: fc.integer({ min: 2, max: 40 }),
        q: fc.constantFrom(...QUALITIES),
        drop: fc.integer({ min: 0, max: maxQualityDrop }),
        hasSubstitute: fc.boolean(),
      }),
      { minLength: 2, maxLength: maxProviders },
    )
    .chain((ps) =>
      fc
        .record({
          w: fc.integer({ min: 1, max: 100 }),
          kappa: fc.integer({ min: 1, max: 10 }),
          betaBar: fc.integer({ min: 0, max: 10 }),
          nIn: fc.integer({ min: 10, max: 2000 }),
          lengths: fc.uniqueArray(fc.integer({ min: 1, max: 2000 }), { minLength: 1, maxLength: 4 }),
        })
        .map(({ w, kappa, betaBar, nIn, lengths }) => {
          const quarter = new Decimal(1).div(lengths.length)
          const probs = lengths.map((_, k) => (k < lengths.length - 1 ? quarter.toDecimalPlaces(4, Decimal.ROUND_DOWN) : new Decimal(0)))
          const rest = new Decimal(1).minus(probs.reduce((a, b) => a.plus(b), new Decimal(0)))
          probs[lengths.length - 1] = rest
          return {
            kind: 'llm' as const,
            name: 'generated-llm',
            market: {
              valuePerCorrect: cents(w),
              costRatio: new Decimal(kappa).div(10),
              maxInflation: new Decimal(betaBar).div(10),
              inputTokens: nIn,
              outputLengths: lengths.map((tokens, k) => ({ tokens, probability: probs[k]! })),
            },
            providers: ps.map((p, i) => {
              const inputPrice = milli(p.inPrice)
              const premium = { name: `m${i}`, inputPrice, outputPrice: inputPrice.times(p.outRatio), quality: new Decimal(p.q) }
              const substitute = p.hasSubstitute
                ? {
                    name: `m${i}-small`,
                    inputPrice: milli(Math.max(1, Math.floor(p.inPrice / p.cheaper))),
                    outputPrice: milli(Math.max(1, Math.floor(p.inPrice / p.cheaper))).times(p.outRatio),
                    quality: Decimal.max(0, new Decimal(p.q).minus(milli(p.drop))),
                  }
                : undefined
              return { kind: 'llm' as const, id: `p${i}`, premium, substitute }
            }),
          }
        }),
    )

/** Seeds for simulation runs. */
export const seedArb: fc.Arbitrary<number> = fc.integer({ min: 0, max: 2 ** 31 - 1 })

/**
 * The worked example of proofs-notes §6–§7: n = 3, ū = (0.8, 0.6, 0.5) on [0, 1], Bernoulli noise, zero
 * honest profit, slope-1 frontiers down to 0.1.
 */
export const specExample = (name: string): AbstractInstance => ({
  kind: 'abstract',
  name,
  xLo: new Decimal(0),
  xHi: new Decimal(1),
  noise: 'bernoulli',
  providers: ['0.8', '0.6', '0.5'].map((u, i) => ({
    kind: 'abstract' as const,
    id: `p${i}`,
    honestMean: new Decimal(u),
    honestProfit: new Decimal(0),
    segments: [{ length: new Decimal(u).minus('0.1'), slope: new Decimal(1) }],
  })),
})

/**
 * The power-check instance: two Bernoulli providers far apart (ū = 0.9 and 0.5 on [0, 1]) with wide
 * slope-1 manipulation ranges, so a broken mechanism's Θ(T) leak exceeds η at moderate T.
 */
export const powerInstance = (honestProfit: string): AbstractInstance => ({
  kind: 'abstract',
  name: 'power',
  xLo: new Decimal(0),
  xHi: new Decimal(1),
  noise: 'bernoulli',
  providers: [
    {
      kind: 'abstract',
      id: 'strong',
      honestMean: new Decimal('0.9'),
      honestProfit: new Decimal(honestProfit),
      segments: [{ length: new Decimal('0.8'), slope: new Decimal(1) }],
    },
    {
      kind: 'abstract',
      id: 'weak',
      honestMean: new Decimal('0.5'),
      honestProfit: new Decimal(honestProfit),
      segments: [{ length: new Decimal('0.4'), slope: new Decimal(1) }],
    },
  ],
})
