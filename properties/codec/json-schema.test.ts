/**
 * The JSON Schema of scenario files agrees with the codec it is generated from: every valid
 * scenario (arbitrary, encoded) satisfies it; whatever the codec accepts, even after a random
 * mutation, satisfies it; it rejects the shape errors it states; and the committed copy
 * `schema/scenario.schema.json` is the generator's current output.
 */
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { instanceArbitrary, scenarioCodec } from '../../src/codec/instance.ts'
import { scenarioJsonSchema, scenarioJsonSchemaText } from '../../src/codec/json-schema.ts'
import { decodeScenario } from '../../src/codec/report-errors.ts'
import { runs } from '../settings.ts'
import { type JsonPath, leafPaths, replaceAt } from './helpers.ts'
import { validate } from './json-schema-validator.ts'

const schema = scenarioJsonSchema()
const encoded = instanceArbitrary.map((inst) => JSON.parse(JSON.stringify(scenarioCodec.encode(inst))) as unknown)

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u)

/** Paths of every object (root included) in a JSON value. */
const objectPaths = (u: unknown, at: JsonPath = []): JsonPath[] => {
  const here = isObject(u) ? [at] : []
  const children: [string | number, unknown][] = Array.isArray(u) ? u.map((x, i) => [i, x]) : isObject(u) ? Object.entries(u) : []
  return [...here, ...children.flatMap(([k, v]) => objectPaths(v, [...at, k]))]
}

const valueAt = (u: unknown, path: JsonPath): unknown => path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], u)

/** A valid encoded scenario with one leaf replaced, one field dropped, or one field added. */
const mutated = encoded.chain((json) =>
  fc.oneof(
    fc.tuple(fc.constantFrom(...leafPaths(json)), fc.jsonValue()).map(([path, value]) => replaceAt(json, path, value)),
    fc.constantFrom(...objectPaths(json)).chain((path) => {
      const keys = Object.keys(valueAt(json, path) as object)
      return keys.length === 0
        ? fc.constant(json)
        : fc.constantFrom(...keys).map((k) => {
            const { [k]: _dropped, ...rest } = valueAt(json, path) as Record<string, unknown>
            return replaceAt(json, path, rest)
          })
    }),
    fc
      .tuple(fc.constantFrom(...objectPaths(json)), fc.string({ minLength: 1, maxLength: 6 }), fc.jsonValue())
      .map(([path, k, v]) => replaceAt(json, path, { ...(valueAt(json, path) as object), [k]: v })),
  ),
)

describe('the scenario JSON Schema', () => {
  it('every arbitrary scenario, encoded, satisfies it', () => {
    fc.assert(
      fc.property(encoded, (json) => {
        expect(validate(schema, json)).toEqual([])
      }),
      { numRuns: runs(300) },
    )
  })

  it('whatever the codec accepts after a random mutation satisfies it (the JSON Schema never rejects a valid scenario)', () => {
    let rejected = 0
    fc.assert(
      fc.property(mutated, (json) => {
        const problems = validate(schema, json)
        if (E.isRight(decodeScenario(json))) expect(problems).toEqual([])
        if (problems.length > 0) rejected++
      }),
      { numRuns: runs(500) },
    )
    // The mutations must exercise the schema: most of them break the shape.
    expect(rejected).toBeGreaterThan(runs(500) / 4)
  })

  it('rejects the shape errors it states: an unknown field, a missing kind, a number for a decimal, one provider', () => {
    const example = JSON.parse(readFileSync('examples/two-provider-abstract.json', 'utf8')) as Record<string, unknown> & {
      providers: Record<string, unknown>[]
    }
    expect(validate(schema, example)).toEqual([])
    const { kind: _kind, ...noKind } = example
    const bad: unknown[] = [
      { ...example, extra: 1 },
      noKind,
      { ...example, range: { xLo: 0, xHi: '1' } },
      { ...example, providers: example.providers.slice(0, 1) },
      { ...example, providers: example.providers.map((p) => ({ ...p, id: '-a' })) },
    ]
    for (const u of bad) {
      expect(validate(schema, u).length, JSON.stringify(u)).toBeGreaterThan(0)
      expect(E.isLeft(decodeScenario(u))).toBe(true)
    }
  })

  it('the shipped examples satisfy the committed copy', () => {
    const committed = JSON.parse(readFileSync('schema/scenario.schema.json', 'utf8')) as Parameters<typeof validate>[0]
    for (const path of ['examples/two-provider-abstract.json', 'examples/three-provider-llm.json'])
      expect(validate(committed, JSON.parse(readFileSync(path, 'utf8'))), path).toEqual([])
  })

  it('schema/scenario.schema.json is up to date (npm run schema rewrites it)', () => {
    expect(readFileSync('schema/scenario.schema.json', 'utf8')).toBe(scenarioJsonSchemaText())
  })
})
