import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Epsilon } from '../../src/codec/leaves.ts'
import { decodeScenario, decodeWith } from '../../src/codec/report-errors.ts'
import { struct } from '../../src/codec/schema.ts'

// biome-ignore lint/suspicious/noExplicitAny: test fixtures are edited freely, so they are loosely typed
type Json = Record<string, any>
const example = (file: string): Json => JSON.parse(readFileSync(new URL(`../../examples/${file}`, import.meta.url), 'utf8')) as Json
const abstract = (): Json => example('two-provider-abstract.json')
const llm = (): Json => example('three-provider-llm.json')
const messages = (json: unknown): readonly string[] => {
  const r = decodeScenario(json)
  return E.isLeft(r) ? r.left : []
}

describe('the examples decode', () => {
  it('both example files are valid scenarios', () => {
    expect(E.isRight(decodeScenario(abstract()))).toBe(true)
    expect(E.isRight(decodeScenario(llm()))).toBe(true)
  })
})

describe('rejections name the field, what was expected and what was there', () => {
  it('a quality above 1', () => {
    const j = llm()
    j.providers[2].substitute.quality = '1.3'
    expect(messages(j)).toStrictEqual(['providers[2].substitute.quality: expected a probability in [0,1], got "1.3"'])
  })

  it('a single provider (n = 1)', () => {
    const j = abstract()
    j.providers = j.providers.slice(0, 1)
    expect(messages(j)).toStrictEqual(['providers: expected a list of 2 to 100 providers, got 1 entry'])
  })

  it('xLo ≥ xHi', () => {
    const j = abstract()
    j.range = { xLo: '1', xHi: '1' }
    expect(messages(j)).toStrictEqual(['range: xLo must be less than xHi, got xLo "1" and xHi "1"'])
  })

  it('output-length probabilities that do not sum to 1', () => {
    const j = llm()
    j.market.outputLengths[3].probability = '0.15'
    expect(messages(j)).toStrictEqual(['market.outputLengths: probabilities must sum to 1, got 0.9'])
  })

  it('ε = 0.5 (the bound is exclusive)', () => {
    expect(decodeWith(Epsilon.codec, '0.5')).toStrictEqual(
      E.left(['(root): expected ε in (0, 1/2) with at most 6 decimal places, got "0.5"']),
    )
    expect(decodeWith(struct({ epsilon: Epsilon }).codec, { epsilon: '0.5' })).toStrictEqual(
      E.left(['epsilon: expected ε in (0, 1/2) with at most 6 decimal places, got "0.5"']),
    )
    expect(E.isRight(decodeWith(Epsilon.codec, '0.499999'))).toBe(true)
  })

  it('slopes that increase (a non-concave frontier)', () => {
    const j = abstract()
    j.providers[0].segments = [
      { length: '0.2', slope: '0.5' },
      { length: '0.2', slope: '1' },
    ]
    expect(messages(j)).toStrictEqual([
      'providers[0].segments[1].slope: slopes must be non-increasing (concave frontier), got "1" after "0.5"',
    ])
  })

  it('a number where a decimal string is expected', () => {
    const j = abstract()
    j.providers[1].honestMean = 0.6
    expect(messages(j)).toStrictEqual([
      'providers[1].honestMean: expected an amount in USD in [-10^6, 10^6] with at most 6 decimal places, written as a string ("0.6"), got the number 0.6',
    ])
  })

  it('a wrong kind, a bad id, a duplicate id, missing and unexpected fields: one line each', () => {
    expect(messages({ ...abstract(), kind: 'x' })).toStrictEqual(['kind: expected "abstract" or "llm", got "x"'])
    const j = llm()
    j.providers[1].id = 7
    j.providers[2].id = 'openai'
    delete j.market.costRatio
    j.market.costRation = '0.5'
    expect(messages(j)).toStrictEqual([
      'market.costRatio: missing, expected a cost-to-price ratio in (0,1] with at most 3 decimal places',
      'market.costRation: unexpected field',
      'providers[1].id: expected a provider id, got 7',
    ])
    j.providers[1].id = 'google'
    j.market.costRatio = '0.5'
    delete j.market.costRation
    expect(messages(j)).toStrictEqual(['providers[2].id: duplicate provider id "openai", already used by providers[0]'])
  })

  it('providers that do not fit the range, too many places, duplicate token counts', () => {
    const a = abstract()
    a.providers[0].honestMean = '1.2'
    a.providers[1].segments[0].length = '0.7'
    expect(messages(a)).toStrictEqual([
      'providers[0].honestMean: must be at most range.xHi "1", got "1.2"',
      'providers[1].segments: honestMean − Σ length must be at least range.xLo "0", got -0.1',
    ])
    const l = llm()
    l.providers[0].premium.inputPrice = '2.50001'
    l.market.outputLengths[1].tokens = 200
    expect(messages(l)).toStrictEqual([
      'market.outputLengths[1].tokens: duplicate token count 200, already at outputLengths[0]',
      'providers[0].premium.inputPrice: expected a positive price in USD per 10^6 tokens with at most 4 decimal places, got "2.50001"',
    ])
  })

  it('a non-object input and odd decimal spellings', () => {
    expect(messages([1])).toStrictEqual(['(root): expected a scenario object (with "kind" "abstract" or "llm"), got [1]'])
    for (const bad of ['.5', '+0.5', '0.5e0', '00.5', '0.', ' 0.5', '0x1'])
      expect(messages({ ...abstract(), range: { xLo: bad, xHi: '1' } })).toStrictEqual([
        `range.xLo: expected an amount in USD in [-10^6, 10^6] with at most 6 decimal places, got ${JSON.stringify(bad)}`,
      ])
  })
})
