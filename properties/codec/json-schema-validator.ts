/**
 * A validator for the JSON Schema keywords the schema layer writes (src/codec/json-schema-type.ts),
 * following draft 2020-12: string lengths count code points, patterns are unanchored ECMA-262
 * regular expressions, `oneOf` needs exactly one match. An unknown keyword is an error, so the
 * validator never ignores a constraint it was given.
 */
import type { JsonSchema } from '../../src/codec/json-schema-type.ts'

const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description'])
const KNOWN = new Set([
  ...ANNOTATIONS,
  'type',
  'const',
  'enum',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'minItems',
  'maxItems',
  'oneOf',
])

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u)

const hasType = (u: unknown, type: NonNullable<JsonSchema['type']>): boolean => {
  switch (type) {
    case 'object':
      return isObject(u)
    case 'array':
      return Array.isArray(u)
    case 'string':
      return typeof u === 'string'
    case 'number':
      return typeof u === 'number' && Number.isFinite(u)
    case 'integer':
      return typeof u === 'number' && Number.isInteger(u)
  }
}

/** The problems of `u` against `schema`, each as `<path>: <keyword>`; empty when `u` is valid. */
export const validate = (schema: JsonSchema, u: unknown, at = '$'): string[] => {
  const unknown = Object.keys(schema).filter((k) => !KNOWN.has(k))
  if (unknown.length > 0) throw new Error(`${at}: unsupported keywords ${unknown.join(', ')}`)
  const out: string[] = []
  const fail = (keyword: string): void => void out.push(`${at}: ${keyword}`)
  if (schema.type !== undefined && !hasType(u, schema.type)) return [`${at}: type ${schema.type}`]
  if (schema.const !== undefined && u !== schema.const) fail('const')
  if (schema.enum !== undefined && !schema.enum.some((v) => v === u)) fail('enum')
  if (typeof u === 'string') {
    const length = [...u].length
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(u)) fail('pattern')
    if (schema.minLength !== undefined && length < schema.minLength) fail('minLength')
    if (schema.maxLength !== undefined && length > schema.maxLength) fail('maxLength')
  }
  if (typeof u === 'number') {
    if (schema.minimum !== undefined && u < schema.minimum) fail('minimum')
    if (schema.maximum !== undefined && u > schema.maximum) fail('maximum')
  }
  if (isObject(u)) {
    for (const k of schema.required ?? []) if (!Object.hasOwn(u, k)) fail(`required ${k}`)
    for (const [k, v] of Object.entries(u)) {
      const sub = schema.properties?.[k]
      if (sub !== undefined) out.push(...validate(sub, v, `${at}.${k}`))
      else if (schema.additionalProperties === false) fail(`additionalProperties ${k}`)
    }
  }
  if (Array.isArray(u)) {
    if (schema.minItems !== undefined && u.length < schema.minItems) fail('minItems')
    if (schema.maxItems !== undefined && u.length > schema.maxItems) fail('maxItems')
    if (schema.items !== undefined) for (const [i, x] of u.entries()) out.push(...validate(schema.items, x, `${at}[${i}]`))
  }
  if (schema.oneOf !== undefined) {
    const matches = schema.oneOf.filter((s) => validate(s, u, at).length === 0).length
    if (matches !== 1) fail(`oneOf (${matches} branches match)`)
  }
  return out
}
