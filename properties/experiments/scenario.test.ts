/**
 * The default LLM scenario of the study (proofs-notes §11): built from the real-API facts, with the
 * documented defaults, the excluded substitute reported, and `examples/default-llm.json` in sync.
 */
import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { readFactsFile } from '../../src/codec/facts.ts'
import { parseScenarioText } from '../../src/codec/report-errors.ts'
import { Decimal } from '../../src/exact/decimal.ts'
import {
  DEFAULT_MARKET,
  DEFAULT_PROVIDERS,
  abstractScenario,
  loadDefaultLlmScenario,
  scenarioFileText,
} from '../../src/experiments/scenario.ts'
import { buildInstanceModel } from '../../src/model/instance-model.ts'
import { rightOrFail } from '../assertions.ts'

const EXAMPLE = new URL('../../examples/default-llm.json', import.meta.url)
const CSV = new URL('../../data/llm-apis.csv', import.meta.url)

describe('the default LLM scenario', () => {
  const built = rightOrFail(loadDefaultLlmScenario())
  const facts = rightOrFail(readFactsFile(CSV))
  const row = (model: string) => facts.find((f) => f.model === model)!

  it('has the five providers of the issue, in order', () => {
    expect(built.instance.providers.map((p) => p.id)).toStrictEqual([
      'gpt-4o',
      'claude-3.5-sonnet',
      'gemini-1.5-pro',
      'llama-3.1-405b',
      'deepseek-v3',
    ])
    expect(built.instance.providers.map((p) => p.premium.name)).toStrictEqual(DEFAULT_PROVIDERS.map((p) => p.premium))
  })

  it('matches the CSV facts: list prices and quality = mmlu/100, exactly', () => {
    for (const p of built.instance.providers)
      for (const m of p.substitute === undefined ? [p.premium] : [p.premium, p.substitute]) {
        const f = row(m.name)
        expect(m.inputPrice.eq(f.inputPrice) && m.outputPrice.eq(f.outputPrice), m.name).toBe(true)
        expect(f.quality !== undefined && m.quality.eq(f.quality), m.name).toBe(true)
      }
    expect(built.instance.providers[0]!.substitute?.name).toBe('gpt-4o-mini-2024-07-18')
    expect(built.instance.providers[2]!.substitute?.inputPrice.toString()).toBe('0.075')
    expect(built.instance.providers[3]!.substitute?.name).toBe('llama-3.1-70b-instruct')
  })

  it("excludes Claude's substitute (no sourced MMLU) and reports it; DeepSeek has no substitute", () => {
    expect(row('claude-3-5-haiku-20241022').quality).toBeUndefined()
    expect(built.instance.providers[1]!.substitute).toBeUndefined()
    expect(built.excluded).toStrictEqual([
      'providers[1].substitute: "claude-3-5-haiku-20241022" has no MMLU score (quality), so provider "claude-3.5-sonnet" has no substitute',
    ])
    expect(row('deepseek-v3').substitute).toBeUndefined()
    expect(built.instance.providers[4]!.substitute).toBeUndefined()
  })

  it('uses the documented market defaults (w = 0.05, κ = 0.5, β̄ = 0.5, n_in = 500, n_out uniform on 200..800)', () => {
    const m = built.instance.market
    expect([m.valuePerCorrect, m.costRatio, m.maxInflation].map((x) => x.toString())).toStrictEqual(['0.05', '0.5', '0.5'])
    expect(m.inputTokens).toBe(500)
    expect(m.outputLengths.map((o) => [o.tokens, o.probability.toString()])).toStrictEqual([
      [200, '0.25'],
      [400, '0.25'],
      [600, '0.25'],
      [800, '0.25'],
    ])
    expect(m).toStrictEqual(DEFAULT_MARKET)
  })

  it('examples/default-llm.json is exactly this scenario, and decodes back to it', () => {
    const text = readFileSync(EXAMPLE, 'utf8')
    expect(text).toBe(scenarioFileText(built.instance))
    const decoded = rightOrFail(parseScenarioText(text))
    expect(scenarioFileText(decoded)).toBe(text)
  })

  it('satisfies Assumptions A, D and IR; its manipulation ranges are at most 10% of R', () => {
    const model = rightOrFail(buildInstanceModel(built.instance))
    expect([model.assumptions.A.holds, model.assumptions.D.holds, model.assumptions.IR.holds]).toStrictEqual([true, true, true])
    expect(model.R.toString()).toBe('0.0695')
    for (const p of model.providers) expect(p.honestMean.minus(p.cheatMean).div(model.R).lte(new Decimal('0.1')), p.id).toBe(true)
  })
})

describe('the abstract instance of the study', () => {
  it('has manipulation ranges that are constant fractions of R (0.7R and 0.5R)', () => {
    const model = rightOrFail(buildInstanceModel(rightOrFail(abstractScenario())))
    expect(model.providers.map((p) => p.honestMean.minus(p.cheatMean).toString())).toStrictEqual(['0.7', '0.5'])
    expect(model.R.toString()).toBe('1')
    expect(E.isRight(abstractScenario())).toBe(true)
  })
})
