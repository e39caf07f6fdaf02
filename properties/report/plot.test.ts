import { describe, it, expect } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { lineChart, renderSvg, CHART_WIDTH, CHART_HEIGHT } from '../../src/report/plot.ts'

const rows = [1, 10, 100, 1000].flatMap((n) => [
  { n, regret: 1 / Math.sqrt(n), policy: 'SBD', honest: 'yes' },
  { n, regret: 2 / Math.sqrt(n), policy: 'first-best', honest: 'no' },
])

const options = {
  title: 'Regret versus rounds',
  data: rows,
  x: 'n',
  y: 'regret',
  color: 'policy',
  xTitle: 'rounds n',
  yTitle: 'regret',
  logX: true,
  logY: true,
  strokeDash: 'honest',
} as const

const spec = lineChart(options)

const svgOf = async (s: Parameters<typeof renderSvg>[0]): Promise<string> => {
  const r = await renderSvg(s)
  if (E.isLeft(r)) throw r.left
  return r.right
}

describe('lineChart', () => {
  it('builds the same plain-data spec for the same options', () => {
    const again = lineChart({ ...options })
    expect(JSON.stringify(again)).toBe(JSON.stringify(spec))
    expect(spec).toMatchObject({ width: CHART_WIDTH, height: CHART_HEIGHT, mark: { type: 'line', point: true } })
  })
})

describe('renderSvg', () => {
  it('renders a log-log line chart to SVG with title, axis titles and legend', async () => {
    const svg = await svgOf(spec)
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg).toContain('Regret versus rounds')
    expect(svg).toContain('rounds n')
    expect(svg).toContain('first-best')
    expect(svg).toContain('role-legend')
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true)
  })

  it('is byte-identical across renders, including concurrent ones', async () => {
    const first = await svgOf(spec)
    const second = await svgOf(spec)
    expect(second).toBe(first)
    const [a, b] = await Promise.all([svgOf(spec), svgOf(spec)])
    expect(a).toBe(first)
    expect(b).toBe(first)
  })

  it("resets Vega's global SVG clip-id counter, so clipped charts are byte-identical too", async () => {
    const clipped = { ...spec, mark: { type: 'line', point: true, clip: true } } as typeof spec
    const [a, b] = await Promise.all([svgOf(clipped), svgOf(clipped)])
    expect(a).toContain('clip-path')
    expect(b).toBe(a)
    expect(await svgOf(clipped)).toBe(a)
  })

  it('returns Left instead of throwing on an invalid spec', async () => {
    const bad = { ...spec, mark: 'no-such-mark' } as unknown as Parameters<typeof renderSvg>[0]
    const r = await renderSvg(bad)
    expect(E.isLeft(r)).toBe(true)
    // and the render queue keeps working afterwards
    expect((await svgOf(spec)).startsWith('<svg')).toBe(true)
  })
})
