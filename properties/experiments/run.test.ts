/**
 * The study's report (proofs-notes §11), in quick mode: deterministic, money as decimal strings, figures
 * as SVG, infeasible SBD points listed. (That worker threads compute what this thread computes
 * is checked in search.test.ts.)
 */
import * as E from 'fp-ts/lib/Either.js'
import { beforeAll, describe, expect, it } from 'vitest'
import { renderResults } from '../../src/experiments/render.ts'
import { type ExperimentsResult, runExperiments } from '../../src/experiments/run-all.ts'
import { CSV_FILES, HARM_CSV, META_FIELDS, REPORT_FIELDS, SCENARIO_FIELDS, columnNames } from '../../src/experiments/columns.ts'
import { HARM_FIGURE_BASE, runHarmStudy } from '../../src/experiments/harm-study.ts'
import { Decimal } from '../../src/exact/decimal.ts'
import { brokenRows, tableShapes } from '../report/markdown-tables.ts'

type Files = ReadonlyArray<{ name: string; contents: string }>
/** The text files of the report (figures as SVG only: the PNGs are checked in properties/report/figure-legibility.test.ts). */
const render = async (r: ExperimentsResult): Promise<Files> => {
  const files = await renderResults(r, ['svg'])
  if (E.isLeft(files)) throw files.left
  return files.right.map((f) => ({ name: f.name, contents: typeof f.contents === 'string' ? f.contents : '' }))
}
const byName = (files: Files, name: string): string => {
  const f = files.find((x) => x.name === name)
  if (f === undefined) throw new Error(`no ${name}`)
  return f.contents
}

/** Every money (USD) field of the report's rows. */
const MONEY_KEYS = new Set([
  'userUtility',
  'userUtilityPerQuery',
  'userUtilityPerQuerySe',
  'firstBestPerQuery',
  'secondBestPerQuery',
  'bestFloorPerQuery',
  'profit',
  'profitSe',
  'gain',
  'gainSe',
  'gainLo',
  'gainHi',
  'searchGain',
  'searchGainSe',
  'eta',
  'etaOn',
  'etaOff',
  'slackAllowance',
  'shortfallPerQuery',
  'shortfallPerQuerySe',
  'shortfallPerQueryLo',
  'shortfallPerQueryHi',
  'userUtilityPerQueryLo',
  'userUtilityPerQueryHi',
  'inflationWithheld',
  'substitutionWithheld',
  'inflationPerRound',
  'substitutionPerRound',
  'honestMean',
  'honestProfit',
  'cheatMean',
  'cheatProfit',
  'manipulationRange',
  'xLo',
  'xHi',
  'R',
  // harm.csv (proofs-notes §14.9)
  'tolerance',
  'tauStarUserUtility',
  'tauStarProfit',
  'harmUpper',
  'harmLower',
  'errorBound',
])
const OPTIONAL_MONEY = new Set(['boundPerQuery', 'replicationGain', 'replicationGainSe', 'theta'])
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
    // CPU time is ~10 s per quick study; the generous limit only absorbs a loaded machine.
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
    expect(report.meta.versions).toMatchObject({
      nodeMajor: expect.any(Number),
      dependencies: expect.objectContaining({ 'decimal.js': expect.any(String) }),
    })
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

  it('adds the exact harm of §14.9: the rows of its harm part, harm.csv, its figure and README section', () => {
    const harm = runHarmStudy(true)
    if (E.isLeft(harm)) throw new Error(harm.left)
    expect(harm.right.length).toBeGreaterThan(0)
    expect(result.harm).toStrictEqual(harm.right)
    const csv = byName(first, HARM_CSV.file).trimEnd().split('\n')
    expect(csv[0]!.split(',')).toStrictEqual(Object.keys(HARM_CSV.columns))
    expect(csv).toHaveLength(harm.right.length + 1)
    const readme = byName(first, 'README.md')
    expect(readme).toContain('### Harm under deviations: H_i(ζ) against the tolerance ζ (proofs-notes §14.9)')
    expect(readme).toContain(`](${HARM_FIGURE_BASE}.svg)`)
    expect(readme).toContain('Quick mode (a smoke check, not the figure of §14.9)')
  })

  it('PayTheBill: its provider cheats fully; every cell has one row per provider', () => {
    const ptb = result.utility.filter((u) => u.label === 'PayTheBill')
    expect(ptb.length).toBeGreaterThan(0)
    for (const u of ptb) expect(u.profile.split(' | ')[0]).toBe('full-cheat')
    const llmCells = result.utility.filter((u) => u.scenario === 'llm').length
    expect(result.providers.filter((p) => p.scenario === 'llm')).toHaveLength(5 * llmCells)
  })

  it('results/README.md and COLUMNS.md: every table row has exactly as many cells as its header (parsed with marked)', () => {
    for (const name of ['README.md', 'COLUMNS.md']) {
      const md = byName(first, name)
      expect(tableShapes(md).length, name).toBeGreaterThanOrEqual(name === 'README.md' ? 4 : CSV_FILES.length)
      expect(brokenRows(md), name).toStrictEqual([])
    }
    // The profile cells hold " | " (one strategy per provider) and stay one cell each.
    const profiles = tableShapes(byName(first, 'README.md')).flatMap((t) => t.cells.flatMap((r) => r.filter((c) => c.includes(' | '))))
    expect(profiles.length).toBeGreaterThan(0)
  })

  it('every CSV has exactly the declared columns, each documented with a unit in COLUMNS.md', () => {
    const dictionary = byName(first, 'COLUMNS.md')
    for (const spec of CSV_FILES) {
      const header = byName(first, spec.file).split('\n')[0]!.split(',')
      expect(header, spec.file).toStrictEqual(Object.keys(spec.columns))
      expect(dictionary).toContain(`## \`${spec.file}\``)
      for (const [name, doc] of Object.entries(spec.columns) as [string, { unit: string; meaning: string }][]) {
        expect(doc.unit.length * doc.meaning.length, `${spec.file}: ${name}`).toBeGreaterThan(0)
        expect(dictionary).toContain(`| \`${name}\` | ${doc.unit} |`)
      }
    }
  })

  it('every field of report.json is documented (top level, meta, scenarios, and rows through their CSV)', () => {
    const report = JSON.parse(byName(first, 'report.json')) as Record<string, unknown>
    expect(Object.keys(report)).toStrictEqual(Object.keys(REPORT_FIELDS))
    // `engine` is written only for a study not on the per-round engine (proofs-notes §13.3); this one is.
    expect(Object.keys(report.meta as object)).toStrictEqual(Object.keys(META_FIELDS))
    for (const s of report.scenarios as object[]) expect(Object.keys(s)).toStrictEqual(Object.keys(SCENARIO_FIELDS))
    const rowsOf: Record<string, readonly string[]> = {
      utility: columnNames(CSV_FILES[0].columns),
      providers: columnNames(CSV_FILES[1].columns),
      steps: columnNames(CSV_FILES[2].columns),
      candidates: columnNames(CSV_FILES[3].columns),
      gains: columnNames(CSV_FILES[4].columns),
      shortfall: columnNames(CSV_FILES[5].columns),
      manipulation: columnNames(CSV_FILES[6].columns),
      infeasible: columnNames(CSV_FILES[7].columns),
      harm: columnNames(HARM_CSV.columns),
    }
    for (const [key, cols] of Object.entries(rowsOf))
      for (const row of report[key] as object[]) expect(Object.keys(row), key).toStrictEqual(cols)
  })

  it('mechanism parameters have their own columns in every CSV with a mechanism', () => {
    for (const spec of CSV_FILES.filter((x) => x.file !== 'scenario-providers.csv')) {
      const header = byName(first, spec.file).split('\n')[0]!.split(',')
      for (const c of ['mechanism', 'epsilon']) expect(header, spec.file).toContain(c)
      if (spec.file !== 'infeasible.csv') for (const c of ['rebate', 'theta', 'lambda']) expect(header, spec.file).toContain(c)
    }
    const pt = result.utility.find((u) => u.mechanism === 'posted-target')!
    expect(pt.theta).toBe(result.utility.find((u) => u.scenario === pt.scenario)!.secondBestPerQuery)
    expect(result.utility.filter((u) => u.mechanism === 'sbd').every((u) => u.epsilon !== '' && u.rebate !== '' && u.theta === '')).toBe(
      true,
    )
  })

  it('every estimate has its SE and a 95% CI around it; selected quantities are measured on re-measure seeds only', () => {
    const d = (x: string) => new Decimal(x)
    for (const u of result.utility)
      expect(d(u.userUtilityPerQueryLo).lte(u.userUtilityPerQuery) && d(u.userUtilityPerQuery).lte(u.userUtilityPerQueryHi)).toBe(true)
    for (const g of result.gains) {
      expect(d(g.gainLo).lte(g.gain) && d(g.gain).lte(g.gainHi)).toBe(true)
      expect(g.remeasureSeeds).toBe(result.scenarios.find((s) => s.id === g.scenario)!.seeds.remeasure.length)
    }
    expect(result.gains.length).toBe(result.utility.filter((u) => u.mechanism === 'sbd').length)
    for (const s of result.scenarios) {
      const all = [...s.seeds.search, ...s.seeds.filter, ...s.seeds.remeasure]
      expect(new Set(all).size).toBe(all.length)
      expect(result.utility.filter((u) => u.scenario === s.id).every((u) => u.seeds === s.seeds.remeasure.length)).toBe(true)
    }
  })
})
