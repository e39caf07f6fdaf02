/**
 * The study's figures (proofs-notes §11.4): gains ≤ 0 are drawn (symmetric-log axis), every
 * estimate has a 95% interval bar, figure (c) draws Δ(T)/T, and figure (b) has a gain/η panel.
 * Legibility (sizes, titles, legends, series) is checked in properties/report/figure-legibility.test.ts.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { GainRow } from '../../src/experiments/deviation-gain.ts'
import { gainFigure, shortfallFigure, symlogConstant, symlogTicks } from '../../src/experiments/figures.ts'
import type { ShortfallRow } from '../../src/experiments/shortfall.ts'
import { renderSvg } from '../../src/report/plot.ts'

const mech = { mechanism: 'sbd', label: 'SBD(ε=0.4, rebate=on)', epsilon: '0.4', rebate: 'on', theta: '', lambda: '' }
const gain = (T: number, g: string, lo: string, hi: string): GainRow => ({
  scenario: 's',
  ...mech,
  T,
  searchSeeds: 16,
  provider: 'a',
  strategy: 'τ*',
  searchGain: g,
  searchGainSe: '0',
  remeasureSeeds: 16,
  gain: g,
  gainSe: '1',
  gainLo: lo,
  gainHi: hi,
  eta: '100',
  etaOn: '100',
  etaOff: '200',
  L: 10,
  slackAllowance: '90',
  gainOverEta: String(Number(g) / 100),
  gainOverEtaLo: String(Number(lo) / 100),
  gainOverEtaHi: String(Number(hi) / 100),
})
const short = (T: number, v: string): ShortfallRow => ({
  scenario: 's',
  ...mech,
  T,
  shortfallPerQuery: v,
  shortfallPerQuerySe: '0.001',
  shortfallPerQueryLo: String(Number(v) - 0.002),
  shortfallPerQueryHi: String(Number(v) + 0.002),
  boundPerQuery: '0.5',
})

/** Every inline data row of a spec (any depth). */
const dataRows = (spec: unknown): Record<string, unknown>[] => {
  const out: Record<string, unknown>[] = []
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk)
    else if (typeof x === 'object' && x !== null) {
      const o = x as Record<string, unknown>
      if (typeof o.data === 'object' && o.data !== null && Array.isArray((o.data as { values?: unknown }).values))
        out.push(...(o.data as { values: Record<string, unknown>[] }).values)
      Object.values(o).forEach(walk)
    }
  }
  walk(spec)
  return out
}
const count = (svg: string, role: string): number => svg.split(`aria-roledescription="${role}"`).length - 1

describe('figure (b)', () => {
  const rows = [gain(1_000, '-5', '-9', '-1'), gain(2_000, '0', '0', '0'), gain(5_000, '40', '30', '50')]
  it('draws non-positive gains (symmetric-log axis), with interval bars and a gain/η panel', async () => {
    const spec = gainFigure(rows, 's', 't').spec
    const values = dataRows(spec)
      .filter((r) => r.curve === 're-measured gain (95% CI)')
      .map((r) => r.value)
    expect(values).toStrictEqual([-5, 0, 40])
    expect(JSON.stringify(spec)).toContain('"type":"symlog"')
    const ratios = dataRows(spec).filter((r) => r.curve === undefined && 'lo' in r)
    expect(ratios.map((r) => r.value)).toStrictEqual([-0.05, 0, 0.4])
    const svg = await renderSvg(spec)
    expect(E.isRight(svg)).toBe(true)
    if (E.isRight(svg)) expect(count(svg.right, 'interval')).toBe(2 * rows.length)
  })

  it('the symmetric-log constant sits at or below the smallest non-zero magnitude', () => {
    expect(symlogConstant([-5, 0, 40, 0.03])).toBe(0.01)
    expect(symlogConstant([0])).toBe(1e-6)
    // The exact power of ten, printed without a binary-float artefact (not 0.000009999999999999999).
    expect(String(symlogConstant([0.000012, -0.3]))).toBe('0.00001')
    expect(String(symlogConstant([0.001]))).toBe('0.001')
  })

  it('symmetric-log ticks: 0 and powers of ten on each side that data reach (and the top), ascending', () => {
    const ticks = symlogTicks([-0.0013, 0.07], 1e-5)
    expect(ticks).toStrictEqual([...ticks].sort((a, b) => a - b))
    expect(ticks).toContain(0)
    expect(ticks).toContain(0.01)
    expect(ticks).toContain(-0.001)
    // Powers of ten, plus one leading digit near the largest magnitude (0.07 here): exact decimals.
    expect(ticks.map(String).filter((t) => !/^(0|-?0\.0*1|-?10*)$/.test(t))).toStrictEqual(['0.07'])
  })
})

describe('figure (c)', () => {
  it('draws Δ(T)/T, interval bars, and negative shortfalls', async () => {
    const rows = [short(1_000, '0.3'), short(10_000, '-0.01')]
    const spec = shortfallFigure(rows, [], 's', 't').spec
    const bounds = dataRows(spec).filter((r) => !('lo' in r) && r.value === 0.5)
    expect(bounds).toHaveLength(2)
    expect(
      dataRows(spec)
        .filter((r) => 'lo' in r)
        .map((r) => r.value),
    ).toContain(-0.01)
    const svg = await renderSvg(spec)
    expect(E.isRight(svg)).toBe(true)
    if (E.isRight(svg)) expect(count(svg.right, 'interval')).toBe(rows.length)
  })
})
