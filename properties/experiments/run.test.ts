/**
 * The study's report (issue 5), in quick mode: deterministic, money as decimal strings, figures
 * as SVG, infeasible SBD points listed. (That worker threads compute what this thread computes
 * is checked in search.test.ts.)
 */
import * as E from 'fp-ts/lib/Either.js'
import { beforeAll, describe, expect, it } from 'vitest'
import { renderResults } from '../../src/experiments/render.ts'
import { type ExperimentsResult, runExperiments } from '../../src/experiments/run-all.ts'

type Files = ReadonlyArray<{ name: string; contents: string }>
const render = async (r: ExperimentsResult): Promise<Files> => {
  const files = await renderResults(r)
  if (E.isLeft(files)) throw files.left
  return files.right
}
const byName = (files: Files, name: string): string => {
  const f = files.find((x) => x.name === name)
  if (f === undefined) throw new Error(`no ${name}`)
  return f.contents
}

/** Every money (USD) field of the report's rows. */
const MONEY_KEYS = new Set([
  'userUtility', 'userUtilityPerQuery', 'userUtilityPerQuerySe', 'firstBestPerQuery', 'secondBestPerQuery', 'bestFloorPerQuery',
  'profit', 'gain', 'gainSe', 'largestGain', 'largestGainSe', 'eta', 'etaOn', 'etaOff', 'slackAllowance', 'shortfallPerQuery',
  'shortfallPerQuerySe', 'inflationWithheld', 'substitutionWithheld', 'inflationPerRound', 'substitutionPerRound',
  'honestMean', 'honestProfit', 'cheatMean', 'cheatProfit', 'manipulationRange', 'xLo', 'xHi', 'R',
])
const OPTIONAL_MONEY = new Set(['confirmedGain', 'confirmedGainSe', 'boundPerQuery', 'replicationGain', 'replicationGainSe'])
const DECIMAL = /^-?\d+(\.\d+)?$/

const moneyFields = (u: unknown, out: [string, unknown][] = []): [string, unknown][] => {
  if (Array.isArray(u)) for (const x of u) moneyFields(x, out)
  else if (typeof u === 'object' && u !== null)
    for (const [k, v] of Object.entries(u)) {
      if (MONEY_KEYS.has(k) || (OPTIONAL_MONEY.has(k) && v !== '')) out.push([k, v])
      else moneyFields(v, out)
    }
  return out
}

describe('the study in quick mode', () => {
  let first: Files
  let second: Files
  let result: ExperimentsResult
  beforeAll(async () => {
    result = runExperiments({ seed: 7, quick: true })
    first = await render(result)
    second = await render(runExperiments({ seed: 7, quick: true }))
  })

  it('is deterministic: two runs with the same seed give byte-identical report.json and CSVs', () => {
    const data = (fs: Files) => fs.filter((f) => f.name === 'report.json' || f.name.endsWith('.csv'))
    expect(data(first).length).toBeGreaterThanOrEqual(8)
    expect(data(second)).toStrictEqual(data(first))
    expect(second.map((f) => f.name)).toStrictEqual(first.map((f) => f.name))
  })

  it('writes money as exact decimal strings, never NaN or Infinity', () => {
    const json = byName(first, 'report.json')
    expect(json).not.toMatch(/NaN|Infinity/)
    const fields = moneyFields(JSON.parse(json))
    expect(fields.length).toBeGreaterThan(100)
    const bad = fields.filter(([, v]) => typeof v !== 'string' || !DECIMAL.test(v))
    expect(bad.slice(0, 5)).toStrictEqual([])
    for (const f of first.filter((x) => x.name.endsWith('.csv'))) expect(f.contents, f.name).not.toMatch(/NaN|Infinity|undefined/)
  })

  it('records the parameters: seed, seeds, precision, versions, defaults; no timestamps', () => {
    const report = JSON.parse(byName(first, 'report.json')) as ExperimentsResult
    expect(report.meta.seed).toBe(7)
    expect(report.meta.precision.significantDigits).toBe(50)
    expect(report.meta.versions).toMatchObject({ nodeMajor: expect.any(Number), dependencies: expect.objectContaining({ 'decimal.js': expect.any(String) }) })
    expect(report.scenarios.map((s) => s.id)).toStrictEqual(['llm', 'abstract'])
    expect(report.scenarios[0]!.defaults.map((d) => d.symbol)).toStrictEqual(['w', 'κ', 'β̄', 'n_in', 'n_out'])
    expect(report.scenarios[0]!.excluded).toHaveLength(1)
    expect(byName(first, 'report.json')).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/)
  })

  it('lists the infeasible SBD points instead of dropping them silently', () => {
    const llm = result.infeasible.filter((x) => x.scenario === 'llm')
    expect(llm.map((x) => x.epsilon)).toContain('0.1')
    expect(llm.every((x) => x.smallestFeasible === 60466207 && x.T < x.needed)).toBe(true)
    expect(byName(first, 'infeasible.csv').split('\n').length).toBe(result.infeasible.length + 2)
    expect(byName(first, 'README.md')).toContain('infeasible and omitted')
    expect(result.utility.some((u) => u.epsilon === '0.1')).toBe(false)
  })

  it('renders at least four SVG figures, embedded in README.md by relative links', () => {
    const svgs = first.filter((f) => f.name.startsWith('figures/') && f.name.endsWith('.svg'))
    expect(svgs.length).toBeGreaterThanOrEqual(4)
    for (const f of svgs) {
      expect(f.contents.startsWith('<svg'), f.name).toBe(true)
      expect(f.contents.trimEnd().endsWith('</svg>'), f.name).toBe(true)
      expect(byName(first, 'README.md')).toContain(`](${f.name})`)
    }
    expect(second.filter((f) => f.name.endsWith('.svg'))).toStrictEqual(svgs)
  })

  it('PayTheBill: its provider cheats fully; every cell has one row per provider', () => {
    const ptb = result.utility.filter((u) => u.label === 'PayTheBill')
    expect(ptb.length).toBeGreaterThan(0)
    for (const u of ptb) expect(u.profile.split(' | ')[0]).toBe('full-cheat')
    const llmCells = result.utility.filter((u) => u.scenario === 'llm').length
    expect(result.providers.filter((p) => p.scenario === 'llm')).toHaveLength(5 * llmCells)
  })
})
