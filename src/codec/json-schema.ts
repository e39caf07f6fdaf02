/**
 * The JSON Schema of scenario files, generated from the same schema layer as the io-ts codec
 * ({@link Scenario}), so that editors can complete and check scenario files as they are written.
 * The codec stays the authority: every scenario it accepts satisfies the JSON Schema, while the
 * cross-field rules (concave frontiers, probabilities summing to 1, unique ids, `xLo < xHi`) and the
 * bounds of decimal strings are checked by the codec alone. The committed copy is
 * `schema/scenario.schema.json` (`npm run schema` rewrites it; a test keeps it up to date).
 *
 * @module
 */
import { Scenario } from './instance.ts'
import type { JsonSchema } from './json-schema-type.ts'

export type { JsonSchema } from './json-schema-type.ts'

/** The JSON Schema dialect written into the document. */
export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema'

/**
 * The JSON Schema of a scenario file (abstract or LLM).
 *
 * @returns the JSON Schema (draft 2020-12) of scenario files.
 *
 * @example
 * ```ts
 * import { scenarioJsonSchema } from 'second-best-delegation'
 *
 * console.log(scenarioJsonSchema().oneOf?.length) // 2
 * ```
 */
export const scenarioJsonSchema = (): JsonSchema => ({
  $schema: JSON_SCHEMA_DIALECT,
  title: 'second-best-delegation scenario',
  ...(Scenario.json ?? {}),
})

/** The committed text of the JSON Schema: two-space indentation and a final newline. */
export const scenarioJsonSchemaText = (): string => `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`
