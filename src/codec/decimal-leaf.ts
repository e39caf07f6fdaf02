/**
 * Exact decimals in JSON: a decimal is always written as a *string* (`"0.075"`), so no binary
 * floating point ever touches it. Decoding parses with the project's Decimal clone; encoding
 * writes the canonical `toString()` (never exponent notation: the clone's toExpNeg/toExpPos are
 * −60/60 and every decoded value lies far inside them).
 *
 * @module
 */
import fc from 'fast-check'
import * as t from 'io-ts'
import { Decimal } from '../exact/decimal.ts'
import { type Schema, refine } from './schema.ts'

/** The accepted spelling of a decimal: optional minus, no leading zeros, no exponent, no `+`. */
export const DECIMAL_PATTERN = /^-?(0|[1-9]\d*)(\.\d+)?$/

/** Longest accepted decimal string (keeps parsing cheap on hostile input). */
export const MAX_DECIMAL_LENGTH = 100

const isDecimal = (u: unknown): u is Decimal => Decimal.isDecimal(u) && u.isFinite()

/** Bounds and precision of a decimal field. */
export interface DecimalBounds {
  /** Smallest value (inclusive unless `minExclusive`). */
  readonly min: string
  /** Largest value (inclusive unless `maxExclusive`). */
  readonly max: string
  /** Most decimal places (trailing zeros do not count: `"0.50"` has one). */
  readonly maxPlaces: number
  /** Excludes `min` itself. */
  readonly minExclusive?: boolean
  /** Excludes `max` itself. */
  readonly maxExclusive?: boolean
}

/** A decimal field's bounds and the human name its errors use, e.g. `a probability in [0,1]`. */
export interface DecimalSpec extends DecimalBounds {
  /** What an error says was expected. */
  readonly name: string
}

/** The predicate of `bounds`. */
export const inBounds =
  (bounds: DecimalBounds) =>
  (d: Decimal): boolean =>
    (bounds.minExclusive === true ? d.gt(bounds.min) : d.gte(bounds.min)) &&
    (bounds.maxExclusive === true ? d.lt(bounds.max) : d.lte(bounds.max)) &&
    d.decimalPlaces() <= bounds.maxPlaces

/**
 * Decimals within `bounds`, built from an integer mantissa and a place count: biased to short
 * decimals of small magnitude (mantissa within ±1000 three times in four) and to the ends of the range.
 */
export const decimalArbitrary = (bounds: DecimalBounds): fc.Arbitrary<Decimal> => {
  const ranges: { readonly places: number; readonly lo: bigint; readonly hi: bigint }[] = []
  for (let places = 0; places <= bounds.maxPlaces; places++) {
    const scale = new Decimal(10).pow(places)
    const lo = new Decimal(bounds.min).times(scale)
    const hi = new Decimal(bounds.max).times(scale)
    const loInt = lo.ceil().plus(bounds.minExclusive === true && lo.isInteger() ? 1 : 0)
    const hiInt = hi.floor().minus(bounds.maxExclusive === true && hi.isInteger() ? 1 : 0)
    if (loInt.lte(hiInt)) ranges.push({ places, lo: BigInt(loInt.toFixed(0)), hi: BigInt(hiInt.toFixed(0)) })
  }
  if (ranges.length === 0) throw new RangeError(`no decimal satisfies ${JSON.stringify(bounds)}`)
  return fc.constantFrom(...ranges).chain((r) => smallBiasedBigInt(r.lo, r.hi).map((m) => new Decimal(`${m}e-${r.places}`)))
}

/** Integers in `[lo, hi]`, three times in four from the part within ±1000 (when it is not empty). */
export const smallBiasedBigInt = (lo: bigint, hi: bigint): fc.Arbitrary<bigint> => {
  const full = fc.bigInt({ min: lo, max: hi })
  const smallLo = lo > -1000n ? lo : -1000n
  const smallHi = hi < 1000n ? hi : 1000n
  return smallLo <= smallHi
    ? fc.oneof({ weight: 3, arbitrary: fc.bigInt({ min: smallLo, max: smallHi }) }, { weight: 1, arbitrary: full })
    : full
}

/** Any decimal written as a JSON string matching {@link DECIMAL_PATTERN}; `-0` decodes as `0`. */
export const DecimalString: Schema<Decimal, string> = {
  codec: new t.Type<Decimal, string, unknown>(
    'a decimal string such as "0.075"',
    isDecimal,
    (u, c) => {
      if (typeof u === 'string' && u.length <= MAX_DECIMAL_LENGTH && DECIMAL_PATTERN.test(u)) {
        const d = new Decimal(u)
        return t.success(d.isZero() ? new Decimal(0) : d)
      }
      if (typeof u !== 'number') return t.failure(u, c)
      const expected = c[c.length - 1]?.type.name ?? 'a decimal string'
      return t.failure(u, c, `expected ${expected}, written as a string ("${String(u)}"), got the number ${String(u)}`)
    },
    (d) => new Decimal(d).toString(),
  ),
  arbitrary: decimalArbitrary({ min: '-1000000', max: '1000000', maxPlaces: 6 }),
  json: { type: 'string', pattern: DECIMAL_PATTERN.source, maxLength: MAX_DECIMAL_LENGTH },
}

/** A decimal string within `spec`'s bounds, reported as `expected <spec.name>`. */
export const decimalIn = (spec: DecimalSpec): Schema<Decimal, string> =>
  refine(DecimalString, inBounds(spec), spec.name, decimalArbitrary(spec))
