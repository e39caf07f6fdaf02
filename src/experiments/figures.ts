/**
 * The study's figures as declarative Vega-Lite 5 specs (plain data: the same rows give the same
 * spec, and {@link renderSvg} then gives the same SVG bytes). Decimal strings become numbers here,
 * for placing points only.
 *
 * @module
 */
import type { TopLevelSpec } from '../report/plot.ts'
import { CHART_HEIGHT, CHART_WIDTH } from '../report/plot.ts'
import { PHASES } from '../sim/public-view.ts'
import type { GainRow } from './deviation-gain.ts'
import type { ManipulationRow } from './manipulation.ts'
import type { ShortfallRow } from './shortfall.ts'
import type { UtilityRow } from './utility.ts'

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json'
const CONFIG = { background: 'white', legend: { labelLimit: 400, titleLimit: 400 } } as const

/** Names of the benchmark lines of figure (a). */
export const BENCHMARK = {
  firstBest: 'first-best ū(1)',
  secondBest: 'second-best ū(2)',
  floor: "best provider's full-cheat floor",
} as const

const num = (s: string): number => Number(s)
/** A dash-pattern legend whose symbols are visible line segments (Vega leaves them unstroked otherwise). */
const DASH_LEGEND = { symbolType: 'stroke', symbolStrokeWidth: 2, symbolSize: 300, encode: { symbols: { update: { stroke: { value: '#444' } } } } } as const
const sortedUnique = (xs: readonly string[]): string[] => [...new Set(xs)]

const SEARCH = { domain: ['converged', 'not converged'], range: ['circle', 'cross'] }
const searchOf = (converged: boolean): string => (converged ? 'converged' : 'not converged')

/**
 * Figure (a): user utility per query against `T` (log axis) for every mechanism of `scenario`
 * (points: circle if the best-response search converged, cross if not), beside the first-best
 * and second-best lines (dashed); when the best provider's full-cheat floor lies above the
 * second-best (Assumption U fails) that floor is drawn too, and so is the full-cheat level of
 * PayTheBill's provider (`payTheBillFloor`), when given.
 */
export const utilityFigure = (
  rows: readonly UtilityRow[],
  scenario: string,
  title: string,
  payTheBillFloor?: { readonly label: string; readonly value: string },
): TopLevelSpec => {
  const own = rows.filter((r) => r.scenario === scenario)
  const horizons = sortedUnique(own.map((r) => String(r.T))).map(Number)
  const first = own[0]
  const benchmarks: { series: string; value: string }[] =
    first === undefined
      ? []
      : [
          { series: BENCHMARK.firstBest, value: first.firstBestPerQuery },
          { series: BENCHMARK.secondBest, value: first.secondBestPerQuery },
          ...(num(first.bestFloorPerQuery) > num(first.secondBestPerQuery) ? [{ series: BENCHMARK.floor, value: first.bestFloorPerQuery }] : []),
          ...(payTheBillFloor === undefined ? [] : [{ series: payTheBillFloor.label, value: payTheBillFloor.value }]),
        ]
  const mechanisms = own.map((r) => ({ T: r.T, value: num(r.userUtilityPerQuery), series: r.mechanism, search: searchOf(r.converged) }))
  const lines = benchmarks.flatMap((b) => horizons.map((T) => ({ T, value: num(b.value), series: b.series })))
  const domain = [...sortedUnique(own.map((r) => r.mechanism)), ...benchmarks.map((b) => b.series)]
  const x = { field: 'T', type: 'quantitative', title: 'horizon T (queries)', scale: { type: 'log' } } as const
  const y = { field: 'value', type: 'quantitative', title: 'user utility per query U/T (USD)', scale: { zero: false } } as const
  const color = { field: 'series', type: 'nominal', title: 'mechanism; benchmark (dashed)', scale: { domain, scheme: 'tableau20' } } as const
  return {
    $schema: SCHEMA,
    title,
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    layer: [
      { data: { values: mechanisms }, mark: { type: 'line', strokeWidth: 1.5 }, encoding: { x, y, color } },
      {
        data: { values: mechanisms },
        mark: { type: 'point', filled: true, size: 45, opacity: 1 },
        encoding: { x, y, color, shape: { field: 'search', type: 'nominal', title: 'best-response search', scale: SEARCH } },
      },
      { data: { values: lines }, mark: { type: 'line', strokeWidth: 1.5, strokeDash: [6, 4] }, encoding: { x, y, color } },
    ],
    config: CONFIG,
  }
}

/**
 * Figure (b): the largest deviation gain found against `T`, log-log, one panel per rebate
 * setting, one color per ε; the η bound of Theorem 1 dashed in the same color. Gains ≤ 0 cannot
 * be placed on a log axis and are left out (the report lists them).
 */
export const gainFigure = (rows: readonly GainRow[], scenario: string, title: string): TopLevelSpec => {
  const own = rows.filter((r) => r.scenario === scenario)
  const data = [
    ...own.filter((r) => num(r.largestGain) > 0).map((r) => ({ T: r.T, value: num(r.largestGain), epsilon: `ε=${r.epsilon}`, rebate: `rebate ${r.rebate}`, curve: 'largest gain found' })),
    ...own.map((r) => ({ T: r.T, value: num(r.eta), epsilon: `ε=${r.epsilon}`, rebate: `rebate ${r.rebate}`, curve: 'η(T) bound' })),
  ]
  return {
    $schema: SCHEMA,
    title,
    data: { values: data },
    facet: { column: { field: 'rebate', type: 'nominal', title: null, sort: ['rebate on', 'rebate off'] } },
    spec: {
      width: Math.round(CHART_WIDTH * 0.6),
      height: CHART_HEIGHT,
      mark: { type: 'line', point: true, strokeWidth: 1.5 },
      encoding: {
        x: { field: 'T', type: 'quantitative', title: 'horizon T', scale: { type: 'log' } },
        y: { field: 'value', type: 'quantitative', title: 'USD (log scale)', scale: { type: 'log' } },
        color: { field: 'epsilon', type: 'nominal', title: 'ε' },
        strokeDash: { field: 'curve', type: 'nominal', title: 'curve', sort: ['largest gain found', 'η(T) bound'], legend: DASH_LEGEND },
      },
    },
    resolve: { scale: { y: 'shared' } },
    config: CONFIG,
  }
}

/**
 * Figure (c): `(SB − U)/T` against `T` (log axis) for every mechanism (points: circle if the
 * best-response search converged, cross if not), with the zero line (dashed).
 */
export const shortfallFigure = (rows: readonly ShortfallRow[], utility: readonly UtilityRow[], scenario: string, title: string): TopLevelSpec => {
  const own = rows.filter((r) => r.scenario === scenario)
  const converged = new Map(utility.filter((u) => u.scenario === scenario).map((u) => [`${u.mechanism}@${u.T}`, u.converged]))
  const values = own.map((r) => ({ T: r.T, value: num(r.shortfallPerQuery), mechanism: r.mechanism, search: searchOf(converged.get(`${r.mechanism}@${r.T}`) ?? true) }))
  const x = { field: 'T', type: 'quantitative', title: 'horizon T (queries)', scale: { type: 'log' } } as const
  const y = { field: 'value', type: 'quantitative', title: '(SB − U)/T (USD per query)' } as const
  const color = { field: 'mechanism', type: 'nominal', title: 'mechanism', scale: { domain: sortedUnique(own.map((r) => r.mechanism)), scheme: 'tableau10' } } as const
  return {
    $schema: SCHEMA,
    title,
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    layer: [
      { data: { values }, mark: { type: 'line', strokeWidth: 1.5 }, encoding: { x, y, color } },
      {
        data: { values },
        mark: { type: 'point', filled: true, size: 45, opacity: 1 },
        encoding: { x, y, color, shape: { field: 'search', type: 'nominal', title: 'best-response search', scale: SEARCH } },
      },
      {
        data: { values: [{ zero: 0 }] },
        mark: { type: 'rule', color: 'black', strokeDash: [4, 4] },
        encoding: { y: { field: 'zero', type: 'quantitative' } },
      },
    ],
    config: CONFIG,
  }
}

const LEVER_COLORS = { none: '#d9d9d9', inflation: '#f28e2b', substitution: '#4e79a7', both: '#b07aa1' } as const

/**
 * Figure (d): per mechanism, a grid of phases × providers colored by the manipulation used
 * (none, inflation, substitution, both) at horizon `T`; providers that never served in a phase
 * have no cell there.
 */
export const manipulationFigure = (rows: readonly ManipulationRow[], T: number, title: string): TopLevelSpec => {
  const own = rows.filter((r) => r.T === T)
  const phases = PHASES.filter((p) => own.some((r) => r.phase === p))
  return {
    $schema: SCHEMA,
    title,
    data: { values: own.map((r) => ({ mechanism: r.mechanism, provider: r.provider, phase: r.phase, lever: r.lever, strategy: r.strategy })) },
    facet: { field: 'mechanism', type: 'nominal', title: null, sort: sortedUnique(own.map((r) => r.mechanism)) },
    columns: 4,
    spec: {
      width: 150,
      height: 110,
      mark: { type: 'rect', stroke: 'white' },
      encoding: {
        x: { field: 'phase', type: 'ordinal', title: null, sort: phases, axis: { labelAngle: -35 } },
        y: { field: 'provider', type: 'ordinal', title: null, sort: null },
        color: {
          field: 'lever',
          type: 'nominal',
          title: 'manipulation',
          scale: { domain: Object.keys(LEVER_COLORS), range: Object.values(LEVER_COLORS) },
        },
      },
    },
    config: CONFIG,
  }
}
