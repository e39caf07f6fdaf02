/**
 * Struct and array combinators of the schema layer (re-exported by `schema.ts`).
 *
 * Structs are exact: a missing required field reports `missing, expected …`, an unknown field
 * reports `unexpected field`, and every field is checked (all errors are collected, not the first).
 *
 * @module
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { type OutputOf, type Schema, type TypeOf, isRecord } from './schema.ts'

// The props of a struct are schemas of any types.
// biome-ignore lint/suspicious/noExplicitAny: an existential: each prop has its own type; `unknown` would reject them (the schemas are invariant)
type Props = Readonly<Record<string, Schema<any, any>>>

type OptionalKeys<P> = { [K in keyof P]: P[K] extends { readonly optional: true } ? K : never }[keyof P]

/** The decoded type of a struct: every key present (absent optional fields hold `undefined`). */
export type StructType<P> = { readonly [K in keyof P]: TypeOf<P[K]> }

/** The encoded type of a struct: optional fields may be absent, never `undefined`. */
export type StructOutput<P> = { readonly [K in Exclude<keyof P, OptionalKeys<P>>]: OutputOf<P[K]> } & {
  readonly [K in OptionalKeys<P>]?: Exclude<OutputOf<P[K]>, undefined>
}

const isOptional = (s: Schema<unknown, unknown>): boolean => 'optional' in s && s.optional === true

/** An exact object of the fields `props`; `name` is what a non-object is reported against. */
export const struct = <P extends Props>(props: P, name = 'an object'): Schema<StructType<P>, StructOutput<P>> => {
  const entries = Object.entries(props)
  const is = (u: unknown): u is StructType<P> =>
    isRecord(u) && entries.every(([k, s]) => (Object.hasOwn(u, k) || isOptional(s)) && s.codec.is(u[k]))
  const validate = (u: unknown, c: t.Context): t.Validation<StructType<P>> => {
    if (!isRecord(u)) return t.failure(u, c)
    const errors: t.ValidationError[] = []
    const out: Record<string, unknown> = {}
    for (const [k, s] of entries) {
      const present = Object.hasOwn(u, k)
      const v = present ? u[k] : undefined
      const context = t.appendContext(c, k, s.codec, v)
      if (!present && !isOptional(s)) {
        errors.push({ value: v, context, message: `missing, expected ${s.codec.name}` })
        continue
      }
      const r = s.codec.validate(v, context)
      if (E.isLeft(r)) errors.push(...r.left)
      else out[k] = r.right
    }
    for (const k of Object.keys(u))
      if (!Object.hasOwn(props, k))
        errors.push({ value: u[k], context: t.appendContext(c, k, t.unknown, u[k]), message: 'unexpected field' })
    return errors.length > 0 ? t.failures(errors) : t.success(out as StructType<P>)
  }
  const encode = (a: StructType<P>): StructOutput<P> => {
    const out: Record<string, unknown> = {}
    for (const [k, s] of entries) {
      const v: unknown = s.codec.encode(a[k])
      if (!(v === undefined && isOptional(s))) out[k] = v
    }
    return out as StructOutput<P>
  }
  const arbitraries = Object.fromEntries(entries.map(([k, s]) => [k, s.arbitrary]))
  return {
    codec: new t.Type(name, is, validate, encode),
    arbitrary: fc.record(arbitraries) as fc.Arbitrary<unknown> as fc.Arbitrary<StructType<P>>,
    json: {
      type: 'object',
      description: name,
      properties: Object.fromEntries(entries.map(([k, s]) => [k, s.json ?? {}])),
      required: entries.filter(([, s]) => !isOptional(s)).map(([k]) => k),
      additionalProperties: false,
    },
  }
}

/** Options of {@link array}. */
export interface ArrayOptions {
  /** Fewest entries. */
  readonly minLength: number
  /** Most entries (the arbitrary may stay well below it). */
  readonly maxLength: number
  /** What a wrong list is reported against, e.g. `a list of 2 to 100 providers`. */
  readonly name?: string
}

/** A list of `item` with `minLength ≤ length ≤ maxLength`. */
export const array = <A, O>(item: Schema<A, O>, options: ArrayOptions): Schema<readonly A[], readonly O[]> => {
  const { minLength, maxLength } = options
  const name = options.name ?? `a list of ${minLength} to ${maxLength} entries`
  const lengthOk = (n: number): boolean => n >= minLength && n <= maxLength
  const is = (u: unknown): u is readonly A[] => Array.isArray(u) && lengthOk(u.length) && u.every((x) => item.codec.is(x))
  const validate = (u: unknown, c: t.Context): t.Validation<readonly A[]> => {
    if (!Array.isArray(u)) return t.failure(u, c)
    const errors: t.ValidationError[] = []
    if (!lengthOk(u.length))
      errors.push({ value: u, context: c, message: `expected ${name}, got ${u.length} ${u.length === 1 ? 'entry' : 'entries'}` })
    const out: A[] = []
    u.forEach((x: unknown, i) => {
      const r = item.codec.validate(x, t.appendContext(c, String(i), item.codec, x))
      if (E.isLeft(r)) errors.push(...r.left)
      else out.push(r.right)
    })
    return errors.length > 0 ? t.failures(errors) : t.success(out)
  }
  return {
    codec: new t.Type(name, is, validate, (as) => as.map((a) => item.codec.encode(a))),
    arbitrary: fc.array(item.arbitrary, { minLength, maxLength }),
    json: { type: 'array', description: name, items: item.json ?? {}, minItems: minLength, maxItems: maxLength },
  }
}
