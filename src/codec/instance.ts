/**
 * Scenario files: an abstract or an LLM instance, chosen by `kind`. The union dispatches on
 * `kind` first, so a bad scenario reports the errors of its own kind only (never of both
 * branches), and a bad `kind` is one error.
 *
 * @module
 */
import fc from 'fast-check'
import * as t from 'io-ts'
import type { Instance } from '../model/types.ts'
import { type AbstractJson, AbstractScenario } from './abstract-instance.ts'
import { type LlmJson, type LlmShape, LlmScenario } from './llm-instance.ts'
import type { JsonSchema } from './json-schema-type.ts'
import { type Schema, isRecord, literal } from './schema.ts'

export { AbstractScenario, type AbstractJson } from './abstract-instance.ts'
export { LlmScenario, type LlmJson } from './llm-instance.ts'

/** The JSON form of a scenario. */
export type ScenarioJson = AbstractJson | LlmJson

const Kind = literal('abstract', 'llm')

/** The `"$schema"` key an editor may add to a scenario file (a string; accepted and ignored). */
export const SCHEMA_KEY = '$schema'

/** The JSON Schema of the `"$schema"` key. */
const SCHEMA_KEY_JSON = { type: 'string', description: 'the JSON Schema of this file, for editors (ignored)' } as const

/** `json` with the `"$schema"` key allowed among its properties. */
const withSchemaKey = (json: JsonSchema | undefined): JsonSchema => ({
  ...(json ?? {}),
  properties: { [SCHEMA_KEY]: SCHEMA_KEY_JSON, ...(json?.properties ?? {}) },
})

/** Any scenario: decodes JSON into an {@link Instance}, encodes an `Instance` into its JSON form. */
export const Scenario: Schema<Instance, ScenarioJson> = {
  codec: new t.Type<Instance, ScenarioJson, unknown>(
    'a scenario object (with "kind" "abstract" or "llm")',
    (u): u is Instance => AbstractScenario.codec.is(u) || LlmScenario.codec.is(u),
    (input, c) => {
      if (!isRecord(input)) return t.failure(input, c)
      let u: Record<string, unknown> = input
      if (Object.hasOwn(input, SCHEMA_KEY)) {
        // An editor's hint: accepted (a string) and ignored, so it never reaches the instance.
        const { [SCHEMA_KEY]: hint, ...rest } = input
        if (typeof hint !== 'string')
          return t.failure(hint, t.appendContext(c, SCHEMA_KEY, t.string, hint), 'expected a string (the JSON Schema of this file)')
        u = rest
      }
      const present = Object.hasOwn(u, 'kind')
      const kind = present ? u.kind : undefined
      if (kind === 'abstract') return AbstractScenario.codec.validate(u, c)
      if (kind === 'llm') return LlmScenario.codec.validate(u, c)
      const context = t.appendContext(c, 'kind', Kind.codec, kind)
      return present ? t.failure(kind, context) : t.failure(kind, context, `missing, expected ${Kind.codec.name}`)
    },
    // Encoding trusts its input to be a valid instance: the LLM leaves' brands are asserted.
    (inst) => (inst.kind === 'abstract' ? AbstractScenario.codec.encode(inst) : LlmScenario.codec.encode(inst as LlmShape)),
  ),
  arbitrary: fc.oneof(AbstractScenario.arbitrary, LlmScenario.arbitrary),
  json: {
    description: 'a scenario object (with "kind" "abstract" or "llm")',
    oneOf: [withSchemaKey(AbstractScenario.json), withSchemaKey(LlmScenario.json)],
  },
}

/** The scenario codec (`Scenario.codec`): `decode`, `encode` and the guard `is`. */
export const scenarioCodec = Scenario.codec

/** Valid instances of both kinds (every one passes `scenarioCodec.is` and survives a round trip). */
export const instanceArbitrary: fc.Arbitrary<Instance> = Scenario.arbitrary
