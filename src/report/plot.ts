/**
 * Headless, deterministic SVG rendering of Vega-Lite charts, plus the small
 * declarative spec builders the experiments use.
 *
 * Rendering is the only effectful part; it never throws across the module
 * boundary and reports failures as `Left<Error>`.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import * as vega from 'vega'
import { compile } from 'vega-lite'
import type { TopLevelSpec } from 'vega-lite'
import { HEIGHT, OKABE_ITO, THEME_CONFIG, WIDTH } from './theme.ts'

export type { TopLevelSpec } from 'vega-lite'

/** A cell value in a chart's inline data rows. */
export type ChartValue = string | number | boolean | null

/** One tidy data row for a chart: field name to value. */
export type ChartRow = Readonly<Record<string, ChartValue>>

/** Fixed plot-area size of {@link lineChart}: the theme's two-column width (`theme.ts`, §11.4). */
export const CHART_WIDTH: number = WIDTH.twoColumn
/** @see CHART_WIDTH */
export const CHART_HEIGHT: number = HEIGHT.twoColumn

/**
 * Options for {@link lineChart}. `x`, `y`, `color` and `strokeDash` name
 * fields of `data`; `x` and `y` must be quantitative, `color` and
 * `strokeDash` are treated as nominal (one line per distinct value).
 */
export interface LineChartOptions {
  readonly title: string
  readonly data: readonly ChartRow[]
  readonly x: string
  readonly y: string
  readonly color: string
  readonly xTitle: string
  readonly yTitle: string
  /** Log-scale x axis (all x values must then be > 0). */
  readonly logX?: boolean
  /** Log-scale y axis (all y values must then be > 0). */
  readonly logY?: boolean
  /** Optional nominal field mapped to the line dash pattern. */
  readonly strokeDash?: string
}

/**
 * Build a Vega-Lite line chart (one line per `color` value, point markers,
 * legend) of fixed size {@link CHART_WIDTH}×{@link CHART_HEIGHT}, in the theme of `theme.ts`
 * (Okabe–Ito colours, the theme's fonts).
 *
 * The result is plain data: it contains no random ids or timestamps, so the
 * same options always give the same spec (and, via {@link renderSvg}, the
 * same SVG bytes).
 *
 * @example
 * ```ts
 * const spec = lineChart({
 *   title: 'Regret vs. rounds',
 *   data: [{ n: 10, regret: 0.5, policy: 'SBD' }, { n: 100, regret: 0.1, policy: 'SBD' }],
 *   x: 'n', y: 'regret', color: 'policy',
 *   xTitle: 'rounds', yTitle: 'regret', logX: true,
 * });
 * ```
 */
export function lineChart(opts: LineChartOptions): TopLevelSpec {
  const scale = (log: boolean | undefined) => (log === true ? { type: 'log' as const } : { zero: false })
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: opts.title,
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    data: { values: opts.data.map((row) => ({ ...row })) },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: opts.x, type: 'quantitative', title: opts.xTitle, scale: scale(opts.logX) },
      y: { field: opts.y, type: 'quantitative', title: opts.yTitle, scale: scale(opts.logY) },
      color: { field: opts.color, type: 'nominal', scale: { range: Object.values(OKABE_ITO) }, legend: { title: opts.color } },
      ...(opts.strokeDash === undefined
        ? {}
        : { strokeDash: { field: opts.strokeDash, type: 'nominal' as const, legend: { title: opts.strokeDash } } }),
    },
    config: THEME_CONFIG,
  } as TopLevelSpec
}

/** Vega exports these at runtime, but `vega-typings` does not declare them. */
const resetSvgDefIds: () => void = (vega as unknown as { resetSVGDefIds?: () => void }).resetSVGDefIds ?? (() => undefined)

/** Renders are serialised: Vega numbers SVG clip/gradient ids with a global counter. */
let queue: Promise<unknown> = Promise.resolve()

const toError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)))

async function renderNow(spec: TopLevelSpec): Promise<E.Either<Error, string>> {
  let view: vega.View | undefined
  try {
    const compiled = compile(spec).spec
    view = new vega.View(vega.parse(compiled), { renderer: 'none' })
    resetSvgDefIds()
    return E.right(await view.toSVG())
  } catch (e) {
    return E.left(toError(e))
  } finally {
    view?.finalize()
  }
}

/**
 * Compile a Vega-Lite spec and render it to an SVG string, headlessly
 * (no DOM, no `canvas` package; text widths are estimated by Vega).
 *
 * Never rejects: compile or render failures come back as `Left`. Concurrent
 * calls are queued so that output is byte-identical for identical specs.
 *
 * @example
 * ```ts
 * const svg = await renderSvg(lineChart({ ... }));
 * if (E.isRight(svg)) writeFileAtomic('fig.svg', svg.right);
 * ```
 */
export function renderSvg(spec: TopLevelSpec): Promise<E.Either<Error, string>> {
  const job = queue.then(() => renderNow(spec))
  queue = job.catch(() => undefined)
  return job
}
