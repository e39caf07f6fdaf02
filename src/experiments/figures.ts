/**
 * The study's figures (§11.4) as declarative Vega-Lite 5 specs with their captions, in the one
 * theme of `src/report/theme.ts`. Plain data: the same rows give the same spec, and
 * {@link renderSvg} then gives the same SVG bytes. Decimal strings become numbers here, for
 * placing points only; every number printed in a title or caption goes through `sig`.
 *
 * Legible by construction: every layer sets the axis titles explicitly (no field name leaks
 * into a title), the `T` axis spans exactly the horizons drawn, legends list labels shortened by
 * design (never truncated), every series differs from the others by colour or dash, a panel
 * draws at most eight series (mechanisms are split into an SBD panel and a baselines panel),
 * and axis scales that need explaining are explained in the caption, not in the axis title.
 *
 * @module
 */
import type { Figure } from '../report/figure.ts'
import { distinctStyles } from '../report/figure.ts'
import { powerOfTen, sig } from '../report/number-format.ts'
import type { TopLevelSpec } from '../report/plot.ts'
import {
  BENCHMARK_STYLE,
  DASH,
  HEIGHT,
  LEVER_COLORS,
  type SeriesStyle,
  THEME_CONFIG,
  WIDTH,
  sbdColor,
  seriesScales,
} from '../report/theme.ts'
import { PHASES } from '../sim/public-view.ts'
import type { GainRow } from './deviation-gain.ts'
import type { ManipulationRow } from './manipulation.ts'
import type { ShortfallRow } from './shortfall.ts'
import type { UtilityRow } from './utility.ts'

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json'

/** Names of the benchmark lines of figure (a). */
export const BENCHMARK = {
  firstBest: 'first-best ū(1)',
  secondBest: 'second-best ū(2)',
  floor: 'best provider, full cheat',
} as const

/** Panel names of figures (a) and (c). */
export const PANELS = { sbd: 'SBD(ε)', baselines: 'baselines' } as const

const num = (s: string): number => Number(s)
const sortedUnique = <A>(xs: readonly A[]): A[] => [...new Set(xs)]
const isSbd = (label: string): boolean => label.startsWith('SBD')
const panelOf = (label: string): string => (isSbd(label) ? PANELS.sbd : PANELS.baselines)

/**
 * The constant of a symmetric-log axis: the power of ten at or below the smallest non-zero
 * magnitude among `xs` (the axis is linear within it and logarithmic beyond), 1e-6 if none.
 * Always the double nearest to a power of ten (it prints as `0.00001`, never `0.000009999…`).
 */
export const symlogConstant = (xs: readonly number[]): number => {
  const mags = xs.map(Math.abs).filter((x) => x > 0 && Number.isFinite(x))
  if (mags.length === 0) return 1e-6
  const min = Math.min(...mags)
  let k = Math.floor(Math.log10(min))
  if (powerOfTen(k) > min) k -= 1 // log10 rounds up just below a power of ten
  return powerOfTen(k)
}

/**
 * Tick values of a symmetric-log axis with constant `c` covering `xs`: 0 and ±10^k above `c` up
 * to the largest magnitude (c itself only when no larger power is reached: it sits next to 0), at
 * most four per sign (every other power when the span is wide), and the largest magnitude rounded
 * down to one significant digit when it is at least three times the largest power and the powers
 * are a decade apart (so the top of the data has a labelled tick). Ascending; exact decimals.
 */
export const symlogTicks = (xs: readonly number[], c: number): number[] => {
  const finite = xs.filter(Number.isFinite)
  const lo = Math.min(0, ...finite)
  const hi = Math.max(0, ...finite)
  const k0 = Math.round(Math.log10(c))
  const side = (m: number): number[] => {
    if (m < c) return []
    const k1 = Math.max(k0, Math.floor(Math.log10(m) + 1e-9))
    // Powers above c (c itself sits next to 0 and would crowd it), at most four, the largest always.
    const step = Math.max(1, Math.ceil((k1 - k0) / 4))
    const ks: number[] = []
    for (let k = k1; k > k0; k -= step) ks.push(k)
    if (ks.length === 0) ks.push(k0)
    // A tick near the largest magnitude when it lies well above the largest power (e.g. 0.5 above
    // 0.1), unless the powers are spaced wider than a decade (it would crowd the top one).
    const lead = Math.floor(m / powerOfTen(k1) + 1e-9)
    return [...(lead >= 3 && step === 1 ? [Number(`${lead}e${k1}`)] : []), ...ks.map(powerOfTen)]
  }
  return [...side(-lo).map((v) => -v), 0, ...side(hi).reverse()]
}

/** The `T` axis: log scale spanning exactly the horizons drawn, a tick at each, labels like `5k`, `200k`. */
const tAxis = (horizons: readonly number[]) => {
  const hs = sortedUnique(horizons).sort((a, b) => a - b)
  const domain = hs.length === 0 ? [1, 10] : hs.length === 1 ? [hs[0]! / 2, hs[0]! * 2] : [hs[0]!, hs[hs.length - 1]!]
  return {
    field: 'T',
    type: 'quantitative',
    title: 'horizon T (queries)',
    scale: { type: 'log', domain, nice: false, padding: 14 },
    axis: { values: hs, tickCount: hs.length, format: '~s', grid: true, labelFlush: false },
  } as const
}

/** A legend under the plot, in columns, labels never truncated. */
const bottomLegend = (title: string | null, columns = 2) =>
  ({ orient: 'bottom', direction: 'vertical', columns, title, symbolType: 'stroke', symbolSize: 300, columnPadding: 24 }) as const

/** One quantitative y encoding, the same title on every layer (so layer titles never get joined). */
const yOf = (field: string, title: string, scale?: object, axis?: object) =>
  ({ field, type: 'quantitative', title, ...(scale === undefined ? {} : { scale }), ...(axis === undefined ? {} : { axis }) }) as const

/** A mechanism-and-benchmark chart in two panels (SBD(ε), baselines), shared by figures (a) and (c). */
interface PanelChart {
  readonly rows: readonly Record<string, unknown>[]
  readonly styles: ReadonlyArray<readonly [string, SeriesStyle]>
  readonly horizons: readonly number[]
  readonly yTitle: string
  readonly yScale: object
  readonly yAxis?: object
  readonly zeroRule: boolean
  readonly title: string
}

const panelChart = (c: PanelChart): TopLevelSpec => {
  const scales = seriesScales(c.styles)
  const x = tAxis(c.horizons)
  const y = yOf('value', c.yTitle, c.yScale, c.yAxis)
  const color = { field: 'series', type: 'nominal', title: null, scale: scales.color, legend: bottomLegend(null) } as const
  const strokeDash = { field: 'series', type: 'nominal', title: null, scale: scales.strokeDash, legend: bottomLegend(null) } as const
  // Markers come from the rows (field `shape`, no scale): the legend shows colour and dash only.
  const shapeOf = new Map(c.styles.map(([k, st]) => [k, st.shape]))
  const shape = { field: 'shape', type: 'nominal', scale: null, legend: null } as const
  const panels = sortedUnique(c.rows.map((r) => r.panel as string))
  return {
    $schema: SCHEMA,
    title: c.title,
    data: { values: c.rows.map((r) => ({ ...r, shape: shapeOf.get(r.series as string) ?? 'circle' })) },
    facet: {
      column: { field: 'panel', type: 'nominal', title: null, sort: [PANELS.sbd, PANELS.baselines].filter((p) => panels.includes(p)) },
    },
    spec: {
      width: WIDTH.oneColumn,
      height: HEIGHT.oneColumn,
      layer: [
        {
          transform: [{ filter: "datum.kind === 'bench'" }],
          mark: { type: 'line', strokeWidth: 1.4 },
          encoding: { x, y, color, strokeDash },
        },
        { transform: [{ filter: "datum.kind === 'mech'" }], mark: { type: 'line' }, encoding: { x, y, color, strokeDash } },
        {
          transform: [{ filter: "datum.kind === 'mech' && isValid(datum.lo)" }],
          mark: { type: 'rule', strokeWidth: 1.2, ariaRoleDescription: 'interval' },
          encoding: { x, y: yOf('lo', c.yTitle, c.yScale, c.yAxis), y2: { field: 'hi' }, color },
        },
        { transform: [{ filter: "datum.kind === 'mech'" }], mark: { type: 'point' }, encoding: { x, y, color, shape } },
        {
          transform: [{ filter: "datum.kind === 'mech' && !datum.converged" }],
          mark: { type: 'point', shape: 'circle', size: 170, filled: false, color: 'black', strokeWidth: 1.2 },
          encoding: { x, y },
        },
        ...(c.zeroRule
          ? [
              {
                mark: { type: 'rule', color: '#555555', strokeDash: [2, 2], strokeWidth: 1 },
                encoding: { y: { datum: 0, type: 'quantitative', scale: c.yScale } },
              },
            ]
          : []),
      ],
    },
    resolve: { scale: { y: 'shared', x: 'shared' } },
    config: THEME_CONFIG,
  } as TopLevelSpec
}

/** Duplicates benchmark rows into every panel that draws mechanisms. */
const inPanels = <R extends object>(rows: readonly R[], panels: readonly string[]): (R & { panel: string })[] =>
  panels.flatMap((panel) => rows.map((r) => ({ ...r, panel })))

/**
 * Figure (a): user utility per query against `T` (log axis) for every mechanism of `scenario`
 * with 95% confidence-interval bars (ringed points: the best-response search did not converge),
 * SBD(ε) and the baselines in two panels, each beside the first-best and second-best as grey
 * reference lines; when the best provider's full-cheat floor lies above the second-best
 * (Assumption U fails) that floor is drawn too, and so is the full-cheat level of PayTheBill's
 * provider (`payTheBillFloor`), when given.
 */
export const utilityFigure = (
  rows: readonly UtilityRow[],
  scenario: string,
  title: string,
  payTheBillFloor?: { readonly label: string; readonly value: string },
): Omit<Figure, 'name'> => {
  const own = rows.filter((r) => r.scenario === scenario)
  const horizons = own.map((r) => r.T)
  const first = own[0]
  const benchmarks: { series: string; value: string; kind: keyof typeof BENCHMARK_STYLE }[] =
    first === undefined
      ? []
      : [
          { series: BENCHMARK.firstBest, value: first.firstBestPerQuery, kind: 'firstBest' },
          { series: BENCHMARK.secondBest, value: first.secondBestPerQuery, kind: 'secondBest' },
          ...(num(first.bestFloorPerQuery) > num(first.secondBestPerQuery)
            ? [{ series: BENCHMARK.floor, value: first.bestFloorPerQuery, kind: 'floor' as const }]
            : []),
          ...(payTheBillFloor === undefined
            ? []
            : [{ series: payTheBillFloor.label, value: payTheBillFloor.value, kind: 'otherFloor' as const }]),
        ]
  const labels = sortedUnique(own.map((r) => r.label))
  const panels = sortedUnique(labels.map(panelOf))
  const mechanisms = own.map((r) => ({
    kind: 'mech',
    panel: panelOf(r.label),
    T: r.T,
    value: num(r.userUtilityPerQuery),
    lo: num(r.userUtilityPerQueryLo),
    hi: num(r.userUtilityPerQueryHi),
    series: r.label,
    converged: r.converged,
  }))
  const ends = horizons.length === 0 ? [] : [Math.min(...horizons), Math.max(...horizons)]
  const lines = inPanels(
    benchmarks.flatMap((b) => ends.map((T) => ({ kind: 'bench', T, value: num(b.value), series: b.series }))),
    panels,
  )
  const styles = [...distinctStyles(labels), ...benchmarks.map((b) => [b.series, BENCHMARK_STYLE[b.kind]] as const)]
  const notConverged = own.filter((r) => !r.converged).length
  const spec = panelChart({
    rows: [...mechanisms, ...lines],
    styles,
    horizons,
    yTitle: 'user utility per query U/T (USD)',
    yScale: { zero: false, nice: true },
    zeroRule: false,
    title,
  })
  return {
    spec,
    series: styles.map(([s]) => s),
    caption:
      `User utility per query U/T (USD, linear axis) against the horizon T (log axis, a tick at each horizon run), with 95% confidence intervals over the re-measure seeds; left panel SBD(ε) (blue, darker for smaller ε; dashed: rebate off), right panel the baselines. Grey reference lines: the first-best ū(1)${benchmarks.length > 2 ? ', the second-best ū(2) and the full-cheat floors listed in the legend' : ' and the second-best ū(2)'}. ` +
      `${notConverged > 0 ? `Ringed points (${notConverged}): the best-response search did not converge there. ` : ''}` +
      'Read: how close each mechanism gets to ū(2) as T grows (for SBD, Theorem 2 bounds the gap by Δ(T)/T; figure (c)).',
  }
}

/**
 * Figure (b), two rows of panels (one column per rebate setting, one colour per ε):
 *
 * - the re-measured largest deviation gain against `T` with 95% confidence-interval bars and the
 *   η bound of Theorem 1 dashed in the same colour, on a log `T` axis and a symmetric-log gain
 *   axis (logarithmic away from 0, linear near it), so gains ≤ 0 are drawn, not dropped;
 * - gain/η with its 95% interval, with the bound gain/η = 1 as a grey rule.
 */
export const gainFigure = (rows: readonly GainRow[], scenario: string, title: string): Omit<Figure, 'name'> => {
  const own = rows.filter((r) => r.scenario === scenario)
  const CURVES = ['re-measured gain (95% CI)', 'η(T) bound (Theorem 1)'] as const
  const eps = (r: GainRow) => `ε=${r.epsilon}`
  const key = (r: GainRow) => ({ T: r.T, epsilon: eps(r), rebate: `rebate ${r.rebate}` })
  const gains = own.map((r) => ({ ...key(r), value: num(r.gain), lo: num(r.gainLo), hi: num(r.gainHi), curve: CURVES[0] }))
  const etas = own.map((r) => ({ ...key(r), value: num(r.eta), curve: CURVES[1] }))
  const ratios = own.map((r) => ({ ...key(r), value: num(r.gainOverEta), lo: num(r.gainOverEtaLo), hi: num(r.gainOverEtaHi) }))
  const all = [...gains.flatMap((g) => [g.value, g.lo, g.hi]), ...etas.map((e) => e.value)]
  const constant = symlogConstant(gains.flatMap((g) => [g.value, g.lo, g.hi]))
  const epsilons = sortedUnique(own.map((r) => r.epsilon)).sort((a, b) => num(a) - num(b))
  const x = tAxis(own.map((r) => r.T))
  const color = {
    field: 'epsilon',
    type: 'nominal',
    title: 'SBD(ε)',
    scale: { domain: epsilons.map((e) => `ε=${e}`), range: epsilons.map((e) => sbdColor(num(e))) },
    legend: { orient: 'bottom', direction: 'horizontal', symbolType: 'stroke', symbolSize: 400 },
  } as const
  const ySym = { type: 'symlog', constant, nice: false, padding: 8 } as const
  const ticks = symlogTicks(all, constant)
  // tickCount as large as the values: Vega thins explicit values down to tickCount otherwise.
  const yAxis = { values: ticks, tickCount: ticks.length, format: ',~r' }
  const facet = { column: { field: 'rebate', type: 'nominal', title: null, sort: ['rebate on', 'rebate off'] } } as const
  const width = WIDTH.oneColumn
  const bars = (yTitle: string, scale?: object, axis?: object) => ({
    transform: [{ filter: 'isValid(datum.lo)' }],
    mark: { type: 'rule', strokeWidth: 1.2, ariaRoleDescription: 'interval' },
    encoding: { x, y: yOf('lo', yTitle, scale, axis), y2: { field: 'hi' }, color },
  })
  const GAIN = 'largest deviation gain (USD)'
  const RATIO = 'gain / η'
  const spec = {
    $schema: SCHEMA,
    title,
    vconcat: [
      {
        data: { values: [...gains, ...etas] },
        facet,
        spec: {
          width,
          height: HEIGHT.oneColumn,
          layer: [
            {
              mark: { type: 'line', point: { filled: true, size: 30 } },
              encoding: {
                x,
                y: yOf('value', GAIN, ySym, yAxis),
                color,
                strokeDash: {
                  field: 'curve',
                  type: 'nominal',
                  title: null,
                  scale: { domain: [...CURVES], range: [[...DASH.solid], [...DASH.dashed]] },
                  legend: {
                    orient: 'bottom',
                    direction: 'horizontal',
                    symbolType: 'stroke',
                    symbolSize: 400,
                    symbolStrokeColor: '#444444',
                  },
                },
              },
            },
            bars(GAIN, ySym, yAxis),
            {
              mark: { type: 'rule', color: '#555555', strokeDash: [2, 2], strokeWidth: 1 },
              encoding: { y: { datum: 0, type: 'quantitative', scale: ySym } },
            },
          ],
        },
        resolve: { scale: { y: 'shared' } },
      },
      {
        data: { values: ratios },
        facet: { column: { ...facet.column, header: { labels: false } } },
        spec: {
          width,
          height: Math.round(HEIGHT.oneColumn * 0.6),
          layer: [
            { mark: { type: 'line', point: { filled: true, size: 30 } }, encoding: { x, y: yOf('value', RATIO), color } },
            bars(RATIO),
            {
              mark: { type: 'rule', color: BENCHMARK_STYLE.bound.color, strokeDash: [...BENCHMARK_STYLE.bound.dash], strokeWidth: 1.4 },
              encoding: { y: { datum: 1, type: 'quantitative' } },
            },
            {
              mark: { type: 'rule', color: '#555555', strokeDash: [2, 2], strokeWidth: 1 },
              encoding: { y: { datum: 0, type: 'quantitative' } },
            },
          ],
        },
        resolve: { scale: { y: 'shared' } },
      },
    ],
    config: THEME_CONFIG,
  } as TopLevelSpec
  return {
    spec,
    series: epsilons.flatMap((e) => CURVES.map((c) => `ε=${e}: ${c}`)),
    caption:
      `Top: the largest deviation gain over τ* of SBD(ε) found by the best-response search and re-measured on fresh seeds (solid, 95% confidence intervals), beside the bound η(T) of Theorem 1 (dashed, same colour), rebate on (left) and off (right); T on a log axis. ` +
      `The gain axis is symmetric-log: linear within ±${sig(constant)} USD of 0 and logarithmic beyond, so gains ≤ 0 are drawn, not dropped. ` +
      'Bottom: gain/η on a linear axis with the bound gain/η = 1 (grey dashed). Read: whether every gain stays below its bound, and how much of the slack η a provider actually uses.',
  }
}

/**
 * Figure (c): `(SB − U)/T` against `T` for every mechanism with 95% confidence-interval bars
 * (ringed points: the best-response search did not converge), SBD(ε) and the baselines in two
 * panels, and for SBD the bound `Δ(T)/T` of Theorem 2 in the mechanism's colour, dotted (rebate
 * on) or dash-dotted (rebate off). Log `T` axis; symmetric-log `y` axis (logarithmic away from 0,
 * linear near it, so negative shortfalls are drawn too).
 */
export const shortfallFigure = (
  rows: readonly ShortfallRow[],
  utility: readonly UtilityRow[],
  scenario: string,
  title: string,
): Omit<Figure, 'name'> => {
  const own = rows.filter((r) => r.scenario === scenario)
  const converged = new Map(utility.filter((u) => u.scenario === scenario).map((u) => [`${u.label}@${u.T}`, u.converged]))
  // Δ(T)/T per ε when the rebate does not change it (one line, not two on top of each other).
  const byEps = new Map<string, Set<string>>()
  for (const r of own.filter((x) => x.boundPerQuery !== '')) {
    const k = `${r.epsilon}@${r.T}`
    byEps.set(k, (byEps.get(k) ?? new Set()).add(r.boundPerQuery))
  }
  const perEps = [...byEps.values()].every((v) => v.size === 1)
  const boundName = (label: string) => (perEps ? `Δ(T)/T of ${label.replace(/, rebate=(on|off)(, δ=[0-9.]+)?/, '')}` : `Δ(T)/T of ${label}`)
  const values = own.map((r) => ({
    kind: 'mech',
    panel: panelOf(r.label),
    T: r.T,
    value: num(r.shortfallPerQuery),
    lo: num(r.shortfallPerQueryLo),
    hi: num(r.shortfallPerQueryHi),
    series: r.label,
    converged: converged.get(`${r.label}@${r.T}`) ?? true,
  }))
  const bounds = sortedUnique(
    own.filter((r) => r.boundPerQuery !== '').map((r) => JSON.stringify([boundName(r.label), r.T, r.boundPerQuery, panelOf(r.label)])),
  ).map((j) => {
    const [series, T, value, panel] = JSON.parse(j) as [string, number, string, string]
    return { kind: 'bench', panel, T, value: num(value), series }
  })
  const labels = sortedUnique(own.map((r) => r.label))
  const mechStyles = distinctStyles(labels)
  const boundLabels = sortedUnique(bounds.map((b) => b.series))
  const boundStyles = boundLabels.map((b) => {
    const [, st] = mechStyles.find(([l]) => boundName(l) === b) ?? ['', BENCHMARK_STYLE.bound]
    return [b, { ...st, dash: perEps || st.dash.length === 0 ? DASH.dotted : DASH.dashDot, shape: 'stroke' }] as const
  })
  const styles = [...mechStyles, ...boundStyles]
  const all = [...values.flatMap((v) => [v.value, v.lo, v.hi]), ...bounds.map((b) => b.value)]
  const constant = symlogConstant(values.flatMap((v) => [v.value, v.lo, v.hi]))
  const yScale = { type: 'symlog', constant, nice: false, padding: 8 } as const
  const ticks = symlogTicks(all, constant)
  const notConverged = values.filter((v) => !v.converged).length
  const spec = panelChart({
    rows: [...values, ...bounds],
    styles,
    horizons: own.map((r) => r.T),
    yTitle: 'shortfall (SB − U)/T (USD per query)',
    yScale,
    yAxis: { values: ticks, tickCount: ticks.length, format: ',~r' },
    zeroRule: true,
    title,
  })
  return {
    spec,
    series: styles.map(([s]) => s),
    caption:
      `The shortfall of the user utility from the second-best, (SB − U)/T in USD per query, against the horizon T (log axis), with 95% confidence intervals; left panel SBD(ε) with the bound Δ(T)/T of Theorem 2 dotted in the same colour${perEps ? ' (one per ε: the rebate does not change it)' : ' (dotted: rebate on, dash-dotted: rebate off)'}, right panel the baselines. ` +
      `The shortfall axis is symmetric-log: linear within ±${sig(constant)} USD of 0 and logarithmic beyond, so negative shortfalls (above the second-best) are drawn. ` +
      `${notConverged > 0 ? `Ringed points (${notConverged}): the best-response search did not converge there. ` : ''}` +
      "Read: whether SBD's shortfall stays under its bound and shrinks as T grows, and where the baselines stand.",
  }
}

/**
 * Figure (d): per mechanism, a grid of phases × providers coloured by the manipulation used
 * (none, inflation, substitution, both) at horizon `T`; providers that never served in a phase
 * have no cell there.
 */
export const manipulationFigure = (rows: readonly ManipulationRow[], T: number, title: string): Omit<Figure, 'name'> => {
  const own = rows.filter((r) => r.T === T)
  const phases = PHASES.filter((p) => own.some((r) => r.phase === p))
  const spec: TopLevelSpec = {
    $schema: SCHEMA,
    title,
    data: { values: own.map((r) => ({ mechanism: r.label, provider: r.provider, phase: r.phase, lever: r.lever, strategy: r.strategy })) },
    facet: { field: 'mechanism', type: 'nominal', title: null, sort: sortedUnique(own.map((r) => r.label)) },
    columns: 4,
    bounds: 'flush',
    spacing: { row: 95, column: 30 },
    spec: {
      width: 130,
      height: 100,
      mark: { type: 'rect', stroke: 'white' },
      encoding: {
        x: {
          field: 'phase',
          type: 'ordinal',
          title: null,
          sort: phases,
          axis: { labelAngle: -35, labelExpr: "datum.value === 'blindTrustEndgame' ? 'endgame' : datum.value" },
        },
        y: { field: 'provider', type: 'ordinal', title: null, sort: null },
        color: {
          field: 'lever',
          type: 'nominal',
          title: 'manipulation',
          scale: { domain: Object.keys(LEVER_COLORS), range: Object.values(LEVER_COLORS) },
          legend: { orient: 'bottom', direction: 'horizontal' },
        },
      },
    },
    resolve: { axis: { x: 'independent' } },
    config: THEME_CONFIG,
  } as TopLevelSpec
  return {
    spec,
    series: [],
    caption:
      `Which manipulation each provider uses in each phase of the mechanism at T = ${T}, under the final profile of the best-response search: none (light grey), inflation (billing more output tokens), substitution (serving a cheaper model), or both; "endgame" is SBD's blind-trust endgame. A missing cell: that provider did not serve in that phase. ` +
      'Read: which lever each mechanism leaves open to which provider, and in which phase.',
  }
}
