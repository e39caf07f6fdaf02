/**
 * The merged outputs of a sweep, a function of the grid's runs only (never of how they were
 * sharded): `runs.csv` (one row per run), `profits.csv` (one row per run and provider),
 * `cells.csv` (one row per cell — a grid point without its seed — and quantity: mean, SE and
 * 95 % interval over the seeds, `src/stats/interval.ts`), `manifest.json` (the grid and its
 * digest) and one figure per scenario, `figures/user-utility-<k>.svg`: the mean user utility per
 * query against `T` with 95 % error bars, one line per mechanism and profile.
 *
 * Mechanism parameters have their own columns (empty where a mechanism has no such parameter);
 * amounts are exact decimal strings in USD.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { Decimal } from '../exact/decimal.ts'
import { type CsvRow, toCsv } from '../report/csv.ts'
import { type TopLevelSpec, CHART_HEIGHT, CHART_WIDTH, renderSvg } from '../report/plot.ts'
import { PHASES } from '../sim/public-view.ts'
import { CI_METHOD, type Estimate, estimate } from '../stats/interval.ts'
import { Grid } from './grid.ts'
import type { MergedRuns } from './merge.ts'
import type { RunRecord } from './record.ts'
import type { OutputFile } from './shard.ts'

/** The `format` of a merged manifest. */
export const MERGED_FORMAT = 'sbd-sweep-merged/1'

const PARAMETER_COLUMNS = ['scenario', 'mechanism', 'epsilon', 'rebate', 'theta', 'lambda', 'strategies', 'T'] as const

const parameters = (r: RunRecord): CsvRow => ({
  scenario: r.scenario,
  mechanism: r.mechanism,
  epsilon: r.epsilon ?? '',
  rebate: r.rebate ?? '',
  theta: r.theta ?? '',
  lambda: r.lambda ?? '',
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
    cellRow(r, 'userUtility', '', 'USD', ofDecimals((x) => x.userUtility)),
    ...r.profits.map((p, i) => cellRow(r, 'profit', p.provider, 'USD', ofDecimals((x) => x.profits[i]!.profit))),
    cellRow(r, 'firings', '', 'count', ofCounts((x) => x.firings)),
    ...PHASES.map((ph) => cellRow(r, ph, '', 'rounds', ofCounts((x) => x.phases[ph]))),
  ]
}

/** A display label of a cell's mechanism and profile, e.g. `sbd(ε=0.25, rebate=on) · recommended`. */
export const seriesLabel = (r: RunRecord): string => {
  const params = [
    r.epsilon === null ? null : `ε=${r.epsilon}`,
    r.rebate === null ? null : `rebate=${r.rebate}`,
    r.theta === null ? null : `θ=${r.theta}`,
    r.lambda === null ? null : `λ=${r.lambda}`,
  ].filter((x) => x !== null)
  return `${r.mechanism}${params.length > 0 ? `(${params.join(', ')})` : ''} · ${r.strategies.join(';')}`
}

/** The figure of one scenario: mean U/T against T, 95 % error bars, one line per series. */
const figureSpec = (scenario: string, cells: readonly (readonly RunRecord[])[]): TopLevelSpec => {
  const data = cells.map((runs) => {
    const r = runs[0]!
    const e = estimate(runs.map((x) => x.userUtility.div(x.T)))
    return {
      T: r.T,
      series: seriesLabel(r),
      // Plot coordinates only: the CSVs carry the exact values.
      perQuery: Number(e.mean.toSignificantDigits(12).toString()),
      low: e.low === null ? null : Number(e.low.toSignificantDigits(12).toString()),
      high: e.high === null ? null : Number(e.high.toSignificantDigits(12).toString()),
    }
  })
  const x = { field: 'T', type: 'quantitative' as const, title: 'horizon T (queries)', scale: { type: 'log' as const } }
  const color = { field: 'series', type: 'nominal' as const, legend: { title: 'mechanism · strategies', labelLimit: 400, titleLimit: 400 } }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: `User utility per query, ${scenario} (mean over seeds, 95% CI)`,
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    data: { values: data },
    layer: [
      { mark: { type: 'line', point: true }, encoding: { x, y: { field: 'perQuery', type: 'quantitative', title: 'U/T (USD per query)', scale: { zero: false } }, color } },
      {
        transform: [{ filter: 'datum.low !== null' }],
        mark: { type: 'errorbar', ticks: true },
        encoding: { x, y: { field: 'low', type: 'quantitative', title: 'U/T (USD per query)' }, y2: { field: 'high' }, color },
      },
    ],
    config: { background: 'white' },
  }
}

const csv = (name: string, columns: readonly string[], rows: readonly CsvRow[]): E.Either<Error, OutputFile> =>
  E.map((contents: string) => ({ name, contents }))(toCsv(columns, rows))

/** Renders the merged outputs (same runs, same bytes). */
export const renderMerged = async (m: MergedRuns): Promise<E.Either<Error, readonly OutputFile[]>> => {
  const cells = cellsOf(m)
  const files: E.Either<Error, OutputFile>[] = [
    E.right({
      name: 'manifest.json',
      contents: `${JSON.stringify({ format: MERGED_FORMAT, gridDigest: m.digest, runs: m.records.length, interval: CI_METHOD, grid: Grid.codec.encode(m.grid) }, null, 2)}\n`,
    }),
    csv('runs.csv', RUN_COLUMNS, m.records.map(runRow)),
    csv('profits.csv', PROFIT_COLUMNS, m.records.flatMap((r) => r.profits.map((p) => ({ index: r.index, ...parameters(r), seed: r.seed, provider: p.provider, profit: p.profit.toString() })))),
    csv('cells.csv', CELL_COLUMNS, cells.flatMap(cellRows)),
  ]
  for (const [k, scenario] of m.grid.scenarios.entries()) {
    const svg = await renderSvg(figureSpec(scenario, cells.filter((c) => c[0]!.scenario === scenario)))
    files.push(E.map((contents: string) => ({ name: `figures/user-utility-${k + 1}.svg`, contents }))(svg))
  }
  const bad = files.find(E.isLeft)
  return bad !== undefined && E.isLeft(bad) ? E.left(bad.left) : E.right(files.map((f) => (f as E.Right<OutputFile>).right))
}
