/**
 * The harm part of the default study (proofs-notes §14.9): the exact bracket of `H_i(ζ)`, the harm
 * provider `i` can do to the user at a cost of at most `ζ` to itself, on the two-provider example
 * (`examples/two-provider-abstract.json`) at ε = ¼, for SBD with the rebate on and δ = 0, with the
 * study's rebate bonus δ ({@link STUDY_BONUS}), and with the rebate off; ζ from 0 to η of the
 * setting. No sampling: every row is the Lagrangian programme's value (`src/analysis/harm.ts`), the
 * same at every run. Its rows go to `report.json` and `harm.csv`, its figure and a section to
 * `results/README.md`. The quick study computes a much smaller version ({@link harmPlan}).
 *
 * @module
 */
import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { parseScenarioText } from '../codec/report-errors.ts'
import { Decimal } from '../exact/decimal.ts'
import { type InstanceModel, buildInstanceModel } from '../model/instance-model.ts'
import type { Figure } from '../report/figure.ts'
import { escapeEmphasis, markdownTable } from '../report/markdown.ts'
import { type HarmPoint, type HarmSetting, harmFigure, harmPoints, settingLabel } from './harm-figure.ts'
import { type MechanismFields, mechanismFields } from './cells.ts'
import { STUDY_BONUS, STUDY_BONUS_EPSILON } from './plan.ts'

/** The scenario of the harm figure: the two-provider example (the programme covers n = 2 only). */
export const HARM_SCENARIO_URL: URL = new URL('../../examples/two-provider-abstract.json', import.meta.url)

/** Name (without extension) of the harm figure inside `results/`. */
export const HARM_FIGURE_BASE = 'figures/e-harm-tolerance'

/** What the harm part of a study computes. */
export interface HarmPlan {
  /** The horizon. */
  readonly T: number
  /** ε of SBD (decimal string). */
  readonly epsilon: string
  readonly settings: readonly HarmSetting[]
  /** Positive tolerances below η, ascending (USD, decimal strings); ζ = 0 comes first and η of the setting last. */
  readonly tolerances: readonly string[]
}

/** The three settings: rebate on with δ = 0, rebate on with the study's δ, rebate off. */
export const HARM_SETTINGS: readonly HarmSetting[] = [
  { rebate: true, bonus: new Decimal(0) },
  { rebate: true, bonus: new Decimal(STUDY_BONUS) },
  { rebate: false, bonus: new Decimal(0) },
]

/**
 * The plan of the harm part: the full study at T = 1000 (as the notes' figure, §14.9) with ζ = 0,
 * the 1–3 sequence 0.01, 0.03, …, 300 USD below η, and η; the quick study at T = 300 with ζ = 0, 1
 * and η only (a smoke check of the wiring, not the figure).
 *
 * @param quick - the quick study.
 * @returns the plan.
 */
export const harmPlan = (quick: boolean): HarmPlan =>
  quick
    ? { T: 300, epsilon: STUDY_BONUS_EPSILON, settings: HARM_SETTINGS, tolerances: ['1'] }
    : {
        T: 1000,
        epsilon: STUDY_BONUS_EPSILON,
        settings: HARM_SETTINGS,
        tolerances: ['0.01', '0.03', '0.1', '0.3', '1', '3', '10', '30', '100', '300'],
      }

/**
 * The tolerances of a setting whose η is `etaOfSetting`: 0, the plan's tolerances below η, η.
 *
 * @param plan - the plan.
 * @param etaOfSetting - η of the setting.
 * @returns the tolerances, ascending, exact.
 */
export const tolerancesOf = (plan: HarmPlan, etaOfSetting: Decimal): readonly Decimal[] => [
  new Decimal(0),
  ...plan.tolerances.map((z) => new Decimal(z)).filter((z) => z.lt(etaOfSetting)),
  etaOfSetting,
]

/** One row of `harm.csv`: the exact bracket of `H_i(ζ)` for one setting, provider and tolerance. */
export type HarmRow = {
  readonly scenario: string
} & MechanismFields & {
    readonly T: number
    /** δ of the rebate bonus (`0`: SBD's rebate; empty with the rebate off). */
    readonly bonus: string
    /** The setting as the figure labels it. */
    readonly setting: string
    readonly provider: string
    /** ζ, USD (exact; the programme is solved at the double nearest it). */
    readonly tolerance: string
    /** η of the setting (Theorem 1), USD. */
    readonly eta: string
    /** `E[U(τ*)]`, USD. */
    readonly tauStarUserUtility: string
    /** `E[Π_i(τ*)]`, USD. */
    readonly tauStarProfit: string
    /** Upper bound on `H_i(ζ)` (relaxed programme), USD. */
    readonly harmUpper: string
    /** Lower bound on `H_i(ζ)` (playable strategy's harm), USD. */
    readonly harmLower: string
    /** Absolute error bound of the doubles above, USD. */
    readonly errorBound: string
    /** λ of the relaxed programme's dual value. */
    readonly multiplier: string
  }

/** A double as the plain decimal string of its shortest round-trip form (never exponent notation). */
const plain = (x: number): string => new Decimal(x).toFixed()

const rowOf = (scenario: string, T: number, epsilon: string, p: HarmPoint): HarmRow => ({
  scenario,
  ...mechanismFields({ kind: 'sbd', epsilon, rebate: p.setting.rebate, bonus: p.setting.bonus.toString() }),
  T,
  bonus: p.setting.rebate ? p.setting.bonus.toString() : '',
  setting: settingLabel(p.setting),
  provider: p.provider,
  tolerance: p.tolerance.toFixed(),
  eta: p.eta.toFixed(),
  tauStarUserUtility: plain(p.harm.tauStar.user),
  tauStarProfit: plain(p.harm.tauStar.profit),
  harmUpper: plain(p.harm.harm),
  harmLower: plain(p.harm.playableHarm),
  errorBound: plain(p.harm.errorBound),
  multiplier: plain(p.harm.multiplier),
})

/**
 * The harm rows of `plan` on `model`: per setting, provider and tolerance ({@link tolerancesOf}),
 * the exact bracket of `H_i(ζ)`. `Left` if the model is out of the programme's scope (n ≠ 2, a
 * setting infeasible at `T`) or a value is not finite.
 *
 * @param model - a two-provider Bernoulli instance.
 * @param plan - horizon, ε, settings and tolerances.
 * @returns the rows.
 */
export const harmStudyRows = (model: InstanceModel, plan: HarmPlan): E.Either<string, HarmRow[]> => {
  const points = harmPoints(model, plan.T, new Decimal(plan.epsilon), plan.settings, (etaOfSetting) => tolerancesOf(plan, etaOfSetting))
  if (E.isLeft(points)) return points
  const bad = points.right.find((p) =>
    [p.harm.harm, p.harm.playableHarm, p.harm.errorBound, p.harm.multiplier, p.harm.tauStar.user].some((x) => !Number.isFinite(x)),
  )
  if (bad !== undefined)
    return E.left(`harm: a value is not finite (${settingLabel(bad.setting)}, provider ${bad.provider}, ζ = ${bad.harm.tolerance})`)
  return E.right(points.right.map((p) => rowOf(model.instance.name, plan.T, plan.epsilon, p)))
}

/**
 * The harm part of the default study: reads the two-provider example and computes
 * {@link harmStudyRows} for {@link harmPlan}. `Left` says why the file cannot be read or built.
 *
 * @param quick - the quick study.
 * @param file - the scenario (default {@link HARM_SCENARIO_URL}).
 * @returns the rows.
 */
export const runHarmStudy = (quick: boolean, file: string | URL = HARM_SCENARIO_URL): E.Either<string, HarmRow[]> => {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    return E.left(`harm: cannot read ${String(file)}: ${e instanceof Error ? e.message : String(e)}`)
  }
  const inst = parseScenarioText(text)
  if (E.isLeft(inst)) return E.left(`harm: ${String(file)}: ${inst.left.join('; ')}`)
  const model = buildInstanceModel(inst.right)
  if (E.isLeft(model)) return E.left(`harm: ${String(file)}: ${model.left}`)
  return harmStudyRows(model.right, harmPlan(quick))
}

/** The rows as the figure draws them (`harmFigure` of `harm-figure.ts`). */
const chartRows = (rows: readonly HarmRow[]) =>
  rows.flatMap((r) => {
    const base = { setting: r.setting, provider: r.provider, zeta: Number(r.tolerance), errorBound: Number(r.errorBound) }
    return [
      { ...base, curve: 'bound', harm: Number(r.harmUpper), multiplier: Number(r.multiplier) },
      { ...base, curve: 'playable', harm: Number(r.harmLower), multiplier: Number(r.multiplier) },
    ]
  })

/**
 * The study's harm figure ({@link HARM_FIGURE_BASE}), or none when the study has no harm rows.
 *
 * @param rows - the study's harm rows.
 * @param quick - the quick study (said in the caption).
 * @returns the figure.
 */
export const harmStudyFigures = (rows: readonly HarmRow[] | undefined, quick: boolean): readonly Figure[] => {
  const first = rows?.[0]
  if (rows === undefined || first === undefined) return []
  const plan = harmPlan(quick)
  const listed =
    plan.tolerances.length > 3 ? `${plan.tolerances.slice(0, 3).join(', ')}, …, ${plan.tolerances.at(-1)!}` : plan.tolerances.join(', ')
  const f = harmFigure(
    chartRows(rows),
    `two-provider example, ε = ${first.epsilon}`,
    first.T,
    `ζ = 0, then ${listed} USD where below η, then η`,
  )
  const caption = quick
    ? f.caption.replace('Exact analysis', 'Quick mode (a smoke check, not the figure of §14.9): exact analysis')
    : f.caption
  return [{ name: HARM_FIGURE_BASE, ...f, caption }]
}

/**
 * The README section of the harm part: what it computes, a table of the bracket at ζ = 0, ζ = 1
 * and η per setting and provider, and the figure (its gallery entry, `figure`). Empty when the
 * study has no harm rows.
 *
 * @param rows - the study's harm rows.
 * @param figure - the figure's gallery entry (image and caption), or empty when no figure is written.
 * @returns the markdown lines.
 */
export const harmSection = (rows: readonly HarmRow[] | undefined, figure: string): readonly string[] => {
  const first = rows?.[0]
  if (rows === undefined || first === undefined) return []
  const s4 = (x: string): string => new Decimal(x).toSignificantDigits(6).toString()
  const keys = [...new Set(rows.map((r) => `${r.setting}\u0000${r.provider}`))]
  const at = (own: readonly HarmRow[], pick: (r: HarmRow) => boolean): string => {
    const r = own.find(pick)
    return r === undefined ? '—' : `[${s4(r.harmLower)}, ${s4(r.harmUpper)}]`
  }
  const table = markdownTable(
    ['SBD', 'provider', 'E[U(τ*)]', 'E[Π_i(τ*)]', 'H_i(0)', 'H_i(1)', 'η', 'H_i(η)', 'largest error bound'].map(escapeEmphasis),
    keys.map((k) => {
      const own = rows.filter((r) => `${r.setting}\u0000${r.provider}` === k)
      const r0 = own[0]!
      const worst = own.reduce((m, r) => (new Decimal(r.errorBound).gt(m) ? new Decimal(r.errorBound) : m), new Decimal(0))
      return [
        escapeEmphasis(r0.setting),
        r0.provider,
        s4(r0.tauStarUserUtility),
        s4(r0.tauStarProfit),
        at(own, (r) => new Decimal(r.tolerance).isZero()),
        at(own, (r) => new Decimal(r.tolerance).eq(1)),
        s4(r0.eta),
        at(own, (r) => r.tolerance === r.eta),
        worst.toSignificantDigits(2).toExponential(),
      ]
    }),
  )
  const points = rows.length
  return [
    '### Harm under deviations: H_i(ζ) against the tolerance ζ (proofs-notes §14.9)',
    '',
    `${escapeEmphasis(
      `Exact analysis, no sampling (the same numbers at every run): on the two-provider example (\`examples/two-provider-abstract.json\`), T = ${first.T}, ε = ${first.epsilon}, provider i deviates while its rival plays τ*, and H_i(ζ) = E[U(τ*)] − inf{E[U(σ)] : E[Π_i(σ)] ≥ E[Π_i(τ*)] − ζ} is the most it can take from the user at a cost of at most ζ to itself. ` +
        `Each cell is the bracket [lower, upper] (USD): the upper bound is the Lagrangian programme's (its deviator is told its rival's exploration sum, a superset of what the engine lets it play), the lower bound the harm of a strategy the engine can play that meets the constraint; H_i(ζ) lies between them, each end within the error bound; where the two are far apart, where H_i(ζ) lies between them is not computed. ${points} points in all.`,
    )} (\`harm.csv\`)`,
    '',
    table,
    '',
    figure,
    '',
  ]
}
