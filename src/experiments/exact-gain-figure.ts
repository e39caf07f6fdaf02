/**
 * The figure of proofs-notes §10: per setting (ε, rebate) one panel, in each the upper bound η of
 * Theorem 1, the dynamic programme's value of the best deviation (an upper bound on the optimal
 * gain, §10.4), the achievable deviation's exact gain (a playable lower bound, §10.5) and the best
 * strategy-family member's exact gain (another playable lower bound) against T (log-log),
 * for ε ∈ {0.1, 0.25, 0.4} where SBD(ε) is feasible within the analysis's horizon limit, on a
 * two-provider scenario, in the theme of `src/report/theme.ts` (§11.4).
 * Pure: returns the rows, the figure and its caption; `bench/exact-gain-figure.ts` renders and
 * writes it (SVG and PNG).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { analyzeWith, sbdContext } from '../analysis/analyze.ts'
import { deviationValue } from '../analysis/deviation.ts'
import { familyPlays } from '../analysis/families.ts'
import { Decimal } from '../exact/decimal.ts'
import type { InstanceModel } from '../model/instance-model.ts'
import type { Figure } from '../report/figure.ts'
import type { ChartRow, TopLevelSpec } from '../report/plot.ts'
import { BENCHMARK_STYLE, DASH, FONT_SIZE, OKABE_ITO, THEME_CONFIG, seriesScales } from '../report/theme.ts'

/** Horizons of the figure. */
export const FIGURE_HORIZONS: readonly number[] = [300, 1000, 3000]
/** ε values tried (infeasible ones are skipped and listed). */
export const FIGURE_EPSILONS: readonly string[] = ['0.1', '0.25', '0.4']
/** Family members are evaluated up to this T (their evaluation has no saturation cut). */
export const FAMILY_MAX_T = 1000

/** The figure's rows (`series` names the line) and the (ε, T) pairs skipped as infeasible. */
export const exactGainRows = (model: InstanceModel): { readonly rows: ChartRow[]; readonly skipped: string[] } => {
  const rows: ChartRow[] = []
  const skipped: string[] = []
  for (const eps of FIGURE_EPSILONS)
    for (const rebate of [true, false])
      for (const T of FIGURE_HORIZONS) {
        const s = sbdContext(model, T, new Decimal(eps), rebate)
        if (E.isLeft(s)) {
          if (rebate) skipped.push(`ε=${eps} T=${T}: ${s.left}`)
          continue
        }
        const a = analyzeWith(s.right.ctx, s.right.constants)
        const tag = `ε=${eps}, rebate ${rebate ? 'on' : 'off'}`
        rows.push({ T, gain: a.eta.toNumber(), series: `η (${tag})` })
        rows.push({ T, gain: Math.max(...a.providers.map((p) => p.gain)), series: `optimal (${tag})` })
        rows.push({ T, gain: Math.max(1e-3, ...a.providers.map((p) => p.achievable!.gain)), series: `achievable (${tag})` })
        if (T <= FAMILY_MAX_T) {
          const best = Math.max(
            ...a.providers.flatMap((p, i) =>
              familyPlays(s.right.ctx, i).map((play) => deviationValue(s.right.ctx, i, play).value - p.expectedProfit),
            ),
          )
          rows.push({ T, gain: Math.max(best, 1e-3), series: `best family member (${tag})` })
        }
      }
  return { rows, skipped }
}

/** The curves of each panel, in legend order. */
export const EXACT_CURVES = {
  eta: 'η(T), upper bound (Theorem 1)',
  optimal: 'optimal gain, DP upper bound',
  achievable: 'achievable gain (playable, exact)',
  family: 'best family member (playable)',
} as const

const CURVE_OF: Readonly<Record<string, string>> = {
  η: EXACT_CURVES.eta,
  optimal: EXACT_CURVES.optimal,
  achievable: EXACT_CURVES.achievable,
  'best family member': EXACT_CURVES.family,
}

/** Splits a row's `series` (`optimal (ε=0.25, rebate on)`) into its curve and its setting; `null` if it is not one. */
export const parseSeries = (series: string): { readonly curve: string; readonly epsilon: string; readonly rebate: string } | null => {
  const m = /^(η|optimal|achievable|best family member) \(ε=([0-9.]+), rebate (on|off)\)$/.exec(series)
  return m === null ? null : { curve: CURVE_OF[m[1]!]!, epsilon: m[2]!, rebate: m[3]! }
}

/**
 * The rows of the stored CSV (`T,series,gain`, as `bench/exact-gain-figure.ts` writes it), so
 * the figure can be redrawn without re-running the analysis; `Left` names the first bad line.
 */
export const rowsFromCsv = (text: string): E.Either<string, ChartRow[]> => {
  const lines = text.split('\n').filter((l) => l.trim() !== '')
  if (lines[0] !== 'T,series,gain') return E.left(`line 1: expected the header "T,series,gain", got ${JSON.stringify(lines[0] ?? '')}`)
  const rows: ChartRow[] = []
  for (const [i, line] of lines.slice(1).entries()) {
    const m = /^(\d+),"([^"]*)",(-?[0-9.e+-]+)$/.exec(line)
    if (m === null || parseSeries(m[2]!) === null || !Number.isFinite(Number(m[3])))
      return E.left(`line ${i + 2}: cannot read ${JSON.stringify(line)}`)
    rows.push({ T: Number(m[1]), series: m[2]!, gain: Number(m[3]) })
  }
  return E.right(rows)
}

const STYLES = [
  [EXACT_CURVES.eta, BENCHMARK_STYLE.bound],
  [EXACT_CURVES.optimal, { color: OKABE_ITO.black, dash: DASH.solid, shape: 'circle' }],
  [EXACT_CURVES.achievable, { color: OKABE_ITO.bluishGreen, dash: DASH.dashDot, shape: 'square' }],
  [EXACT_CURVES.family, { color: OKABE_ITO.orange, dash: DASH.dotted, shape: 'triangle-up' }],
] as const

/**
 * The figure of {@link exactGainRows}: one panel per (ε, rebate) — ε by row, rebate by column —
 * each with η, the DP bound on the optimal gain and the best family member against T, log-log.
 */
export const exactGainFigure = (rows: readonly ChartRow[], scenario: string): Omit<Figure, 'name'> => {
  const data = rows.flatMap((r) => {
    const p = parseSeries(String(r.series))
    const shape = STYLES.find(([c]) => c === p?.curve)?.[1].shape ?? 'circle'
    return p === null ? [] : [{ T: r.T, gain: r.gain, curve: p.curve, shape, epsilon: `ε = ${p.epsilon}`, rebate: `rebate ${p.rebate}` }]
  })
  const scales = seriesScales(STYLES)
  const horizons = [...new Set(data.map((d) => Number(d.T)))].sort((a, b) => a - b)
  const gains = data.map((d) => Number(d.gain)).filter((g) => g > 0)
  const yDomain = [10 ** Math.floor(Math.log10(Math.min(...gains))), 10 ** Math.ceil(Math.log10(Math.max(...gains)))]
  const curve = { field: 'curve', type: 'nominal', title: null } as const
  const legend = {
    orient: 'bottom',
    direction: 'vertical',
    columns: 2,
    title: null,
    symbolType: 'stroke',
    symbolSize: 300,
    columnPadding: 20,
  } as const
  const x = {
    field: 'T',
    type: 'quantitative',
    title: 'horizon T',
    scale: { type: 'log', domain: [horizons[0]!, horizons[horizons.length - 1]!], nice: false, padding: 10 },
    axis: { values: horizons, tickCount: horizons.length, format: '~s' },
  } as const
  const decades: number[] = []
  for (let v = yDomain[0]!; v <= yDomain[1]! * 1.0001; v *= 10) decades.push(Number(v.toPrecision(1)))
  const y = {
    field: 'gain',
    type: 'quantitative',
    title: 'gain over τ* (USD)',
    scale: { type: 'log', domain: yDomain, nice: false },
    axis: { values: decades, tickCount: decades.length, format: '~s' },
  } as const
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: `Exact deviation gain against SBD(ε) — ${scenario}`, fontSize: FONT_SIZE.title },
    data: { values: data },
    facet: {
      row: { field: 'epsilon', type: 'nominal', title: null },
      column: { field: 'rebate', type: 'nominal', title: null, sort: ['rebate on', 'rebate off'] },
    },
    spec: {
      width: 220,
      height: 140,
      layer: [
        {
          mark: { type: 'line' },
          encoding: { x, y, color: { ...curve, scale: scales.color, legend }, strokeDash: { ...curve, scale: scales.strokeDash, legend } },
        },
        {
          mark: { type: 'point' },
          encoding: {
            x,
            y,
            color: { ...curve, scale: scales.color, legend },
            shape: { field: 'shape', type: 'nominal', scale: null, legend: null },
          },
        },
      ],
    },
    resolve: { scale: { y: 'shared' } },
    config: THEME_CONFIG,
  } as unknown as TopLevelSpec
  const settings = [...new Set(data.map((d) => `${d.epsilon.replace(' = ', '=')} ${d.rebate}`))]
  return {
    spec,
    series: STYLES.map(([s]) => s),
    caption:
      `Exact analysis (no sampling) on the ${scenario}: for each setting of SBD (${settings.length} panels: ε by row, rebate by column) the upper bound η(T) of Theorem 1 (grey dashed), the dynamic programme's value of the best deviation over τ* (black), an upper bound on the optimal gain since the deviator is told its top rival's exploration sum (§10.4), the exact gain of the achievable deviation, a strategy the engine can play (green dash-dot, §10.5; the optimal gain lies between it and the black line), and the best strategy-family member's exact gain (orange dotted; the largest over both providers and the members of §10.R, evaluated for T ≤ ${FAMILY_MAX_T} only). ` +
      'Both axes logarithmic. Read: whether the DP bound stays below η in every panel (Theorem 1), and how close the best family member (playable) comes to it, i.e. at least how much of what a deviation can gain the families of §5 capture.',
  }
}
