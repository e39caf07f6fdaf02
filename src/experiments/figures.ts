/**
 * The study's figures as declarative Vega-Lite 5 specs (plain data: the same rows give the same
 * spec, and {@link renderSvg} then gives the same SVG bytes). Decimal strings become numbers here,
 * for placing points only.
 *
 * @module
 */
import type { TopLevelSpec } from '../report/plot.ts'
import type { UnitSpec as VlUnitSpec } from 'vega-lite/build/src/spec/unit.js'
import type { Field } from 'vega-lite/build/src/channeldef.js'
type UnitSpec = VlUnitSpec<Field>
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

/** A layer of 95% confidence-interval bars (fields `lo`, `hi`) over the points of `values`. */
const errorBars = (values: readonly object[], x: object, color: object, yField = 'lo', y2Field = 'hi', yScale?: object): UnitSpec =>
  ({
    data: { values },
    mark: { type: 'errorbar', ticks: { size: 6 }, thickness: 1.2 },
    encoding: { x, y: { field: yField, type: 'quantitative', ...(yScale === undefined ? {} : { scale: yScale }) }, y2: { field: y2Field }, color },
  }) as UnitSpec

/**
 * The constant of a symmetric-log axis: the power of ten at or below the smallest non-zero
 * magnitude among `xs` (the axis is linear within it and logarithmic beyond), 1e-6 if none.
 */
export const symlogConstant = (xs: readonly number[]): number => {
  const mags = xs.map(Math.abs).filter((x) => x > 0 && Number.isFinite(x))
  return mags.length === 0 ? 1e-6 : 10 ** Math.floor(Math.log10(Math.min(...mags)))
}

/**
 * Figure (a): user utility per query against `T` (log axis) for every mechanism of `scenario`
 * with 95% confidence-interval bars (points: circle if the best-response search converged,
 * cross if not), beside the first-best
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
  const mechanisms = own.map((r) => ({
    T: r.T,
    value: num(r.userUtilityPerQuery),
    lo: num(r.userUtilityPerQueryLo),
    hi: num(r.userUtilityPerQueryHi),
    series: r.label,
    search: searchOf(r.converged),
  }))
  const lines = benchmarks.flatMap((b) => horizons.map((T) => ({ T, value: num(b.value), series: b.series })))
  const domain = [...sortedUnique(own.map((r) => r.label)), ...benchmarks.map((b) => b.series)]
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
      errorBars(mechanisms, x, color),
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
 * Figure (b), two rows of panels (one column per rebate setting, one color per ε):
 *
 * - the re-measured largest deviation gain against `T` with 95% confidence-interval bars and the
 *   η bound of Theorem 1 dashed in the same color, on a log `T` axis and a symmetric-log gain
 *   axis (logarithmic away from 0, linear near it), so gains ≤ 0 are drawn, not dropped;
 * - gain/η with its 95% interval, with the bound gain/η = 1 as a rule.
 */
export const gainFigure = (rows: readonly GainRow[], scenario: string, title: string): TopLevelSpec => {
  const own = rows.filter((r) => r.scenario === scenario)
  const key = (r: GainRow) => ({ T: r.T, epsilon: `ε=${r.epsilon}`, rebate: `rebate ${r.rebate}` })
  const gains = own.map((r) => ({ ...key(r), value: num(r.gain), lo: num(r.gainLo), hi: num(r.gainHi), curve: 're-measured gain (95% CI)' }))
  const etas = own.map((r) => ({ ...key(r), value: num(r.eta), curve: 'η(T) bound' }))
  const ratios = own.map((r) => ({ ...key(r), value: num(r.gainOverEta), lo: num(r.gainOverEtaLo), hi: num(r.gainOverEtaHi) }))
  const constant = symlogConstant(gains.flatMap((g) => [g.value, g.lo, g.hi]))
  const x = { field: 'T', type: 'quantitative', title: 'horizon T', scale: { type: 'log' } } as const
  const color = { field: 'epsilon', type: 'nominal', title: 'ε' } as const
  const ySym = { type: 'symlog', constant } as const
  const facet = { column: { field: 'rebate', type: 'nominal', title: null, sort: ['rebate on', 'rebate off'] } } as const
  const width = Math.round(CHART_WIDTH * 0.6)
  return {
    $schema: SCHEMA,
    title,
    vconcat: [
      {
        data: { values: [...gains, ...etas] },
        facet,
        spec: {
          width,
          height: CHART_HEIGHT,
          layer: [
            {
              mark: { type: 'line', point: true, strokeWidth: 1.5 },
              encoding: {
                x,
                y: { field: 'value', type: 'quantitative', title: `USD (symmetric log, linear within ±${constant})`, scale: ySym },
                color,
                strokeDash: { field: 'curve', type: 'nominal', title: 'curve', sort: ['re-measured gain (95% CI)', 'η(T) bound'], legend: DASH_LEGEND },
              },
            },
            {
              transform: [{ filter: 'isValid(datum.lo)' }],
              mark: { type: 'errorbar', ticks: { size: 6 }, thickness: 1.2 },
              encoding: { x, y: { field: 'lo', type: 'quantitative', scale: ySym }, y2: { field: 'hi' }, color },
            },
            { mark: { type: 'rule', color: 'black', strokeDash: [2, 2] }, encoding: { y: { datum: 0, type: 'quantitative' } } },
          ],
        },
        resolve: { scale: { y: 'shared' } },
      },
      {
        data: { values: ratios },
        facet,
        spec: {
          width,
          height: Math.round(CHART_HEIGHT * 0.6),
          layer: [
            { mark: { type: 'line', point: true, strokeWidth: 1.5 }, encoding: { x, y: { field: 'value', type: 'quantitative', title: 're-measured gain / η (95% CI)' }, color } },
            { mark: { type: 'errorbar', ticks: { size: 6 }, thickness: 1.2 }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color } },
            { mark: { type: 'rule', color: 'firebrick', strokeDash: [6, 4] }, encoding: { y: { datum: 1, type: 'quantitative' } } },
            { mark: { type: 'rule', color: 'black', strokeDash: [2, 2] }, encoding: { y: { datum: 0, type: 'quantitative' } } },
          ],
        },
        resolve: { scale: { y: 'shared' } },
      },
    ],
    config: CONFIG,
  } as TopLevelSpec
}

/**
 * Figure (c): `(SB − U)/T` against `T` for every mechanism with 95% confidence-interval bars
 * (points: circle if the best-response search converged, cross if not), and for SBD the bound
 * `Δ(T)/T` of Theorem 2 dashed in the mechanism's color. Log `T` axis; symmetric-log `y` axis
 * (logarithmic away from 0, linear near it, so negative shortfalls are drawn too).
 */
export const shortfallFigure = (rows: readonly ShortfallRow[], utility: readonly UtilityRow[], scenario: string, title: string): TopLevelSpec => {
  const own = rows.filter((r) => r.scenario === scenario)
  const converged = new Map(utility.filter((u) => u.scenario === scenario).map((u) => [`${u.label}@${u.T}`, u.converged]))
  const values = own.map((r) => ({
    T: r.T,
    value: num(r.shortfallPerQuery),
    lo: num(r.shortfallPerQueryLo),
    hi: num(r.shortfallPerQueryHi),
    mechanism: r.label,
    search: searchOf(converged.get(`${r.label}@${r.T}`) ?? true),
  }))
  const bounds = own.filter((r) => r.boundPerQuery !== '').map((r) => ({ T: r.T, value: num(r.boundPerQuery), mechanism: r.label }))
  const constant = symlogConstant(values.flatMap((v) => [v.value, v.lo, v.hi]))
  const yScale = { type: 'symlog', constant } as const
  const x = { field: 'T', type: 'quantitative', title: 'horizon T (queries)', scale: { type: 'log' } } as const
  const y = { field: 'value', type: 'quantitative', title: `(SB − U)/T, USD per query (symmetric log, linear within ±${constant})`, scale: yScale } as const
  const color = { field: 'mechanism', type: 'nominal', title: 'mechanism; Δ(T)/T of SBD dashed', scale: { domain: sortedUnique(own.map((r) => r.label)), scheme: 'tableau10' } } as const
  return {
    $schema: SCHEMA,
    title,
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    layer: [
      { data: { values }, mark: { type: 'line', strokeWidth: 1.5 }, encoding: { x, y, color } },
      errorBars(values, x, color, 'lo', 'hi', yScale),
      {
        data: { values },
        mark: { type: 'point', filled: true, size: 45, opacity: 1 },
        encoding: { x, y, color, shape: { field: 'search', type: 'nominal', title: 'best-response search', scale: SEARCH } },
      },
      { data: { values: bounds }, mark: { type: 'line', strokeWidth: 1.2, strokeDash: [6, 4] }, encoding: { x, y, color } },
      {
        data: { values: [{ zero: 0 }] },
        mark: { type: 'rule', color: 'black', strokeDash: [2, 2] },
        encoding: { y: { field: 'zero', type: 'quantitative', scale: yScale } },
      },
    ],
    config: CONFIG,
  } as TopLevelSpec
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
    data: { values: own.map((r) => ({ mechanism: r.label, provider: r.provider, phase: r.phase, lever: r.lever, strategy: r.strategy })) },
    facet: { field: 'mechanism', type: 'nominal', title: null, sort: sortedUnique(own.map((r) => r.label)) },
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
