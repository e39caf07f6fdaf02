/**
 * The JSON form of an LLM instance (proofs-notes §2) and its checks:
 *
 * ```json
 * { "kind": "llm", "name": "…",
 *   "market": { "valuePerCorrect": "0.05", "costRatio": "0.5", "maxInflation": "0.5", "inputTokens": 500,
 *               "outputLengths": [ { "tokens": 200, "probability": "0.25" } ] },
 *   "providers": [ { "id": "openai", "premium": { "name": "…", "inputPrice": "2.5", "outputPrice": "10",
 *                    "quality": "0.887" }, "substitute": { … } } ] }
 * ```
 *
 * Cross-field rules: output-length probabilities sum to exactly 1 with distinct token counts;
 * unique provider ids, n ≥ 2. An absent `substitute` decodes as `undefined`.
 *
 * @module
 */
import fc from 'fast-check'
import { Decimal, dmax, dmin, dsum } from '../exact/decimal.ts'
import { Name, Probability, ProviderId, TokenCount, decimalIn } from './leaves.ts'
import { roundLimitIssues } from '../model/round-limits.ts'
import type { LlmInstance } from '../model/types.ts'
import { providerList } from './providers.ts'
import { type Issue, type OutputOf, type TypeOf, array, check, implied, literal, optional, refine, struct } from './schema.ts'

/** A list price, USD per 10^6 tokens. */
export const Price = decimalIn({
  min: '0',
  minExclusive: true,
  max: '1000000',
  maxPlaces: 4,
  name: 'a positive price in USD per 10^6 tokens with at most 4 decimal places',
})

/** A model: name, list prices and quality. */
export const ModelSchema = struct({ name: Name, inputPrice: Price, outputPrice: Price, quality: Probability }, 'a model object')

/** An LLM provider (`kind` is implied, not written); `substitute` may be absent. */
export const LlmProviderSchema = struct(
  { kind: implied('llm'), id: ProviderId, premium: ModelSchema, substitute: optional(ModelSchema) },
  'a provider object',
)

const PositiveTokens = refine(
  TokenCount,
  (n) => n >= 1,
  'a positive token count (an integer in [1, 10^6])',
  TokenCount.arbitrary.filter((n) => n >= 1),
  { minimum: 1 },
)
const OutputLength = struct({ tokens: PositiveTokens, probability: Probability }, 'an output length object')

const lengthIssues = (ls: readonly TypeOf<typeof OutputLength>[]): Issue[] => {
  const sum = dsum(ls.map((l) => l.probability))
  const seen = new Map<number, number>()
  const dup = ls.flatMap((l, i): Issue[] => {
    const j = seen.get(l.tokens)
    if (j === undefined) seen.set(l.tokens, i)
    return j === undefined ? [] : [{ path: [i, 'tokens'], message: `duplicate token count ${l.tokens}, already at outputLengths[${j}]` }]
  })
  return [...(sum.eq(1) ? [] : [{ path: [], message: `probabilities must sum to 1, got ${sum.toString()}` }]), ...dup]
}

/** 1 to 5 distinct lengths with positive probabilities on a grid of 10^(−p), summing to exactly 1. */
const outputLengthsArbitrary = fc.integer({ min: 1, max: 5 }).chain((k) =>
  fc
    .record({
      tokens: fc.uniqueArray(PositiveTokens.arbitrary, { minLength: k, maxLength: k }),
      places: fc.integer({ min: 1, max: 4 }),
    })
    .chain(({ tokens, places }) => {
      const total = 10 ** places
      return fc.uniqueArray(fc.integer({ min: 1, max: total - 1 }), { minLength: k - 1, maxLength: k - 1 }).map((cuts) => {
        const points = [0, ...[...cuts].sort((a, b) => a - b), total]
        return tokens.map((t, i) => ({
          tokens: t,
          probability: new Decimal(`${points[i + 1]! - points[i]!}e-${places}`) as Probability,
        }))
      })
    }),
)

/** The honest output-length distribution. */
export const OutputLengths = check(
  array(OutputLength, { minLength: 1, maxLength: 1000, name: 'a list of 1 to 1000 output lengths' }),
  lengthIssues,
  outputLengthsArbitrary,
)

/** The public market parameters. */
export const MarketSchema = struct(
  {
    valuePerCorrect: decimalIn({
      min: '0',
      minExclusive: true,
      max: '1000000',
      maxPlaces: 6,
      name: 'a positive amount in USD of at most 10^6 with at most 6 decimal places',
    }),
    costRatio: decimalIn({
      min: '0',
      minExclusive: true,
      max: '1',
      maxPlaces: 3,
      name: 'a cost-to-price ratio in (0,1] with at most 3 decimal places',
    }),
    maxInflation: decimalIn({ min: '0', max: '10', maxPlaces: 4, name: 'an inflation bound in [0,10] with at most 4 decimal places' }),
    inputTokens: TokenCount,
    outputLengths: OutputLengths,
  },
  'a market object',
)

const llmStruct = struct(
  { kind: literal('llm'), name: Name, market: MarketSchema, providers: providerList(LlmProviderSchema) },
  'an LLM scenario object',
)
/** LLM scenarios as the struct draws them, before they are fitted to the grid: some exceed the per-round limit. */
export const unfittedLlmArbitrary = llmStruct.arbitrary

const limitIssues = (s: TypeOf<typeof llmStruct>): readonly Issue[] => roundLimitIssues(s as LlmInstance)

const fitPrice = <P extends Decimal>(p: P): P => dmin(new Decimal(10), dmax(new Decimal('0.1'), p.toDecimalPlaces(1))) as P
/**
 * A generated scenario beyond the per-round limit made to fit: prices rounded to 1 place within
 * [0.1, 10] and the value per correct answer capped at 50 USD, so the grid is at most 10^(−11) USD
 * and every bill (at most 120 USD) and the width stay below its limit of about 175 USD.
 */
const fitToGrid = (s: TypeOf<typeof llmStruct>): TypeOf<typeof llmStruct> => {
  const model = <M extends TypeOf<typeof ModelSchema>>(m: M): M => ({
    ...m,
    inputPrice: fitPrice(m.inputPrice),
    outputPrice: fitPrice(m.outputPrice),
  })
  return {
    ...s,
    market: { ...s.market, valuePerCorrect: dmin(new Decimal(50), s.market.valuePerCorrect) as typeof s.market.valuePerCorrect },
    providers: s.providers.map((p) => ({
      ...p,
      premium: model(p.premium),
      ...(p.substitute === undefined ? {} : { substitute: model(p.substitute) }),
    })),
  }
}

/**
 * A whole LLM scenario; its decoded type is an `LlmInstance` (with branded leaves). Every
 * per-round amount must lie within the money grid's limit (§3.4).
 */
export const LlmScenario = check(
  llmStruct,
  limitIssues,
  llmStruct.arbitrary.map((s) => (limitIssues(s).length === 0 ? s : fitToGrid(s))),
)

/** The decoded form of an LLM scenario (a subtype of `LlmInstance`). */
export type LlmShape = TypeOf<typeof LlmScenario>
/** The JSON form of an LLM scenario. */
export type LlmJson = OutputOf<typeof LlmScenario>
