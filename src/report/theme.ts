/**
 * The one visual theme of every figure the project writes — the study's figures (§11.4), the
 * merged sweep's figures, and the notes' figures (§6, §10): fonts and sizes, one- and
 * two-column widths, a colour-blind-safe palette (Okabe–Ito), and a fixed encoding per
 * mechanism and benchmark, so the same mechanism has the same colour, dash and marker in every
 * figure:
 *
 * - SBD(ε) variants share one hue family (blues, darker for smaller ε); rebate off is dashed, a
 *   rebate bonus δ dash-dotted;
 * - baselines take the other Okabe–Ito hues, each with its own marker;
 * - benchmarks (first-best, second-best, floors, bounds) are grey reference lines, told apart by
 *   their dash pattern.
 *
 * Pure data and pure functions; nothing here renders.
 *
 * @module
 */

/** Font family of every text element (the PNG renderer loads DejaVu Sans, see `raster.ts`). */
export const FONT = 'DejaVu Sans, Verdana, sans-serif'

/** Font sizes in px at 1× (a figure printed at column width keeps them ≥ 8 pt). */
export const FONT_SIZE = { title: 13, subtitle: 11, axisTitle: 11, label: 10, legendTitle: 10, legendLabel: 10 } as const

/**
 * Plot-area widths in px: one column of a two-column paper, and the full text width. A figure's
 * canvas adds axes and legend around the plot area.
 */
export const WIDTH = { oneColumn: 300, twoColumn: 560 } as const

/** Plot-area heights in px matching {@link WIDTH}. */
export const HEIGHT = { oneColumn: 200, twoColumn: 260 } as const

/** Okabe–Ito palette (Okabe & Ito 2008), safe for the common colour-vision deficiencies. */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const

/** Greys of the benchmark lines (dark to light). */
export const GREYS = ['#333333', '#666666', '#8c8c8c', '#b0b0b0'] as const

/** Dash patterns (stroke-dasharray, px); `[]` is solid. */
export const DASH = {
  solid: [] as number[],
  dashed: [6, 3],
  dotted: [1.5, 2.5],
  dashDot: [7, 2.5, 1.5, 2.5],
  longDash: [10, 4],
} as const

/** How one series is drawn. */
export interface SeriesStyle {
  /** Stroke and fill colour (hex). */
  readonly color: string
  /** Stroke-dash pattern; `[]` is solid. */
  readonly dash: readonly number[]
  /** Vega point shape of its markers. */
  readonly shape: string
}

/**
 * The SBD hue family: fixed blues at the study's ε (0.1 navy, 0.25 Okabe–Ito blue, 0.4 Okabe–Ito
 * sky blue), linear in between and clamped outside, so any ε gets a fixed blue and the study's
 * three are far apart.
 */
const SBD_STOPS: ReadonlyArray<readonly [number, readonly [number, number, number]]> = [
  [0.1, [0x0b, 0x2e, 0x59]],
  [0.25, [0x00, 0x72, 0xb2]],
  [0.4, [0x56, 0xb4, 0xe9]],
]

const hex = (rgb: readonly number[]): string => `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`

/** The colour of SBD(ε): a blue that is a fixed function of ε, lighter for larger ε. */
export const sbdColor = (epsilon: number): string => {
  const e = Number.isFinite(epsilon) ? epsilon : 0.25
  const first = SBD_STOPS[0]!
  const last = SBD_STOPS[SBD_STOPS.length - 1]!
  if (e <= first[0]) return hex(first[1])
  if (e >= last[0]) return hex(last[1])
  const i = SBD_STOPS.findIndex(([x]) => x >= e)
  const [x0, c0] = SBD_STOPS[i - 1]!
  const [x1, c1] = SBD_STOPS[i]!
  const t = (e - x0) / (x1 - x0)
  return hex(c0.map((c, k) => c + (c1[k]! - c) * t))
}

/** Fixed styles of the baseline mechanisms (keys are lower-case names without punctuation). */
const BASELINES: Readonly<Record<string, SeriesStyle>> = {
  paythebill: { color: OKABE_ITO.vermillion, dash: DASH.solid, shape: 'square' },
  reputationucb: { color: OKABE_ITO.bluishGreen, dash: DASH.solid, shape: 'triangle-up' },
  postedtarget: { color: OKABE_ITO.reddishPurple, dash: DASH.solid, shape: 'diamond' },
  targetmix: { color: OKABE_ITO.orange, dash: DASH.solid, shape: 'triangle-down' },
}

const OTHER: SeriesStyle = { color: OKABE_ITO.black, dash: DASH.solid, shape: 'cross' }

/** The mechanism family of a display label or sweep name (`SBD(ε=0.25, rebate=on)`, `sbd`, `pay-the-bill`…). */
const familyOf = (label: string): string => (label.split('(')[0] ?? '').toLowerCase().replace(/[^a-z]/g, '')

/** `ε=…` inside a label, as a number (NaN if absent). */
const epsilonOf = (label: string): number => Number(/ε=([0-9.]+)/.exec(label)?.[1] ?? Number.NaN)

/**
 * The style of a mechanism by its display label: SBD(ε) in the blue family (solid with the
 * rebate on, dashed with it off, dash-dotted with a rebate bonus δ), each baseline its own hue and marker.
 */
export const mechanismStyle = (label: string): SeriesStyle => {
  const family = familyOf(label)
  if (family === 'sbd') {
    const off = /rebate=off/.test(label)
    // With a rebate bonus δ (§14.1): dash-dotted, diamond markers, the same hue as its ε.
    const bonus = /δ=/.test(label)
    return {
      color: sbdColor(epsilonOf(label)),
      dash: off ? DASH.dashed : bonus ? DASH.dashDot : DASH.solid,
      shape: off ? 'square' : bonus ? 'diamond' : 'circle',
    }
  }
  return BASELINES[family] ?? OTHER
}

/** The benchmark kinds drawn as grey reference lines. */
export type BenchmarkKind = 'firstBest' | 'secondBest' | 'floor' | 'otherFloor' | 'bound'

/** Fixed styles of the benchmarks: grey, one dash pattern each. */
export const BENCHMARK_STYLE: Readonly<Record<BenchmarkKind, SeriesStyle>> = {
  firstBest: { color: GREYS[0], dash: DASH.longDash, shape: 'stroke' },
  secondBest: { color: GREYS[1], dash: DASH.dashed, shape: 'stroke' },
  floor: { color: GREYS[2], dash: DASH.dotted, shape: 'stroke' },
  otherFloor: { color: GREYS[2], dash: DASH.dashDot, shape: 'stroke' },
  bound: { color: GREYS[1], dash: DASH.dashed, shape: 'stroke' },
}

/** Colours of the manipulation levers of figure (d) (none is a light grey). */
export const LEVER_COLORS = {
  none: '#dddddd',
  inflation: OKABE_ITO.orange,
  substitution: OKABE_ITO.blue,
  both: OKABE_ITO.reddishPurple,
} as const

/** Vega-Lite scales for a nominal `series` field whose values are drawn with `styles`. */
export const seriesScales = (
  styles: ReadonlyArray<readonly [string, SeriesStyle]>,
): {
  readonly color: { readonly domain: string[]; readonly range: string[] }
  readonly strokeDash: { readonly domain: string[]; readonly range: number[][] }
  readonly shape: { readonly domain: string[]; readonly range: string[] }
} => {
  const domain = styles.map(([k]) => k)
  return {
    color: { domain, range: styles.map(([, s]) => s.color) },
    strokeDash: { domain, range: styles.map(([, s]) => [...s.dash]) },
    shape: { domain, range: styles.map(([, s]) => s.shape) },
  }
}

/** Longest legend label (characters) a figure may use; labels are shortened by design to fit. */
export const LEGEND_LABEL_MAX = 40

/**
 * The Vega-Lite `config` of every figure: font, sizes, white background, no label truncation
 * (legend and axis label limits far above {@link LEGEND_LABEL_MAX}), light grid.
 */
export const THEME_CONFIG = {
  background: 'white',
  font: FONT,
  padding: 8,
  view: { stroke: '#bbbbbb' },
  title: {
    fontSize: FONT_SIZE.title,
    subtitleFontSize: FONT_SIZE.subtitle,
    anchor: 'start',
    fontWeight: 'bold',
    offset: 8,
    subtitleColor: '#444444',
  },
  axis: {
    titleFontSize: FONT_SIZE.axisTitle,
    labelFontSize: FONT_SIZE.label,
    titleFontWeight: 'normal',
    labelLimit: 400,
    titleLimit: 1000,
    gridColor: '#e6e6e6',
    domainColor: '#666666',
    tickColor: '#666666',
  },
  header: { labelFontSize: FONT_SIZE.axisTitle, titleFontSize: FONT_SIZE.axisTitle, labelFontWeight: 'bold' },
  legend: {
    titleFontSize: FONT_SIZE.legendTitle,
    labelFontSize: FONT_SIZE.legendLabel,
    labelLimit: 1000,
    titleLimit: 1000,
    symbolStrokeWidth: 2,
    titleFontWeight: 'bold',
  },
  line: { strokeWidth: 1.6 },
  point: { size: 40, filled: true, opacity: 1 },
} as const
