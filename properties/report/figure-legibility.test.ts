/**
 * Every figure the project writes is legible (§11.4): the study's figures of
 * `sbd experiment all --quick`, the figures of `sbd merge`, and the notes' exact-analysis figure
 * (redrawn from its stored CSV) are rendered to SVG and PNG and checked with the helper of
 * `figure-legibility.ts`; the helper itself is shown to catch the defects it guards against.
 */
import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/program.ts'
import { exactGainFigure, rowsFromCsv } from '../../src/experiments/exact-gain-figure.ts'
import { figureSpecs } from '../../src/experiments/render.ts'
import { runExperiments } from '../../src/experiments/run-all.ts'
import { type Figure, renderFigure } from '../../src/report/figure.ts'
import { type TopLevelSpec, renderSvg } from '../../src/report/plot.ts'
import { PNG_SCALE } from '../../src/report/raster.ts'
import { combineShards, readShard } from '../../src/sweep/merge.ts'
import { mergedFigures } from '../../src/sweep/render.ts'
import { memoryIo } from '../cli/memory-io.ts'
import { figureViolations, pngSize, svgSize } from './figure-legibility.ts'

/** Renders `figure` as SVG and PNG and returns every violation (PNG: 2× the SVG's size). */
const check = async (figure: Figure): Promise<string[]> => {
  const files = await renderFigure(figure, ['svg', 'png'])
  if (E.isLeft(files)) return [`${figure.name}: ${files.left.message}`]
  const svg = files.right.find((f) => f.name.endsWith('.svg'))!.contents as string
  const png = files.right.find((f) => f.name.endsWith('.png'))!.contents as Uint8Array
  const out = figureViolations(figure.name, svg, figure.series)
  const s = svgSize(svg)
  const p = pngSize(png)
  if (p.width !== Math.round(s.width * PNG_SCALE) || p.height !== Math.round(s.height * PNG_SCALE))
    out.push(`${figure.name}: PNG ${p.width}×${p.height} is not ${PNG_SCALE}× the SVG's ${s.width}×${s.height}`)
  return out
}

describe('the figures of experiment all --quick', () => {
  let figures: readonly Figure[] = []
  beforeAll(() => {
    figures = figureSpecs(runExperiments({ seed: 20251102, quick: true }))
  })

  it('are legible: size, text length, number format, legends, one colour-and-dash per series', async () => {
    expect(figures.length).toBeGreaterThanOrEqual(7)
    const violations: string[] = []
    for (const f of figures) violations.push(...(await check(f)))
    expect(violations).toStrictEqual([])
  })

  it('have a caption of one short paragraph that names the scale', () => {
    for (const f of figures) {
      expect(f.caption.length, f.name).toBeGreaterThan(100)
      expect(f.caption.length, f.name).toBeLessThan(1000)
      expect(f.caption, f.name).not.toMatch(/\n/)
      if (!f.name.includes('manipulation')) expect(f.caption, f.name).toMatch(/log/)
    }
  })
})

describe('the figures of sbd merge', () => {
  it('are legible, and merge writes SVG, PNG and a README with captions', async () => {
    const grid = {
      name: 'legibility',
      scenarios: ['two-provider-abstract.json', 'three-provider-llm.json'],
      mechanisms: [
        { mechanism: 'sbd', epsilon: '0.25', rebate: 'on' },
        { mechanism: 'sbd', epsilon: '0.25', rebate: 'off' },
        { mechanism: 'target-mix', epsilon: '0.25', rebate: 'on', lambda: '0.5' },
        { mechanism: 'reputation-ucb' },
      ],
      strategies: [['recommended'], ['full-cheat']],
      horizons: [3000, 6000],
      seeds: { first: 1, count: 2 },
    }
    const { io, state } = memoryIo({ 'examples/grid.json': JSON.stringify(grid) })
    expect(await runCli(['sweep', '--grid', 'examples/grid.json', '--out', 'out/0', '--workers', '0'], io), state.stderr).toBe(0)
    expect(await runCli(['merge', 'out/0', '--out', 'merged'], io), state.stderr).toBe(0)
    const names = state.contents.merged!.map((f) => f.name)
    expect(names).toEqual(
      expect.arrayContaining(['figures/user-utility-1.svg', 'figures/user-utility-1.png', 'figures/user-utility-2.png', 'README.md']),
    )
    const shard = readShard('out/0', io.readText)
    if (E.isLeft(shard)) throw new Error(shard.left.join('\n'))
    const merged = combineShards([shard.right])
    if (E.isLeft(merged)) throw new Error(merged.left.join('\n'))
    const figures = mergedFigures(merged.right)
    const violations: string[] = []
    for (const f of figures) violations.push(...(await check(f)))
    expect(violations).toStrictEqual([])
  })
})

describe("the notes' exact-analysis figure", () => {
  it('is legible (redrawn from proofs-notes/figures/exact-gain-loglog.csv)', async () => {
    const rows = rowsFromCsv(readFileSync('proofs-notes/figures/exact-gain-loglog.csv', 'utf8'))
    if (E.isLeft(rows)) throw new Error(rows.left)
    const figure = { name: 'exact-gain-loglog', ...exactGainFigure(rows.right, 'two-provider example') }
    expect(figure.series).toHaveLength(4)
    expect(await check(figure)).toStrictEqual([])
  })
})

describe('the legibility checks', () => {
  // A layered chart in the style the checks guard against: titles left to Vega (joined across
  // layers, field names leak), a float artefact in a title, more series than colour-and-dash pairs.
  const bad = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    width: 300,
    height: 200,
    data: { values: [1, 2, 3].flatMap((T) => ['a', 'b'].map((s) => ({ T, value: T, lo: T - 0.5, hi: T + 0.5, s, k: 'same' }))) },
    layer: [
      {
        mark: 'line',
        encoding: {
          x: { field: 'T', type: 'quantitative' },
          y: { field: 'value', type: 'quantitative', title: `USD (symmetric log, linear within ±${10 ** -5})` },
          detail: { field: 's' },
          color: { field: 'k' },
        },
      },
      {
        mark: 'errorbar',
        encoding: { x: { field: 'T', type: 'quantitative' }, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } },
      },
    ],
  } as unknown as TopLevelSpec

  it('catch a joined axis title, a float artefact, and series that share colour and dash', async () => {
    const svg = await renderSvg(bad)
    if (E.isLeft(svg)) throw svg.left
    const v = figureViolations('bad', svg.right, ['a', 'b'])
    expect(v.some((x) => x.includes('binary-float artefact'))).toBe(true)
    expect(v.some((x) => x.includes('distinct colour-and-dash'))).toBe(true)
    expect(svg.right).toContain(', lo')
  })

  it('catch a truncated legend label and an overlong text', async () => {
    const long = 'best family member (ε=0.25, rebate on) and a label far longer than a legend should ever hold'
    const spec = {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      width: 200,
      height: 100,
      data: {
        values: [
          { x: 1, y: 1, s: long },
          { x: 2, y: 2, s: long },
        ],
      },
      mark: 'line',
      encoding: {
        x: { field: 'x', type: 'quantitative', title: long },
        y: { field: 'y', type: 'quantitative' },
        color: { field: 's', legend: { labelLimit: 120 } },
      },
    } as unknown as TopLevelSpec
    const svg = await renderSvg(spec)
    if (E.isLeft(svg)) throw svg.left
    const v = figureViolations('long', svg.right, ['x'])
    expect(v.some((x) => x.includes('truncated legend label'))).toBe(true)
    expect(v.some((x) => x.includes('characters'))).toBe(true)
  })
})
