// Rewrites schema/scenario.schema.json from the codec's schema layer (src/codec/json-schema.ts).
import { writeFileSync } from 'node:fs'
import { scenarioJsonSchemaText } from '../src/codec/json-schema.ts'

const path = new URL('../schema/scenario.schema.json', import.meta.url)
try {
  writeFileSync(path, scenarioJsonSchemaText())
  console.log('wrote schema/scenario.schema.json')
} catch (e) {
  console.error(`cannot write schema/scenario.schema.json: ${e instanceof Error ? e.message : String(e)}`)
  process.exitCode = 1
}
