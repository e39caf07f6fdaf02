import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { instanceArbitrary, scenarioCodec } from '../../src/codec/instance.ts'
import { jsonErrorOffset } from '../../src/codec/json-position.ts'
import { decodeScenario, parseScenarioText } from '../../src/codec/report-errors.ts'
import { runs } from '../settings.ts'
import { leafPaths, lineNamesInputPath, replaceAt, structEq } from './helpers.ts'

/** Every line of a Left names a path of `input`; a Right survives a round trip. */
const assertReport = (input: unknown, mustFail: boolean): void => {
  const result = decodeScenario(input)
  if (E.isRight(result)) {
    expect(mustFail).toBe(false)
    expect(structEq(decodeScenario(JSON.parse(JSON.stringify(scenarioCodec.encode(result.right)))), result)).toBe(true)
    return
  }
  expect(result.left.length).toBeGreaterThanOrEqual(1)
  for (const line of result.left) expect(lineNamesInputPath(line, input), line).toBe(true)
}

/** A valid encoded scenario with one leaf replaced by an arbitrary JSON value. */
const mutatedScenario = instanceArbitrary
  .map((inst) => JSON.parse(JSON.stringify(scenarioCodec.encode(inst))) as unknown)
  .chain((json) => {
    const leaves = leafPaths(json)
    return fc
      .tuple(fc.constantFrom(...leaves), fc.jsonValue())
      .map(([path, value]) => ({ json, path, mutated: replaceAt(json, path, value) }))
  })

describe('the scenario decoder never throws and names real paths', () => {
  it('on arbitrary JSON values: Left, each line starting with a path of the input', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (u) => assertReport(u, true)),
      { numRuns: runs(500) },
    )
  })

  it('on arbitrary JSON objects with a valid kind', () => {
    const near = fc.record(
      {
        kind: fc.constantFrom('abstract', 'llm'),
        name: fc.jsonValue(),
        range: fc.jsonValue(),
        market: fc.jsonValue(),
        providers: fc.jsonValue(),
      },
      { requiredKeys: ['kind'] },
    )
    fc.assert(
      fc.property(near, (u) => assertReport(u, true)),
      { numRuns: runs(500) },
    )
  })

  it('on arbitrary JavaScript values (not only JSON)', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withNullPrototype: true, withBoxedValues: true, withSparseArray: true }), (u) =>
        assertReport(u, true),
      ),
      { numRuns: runs(500) },
    )
  })

  it('on valid scenarios with one leaf replaced by a random JSON value', () => {
    let failures = 0
    fc.assert(
      fc.property(mutatedScenario, ({ mutated }) => {
        if (E.isLeft(decodeScenario(mutated))) failures++
        assertReport(mutated, false)
      }),
      { numRuns: runs(500) },
    )
    expect(failures).toBeGreaterThan(runs(500) / 2) // most mutations break the scenario
  })

  it('a mutation that breaks a leaf is reported at that leaf (or at a cross-field rule above it)', () => {
    fc.assert(
      fc.property(mutatedScenario, ({ path, mutated }) => {
        const result = decodeScenario(mutated)
        fc.pre(E.isLeft(result))
        const lines = E.isLeft(result) ? result.left : []
        const prefixes = path.map((_, k) => path.slice(0, k)).reverse()
        const spelled = (p: readonly (string | number)[]): string =>
          p.map((s, k) => (typeof s === 'number' ? `[${s}]` : k === 0 ? s : `.${s}`)).join('') || '(root)'
        expect(
          lines.some((l) =>
            [path, ...prefixes].some(
              (p) => l.startsWith(`${spelled(p)}: `) || l.startsWith(`${spelled(p)}.`) || l.startsWith(`${spelled(p)}[`),
            ),
          ),
        ).toBe(true)
      }),
      { numRuns: runs(500) },
    )
  })
})

describe('scenario text', () => {
  it('never throws; invalid JSON is one message with line, column and offset', () => {
    const texts = fc.oneof(
      fc.string(),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc
        .tuple(
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc.nat(),
          fc.string({ maxLength: 2 }),
        )
        .map(([s, i, ins]) => s.slice(0, i % (s.length + 1)) + ins + s.slice((i % (s.length + 1)) + 1)),
    )
    fc.assert(
      fc.property(texts, (text) => {
        let parses = true
        try {
          JSON.parse(text)
        } catch {
          parses = false
        }
        const result = parseScenarioText(text)
        expect(jsonErrorOffset(text) === undefined).toBe(parses)
        if (!parses) {
          expect(E.isLeft(result) ? result.left.length : 0).toBe(1)
          expect(E.isLeft(result) && /^invalid JSON at line \d+, column \d+ \(offset \d+\): /.test(result.left[0]!)).toBe(true)
        }
      }),
      { numRuns: runs(500) },
    )
  })

  it('the error offset agrees with the position JSON.parse names, when it names one', () => {
    const broken = fc
      .tuple(
        fc.jsonValue().map((v) => JSON.stringify(v)),
        fc.nat(),
        fc.constantFrom('', ',', '}', ']', '"', ':', 'x', '{', '[', '\\', '0'),
      )
      .map(([s, i, ins]) => s.slice(0, i % (s.length + 1)) + ins + s.slice((i % (s.length + 1)) + 1))
    fc.assert(
      fc.property(broken, (text) => {
        let named: number | undefined
        try {
          JSON.parse(text)
        } catch (e) {
          const m = /at position (\d+)/.exec(String(e))
          named = m === null ? undefined : Number(m[1])
        }
        fc.pre(named !== undefined)
        expect(jsonErrorOffset(text)).toBe(named)
      }),
      { numRuns: runs(500) },
    )
  })

  it('matches the positions JSON.parse names for escapes, numbers and control characters', () => {
    const cases: [string, number][] = [
      ['["\\u0  "]', 5],
      ['["\\uZ"]', 4],
      ['["\\u00G1"]', 6],
      ['["\\q"]', 3],
      ['["a\u0001"]', 3],
      ['[-]', 2],
      ['[1.]', 3],
      ['[1e+]', 4],
      ['[01]', 2],
      ['{"a":1', 6],
      ['[1] x', 4],
      ['{a:1}', 1],
    ]
    for (const [text, position] of cases) {
      expect(() => JSON.parse(text)).toThrow()
      expect(jsonErrorOffset(text), text).toBe(position)
    }
  })

  it('reports the exact place of a known error', () => {
    const result = parseScenarioText('{\n  "kind": "abstract",\n  "name": }')
    expect(E.isLeft(result) ? result.left : []).toHaveLength(1)
    expect(E.isLeft(result) ? result.left[0] : '').toMatch(/^invalid JSON at line 3, column 11 \(offset 34\): /)
  })
})
