/**
 * One schema drives everything: a {@link Schema} pairs an io-ts codec (decode, encode, and the
 * type guard `codec.is`) with a fast-check arbitrary of valid values, and every combinator here
 * builds both halves together so that they cannot drift apart. Structs and arrays are in
 * `struct.ts` and re-exported here.
 *
 * Error convention: a failure either carries a full `message` (shown after the path) or none, in
 * which case the report reads `expected <name of the innermost named codec>, got <input value>`.
 *
 * @module
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import type { JsonSchema } from './json-schema-type.ts'

export type { JsonSchema } from './json-schema-type.ts'

/**
 * A codec (decode, encode, guard), an arbitrary of valid values of one type `A`, encoded as `O`,
 * and the JSON Schema of the encoded form.
 */
export interface Schema<A, O = A> {
  /** Decoder from `unknown`, encoder to `O`, and the guard `codec.is`. */
  readonly codec: t.Type<A, O, unknown>
  /** Generates only values that `codec.is` accepts. */
  readonly arbitrary: fc.Arbitrary<A>
  /**
   * A JSON Schema (draft 2020-12) that every encoded valid value satisfies. It states the shape
   * (types, fields, lengths, patterns, integer bounds); the cross-field checks (`check`) and
   * the bounds of decimal strings are the codec's alone, so the JSON Schema may accept more.
   * Absent, it is `{}` (any value): a schema written without one stays sound, only less precise.
   */
  readonly json?: JsonSchema
}

/** A schema for a struct field that may be absent in the encoded form (see {@link optional}). */
export interface OptionalSchema<A, O> extends Schema<A, O> {
  /** Marks the field as absent-or-value: absent decodes as `codec.validate(undefined)`; `undefined` encodes as absent. */
  readonly optional: true
}

/** The decoded type of a schema. */
export type TypeOf<S> = S extends Schema<infer A, infer _O> ? A : never
/** The encoded type of a schema. */
export type OutputOf<S> = S extends Schema<infer _A, infer O> ? O : never

/** A problem found by a cross-field check: a path relative to the checked value and a full message. */
export interface Issue {
  /** Keys and indices from the checked value to the offending field. */
  readonly path: readonly (string | number)[]
  /** The text shown after the path, e.g. `probabilities must sum to 1, got 0.9`. */
  readonly message: string
}

/** True for a non-null, non-array object. */
export const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> => typeof u === 'object' && u !== null && !Array.isArray(u)

/** `codec` under another name (the name is what error reports say was expected). */
export const named = <A, O>(codec: t.Type<A, O, unknown>, name: string): t.Type<A, O, unknown> =>
  new t.Type(
    name,
    (u): u is A => codec.is(u),
    (u, c) => codec.validate(u, c),
    (a) => codec.encode(a),
  )

/** One of a few string constants, e.g. `literal('bernoulli', 'none')`. */
export const literal = <const L extends readonly [string, ...string[]]>(...values: L): Schema<L[number]> => {
  const shown = values.map((v) => JSON.stringify(v))
  const name = shown.length === 1 ? shown[0]! : `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]!}`
  const is = (u: unknown): u is L[number] => typeof u === 'string' && values.includes(u)
  return {
    codec: new t.Type(
      name,
      is,
      (u, c) => (is(u) ? t.success(u) : t.failure(u, c)),
      (a) => a,
    ),
    arbitrary: fc.constantFrom(...values),
    json: values.length === 1 ? { const: values[0] } : { enum: [...values] },
  }
}

/** An absent-or-value field: absent decodes to `undefined` (a present key holding `undefined`), `undefined` encodes as absent. */
export const optional = <A, O>(schema: Schema<A, O>): OptionalSchema<A | undefined, O | undefined> => {
  const is = (u: unknown): u is A | undefined => u === undefined || schema.codec.is(u)
  return {
    optional: true,
    codec: new t.Type<A | undefined, O | undefined, unknown>(
      schema.codec.name,
      is,
      (u, c) => (u === undefined ? t.success(undefined) : schema.codec.validate(u, c)),
      (a) => (a === undefined ? undefined : schema.codec.encode(a)),
    ),
    arbitrary: fc.option(schema.arbitrary, { nil: undefined }),
    json: schema.json ?? {},
  }
}

/** A field fixed to `value` in the decoded form and left out of the encoded form (accepted if written). */
export const implied = <const V extends string>(value: V): OptionalSchema<V, undefined> => {
  const is = (u: unknown): u is V => u === value
  const name = `${JSON.stringify(value)} or nothing`
  return {
    optional: true,
    codec: new t.Type(
      name,
      is,
      (u, c) => (u === undefined || u === value ? t.success(value) : t.failure(u, c)),
      () => undefined,
    ),
    arbitrary: fc.constant(value),
    json: { const: value },
  }
}

/**
 * `schema` restricted by `predicate`, reported as `expected <name>`. The arbitrary is
 * `schema.arbitrary.filter(predicate)` unless a constructive `arbitrary` is given (use one whenever
 * the predicate rejects more than a small fraction). The JSON Schema is `schema.json` described by
 * `name`, plus the keywords `json` that state the predicate where JSON Schema can (e.g. `minimum`).
 */
export const refine = <A, O>(
  schema: Schema<A, O>,
  predicate: (a: A) => boolean,
  name: string,
  arbitrary?: fc.Arbitrary<A>,
  json: JsonSchema = {},
): Schema<A, O> => ({
  codec: new t.Type<A, O, unknown>(
    name,
    (u): u is A => schema.codec.is(u) && predicate(u),
    (u, c) => E.chain((a: A) => (predicate(a) ? t.success(a) : t.failure<A>(u, c)))(schema.codec.validate(u, c)),
    (a) => schema.codec.encode(a),
  ),
  arbitrary: arbitrary ?? schema.arbitrary.filter(predicate),
  json: { ...(schema.json ?? {}), ...json, description: name },
})

/**
 * An io-ts brand: `schema` restricted by the refinement `predicate` into `t.Branded<A, B>`, named
 * `description` in reports (the brand name `brandName` names the type only); `json` as in {@link refine}.
 */
export const brand = <A, O, N extends string, B extends { readonly [K in N]: symbol }>(
  schema: Schema<A, O>,
  predicate: (a: A) => a is t.Branded<A, B>,
  brandName: N,
  description: string,
  arbitrary?: fc.Arbitrary<t.Branded<A, B>>,
  json: JsonSchema = {},
): Schema<t.Branded<A, B>, O> => ({
  codec: named(t.brand(schema.codec, predicate, brandName), description),
  arbitrary: arbitrary ?? schema.arbitrary.filter(predicate),
  json: { ...(schema.json ?? {}), ...json, description },
})

/** Appends `path` (walked through the raw input `raw`) to the context `c`. */
const contextAt = (c: t.Context, raw: unknown, path: Issue['path'], type: t.Decoder<unknown, unknown>): t.Context => {
  let ctx = c
  let v = raw
  for (const seg of path) {
    const key = String(seg)
    v = (isRecord(v) || Array.isArray(v)) && Object.hasOwn(v, key) ? (v as Record<string, unknown>)[key] : undefined
    ctx = t.appendContext(ctx, key, type, v)
  }
  return ctx
}

/**
 * Cross-field checks: after `schema` decodes, `issues` lists what is wrong with the whole value
 * (one message per offending field). `arbitrary` must build valid values constructively.
 */
export const check = <A, O>(schema: Schema<A, O>, issues: (a: A) => readonly Issue[], arbitrary: fc.Arbitrary<A>): Schema<A, O> => ({
  codec: new t.Type<A, O, unknown>(
    schema.codec.name,
    (u): u is A => schema.codec.is(u) && issues(u).length === 0,
    (u, c) =>
      E.chain((a: A) => {
        const found = issues(a)
        if (found.length === 0) return t.success(a)
        return t.failures<A>(
          found.map((i) => {
            const context = contextAt(c, u, i.path, schema.codec)
            return { value: context[context.length - 1]?.actual, context, message: i.message }
          }),
        )
      })(schema.codec.validate(u, c)),
    (a) => schema.codec.encode(a),
  ),
  arbitrary,
  json: schema.json ?? {},
})

/** `schema` with a different decoded type `B` (an isomorphism `to`/`from`) and the guard `is` for `B`. */
export const imap = <A, O, B>(schema: Schema<A, O>, is: (u: unknown) => u is B, to: (a: A) => B, from: (b: B) => A): Schema<B, O> => ({
  codec: new t.Type<B, O, unknown>(
    schema.codec.name,
    is,
    (u, c) => E.map(to)(schema.codec.validate(u, c)),
    (b) => schema.codec.encode(from(b)),
  ),
  arbitrary: schema.arbitrary.map(to),
  json: schema.json ?? {},
})

export { array, struct, type StructOutput, type StructType } from './struct.ts'
