/**
 * The layering of `src/sampling/` (proofs-notes §13.1): it depends on `src/exact`, `src/model` and
 * pure-rand's types only, so that the engine in `src/sim` can import it without a cycle.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const DIR = new URL('../../src/sampling/', import.meta.url)
const ALLOWED = [/^\.\/[^/]+\.ts$/, /^\.\.\/exact\/[^/]+\.ts$/, /^\.\.\/model\/[^/]+\.ts$/, /^pure-rand\/types\//]

describe('src/sampling', () => {
  it('imports only from itself, src/exact, src/model and pure-rand’s types', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.ts'))
    expect(files.length).toBeGreaterThanOrEqual(4)
    const outside = files.flatMap((f) =>
      [...readFileSync(new URL(f, DIR), 'utf8').matchAll(/^\s*(?:import|export)[^'"]*from\s+'([^']+)'/gm)]
        .map((m) => m[1]!)
        .filter((spec) => !ALLOWED.some((re) => re.test(spec)))
        .map((spec) => `${f}: ${spec}`),
    )
    expect(outside).toStrictEqual([])
  })
})
