/**
 * A figure as the project writes it (§11.4): a Vega-Lite spec, the caption printed under it
 * (what is plotted, the scales, what to read), the series it draws as lines (each must differ
 * from the others by colour or dash), and its export to SVG and PNG.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { type TopLevelSpec, renderSvg } from './plot.ts'
import { svgToPng } from './raster.ts'
import { type SeriesStyle, DASH, mechanismStyle } from './theme.ts'

/** The file formats a figure is written in. */
export type FigureFormat = 'svg' | 'png'

/** Every format, in the order files are written; the default of every command that writes figures. */
export const FIGURE_FORMATS: readonly FigureFormat[] = ['svg', 'png']

/** A figure before rendering. */
export interface Figure {
  /** Output path without extension, relative to the output folder, e.g. `figures/a-utility-llm`. */
  readonly name: string
  readonly spec: TopLevelSpec
  /** One short paragraph: what is plotted, the scale, what to read from it. */
  readonly caption: string
  /** The series drawn as lines (a series in several panels counts once). */
  readonly series: readonly string[]
}

/** A rendered file: name relative to the output folder, text (SVG) or bytes (PNG). */
export interface FigureFile {
  readonly name: string
  readonly contents: string | Uint8Array
}

/**
 * Parses `--formats`: a comma-separated subset of `svg,png` (order and repeats ignored), returned
 * in the order of {@link FIGURE_FORMATS}; `Left` with one message otherwise.
 */
export const formatsOption = (raw: string): E.Either<readonly string[], readonly FigureFormat[]> => {
  const parts = raw.split(',').map((x) => x.trim().toLowerCase())
  const bad = parts.filter((p) => !(FIGURE_FORMATS as readonly string[]).includes(p))
  if (raw.trim() === '' || bad.length > 0)
    return E.left([`--formats: expected a comma-separated subset of ${FIGURE_FORMATS.join(',')}, got ${JSON.stringify(raw)}`])
  return E.right(FIGURE_FORMATS.filter((f) => parts.includes(f)))
}

/** Renders `figure` in each of `formats` (SVG first; the PNG is drawn from it at 2×). Never rejects. */
export const renderFigure = async (
  figure: Figure,
  formats: readonly FigureFormat[] = FIGURE_FORMATS,
): Promise<E.Either<Error, readonly FigureFile[]>> => {
  const svg = await renderSvg(figure.spec)
  if (E.isLeft(svg)) return E.left(new Error(`${figure.name}.svg: ${svg.left.message}`))
  const files: FigureFile[] = []
  if (formats.includes('svg')) files.push({ name: `${figure.name}.svg`, contents: svg.right })
  if (formats.includes('png')) {
    const png = await svgToPng(svg.right)
    if (E.isLeft(png)) return E.left(new Error(`${figure.name}.png: ${png.left.message}`))
    files.push({ name: `${figure.name}.png`, contents: png.right })
  }
  return E.right(files)
}

/** Renders every figure of `figures` in `formats`, in order; the first failure wins. */
export const renderFigures = async (
  figures: readonly Figure[],
  formats: readonly FigureFormat[] = FIGURE_FORMATS,
): Promise<E.Either<Error, readonly FigureFile[]>> => {
  const out: FigureFile[] = []
  for (const f of figures) {
    const r = await renderFigure(f, formats)
    if (E.isLeft(r)) return r
    out.push(...r.right)
  }
  return E.right(out)
}

const DASHES = [DASH.solid, DASH.dashed, DASH.dotted, DASH.dashDot, DASH.longDash] as const

/**
 * The styles of `labels` (mechanism display labels): {@link mechanismStyle} of each, except that
 * a label whose colour and dash an earlier one already took gets the next free dash pattern, so
 * every series stays distinguishable even when two differ only in a parameter the theme does not
 * encode.
 */
export const distinctStyles = (
  labels: readonly string[],
  style: (label: string) => SeriesStyle = mechanismStyle,
): ReadonlyArray<readonly [string, SeriesStyle]> => {
  const taken = new Set<string>()
  const key = (s: SeriesStyle) => `${s.color}|${s.dash.join(',')}`
  return labels.map((label) => {
    const base = style(label)
    const free = [base, ...DASHES.map((dash) => ({ ...base, dash }))].find((s) => !taken.has(key(s))) ?? base
    taken.add(key(free))
    return [label, free] as const
  })
}
