/**
 * The study's scenarios: the default five-provider LLM scenario built from the real-API facts
 * (`data/llm-apis.csv`) with the project's documented market defaults, and the abstract
 * two-provider instance whose manipulation range is a constant fraction of `R` (proofs-notes §6).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { type BuiltLlmInstance, type FactRow, type ProviderChoice, buildLlmInstance, readFactsFile } from '../codec/facts.ts'
import { scenarioCodec } from '../codec/instance.ts'
import { decodeScenario } from '../codec/report-errors.ts'
import { Decimal } from '../exact/decimal.ts'
import type { InstanceModel } from '../model/instance-model.ts'
import type { AbstractInstance, Instance, LlmMarket } from '../model/types.ts'

/** Where the facts live, relative to this module. */
export const DEFAULT_FACTS_URL: URL = new URL('../../data/llm-apis.csv', import.meta.url)

/** The name of the default LLM scenario (also `examples/default-llm.json`). */
export const DEFAULT_LLM_NAME = 'default-llm'

/** One documented scenario default: symbol, value, unit and where it is stated. */
export interface ScenarioDefault {
  /** Symbol of proofs-notes §2, e.g. `w`. */
  readonly symbol: string
  /** Its value (a decimal string, or a list for the `n_out` distribution). */
  readonly value: string
  /** What it is and its unit. */
  readonly meaning: string
}

/** The market defaults of the LLM scenario (proofs-notes §2.4). */
export const DEFAULT_MARKET: LlmMarket = {
  valuePerCorrect: new Decimal('0.05'),
  costRatio: new Decimal('0.5'),
  maxInflation: new Decimal('0.5'),
  inputTokens: 500,
  outputLengths: [200, 400, 600, 800].map((tokens) => ({ tokens, probability: new Decimal('0.25') })),
}

/** The defaults of {@link DEFAULT_MARKET}, as the report states them. */
export const DEFAULT_MARKET_DOC: readonly ScenarioDefault[] = [
  { symbol: 'w', value: '0.05', meaning: 'USD the user gains from a correct answer' },
  { symbol: 'κ', value: '0.5', meaning: "provider's true serving cost as a fraction of the list price" },
  { symbol: 'β̄', value: '0.5', meaning: 'largest inflation of billed output tokens (bill up to 1.5× the true count)' },
  { symbol: 'n_in', value: '500', meaning: 'prompt tokens per query' },
  { symbol: 'n_out', value: 'uniform on {200, 400, 600, 800} (mean 500)', meaning: 'honest output tokens per query' },
]

/**
 * The providers of the default scenario, in instance order: each premium model with the
 * substitute the facts list for it. Claude 3.5 Haiku has no sourced MMLU score, so Claude 3.5
 * Sonnet's substitute is excluded (it can only inflate); DeepSeek-V3 has no substitute.
 */
export const DEFAULT_PROVIDERS: readonly ProviderChoice[] = [
  { id: 'gpt-4o', premium: 'gpt-4o-2024-08-06', substitute: 'gpt-4o-mini-2024-07-18' },
  { id: 'claude-3.5-sonnet', premium: 'claude-3-5-sonnet-20241022', substitute: 'claude-3-5-haiku-20241022' },
  { id: 'gemini-1.5-pro', premium: 'gemini-1.5-pro-002', substitute: 'gemini-1.5-flash-002' },
  { id: 'llama-3.1-405b', premium: 'llama-3.1-405b-instruct', substitute: 'llama-3.1-70b-instruct' },
  { id: 'deepseek-v3', premium: 'deepseek-v3' },
]

/** The default LLM scenario built from facts rows (pure): the instance and the excluded substitutes. */
export const defaultLlmScenario = (rows: readonly FactRow[]): E.Either<readonly string[], BuiltLlmInstance> =>
  buildLlmInstance(rows, { name: DEFAULT_LLM_NAME, providers: DEFAULT_PROVIDERS, market: DEFAULT_MARKET })

/** Reads the facts file (default `data/llm-apis.csv`) and builds the default LLM scenario. */
export const loadDefaultLlmScenario = (facts: string | URL = DEFAULT_FACTS_URL): E.Either<readonly string[], BuiltLlmInstance> =>
  E.chain(defaultLlmScenario)(readFactsFile(facts))

/** The scenario file text of an instance (2-space JSON with a final newline), as in `examples/`. */
export const scenarioFileText = (inst: Instance): string => `${JSON.stringify(scenarioCodec.encode(inst), null, 2)}\n`

/** The JSON of the abstract instance of the study (a scenario file). */
export const ABSTRACT_SCENARIO_JSON = {
  kind: 'abstract',
  name: 'abstract-two-provider',
  range: { xLo: '0', xHi: '1' },
  noise: 'bernoulli',
  providers: [
    { id: 'a', honestMean: '0.8', honestProfit: '0.05', segments: [{ length: '0.7', slope: '1' }] },
    { id: 'b', honestMean: '0.6', honestProfit: '0.05', segments: [{ length: '0.5', slope: '1' }] },
  ],
} as const

/**
 * The abstract instance: two providers with `ū = 0.8` and `0.6`, range `[0, 1]`, Bernoulli
 * outcomes, slope-1 (pure transfer) frontiers down to `μ^min = 0.1`, honest profit 0.05. Its
 * manipulation ranges (0.7 and 0.5) are constant fractions of `R = 1`, so deviation gains are
 * of the order of the bounds (proofs-notes §6).
 */
export const abstractScenario = (): E.Either<readonly string[], AbstractInstance> => {
  const decoded = decodeScenario(ABSTRACT_SCENARIO_JSON)
  if (E.isLeft(decoded)) return decoded
  return decoded.right.kind === 'abstract' ? E.right(decoded.right) : E.left(['unreachable: the abstract scenario decoded as LLM'])
}

/** Type statistics of one provider (USD per query, exact decimal strings). */
export interface ProviderStats {
  readonly id: string
  /** Best service `ū`. */
  readonly honestMean: string
  /** Honest profit `π^h`. */
  readonly honestProfit: string
  /** Full-cheat mean `μ^min`. */
  readonly cheatMean: string
  /** Full-cheat profit `π̄`. */
  readonly cheatProfit: string
  /** Manipulation range `ū − μ^min`. */
  readonly manipulationRange: string
  /** `(ū − μ^min)/R`, rounded to 6 significant digits. */
  readonly manipulationShareOfR: string
}

/** The type statistics of every provider of a model. */
export const providerStats = (model: InstanceModel): readonly ProviderStats[] =>
  model.providers.map((p) => ({
    id: p.id,
    honestMean: p.honestMean.toString(),
    honestProfit: p.honestProfit.toString(),
    cheatMean: p.cheatMean.toString(),
    cheatProfit: p.cheatProfit.toString(),
    manipulationRange: p.honestMean.minus(p.cheatMean).toString(),
    manipulationShareOfR: p.honestMean.minus(p.cheatMean).div(model.R).toSignificantDigits(6).toString(),
  }))
