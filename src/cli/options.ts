/**
 * Validation of the raw option strings of the CLI into typed options. Every bad option is
 * reported, each message naming the option.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { Decimal } from '../exact/decimal.ts'

/** Validation result: every message, or the value. */
export type Checked<A> = E.Either<readonly string[], A>

const DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?$/
const INTEGER = /^(0|[1-9]\d*)$/

/** An integer option in `[min, max]`. */
export const integerOption = (name: string, raw: string, min: number, max: number): Checked<number> => {
  const n = INTEGER.test(raw) ? Number(raw) : Number.NaN
  return Number.isSafeInteger(n) && n >= min && n <= max
    ? E.right(n)
    : E.left([`--${name}: expected an integer in [${min}, ${max}], got ${JSON.stringify(raw)}`])
}

/** A decimal option (written like `0.25`), checked by `ok` which describes what is expected. */
export const decimalOption = (name: string, raw: string, what: string, ok: (d: Decimal) => boolean): Checked<Decimal> => {
  if (!DECIMAL.test(raw)) return E.left([`--${name}: expected ${what}, got ${JSON.stringify(raw)}`])
  const d = new Decimal(raw)
  return ok(d) ? E.right(d) : E.left([`--${name}: expected ${what}, got ${JSON.stringify(raw)}`])
}

/** One of a fixed set of words. */
export const choiceOption = <A extends string>(name: string, raw: string, choices: readonly A[]): Checked<A> =>
  (choices as readonly string[]).includes(raw)
    ? E.right(raw as A)
    : E.left([`--${name}: expected one of ${choices.join(', ')}, got ${JSON.stringify(raw)}`])

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
