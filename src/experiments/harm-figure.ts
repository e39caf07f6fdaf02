/**
 * The figure of proofs-notes §14.9: the harm `H_i(ζ)` against the tolerance `ζ` (log axis, from
 * 0.01 USD — or from 0, symmetric-log — to η), exact, for SBD with the rebate on (δ = 0), with a rebate bonus δ > 0, and with the
 * rebate off, one panel per provider of a two-provider scenario. Each setting has two curves that
 * bracket `H_i(ζ)`: the relaxed programme's upper bound (solid) and the playable strategy's harm
 * (dotted, a lower bound). Pure: returns the rows, the figure and its caption;
 * `bench/harm-figure.ts` computes, renders and writes the notes' copy (SVG, PNG and the data CSV),
 * `harm-study.ts` the default study's.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { sbdContext } from '../analysis/analyze.ts'
import { type Harm, atTolerance, harmProblem, solveHarm } from '../analysis/harm.ts'
import { Decimal } from '../exact/decimal.ts'
import type { InstanceModel } from '../model/instance-model.ts'
import type { Figure } from '../report/figure.ts'
import type { ChartRow, TopLevelSpec } from '../report/plot.ts'
import { DASH, FONT_SIZE, OKABE_ITO, THEME_CONFIG } from '../report/theme.ts'
import { eta } from '../theory/bounds.ts'

/** Tolerances of the notes' figure below η (USD); η of each setting is added as the last point. */
export const FIGURE_TOLERANCES: readonly number[] = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20]

/** One setting of SBD in the figure. */
export interface HarmSetting {
  readonly rebate: boolean
  readonly bonus: Decimal
}

/** The label of a setting. */
export const settingLabel = (s: HarmSetting): string => (s.rebate ? `rebate on, δ = ${s.bonus.toString()}` : 'rebate off')

/** The exact harm of one provider at one tolerance under one setting. */
export interface HarmPoint {
  readonly setting: HarmSetting
  /** The deviating provider's id. */
  readonly provider: string
  /** η of the setting (Theorem 1), exact. */
  readonly eta: Decimal
  /** ζ, exact (the programme is solved at the double nearest it, `harm.tolerance`). */
  readonly tolerance: Decimal
  /** The bracket at this tolerance. */
  readonly harm: Harm
}

/**
 * The exact harm of each provider at each tolerance of each setting. Each provider's harm problem
 * is built once per setting and solved at every tolerance (`atTolerance`: the same values as
 * `harmOf` at each point, without rebuilding τ*'s expectations and the stint caches). `Left` if a
 * setting is out of the programme's scope.
 *
 * @param model - a two-provider Bernoulli instance.
 * @param T - the horizon.
 * @param epsilon - ε of SBD.
 * @param settings - the settings.
 * @param tolerances - the tolerances ζ ≥ 0 (USD) of a setting given its η, ascending.
 * @param progress - called after each point (for a long run's log).
 * @returns the points (setting, then provider, then tolerance), or why a setting is out of scope.
 */
export const harmPoints = (
  model: InstanceModel,
  T: number,
  epsilon: Decimal,
  settings: readonly HarmSetting[],
  tolerances: (etaOfSetting: Decimal) => readonly Decimal[],
  progress: (line: string) => void = () => {},
): E.Either<string, HarmPoint[]> => {
  const points: HarmPoint[] = []
  for (const setting of settings) {
    const built = sbdContext(model, T, epsilon, setting.rebate, setting.bonus)
    if (E.isLeft(built)) return built
    const { ctx, constants } = built.right
    const etaOfSetting = eta(constants, setting.rebate)
    const zetas = tolerances(etaOfSetting)
    for (const [i, p] of model.providers.entries()) {
      const problem = harmProblem(ctx, i, 0)
      if (E.isLeft(problem)) return problem
      for (const tolerance of zetas) {
        const harm = solveHarm(atTolerance(problem.right, tolerance.toNumber()))
        points.push({ setting, provider: p.id, eta: etaOfSetting, tolerance, harm })
        progress(
          `${settingLabel(setting)} ${p.id} ζ=${tolerance.toString()}: harm ≤ ${harm.harm.toFixed(4)}, playable ${harm.playableHarm.toFixed(4)}`,
        )
      }
    }
  }
  return E.right(points)
}

/** The figure's rows of `points`: per point the upper bound (`bound`) and the playable harm (`playable`), with the error bound. */
export const chartRowsOf = (points: readonly HarmPoint[]): ChartRow[] =>
  points.flatMap(({ setting, provider, harm: h }) => {
    const base = { setting: settingLabel(setting), provider, zeta: h.tolerance, errorBound: h.errorBound, multiplier: h.multiplier }
    return [
      { ...base, curve: 'bound', harm: h.harm },
      { ...base, curve: 'playable', harm: h.playableHarm },
    ]
  })

/**
 * The rows of the notes' figure: {@link harmPoints} at {@link FIGURE_TOLERANCES} and η of each
 * setting, as chart rows ({@link chartRowsOf}).
 *
 * @param model - a two-provider Bernoulli instance.
 * @param T - the horizon.
 * @param epsilon - ε of SBD.
 * @param settings - the settings drawn.
 * @param progress - called after each point (for a long run's log).
 * @returns the rows, or why a setting is out of scope.
 */
export const harmRows = (
  model: InstanceModel,
  T: number,
  epsilon: Decimal,
  settings: readonly HarmSetting[],
  progress: (line: string) => void = () => {},
): E.Either<string, ChartRow[]> =>
  E.map(chartRowsOf)(harmPoints(model, T, epsilon, settings, (e) => [...FIGURE_TOLERANCES.map((z) => new Decimal(z)), e], progress))

const COLORS = [OKABE_ITO.blue, OKABE_ITO.orange, OKABE_ITO.reddishPurple]
const SHAPES = ['square', 'circle', 'triangle-up']
const SIZES = [110, 35, 50]

/** The two curves of each setting: the relaxed programme's upper bound and the playable strategy's harm. */
export const curveName = (c: string): string => (c === 'bound' ? 'upper bound (relaxed DP)' : 'playable strategy (lower bound)')

/** Powers of ten from `lo` to `hi` (as printed: 0.01, 0.1, 1, …). */
const decades = (lo: number, hi: number): number[] => {
  const out: number[] = []
  for (let k = Math.ceil(Math.log10(lo) - 1e-9); 10 ** k <= hi * 1.0001; k++) out.push(Number(`1e${k}`))
  return out
}

/**
 * The figure of {@link harmRows}: one panel per provider, `H_i(ζ)` against `ζ`, a colour per
 * setting, solid for the upper bound and dotted for the playable lower bound. The ζ axis is
 * logarithmic; when the rows include ζ = 0 it is symmetric-log (linear below the smallest positive
 * ζ, logarithmic above), so ζ = 0 is drawn.
 *
 * @param rows - the rows.
 * @param scenario - the scenario's name for the title.
 * @param T - the horizon (for the title).
 * @param tolerances - which tolerances were computed, in words, for the caption (default: the count and the range only).
 * @returns the figure without its name.
 */
export const harmFigure = (rows: readonly ChartRow[], scenario: string, T: number, tolerances?: string): Omit<Figure, 'name'> => {
  const settings = [...new Set(rows.map((r) => String(r.setting)))]
  const data = rows.map((r) => ({ ...r, curve: curveName(String(r.curve)), provider: `provider ${String(r.provider)}` }))
  const zetas = [...new Set(rows.map((r) => Number(r.zeta)))].sort((a, b) => a - b)
  const lo = zetas[0]!
  const hi = zetas[zetas.length - 1]!
  const positive = zetas.filter((z) => z > 0)
  const withZero = lo === 0 && positive.length > 0
  const smallest = positive[0] ?? 1
  const ticks = withZero ? [0, ...decades(smallest, hi)] : decades(lo, hi)
  // Symmetric-log with a constant a decade below the smallest positive ζ: logarithmic from there
  // on, and ζ = 0 set apart at the left end by a compressed gap (where no point lies).
  const constant = smallest / 10
  const x = {
    field: 'zeta',
    type: 'quantitative',
    // The caption says how ζ = 0 is placed; a longer title would run into the next panel's.
    title: 'tolerance ζ (USD, log scale)',
    scale: withZero ? { type: 'symlog', constant, domain: [0, hi], nice: false } : { type: 'log', domain: [lo, hi], nice: false },
    // labelExpr, not format: on a symlog axis Vega shortens `format` to the ticks' precision (100 → 1e+2).
    axis: { values: ticks, labelExpr: "format(datum.value, '~g')" },
  } as const
  const y = { field: 'harm', type: 'quantitative', title: 'harm H_i(ζ) (USD)' } as const
  const color = {
    field: 'setting',
    type: 'nominal',
    title: 'SBD',
    scale: { domain: settings, range: COLORS.slice(0, settings.length) },
    legend: { orient: 'bottom', direction: 'vertical' },
  } as const
  const dash = {
    field: 'curve',
    type: 'nominal',
    title: 'curve',
    scale: { domain: [curveName('bound'), curveName('playable')], range: [[...DASH.solid], [...DASH.dotted]] },
    legend: { orient: 'bottom', direction: 'vertical', symbolType: 'stroke', symbolSize: 300 },
  } as const
  const detail = { field: 'curve', type: 'nominal' } as const
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: `Exact harm H_i(ζ) against the tolerance — ${scenario}, T = ${T}`, fontSize: FONT_SIZE.title },
    data: { values: data },
    facet: { column: { field: 'provider', type: 'nominal', title: null } },
    spec: {
      width: 260,
      height: 200,
      layer: [
        { mark: { type: 'line' }, encoding: { x, y, color, strokeDash: dash, detail } },
        {
          // Shapes and sizes per setting, largest first: where two settings coincide (provider a's
          // harm does not depend on δ) the larger hollow mark shows around the smaller one.
          mark: { type: 'point', filled: false, strokeWidth: 1.5 },
          encoding: {
            x,
            y,
            color,
            detail,
            shape: {
              field: 'setting',
              type: 'nominal',
              scale: { domain: settings, range: SHAPES.slice(0, settings.length) },
              legend: null,
            },
            size: { field: 'setting', type: 'nominal', scale: { domain: settings, range: SIZES.slice(0, settings.length) }, legend: null },
          },
        },
      ],
    },
    resolve: { scale: { y: 'shared' } },
    config: THEME_CONFIG,
  } as unknown as TopLevelSpec
  const perCurve = [...new Set(rows.map((r) => `${String(r.setting)}|${String(r.provider)}`))].map(
    (k) => rows.filter((r) => `${String(r.setting)}|${String(r.provider)}` === k && r.curve === 'bound').length,
  )
  const counts = [...new Set(perCurve)].sort((a, b) => a - b)
  const which = `${counts.join(' or ')} tolerances per provider and setting${tolerances === undefined ? '' : `: ${tolerances}`}`
  const range = withZero
    ? `from 0 to η of the setting (${which}; symmetric-log axis, logarithmic from ${smallest} USD, ζ = 0 at its left end)`
    : `from ${lo} USD to η of the setting (${which}; log axis)`
  return {
    spec,
    series: settings.flatMap((st) => [curveName('bound'), curveName('playable')].map((c) => `${st}, ${c}`)),
    caption:
      `Exact analysis (no sampling) on the ${scenario}, T = ${T}: for each provider i (panel) and each setting of SBD (colour), ` +
      `the harm H_i(ζ) = E[U(τ*)] − inf{E[U(σ)] : E[Π_i(σ)] ≥ E[Π_i(τ*)] − ζ} against the tolerance ζ, ${range}. ` +
      'Solid: the upper bound of the Lagrangian programme whose deviator is told its rival’s exploration sum; dotted: the harm of a strategy the engine can play that earns E[Π_i(τ*)] − ζ (a lower bound); H_i(ζ) lies between them. ' +
      'Where two settings coincide the larger hollow mark shows around the smaller. ' +
      'Read: how much a provider can take from the user at a cost of ζ to itself, and how much the bonus δ cuts it.',
  }
}

/** The CSV of the rows (`setting,provider,zeta,curve,harm,errorBound,multiplier`). */
export const harmCsv = (rows: readonly ChartRow[]): string =>
  `${[
    'setting,provider,zeta,curve,harm,errorBound,multiplier',
    ...rows.map((r) => [`"${String(r.setting)}"`, r.provider, r.zeta, r.curve, r.harm, r.errorBound, r.multiplier].map(String).join(',')),
  ].join('\n')}\n`
