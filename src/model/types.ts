/**
 * The delegation game's data (proofs-notes §1–§2): provider types, actions and instances.
 *
 * Two families of provider types share one interface:
 * - an **abstract** type gives its frontier directly, as a withholding schedule;
 * - an **LLM** type is a premium model with an optional cheaper substitute, priced by list prices.
 *
 * @module
 */
import type { Decimal } from '../exact/decimal.ts'

/**
 * One segment of an abstract frontier, read leftward from the honest mean `ū`: withholding up to
 * `length` more USD of net utility earns `slope` USD of profit per USD withheld.
 */
export interface WithholdingSegment {
  /** USD of net utility this segment lets the provider withhold (> 0). */
  readonly length: Decimal
  /** Profit per USD withheld on this segment, in (0, ∞); Assumption A needs every slope ≤ 1. */
  readonly slope: Decimal
}

/**
 * An abstract provider type. Its frontier is `F(ū) = π^h` and, moving left from `ū`, rises along
 * the segments; slopes must be non-increasing (the frontier is concave) and positive.
 */
export interface AbstractProvider {
  readonly kind: 'abstract'
  /** Provider id. */
  readonly id: string
  /** Best service `ū = μ(h)`: the honest mean net utility per round, in USD. */
  readonly honestMean: Decimal
  /** Honest profit `π^h ≥ 0` per round, in USD. */
  readonly honestProfit: Decimal
  /** The withholding schedule; the full-cheat mean is `ū − Σ length`. */
  readonly segments: readonly WithholdingSegment[]
}

/** How an abstract instance turns a mean into a random net utility. */
export type NoiseModel =
  /** `X = x_hi` with probability `(m − x_lo)/R`, else `x_lo` (one uniform per round). */
  | 'bernoulli'
  /** `X = m` exactly: the noise-free special case. */
  | 'none'

/** An LLM (premium or substitute) with its list prices and quality. */
export interface LlmModel {
  /** Model name, e.g. `gpt-4o-2024-08-06`. */
  readonly name: string
  /** Input list price, USD per 10^6 tokens. */
  readonly inputPrice: Decimal
  /** Output list price, USD per 10^6 tokens. */
  readonly outputPrice: Decimal
  /** Probability of a correct answer (e.g. MMLU/100). */
  readonly quality: Decimal
}

/** An LLM provider: advertises `premium`, may secretly serve `substitute` (if it has one). */
export interface LlmProvider {
  readonly kind: 'llm'
  /** Provider id. */
  readonly id: string
  /** The advertised model `H_i`; every bill uses its prices. */
  readonly premium: LlmModel
  /** The cheaper model `L_i`, or `undefined` when the provider can only inflate. */
  readonly substitute: LlmModel | undefined
}

/** One support point of the honest output-length distribution. */
export interface OutputLength {
  /** Output tokens. */
  readonly tokens: number
  /** Its probability. */
  readonly probability: Decimal
}

/** The public query and pricing parameters shared by all LLM providers (proofs-notes §2.1). */
export interface LlmMarket {
  /** User's value `w` of a correct answer, USD. */
  readonly valuePerCorrect: Decimal
  /** Cost-to-price ratio `κ ∈ (0, 1]`. */
  readonly costRatio: Decimal
  /** Largest inflation `β̄ ≥ 0` of billed output tokens. */
  readonly maxInflation: Decimal
  /** Prompt tokens `n_in`. */
  readonly inputTokens: number
  /** The honest output-length distribution (probabilities sum to 1). */
  readonly outputLengths: readonly OutputLength[]
}

/** An abstract instance: explicit frontiers and a public range `[x_lo, x_hi]`. */
export interface AbstractInstance {
  readonly kind: 'abstract'
  /** Instance name. */
  readonly name: string
  /** Lower end of the public range of `X`. */
  readonly xLo: Decimal
  /** Upper end of the public range of `X`. */
  readonly xHi: Decimal
  /** How means become random outcomes. */
  readonly noise: NoiseModel
  /** The providers (`n ≥ 2`). */
  readonly providers: readonly AbstractProvider[]
}

/** An LLM instance: providers priced in one market (proofs-notes §2); the range is derived from it. */
export interface LlmInstance {
  readonly kind: 'llm'
  /** Instance name. */
  readonly name: string
  /** Public query and pricing parameters. */
  readonly market: LlmMarket
  /** The providers (`n ≥ 2`). */
  readonly providers: readonly LlmProvider[]
}

/** A game instance. */
export type Instance = AbstractInstance | LlmInstance

/** An action of an abstract type: deliver mean `mean` (the frontier action at that mean). */
export interface AbstractAction {
  readonly kind: 'abstract'
  /** Delivered mean net utility, USD, in `[μ^min, ū]`. */
  readonly mean: Decimal
}

/**
 * An action of an LLM type: substitute with probability `sigmaThreshold / 2^32` and bill
 * `(1 + beta)·n_out` output tokens. Substitution probabilities are dyadic so that the one
 * uniform per round realizes them exactly.
 */
export interface LlmAction {
  readonly kind: 'llm'
  /** Substitution probability times 2^32, an integer in `[0, 2^32]`. */
  readonly sigmaThreshold: number
  /** Inflation `β ∈ [0, β̄]`. */
  readonly beta: Decimal
}

/** An action of some provider type. */
export type Action = AbstractAction | LlmAction
