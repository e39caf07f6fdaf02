import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { AbstractScenario, LlmScenario, Scenario, instanceArbitrary, scenarioCodec } from '../../src/codec/instance.ts'
import { Epsilon, Horizon, Name, Probability, ProviderId, Round, TokenCount, Usd, decimalIn } from '../../src/codec/leaves.ts'
import { decodeScenario } from '../../src/codec/report-errors.ts'
import type { Schema } from '../../src/codec/schema.ts'
import type { Instance } from '../../src/model/types.ts'
import { runs } from '../settings.ts'
import { structEq } from './helpers.ts'

const throughJson = (u: unknown): unknown => JSON.parse(JSON.stringify(u))

describe('scenario codec: decode ∘ encode = identity', () => {
  it('on arbitrary valid instances (through JSON text)', () => {
    fc.assert(
      fc.property(instanceArbitrary, (inst) => {
        const decoded = decodeScenario(throughJson(scenarioCodec.encode(inst)))
        expect(decoded).toSatisfy(E.isRight)
        expect(structEq(E.isRight(decoded) ? decoded.right : undefined, inst)).toBe(true)
      }),
      { numRuns: runs(200) },
    )
  })

  it('encode ∘ decode is the identity on encoded instances (the JSON form is canonical)', () => {
    fc.assert(
      fc.property(instanceArbitrary, (inst) => {
        const json = throughJson(scenarioCodec.encode(inst))
        const decoded = scenarioCodec.decode(json)
        expect(E.isRight(decoded) && throughJson(scenarioCodec.encode(decoded.right))).toStrictEqual(json)
      }),
      { numRuns: runs(200) },
    )
  })

  it('generates both kinds', () => {
    const kinds = new Set(fc.sample(instanceArbitrary, { numRuns: 100 }).map((i) => i.kind))
    expect([...kinds].sort()).toStrictEqual(['abstract', 'llm'])
  })
})

describe('codec.is agrees with the arbitrary', () => {
  // Schemas of different types side by side.
  // biome-ignore lint/suspicious/noExplicitAny: an existential: each entry has its own type and output type
  const schemas: Record<string, Schema<any, any>> = {
    Scenario,
    AbstractScenario,
    LlmScenario,
    Usd,
    Probability,
    Epsilon,
    TokenCount,
    Round,
    Horizon,
    ProviderId,
    Name,
    price: decimalIn({ min: '0', minExclusive: true, max: '1000000', maxPlaces: 4, name: 'a price' }),
    half: decimalIn({ min: '-0.5', max: '0.5', maxExclusive: true, maxPlaces: 2, name: 'a half' }),
  }
  for (const [name, schema] of Object.entries(schemas))
    it(`every generated ${name} passes the guard and decodes from its encoding`, () => {
      fc.assert(
        fc.property(schema.arbitrary, (a) => {
          expect(schema.codec.is(a)).toBe(true)
          const back = schema.codec.decode(throughJson(schema.codec.encode(a)))
          expect(E.isRight(back) && structEq(back.right, a)).toBe(true)
        }),
        { numRuns: runs(200) },
      )
    })

  it('the guard and the decoder both reject an instance cut to one provider', () => {
    fc.assert(
      fc.property(instanceArbitrary, (inst) => {
        const broken = { ...inst, providers: inst.providers.slice(0, 1) } as Instance
        expect(scenarioCodec.is(broken)).toBe(false)
        expect(E.isLeft(scenarioCodec.decode(throughJson(scenarioCodec.encode(broken))))).toBe(true)
      }),
      { numRuns: runs(200) },
    )
  })
})
