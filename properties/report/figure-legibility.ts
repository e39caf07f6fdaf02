/**
 * Reusable legibility checks of a rendered figure (§11.4), on the SVG as Vega writes it:
 *
 * - the canvas is at most 1.5× as tall as wide and below 1600 px tall at 1×;
 * - every text element has at most 90 characters;
 * - no number shows a binary-float artefact (six or more repeated 9s or 0s after the point);
 * - no legend label is truncated (ends in an ellipsis);
 * - the series drawn as lines are as many as the distinct colour-and-dash combinations of the
 *   line marks (so every series can be told apart).
 *
 * Each check returns the violations found (empty: legible), so a failing test prints them all.
 */

/** Longest text element allowed. */
export const MAX_TEXT = 90
/** Largest height / width of the canvas. */
export const MAX_ASPECT = 1.5
/** Height of the canvas at 1× must be below this. */
export const MAX_HEIGHT = 1600

const decode = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')

/** The SVG's width and height attributes (px). */
export const svgSize = (svg: string): { readonly width: number; readonly height: number } => {
  const head = /<svg[^>]*>/.exec(svg)?.[0] ?? ''
  return {
    width: Number(/\swidth="([\d.]+)"/.exec(head)?.[1] ?? Number.NaN),
    height: Number(/\sheight="([\d.]+)"/.exec(head)?.[1] ?? Number.NaN),
  }
}

/** The text of every `<text>` element (tspans joined). */
export const svgTexts = (svg: string): string[] =>
  [...svg.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g)].map((m) => decode(m[1]!.replace(/<[^>]*>/g, '')))

/** The contents of every `<g class="… role-…">` group of `role`, up to the next group of another mark. */
const groupsOf = (svg: string, cls: string): string[] =>
  svg
    .split(/<g class="/)
    .filter((chunk) => chunk.startsWith(cls))
    .map((chunk) => chunk.slice(0, chunk.indexOf('</g>') < 0 ? undefined : chunk.indexOf('</g>')))

/** The legend labels. */
export const legendLabels = (svg: string): string[] => groupsOf(svg, 'mark-text role-legend-label').flatMap(svgTexts)

/** Stroke colour and dash pattern of every line mark's path. */
export const lineStyles = (svg: string): { readonly stroke: string; readonly dash: string }[] =>
  groupsOf(svg, 'mark-line role-mark').flatMap((g) =>
    [...g.matchAll(/<path\b[^>]*>/g)].map((m) => ({
      stroke: (/\sstroke="([^"]*)"/.exec(m[0])?.[1] ?? '').toLowerCase(),
      dash: /\sstroke-dasharray="([^"]*)"/.exec(m[0])?.[1] ?? '',
    })),
  )

/** A number with six or more repeated 9s or 0s after the decimal point (a binary-float artefact). */
export const FLOAT_ARTEFACT = /\d\.\d*(9{6,}|0{6,})/

/**
 * Every legibility violation of `svg`, a figure that draws `series` as lines (`name` prefixes
 * each message). Empty when the figure passes.
 */
export const figureViolations = (name: string, svg: string, series: readonly string[]): string[] => {
  const out: string[] = []
  const { width, height } = svgSize(svg)
  if (!(height <= MAX_ASPECT * width)) out.push(`${name}: canvas ${width}×${height} px is taller than ${MAX_ASPECT}× its width`)
  if (!(height < MAX_HEIGHT)) out.push(`${name}: canvas height ${height} px is not below ${MAX_HEIGHT}`)
  for (const t of svgTexts(svg)) {
    if ([...t].length > MAX_TEXT) out.push(`${name}: text of ${[...t].length} characters: ${JSON.stringify(t)}`)
    if (FLOAT_ARTEFACT.test(t)) out.push(`${name}: binary-float artefact in ${JSON.stringify(t)}`)
  }
  for (const l of legendLabels(svg)) if (/(…|\.\.\.)$/.test(l)) out.push(`${name}: truncated legend label ${JSON.stringify(l)}`)
  const combos = new Set(lineStyles(svg).map((s) => `${s.stroke}|${s.dash}`))
  if (combos.size !== series.length)
    out.push(
      `${name}: ${series.length} series drawn as lines but ${combos.size} distinct colour-and-dash combinations (${[...combos].join('; ')})`,
    )
  return out
}

/** The width and height of a PNG from its header. */
export const pngSize = (png: Uint8Array): { readonly width: number; readonly height: number } => {
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength)
  return { width: v.getUint32(16), height: v.getUint32(20) }
}
