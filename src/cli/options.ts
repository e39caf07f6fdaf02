/**
 * Validation of the raw option strings of the CLI into typed options. Every bad option is
 * reported, each message naming the option.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { DECIMAL_PATTERN, type DecimalSpec, MAX_DECIMAL_LENGTH, inBounds } from '../codec/decimal-leaf.ts'
import { showValue } from '../codec/report-errors.ts'
import { Decimal } from '../exact/decimal.ts'

/** Validation result: every message, or the value. */
export type Checked<A> = E.Either<readonly string[], A>

const INTEGER = /^(0|[1-9]\d*)$/
/** Longest accepted integer option (keeps parsing cheap; every integer option is a safe integer). */
const MAX_INTEGER_LENGTH = 16

/** An integer option in `[min, max]`. */
export const integerOption = (name: string, raw: string, min: number, max: number): Checked<number> => {
  const n = raw.length <= MAX_INTEGER_LENGTH && INTEGER.test(raw) ? Number(raw) : Number.NaN
  return Number.isSafeInteger(n) && n >= min && n <= max
    ? E.right(n)
    : E.left([`--${name}: expected an integer in [${min}, ${max}], got ${showValue(raw)}`])
}

/**
 * A decimal option (written like `0.25`: no exponent, no `+`, at most {@link MAX_DECIMAL_LENGTH}
 * characters), checked by `ok` which describes what is expected. Prefer {@link decimalInOption},
 * which also bounds the decimal places.
 */
export const decimalOption = (name: string, raw: string, what: string, ok: (d: Decimal) => boolean): Checked<Decimal> => {
  const bad = E.left([`--${name}: expected ${what}, got ${showValue(raw)}`])
  if (raw.length > MAX_DECIMAL_LENGTH || !DECIMAL_PATTERN.test(raw)) return bad
  const d = new Decimal(raw)
  return ok(d) ? E.right(d.isZero() ? new Decimal(0) : d) : bad
}

/**
 * A decimal option checked exactly like a scenario decimal of `spec` (the same spelling, length,
 * range and decimal places); the message names the option and `spec.name`, e.g.
 * `--epsilon: expected ε in (0, 1/2) with at most 6 decimal places, got "0.7"`.
 */
export const decimalInOption = (name: string, raw: string, spec: DecimalSpec): Checked<Decimal> =>
  decimalOption(name, raw, spec.name, inBounds(spec))

/** One of a fixed set of words. */
export const choiceOption = <A extends string>(name: string, raw: string, choices: readonly A[]): Checked<A> =>
  (choices as readonly string[]).includes(raw)
    ? E.right(raw as A)
    : E.left([`--${name}: expected one of ${choices.join(', ')}, got ${showValue(raw)}`])

/** Combines checked fields into a record, collecting every message. */
export const collect = <R extends object>(fields: { readonly [K in keyof R]: Checked<R[K]> }): Checked<R> => {
  const errors: string[] = []
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(fields) as [string, Checked<unknown>][]) {
    if (E.isLeft(v)) errors.push(...v.left)
    else out[k] = v.right
  }
  return errors.length > 0 ? E.left(errors) : E.right(out as R)
}
