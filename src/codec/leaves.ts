/**
 * Branded leaf schemas (io-ts `t.brand` brands): a value of a branded type has passed its check.
 * Each leaf's error name is the phrase a report shows after `expected`.
 *
 * @module
 */
import fc from 'fast-check'
import * as t from 'io-ts'
import type { Decimal } from '../exact/decimal.ts'
import { DecimalString, type DecimalSpec, decimalArbitrary, inBounds, smallBiasedBigInt } from './decimal-leaf.ts'
import { type Schema, brand, refine } from './schema.ts'

export { DECIMAL_PATTERN, DecimalString, type DecimalSpec, decimalArbitrary, decimalIn } from './decimal-leaf.ts'

/** Brand of {@link Usd}. */
export interface UsdBrand {
  readonly Usd: unique symbol
}
/** An exact USD amount read from a decimal string. */
export type Usd = t.Branded<Decimal, UsdBrand>
/** A USD amount written as a decimal string such as `"0.075"` (the arbitrary stays within ±10^6, 6 places). */
export const Usd: Schema<Usd, string> = brand(
  DecimalString,
  (d): d is Usd => d.isFinite(),
  'Usd',
  'an amount in USD as a decimal string such as "0.075"',
)

const brandedDecimal = <N extends string, B extends { readonly [K in N]: symbol }>(spec: DecimalSpec, brandName: N) => {
  const ok = inBounds(spec)
  return brand(
    DecimalString,
    (d): d is t.Branded<Decimal, B> => ok(d),
    brandName,
    spec.name,
    decimalArbitrary(spec) as fc.Arbitrary<t.Branded<Decimal, B>>,
  )
}

/** Brand of {@link Probability}. */
export interface ProbabilityBrand {
  readonly Probability: unique symbol
}
/** A probability: a decimal in [0, 1] with at most 9 places. */
export type Probability = t.Branded<Decimal, ProbabilityBrand>
/** {@link Probability} as a decimal string. */
export const Probability: Schema<Probability, string> = brandedDecimal<'Probability', ProbabilityBrand>(
  { min: '0', max: '1', maxPlaces: 9, name: 'a probability in [0,1]' },
  'Probability',
)

/** Brand of {@link Epsilon}. */
export interface EpsilonBrand {
  readonly Epsilon: unique symbol
}
/** The SBD parameter `ε ∈ (0, ½)`, at most 6 decimal places. */
export type Epsilon = t.Branded<Decimal, EpsilonBrand>
/** {@link Epsilon} as a decimal string. */
export const Epsilon: Schema<Epsilon, string> = brandedDecimal<'Epsilon', EpsilonBrand>(
  { min: '0', max: '0.5', minExclusive: true, maxExclusive: true, maxPlaces: 6, name: 'ε in (0, 1/2) with at most 6 decimal places' },
  'Epsilon',
)

const JsonNumber: Schema<number> = {
  codec: t.number,
  arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }),
  json: { type: 'number' },
}

const brandedInt = <N extends string, B extends { readonly [K in N]: symbol }>(min: number, max: number, brandName: N, name: string) =>
  brand(
    JsonNumber,
    (n): n is t.Branded<number, B> => Number.isInteger(n) && n >= min && n <= max,
    brandName,
    name,
    smallBiasedBigInt(BigInt(min), BigInt(max)).map((n) => Number(n) as t.Branded<number, B>),
    { type: 'integer', minimum: min, maximum: max },
  )

/** Brand of {@link TokenCount}. */
export interface TokenCountBrand {
  readonly TokenCount: unique symbol
}
/** A token count: an integer in [0, 10^6], written as a JSON number. */
export type TokenCount = t.Branded<number, TokenCountBrand>
/** {@link TokenCount} as a JSON number. */
export const TokenCount: Schema<TokenCount, number> = brandedInt<'TokenCount', TokenCountBrand>(
  0,
  1_000_000,
  'TokenCount',
  'a token count (an integer in [0, 10^6])',
)

/** Brand of {@link Round}. */
export interface RoundBrand {
  readonly Round: unique symbol
}
/** A round number `t ≥ 1` (a safe integer). */
export type Round = t.Branded<number, RoundBrand>
/** {@link Round} as a JSON number. */
export const Round: Schema<Round, number> = brandedInt<'Round', RoundBrand>(
  1,
  Number.MAX_SAFE_INTEGER,
  'Round',
  'a round number (a positive safe integer)',
)

/** Brand of {@link Horizon}. */
export interface HorizonBrand {
  readonly Horizon: unique symbol
}
/** A horizon `T`: an integer in [1, 10^9]. */
export type Horizon = t.Branded<number, HorizonBrand>
/** {@link Horizon} as a JSON number. */
export const Horizon: Schema<Horizon, number> = brandedInt<'Horizon', HorizonBrand>(
  1,
  1_000_000_000,
  'Horizon',
  'a horizon T (an integer in [1, 10^9])',
)

/** The spelling of a provider id. */
export const PROVIDER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/
const ID_FIRST = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789']
const JsonString: Schema<string> = { codec: t.string, arbitrary: fc.string(), json: { type: 'string' } }

/** Brand of {@link ProviderId}. */
export interface ProviderIdBrand {
  readonly ProviderId: unique symbol
}
/** A provider id matching {@link PROVIDER_ID_PATTERN}. */
export type ProviderId = t.Branded<string, ProviderIdBrand>
/** {@link ProviderId} as a JSON string. */
export const ProviderId: Schema<ProviderId, string> = brand(
  JsonString,
  (s): s is ProviderId => PROVIDER_ID_PATTERN.test(s),
  'ProviderId',
  'a provider id',
  fc
    .tuple(fc.constantFrom(...ID_FIRST), fc.string({ unit: fc.constantFrom(...ID_FIRST, '.', '_', '-'), maxLength: 8 }))
    .map(([a, b]) => (a + b) as ProviderId),
  { pattern: PROVIDER_ID_PATTERN.source },
)

/** An instance or model name: a non-empty string of at most 200 characters. */
export const Name: Schema<string> = refine(
  JsonString,
  (s) => s.length >= 1 && s.length <= 200,
  'a non-empty name of at most 200 characters',
  fc.string({ minLength: 1, maxLength: 24 }),
  { minLength: 1, maxLength: 200 },
)
