import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { readCsvRows } from '../../src/codec/csv-reader.ts'
import { type FactRow, type LlmBuildOptions, buildLlmInstance, decodeFacts, readFactsFile } from '../../src/codec/facts.ts'
import { scenarioCodec } from '../../src/codec/instance.ts'
import { Price } from '../../src/codec/llm-instance.ts'
import { decodeScenario } from '../../src/codec/report-errors.ts'
import { Decimal } from '../../src/exact/decimal.ts'
import { quoteField } from '../../src/report/csv.ts'
import { runs } from '../settings.ts'
import { structEq } from './helpers.ts'

const CSV = new URL('../../data/llm-apis.csv', import.meta.url)
const DATA_README = new URL('../../data/README.md', import.meta.url)
/** SHA-256 of data/llm-apis.csv as recorded when the facts were collected (also in data/README.md). */
const FACTS_CSV_SHA256 = '6bbf7ff658adf9813c3e03ac289f8bc279c02046444af5a0b7075efc6889fddf'
const EXAMPLE = new URL('../../examples/three-provider-llm.json', import.meta.url)

const facts = (): readonly FactRow[] => {
  const rows = readFactsFile(CSV)
  if (E.isLeft(rows)) throw new Error(rows.left.join('\n'))
  return rows.right
}
const row = (model: string): FactRow => {
  const r = facts().find((f) => f.model === model)
  if (r === undefined) throw new Error(`no row ${model}`)
  return r
}
const d = (s: string): Decimal => new Decimal(s)

/** The options the three-provider example is built with (proofs-notes §2.4 defaults). */
const threeProviders: LlmBuildOptions = {
  name: 'three-provider-llm',
  providers: [
    { id: 'openai', premium: 'gpt-4o-2024-08-06', substitute: 'gpt-4o-mini-2024-07-18' },
    { id: 'google', premium: 'gemini-1.5-pro-002', substitute: 'gemini-1.5-flash-002' },
    { id: 'together', premium: 'llama-3.1-405b-instruct', substitute: 'llama-3.1-70b-instruct' },
  ],
  market: {
    valuePerCorrect: d('0.05'),
    costRatio: d('0.5'),
    maxInflation: d('0.5'),
    inputTokens: 500,
    outputLengths: [200, 400, 600, 800].map((tokens) => ({ tokens, probability: d('0.25') })),
  },
}

describe('the facts CSV', () => {
  it('every row decodes', () => {
    const text = readFileSync(CSV, 'utf8')
    const lines = text.trimEnd().split('\n').length
    expect(facts()).toHaveLength(lines - 1)
    expect(facts().map((f) => f.model)).toContain('deepseek-v3')
  })

  it('data/llm-apis.csv is the recorded facts file, byte for byte (its SHA-256, as also stated in data/README.md)', () => {
    const digest = createHash('sha256').update(readFileSync(CSV)).digest('hex')
    expect(digest).toBe(FACTS_CSV_SHA256)
    expect(readFileSync(DATA_README, 'utf8')).toContain(`\`${FACTS_CSV_SHA256}\``)
  })

  it('quality is mmlu/100 exactly; a row without mmlu has no quality', () => {
    expect(row('gpt-4o-2024-08-06').quality?.toString()).toBe('0.887')
    const haiku = row('claude-3-5-haiku-20241022')
    expect(haiku.quality).toBeUndefined()
    expect('quality' in haiku || 'mmluSource' in haiku).toBe(false)
    expect(haiku.inputPrice.toString()).toBe('0.8')
  })

  it('0.075 stays exact: from the CSV, through the example JSON, and back', () => {
    const flash = row('gemini-1.5-flash-002')
    expect(flash.inputPrice.eq(d('0.075')) && flash.inputPrice.toString() === '0.075').toBe(true)
    const decoded = decodeScenario(JSON.parse(readFileSync(EXAMPLE, 'utf8')))
    const inst = E.isRight(decoded) && decoded.right.kind === 'llm' ? decoded.right : undefined
    const price = inst?.providers[1]?.substitute?.inputPrice
    expect(price?.eq(d('0.075'))).toBe(true)
    expect(price?.toString()).toBe('0.075')
    expect(price?.times(1_000_000).toString()).toBe('75000')
    expect(Price.codec.encode(d('0.075'))).toBe('0.075')
    expect(
      inst &&
        (scenarioCodec.encode(inst) as unknown as { providers: { substitute?: { inputPrice: string } }[] }).providers[1]?.substitute
          ?.inputPrice,
    ).toBe('0.075')
  })

  it('bad rows are reported with their line and column', () => {
    const text = readFileSync(CSV, 'utf8').replace('2.50,10.00', '2.50,ten').replace(',88.3,', ',188.3,')
    expect(decodeFacts(text)).toStrictEqual(
      E.left([
        'line 2: output_usd_per_mtok: expected a positive price in USD per 10^6 tokens with at most 4 decimal places, got "ten"',
        'line 5: mmlu: expected an MMLU score in [0,100] (percent), got "188.3"',
      ]),
    )
  })
})

describe('building LLM instances from facts', () => {
  it('the three-provider example is exactly what the facts build', () => {
    const built = buildLlmInstance(facts(), threeProviders)
    expect(E.isRight(built) && built.right.excluded).toStrictEqual([])
    const json: unknown = JSON.parse(readFileSync(EXAMPLE, 'utf8'))
    expect(E.isRight(built) && scenarioCodec.encode(built.right.instance)).toStrictEqual(json)
    const decoded = decodeScenario(json)
    expect(E.isRight(built) && E.isRight(decoded) && structEq(built.right.instance, decoded.right)).toBe(true)
  })

  it('a substitute without quality is excluded and reported; the provider keeps no substitute', () => {
    const built = buildLlmInstance(facts(), {
      ...threeProviders,
      providers: [
        ...threeProviders.providers.slice(0, 2),
        { id: 'anthropic', premium: 'claude-3-5-sonnet-20241022', substitute: 'claude-3-5-haiku-20241022' },
      ],
    })
    expect(E.isRight(built) && built.right.excluded).toStrictEqual([
      'providers[2].substitute: "claude-3-5-haiku-20241022" has no MMLU score (quality), so provider "anthropic" has no substitute',
    ])
    const anthropic = E.isRight(built) ? built.right.instance.providers[2] : undefined
    expect(anthropic?.premium.quality.toString()).toBe('0.883')
    expect(anthropic !== undefined && 'substitute' in anthropic && anthropic.substitute === undefined).toBe(true)
  })

  it('a missing premium model, or one without quality, is an error', () => {
    const withPremium = (premium: string) =>
      buildLlmInstance(facts(), { ...threeProviders, providers: [threeProviders.providers[0]!, { id: 'x', premium }] })
    expect(withPremium('gpt-5')).toStrictEqual(E.left(['providers[1].premium: no facts row for model "gpt-5"']))
    expect(withPremium('claude-3-5-haiku-20241022')).toStrictEqual(
      E.left(['providers[1].premium: no MMLU score (quality) for model "claude-3-5-haiku-20241022"']),
    )
  })

  it('the built instance is checked by the scenario decoder', () => {
    const dup = buildLlmInstance(facts(), { ...threeProviders, providers: [threeProviders.providers[0]!, threeProviders.providers[0]!] })
    expect(dup).toStrictEqual(E.left(['providers[1].id: duplicate provider id "openai", already used by providers[0]']))
  })
})

describe('the CSV reader', () => {
  it('reads back any table written with RFC 4180 quoting (commas, quotes, line breaks)', () => {
    const table = fc.array(
      fc.array(fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ') }), { minLength: 1, maxLength: 4 }),
      { minLength: 1, maxLength: 5 },
    )
    fc.assert(
      fc.property(table, (rows) => {
        fc.pre(rows.every((r) => r.length > 1 || r[0] !== '')) // a lone empty field is a blank line
        const text = rows.map((r) => r.map(quoteField).join(',')).join('\r\n')
        const read = readCsvRows(text)
        expect(E.isRight(read) && read.right.map((r) => r.fields)).toStrictEqual(rows)
      }),
      { numRuns: runs(200) },
    )
  })

  it('rejects an unterminated quote and a stray quote', () => {
    expect(readCsvRows('a,"b\nc')).toStrictEqual(E.left('line 1: unterminated quoted field'))
    expect(readCsvRows('a,b"c')).toStrictEqual(E.left('line 1: a quote inside an unquoted field'))
    expect(readCsvRows('"a"b')).toStrictEqual(E.left('line 1: unexpected character after a closing quote'))
  })
})
