/**
 * The merged outputs of a sweep, a function of the grid's runs only (never of how they were
 * sharded): `runs.csv` (one row per run), `profits.csv` (one row per run and provider),
 * `cells.csv` (one row per cell — a grid point without its seed — and quantity: mean, SE and
 * 95 % interval over the seeds, `src/stats/interval.ts`), `manifest.json` (the grid and its
 * digest), one figure per scenario, `figures/user-utility-<k>.svg` and `.png` (§11.4): the mean
 * user utility per query against `T` with 95 % error bars, one line per mechanism, one panel per
 * strategy profile, in the theme of `src/report/theme.ts`, and `README.md`, the figures with
 * their captions.
 *
 * Mechanism parameters have their own columns (empty where a mechanism has no such parameter);
 * amounts are exact decimal strings in USD.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { Decimal } from '../exact/decimal.ts'
import { type CsvRow, toCsv } from '../report/csv.ts'
import { type Figure, type FigureFormat, FIGURE_FORMATS, distinctStyles, renderFigures } from '../report/figure.ts'
import type { TopLevelSpec } from '../report/plot.ts'
import { HEIGHT, THEME_CONFIG, WIDTH, seriesScales } from '../report/theme.ts'
import { PHASES } from '../sim/public-view.ts'
import { CI_METHOD, type Estimate, estimate } from '../stats/interval.ts'
import { escapeEmphasis } from '../report/markdown.ts'
import { Grid } from './grid.ts'
import type { MergedRuns } from './merge.ts'
import type { RunRecord } from './record.ts'

/** A file of the merged folder: text, or bytes (a PNG figure). */
export interface OutputFile {
  readonly name: string
  readonly contents: string | Uint8Array
}

/** The `format` of a merged manifest. */
export const MERGED_FORMAT = 'sbd-sweep-merged/1'

const PARAMETER_COLUMNS = ['scenario', 'mechanism', 'epsilon', 'rebate', 'theta', 'lambda', 'bonus', 'strategies', 'T'] as const

const parameters = (r: RunRecord): CsvRow => ({
  scenario: r.scenario,
  mechanism: r.mechanism,
  epsilon: r.epsilon ?? '',
  rebate: r.rebate ?? '',
  theta: r.theta ?? '',
  lambda: r.lambda ?? '',
  // The rebate bonus δ of §14.1 (empty: none given, δ = 0).
  bonus: r.bonus ?? '',
  strategies: r.strategies.join(';'),
  T: r.T,
})

/** Columns of `runs.csv`. */
export const RUN_COLUMNS = ['index', ...PARAMETER_COLUMNS, 'seed', 'userUtility', 'firings', ...PHASES] as const
/** Columns of `profits.csv`. */
export const PROFIT_COLUMNS = ['index', ...PARAMETER_COLUMNS, 'seed', 'provider', 'profit'] as const
/** Columns of `cells.csv`. */
export const CELL_COLUMNS = [...PARAMETER_COLUMNS, 'quantity', 'provider', 'unit', 'n', 'mean', 'se', 'ci95Low', 'ci95High'] as const

const runRow = (r: RunRecord): CsvRow => ({
  index: r.index,
  ...parameters(r),
  seed: r.seed,
  userUtility: r.userUtility.toString(),
  firings: r.firings,
  ...Object.fromEntries(PHASES.map((p) => [p, r.phases[p]])),
})

const cellRow = (r: RunRecord, quantity: string, provider: string, unit: string, e: Estimate): CsvRow => ({
  ...parameters(r),
  quantity,
  provider,
  unit,
  n: e.n,
  mean: e.mean.toString(),
  se: e.se?.toString() ?? '',
  ci95Low: e.low?.toString() ?? '',
  ci95High: e.high?.toString() ?? '',
})

/** The runs of each cell (consecutive in the canonical order: seeds are innermost). */
const cellsOf = (m: MergedRuns): readonly (readonly RunRecord[])[] => {
  const k = m.grid.seeds.count
  return Array.from({ length: m.records.length / k }, (_, c) => m.records.slice(c * k, (c + 1) * k))
}

const cellRows = (runs: readonly RunRecord[]): CsvRow[] => {
  const r = runs[0]!
  const ofDecimals = (f: (x: RunRecord) => Decimal): Estimate => estimate(runs.map(f))
  const ofCounts = (f: (x: RunRecord) => number): Estimate => estimate(runs.map((x) => new Decimal(f(x))))
  return [
    cellRow(
      r,
      'userUtility',
      '',
      'USD',
      ofDecimals((x) => x.userUtility),
    ),
    ...r.profits.map((p, i) =>
      cellRow(
        r,
        'profit',
        p.provider,
        'USD',
        ofDecimals((x) => x.profits[i]!.profit),
      ),
    ),
    cellRow(
      r,
      'firings',
      '',
      'count',
      ofCounts((x) => x.firings),
    ),
    ...PHASES.map((ph) =>
      cellRow(
        r,
        ph,
        '',
        'rounds',
        ofCounts((x) => x.phases[ph]),
      ),
    ),
  ]
}

/** A display label of a cell's mechanism and profile, e.g. `sbd(ε=0.25, rebate=on) · recommended`. */
export const seriesLabel = (r: RunRecord): string => {
  const params = [
    r.epsilon === null ? null : `ε=${r.epsilon}`,
    r.rebate === null ? null : `rebate=${r.rebate}`,
    r.theta === null ? null : `θ=${r.theta}`,
    r.lambda === null ? null : `λ=${r.lambda}`,
    r.bonus === undefined ? null : `δ=${r.bonus}`,
  ].filter((x) => x !== null)
  return `${r.mechanism}${params.length > 0 ? `(${params.join(', ')})` : ''} · ${r.strategies.join(';')}`
}

/** A display label of a cell's mechanism alone, e.g. `sbd(ε=0.25, rebate=on)`. */
export const mechanismLabel = (r: RunRecord): string => seriesLabel(r).split(' · ')[0]!

const sortedUnique = <A>(xs: readonly A[]): A[] => [...new Set(xs)]

/**
 * The figure of one scenario: mean U/T against T (log axis spanning the horizons run), 95 %
 * error bars, one line per mechanism (colour and dash of the theme), one panel per strategy
 * profile, at most two panels a row.
 */
export const mergedFigure = (k: number, scenario: string, cells: readonly (readonly RunRecord[])[]): Figure => {
  const data = cells.map((runs) => {
    const r = runs[0]!
    const e = estimate(runs.map((x) => x.userUtility.div(x.T)))
    return {
      T: r.T,
      series: mechanismLabel(r),
      profile: `strategies: ${r.strategies.join(';')}`,
      // Plot coordinates only: the CSVs carry the exact values.
      perQuery: Number(e.mean.toSignificantDigits(12).toString()),
      low: e.low === null ? null : Number(e.low.toSignificantDigits(12).toString()),
      high: e.high === null ? null : Number(e.high.toSignificantDigits(12).toString()),
    }
  })
  const horizons = sortedUnique(data.map((d) => d.T)).sort((a, b) => a - b)
  const domain = horizons.length > 1 ? [horizons[0]!, horizons[horizons.length - 1]!] : [horizons[0]! / 2, horizons[0]! * 2]
  const styles = distinctStyles(sortedUnique(data.map((d) => d.series)))
  const scales = seriesScales(styles)
  const profiles = sortedUnique(data.map((d) => d.profile))
  const x = {
    field: 'T',
    type: 'quantitative' as const,
    title: 'horizon T (queries)',
    scale: { type: 'log' as const, domain, nice: false, padding: 14 },
    axis: { values: horizons, format: '~s' },
  }
  const Y = 'user utility per query U/T (USD)'
  const legend = {
    orient: 'bottom' as const,
    direction: 'vertical' as const,
    columns: 2,
    title: null,
    symbolType: 'stroke',
    symbolSize: 300,
    columnPadding: 24,
  }
  const color = { field: 'series', type: 'nominal' as const, title: null, scale: scales.color, legend }
  const strokeDash = { field: 'series', type: 'nominal' as const, title: null, scale: scales.strokeDash, legend }
  const shape = { field: 'shape', type: 'nominal' as const, scale: null, legend: null }
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: `User utility per query — ${scenario}`, subtitle: 'mean over seeds, 95% confidence intervals' },
    data: { values: data.map((d) => ({ ...d, shape: styles.find(([k]) => k === d.series)?.[1].shape ?? 'circle' })) },
    facet: { field: 'profile', type: 'nominal', title: null, sort: profiles },
    columns: 2,
    spec: {
      width: WIDTH.oneColumn,
      height: HEIGHT.oneColumn,
      layer: [
        {
          mark: { type: 'line' },
          encoding: { x, y: { field: 'perQuery', type: 'quantitative', title: Y, scale: { zero: false } }, color, strokeDash },
        },
        {
          transform: [{ filter: 'datum.low !== null' }],
          mark: { type: 'rule', strokeWidth: 1.2, ariaRoleDescription: 'interval' },
          encoding: { x, y: { field: 'low', type: 'quantitative', title: Y }, y2: { field: 'high' }, color },
        },
        { mark: { type: 'point' }, encoding: { x, y: { field: 'perQuery', type: 'quantitative', title: Y }, color, shape } },
      ],
    },
    config: THEME_CONFIG,
  } as TopLevelSpec
  return {
    name: `figures/user-utility-${k}`,
    spec,
    series: styles.map(([s]) => s),
    caption:
      `Scenario ${scenario}: the mean user utility per query U/T (USD, linear axis) over the seeds of each cell against the horizon T (log axis, a tick at each horizon of the grid), with 95% Student-t confidence intervals over the seeds; one panel per strategy profile, one line per mechanism (SBD(ε) in blue, darker for smaller ε, dashed with the rebate off). ` +
      'Read: which mechanism keeps the user best off under each profile, and how that changes with T.',
  }
}

const csv = (name: string, columns: readonly string[], rows: readonly CsvRow[]): E.Either<Error, OutputFile> =>
  E.map((contents: string) => ({ name, contents }))(toCsv(columns, rows))

/** The figures of the merged outputs: one per scenario of the grid, `figures/user-utility-<k>`. */
export const mergedFigures = (m: MergedRuns): readonly Figure[] => {
  const cells = cellsOf(m)
  return [...m.grid.scenarios.entries()].map(([k, scenario]) =>
    mergedFigure(
      k + 1,
      scenario,
      cells.filter((c) => c[0]!.scenario === scenario),
    ),
  )
}

/** The merged folder's `README.md`: every figure (PNG if written, else SVG) with its caption. */
export const mergedReadme = (figures: readonly Figure[], formats: readonly FigureFormat[]): string =>
  `${[
    '# Merged sweep',
    '',
    'Generated by `sbd merge`. `runs.csv`: one row per run; `profits.csv`: one row per run and provider; `cells.csv`: per cell mean, SE and 95% confidence interval over the seeds; `manifest.json`: the grid and its digest.',
    '',
    ...figures.flatMap((f) =>
      formats.length === 0
        ? []
        : [`![${f.name}](${f.name}.${formats.includes('png') ? 'png' : 'svg'})`, '', `*${escapeEmphasis(f.caption)}*`, ''],
    ),
  ].join('\n')}\n`

/** Renders the merged outputs, figures in `formats` (same runs, same bytes). */
export const renderMerged = async (
  m: MergedRuns,
  formats: readonly FigureFormat[] = FIGURE_FORMATS,
): Promise<E.Either<Error, readonly OutputFile[]>> => {
  const cells = cellsOf(m)
  const files: E.Either<Error, OutputFile>[] = [
    E.right({
      name: 'manifest.json',
      contents: `${JSON.stringify({ format: MERGED_FORMAT, gridDigest: m.digest, runs: m.records.length, interval: CI_METHOD, grid: Grid.codec.encode(m.grid) }, null, 2)}\n`,
    }),
    csv('runs.csv', RUN_COLUMNS, m.records.map(runRow)),
    csv(
      'profits.csv',
      PROFIT_COLUMNS,
      m.records.flatMap((r) =>
        r.profits.map((p) => ({ index: r.index, ...parameters(r), seed: r.seed, provider: p.provider, profit: p.profit.toString() })),
      ),
    ),
    csv('cells.csv', CELL_COLUMNS, cells.flatMap(cellRows)),
  ]
  const figures = mergedFigures(m)
  const rendered = await renderFigures(figures, formats)
  if (E.isLeft(rendered)) return rendered
  files.push(...rendered.right.map((f) => E.right(f)), E.right({ name: 'README.md', contents: mergedReadme(figures, formats) }))
  const bad = files.find(E.isLeft)
  return bad !== undefined && E.isLeft(bad) ? E.left(bad.left) : E.right(files.map((f) => (f as E.Right<OutputFile>).right))
}
