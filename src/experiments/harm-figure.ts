/**
 * The figure of proofs-notes §14.9: the harm `H_i(ζ)` against the tolerance `ζ` (log axis, from
 * 0.01 USD to η), exact, for SBD with the rebate on (δ = 0), with a rebate bonus δ > 0, and with the
 * rebate off, one panel per provider of a two-provider scenario. Each setting has two curves that
 * bracket `H_i(ζ)`: the relaxed programme's upper bound (solid) and the playable strategy's harm
 * (dotted, a lower bound). Pure: returns the rows, the figure and its caption;
 * `bench/harm-figure.ts` computes, renders and writes it (SVG, PNG and the data CSV).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { sbdContext } from '../analysis/analyze.ts'
import { harmOf } from '../analysis/harm.ts'
import type { Decimal } from '../exact/decimal.ts'
import type { InstanceModel } from '../model/instance-model.ts'
import type { Figure } from '../report/figure.ts'
import type { ChartRow, TopLevelSpec } from '../report/plot.ts'
import { DASH, FONT_SIZE, OKABE_ITO, THEME_CONFIG } from '../report/theme.ts'
import { eta } from '../theory/bounds.ts'

/** Tolerances of the figure below η (USD); η of each setting is added as the last point. */
export const FIGURE_TOLERANCES: readonly number[] = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20]

/** One setting of SBD in the figure. */
export interface HarmSetting {
  readonly rebate: boolean
  readonly bonus: Decimal
}

/** The label of a setting. */
export const settingLabel = (s: HarmSetting): string => (s.rebate ? `rebate on, δ = ${s.bonus.toString()}` : 'rebate off')

/**
 * The figure's rows: per setting, provider and tolerance, the upper bound (`bound`) and the playable
 * harm (`playable`), with the error bound. `Left` if a setting is out of the programme's scope.
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
): E.Either<string, ChartRow[]> => {
  const rows: ChartRow[] = []
  for (const s of settings) {
    const built = sbdContext(model, T, epsilon, s.rebate, s.bonus)
    if (E.isLeft(built)) return built
    const { ctx, constants } = built.right
    const zetas = [...FIGURE_TOLERANCES, eta(constants, s.rebate).toNumber()]
    for (const [i, p] of model.providers.entries())
      for (const zeta of zetas) {
        const h = harmOf(ctx, i, zeta)
        if (E.isLeft(h)) return h
        const base = { setting: settingLabel(s), provider: p.id, zeta, errorBound: h.right.errorBound, multiplier: h.right.multiplier }
        rows.push({ ...base, curve: 'bound', harm: h.right.harm }, { ...base, curve: 'playable', harm: h.right.playableHarm })
        progress(`${settingLabel(s)} ${p.id} ζ=${zeta}: harm ≤ ${h.right.harm.toFixed(4)}, playable ${h.right.playableHarm.toFixed(4)}`)
      }
  }
  return E.right(rows)
}

const COLORS = [OKABE_ITO.blue, OKABE_ITO.orange, OKABE_ITO.reddishPurple]
const SHAPES = ['square', 'circle', 'triangle-up']
const SIZES = [110, 35, 50]

/**
 * The figure of {@link harmRows}: one panel per provider, `H_i(ζ)` against `ζ` (log `x`), a colour
 * per setting, solid for the upper bound and dotted for the playable lower bound.
 *
 * @param rows - the rows.
 * @param scenario - the scenario's name for the title.
 * @param T - the horizon (for the title).
 * @returns the figure without its name.
 */
export const harmFigure = (rows: readonly ChartRow[], scenario: string, T: number): Omit<Figure, 'name'> => {
  const settings = [...new Set(rows.map((r) => String(r.setting)))]
  const curveName = (c: string): string => (c === 'bound' ? 'upper bound (relaxed DP)' : 'playable strategy (lower bound)')
  const data = rows.map((r) => ({ ...r, curve: curveName(String(r.curve)), provider: `provider ${String(r.provider)}` }))
  const zetas = [...new Set(rows.map((r) => Number(r.zeta)))].sort((a, b) => a - b)
  const ticks = [0.01, 0.1, 1, 10, 100].filter((t) => t >= zetas[0]! && t <= zetas[zetas.length - 1]! * 1.0001)
  const x = {
    field: 'zeta',
    type: 'quantitative',
    title: 'tolerance ζ (USD, log scale)',
    scale: { type: 'log', domain: [zetas[0]!, zetas[zetas.length - 1]!], nice: false },
    axis: { values: ticks, format: '~g' },
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
  return {
    spec,
    series: settings,
    caption:
      `Exact analysis (no sampling) on the ${scenario}, T = ${T}: for each provider i (panel) and each setting of SBD (colour), ` +
      'the harm H_i(ζ) = E[U(τ*)] − inf{E[U(σ)] : E[Π_i(σ)] ≥ E[Π_i(τ*)] − ζ} against the tolerance ζ, from 0.01 USD to η of the setting (log axis). ' +
      'Solid: the upper bound of the Lagrangian programme whose deviator is told its rival’s exploration sum; dotted: the harm of a strategy the engine can play that earns E[Π_i(τ*)] − ζ (a lower bound). ' +
      'Provider a, which serves first, does the same harm whatever δ (its curves for δ = 0, squares, lie under those for δ > 0, circles). ' +
      'Read: how much a provider can take from the user at a cost of ζ to itself, and how much the bonus δ cuts it.',
  }
}

/** The CSV of the rows (`setting,provider,zeta,curve,harm,errorBound,multiplier`). */
export const harmCsv = (rows: readonly ChartRow[]): string =>
  `${[
    'setting,provider,zeta,curve,harm,errorBound,multiplier',
    ...rows.map((r) => [`"${String(r.setting)}"`, r.provider, r.zeta, r.curve, r.harm, r.errorBound, r.multiplier].map(String).join(',')),
  ].join('\n')}\n`
