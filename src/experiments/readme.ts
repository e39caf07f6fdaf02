/**
 * `results/README.md`: what was run and what came out, with every number taken from the result
 * (nothing hard-coded), and a gallery: each figure embedded by a relative link (the PNG when one
 * is written, else the SVG) with its caption under it (§11.4).
 *
 * @module
 */
import { Decimal } from '../exact/decimal.ts'
import type { ExperimentsResult, ScenarioReport } from './run-all.ts'
import type { UtilityRow } from './utility.ts'
import { escapeEmphasis, markdownTable } from '../report/markdown.ts'
import { COLUMNS_FILE } from './columns.ts'
import { HEADLINE_EPSILON } from './plan.ts'
import { HARM_FIGURE_BASE, harmSection } from './harm-study.ts'
import type { GainRow } from './deviation-gain.ts'
import type { Figure, FigureFormat } from '../report/figure.ts'

const d = (s: string): Decimal => new Decimal(s)
/** 4 significant digits for prose and tables (the CSVs hold the exact values). */
const s4 = (s: string): string => d(s).toSignificantDigits(4).toString()
const sci = (s: string): string => {
  const x = d(s)
  return x.isZero()
    ? '0'
    : x.abs().gte(0.01) && x.abs().lt(1e6)
      ? x.toSignificantDigits(4).toString()
      : x.toSignificantDigits(3).toExponential()
}
const pow10 = (T: number): string => {
  const k = Math.round(Math.log10(T))
  return 10 ** k === T ? `10^${k}` : String(T)
}

const table = markdownTable

const largestT = (rows: readonly { readonly scenario: string; readonly T: number }[], scenario: string): number =>
  Math.max(0, ...rows.filter((r) => r.scenario === scenario).map((r) => r.T))

const scenarioSection = (s: ScenarioReport, r: ExperimentsResult): string => {
  const inst = s.instance as { providers?: readonly { id: string; premium?: { name: string }; substitute?: { name: string } }[] }
  const models = new Map((inst.providers ?? []).map((p) => [p.id, p]))
  const rows = s.providers.map((p) => {
    const m = models.get(p.id)
    return [
      p.id,
      ...(s.id === 'llm' ? [m?.premium?.name ?? '', m?.substitute?.name ?? '— (inflation only)'] : []),
      p.honestMean,
      p.cheatMean,
      p.honestProfit,
      p.cheatProfit,
      p.manipulationRange,
      s4(p.manipulationShareOfR),
    ]
  })
  const header = [
    'provider',
    ...(s.id === 'llm' ? ['premium model', 'substitute'] : []),
    'ū (best service)',
    'μ^min (full cheat)',
    'π^h',
    'π̄',
    'ū − μ^min',
    '(ū − μ^min)/R',
  ]
  const verdict = (v: { holds: boolean; reasons: readonly string[] }): string => (v.holds ? 'holds' : `fails (${v.reasons.join('; ')})`)
  const defaults =
    s.defaults.length === 0
      ? ''
      : `\nScenario parameters (documented defaults, proofs-notes §2.4):\n\n${s.defaults.map((x) => `- \`${x.symbol}\` = ${x.value}: ${x.meaning}`).join('\n')}\n`
  const excluded =
    s.excluded.length === 0 ? '' : `\nExcluded from the facts (reported, not guessed):\n\n${s.excluded.map((x) => `- ${x}`).join('\n')}\n`
  const util = r.utility.filter((u) => u.scenario === s.id)
  const sb = util[0]?.secondBestPerQuery
  const floor = util[0]?.bestFloorPerQuery
  const uFails =
    sb !== undefined && floor !== undefined && d(floor).gt(sb)
      ? `\n**Assumption U fails here** (proofs-notes §7.2): the best provider's full-cheat floor μ^min = ${floor} USD lies above the second-best ū(2) = ${sb} USD, so the best provider *cannot* degrade its service to the second-best level and SBD's limit is max(ū(2), μ^min of the best) = ${floor} USD per query, not ū(2). The figures draw that floor as its own line.\n`
      : ''
  return [
    `### ${scenarioTitle(s)}${s.id === 'llm' || s.id === 'abstract' ? ` (\`${s.name}\`)` : ''}`,
    '',
    `Range [x_lo, x_hi] = [${s.xLo}, ${s.xHi}] USD, R = ${s.R} USD; money grid ${s.moneyGrid}. Assumptions: A ${verdict(s.assumptions.A)}, D ${verdict(s.assumptions.D)}, IR ${verdict(s.assumptions.IR)}.`,
    defaults,
    excluded,
    'Type statistics (USD per query, exact):',
    '',
    table(header, rows),
    uFails,
  ].join('\n')
}

const utilityTable = (rows: readonly UtilityRow[]): string =>
  table(
    ['mechanism', 'U/T', '± SE', '95% CI of U/T', '(SB − U)/T', 'final strategies (one per provider)', 'converged'],
    rows.map((u) => [
      u.label,
      s4(u.userUtilityPerQuery),
      sci(u.userUtilityPerQuerySe),
      `[${s4(u.userUtilityPerQueryLo)}, ${s4(u.userUtilityPerQueryHi)}]`,
      sci(d(u.secondBestPerQuery).minus(u.userUtilityPerQuery).toString()),
      u.profile,
      u.converged ? 'yes' : 'no',
    ]),
  )

const findingsFor = (r: ExperimentsResult, scenario: string): string => {
  const T = largestT(r.utility, scenario)
  const atT = r.utility.filter((u) => u.scenario === scenario && u.T === T)
  if (atT.length === 0) return ''
  const first = atT[0]!
  const lines: string[] = []
  lines.push(
    `At the largest horizon T = ${pow10(T)} (first-best ū(1) = ${first.firstBestPerQuery}, second-best ū(2) = ${first.secondBestPerQuery} USD per query):`,
    '',
    utilityTable(atT),
    '',
  )
  const sbd = atT.filter((u) => u.epsilon !== '')
  const floorAbove = d(first.bestFloorPerQuery).gt(first.secondBestPerQuery)
  const target = floorAbove ? d(first.bestFloorPerQuery) : d(first.secondBestPerQuery)
  const targetName = floorAbove ? "the best provider's full-cheat floor (SBD's limit when Assumption U fails)" : 'the second-best line'
  const closest = [...sbd].sort((a, b) =>
    d(a.userUtilityPerQuery).minus(target).abs().comparedTo(d(b.userUtilityPerQuery).minus(target).abs()),
  )[0]
  if (closest !== undefined) {
    const trend = r.shortfall.filter((x) => x.scenario === scenario && x.label === closest.label)
    const a = trend[0]
    const b = trend[trend.length - 1]
    lines.push(
      `- **SBD**: closest to ${targetName}, ${target.toString()}, is ${closest.label} with U/T = ${s4(closest.userUtilityPerQuery)}` +
        (a !== undefined && b !== undefined
          ? `; its (SB − U)/T went from ${sci(a.shortfallPerQuery)} at T = ${pow10(a.T)} to ${sci(b.shortfallPerQuery)} at T = ${pow10(b.T)}.`
          : '.'),
    )
    for (const u of sbd.filter((x) => x !== closest))
      lines.push(
        `  ${u.label}: U/T = ${s4(u.userUtilityPerQuery)} (${sci(target.minus(u.userUtilityPerQuery).toString())} below ${target.toString()}).`,
      )
  }
  for (const off of sbd.filter((u) => u.rebate === 'off')) {
    const on = sbd.find((u) => u.rebate === 'on' && u.epsilon === off.epsilon)
    const switches = r.steps
      .filter((x) => x.scenario === scenario && x.label === off.label && x.T === T && x.pass === 1 && x.to !== x.from)
      .map((x) => `${x.provider} → ${x.to} (+${sci(x.gain)} USD)`)
    lines.push(
      `- **Rebate off, ε = ${off.epsilon}**: against τ*, ${switches.length === 0 ? 'no provider gains significantly by deviating' : `the best responses are ${switches.join(', ')}`}; ` +
        `after the sweep U/T = ${s4(off.userUtilityPerQuery)}${on === undefined ? '' : ` against ${s4(on.userUtilityPerQuery)} with the rebate on`}.` +
        (on !== undefined && switches.length > 0 && d(off.userUtilityPerQuery).lt(on.userUtilityPerQuery)
          ? ' Without the rebate, a provider that will not win the ranking gains L·(ū − μ^min) ≤ η_off by cheating in exploration; its lower measured mean lowers the target of the winner, who then delivers only that target: the user loses Θ(T) although no provider gains more than η.'
          : ''),
    )
  }
  const ptb = atT.find((u) => u.label === 'PayTheBill')
  const sc = r.scenarios.find((s) => s.id === scenario)
  const p0 = sc?.providers[0]
  if (ptb !== undefined && p0 !== undefined)
    lines.push(
      `- **PayTheBill** (every query to ${p0.id}, bill paid): its provider plays \`${ptb.profile.split(' | ')[0]}\`; U/T = ${s4(ptb.userUtilityPerQuery)} against its full-cheat level μ^min = ${p0.cheatMean} (difference ${sci(d(ptb.userUtilityPerQuery).minus(p0.cheatMean).toString())}, Bernoulli noise of the answers).`,
    )
  for (const name of ['ReputationUCB', 'PostedTarget'])
    for (const u of atT.filter((x) => x.label.startsWith(name)))
      lines.push(`- **${u.label}**: U/T = ${s4(u.userUtilityPerQuery)}; final strategies ${u.profile}.`)
  const all = r.utility.filter((u) => u.scenario === scenario)
  const notConverged = all.filter((u) => !u.converged)
  const byMechanism = [...new Set(notConverged.map((u) => u.label))].map((m) => {
    const bad = notConverged.filter((u) => u.label === m)
    const total = all.filter((u) => u.label === m).length
    return bad.length === total ? `${m} (all ${total} horizons)` : `${m} (T = ${bad.map((u) => pow10(u.T)).join(', ')})`
  })
  lines.push(
    `- Best-response search: ${notConverged.length === 0 ? 'every cell converged (pass 2 changed nobody)' : `${notConverged.length} of ${all.length} cells did not converge in one sweep (pass 2 still changed a strategy; ringed in the figures): ${byMechanism.join('; ')}`}.`,
  )
  return lines.join('\n')
}

const gainFindings = (r: ExperimentsResult, scenario: string): string => {
  const rows = r.gains.filter((g) => g.scenario === scenario)
  if (rows.length === 0) return ''
  const T = Math.max(...rows.map((g) => g.T))
  const atT = rows.filter((g) => g.T === T)
  const ratio = (g: GainRow): Decimal => d(g.gainOverEta)
  const worst = [...rows].sort((a, b) => ratio(b).comparedTo(ratio(a)))[0]!
  const above = rows.filter((g) => d(g.gainLo).gt(g.eta))
  const nonPositive = rows.filter((g) => !d(g.gain).gt(0))
  return [
    `The deviation with the largest gain against τ* on the search seeds at T = ${pow10(T)}, and its gain re-measured on the re-measure seeds (disjoint from every seed that selected it):`,
    '',
    table(
      [
        'ε',
        'rebate',
        'selected deviation',
        'gain on search seeds (biased up)',
        're-measured gain ± SE',
        '95% CI',
        'η(T)',
        'gain / η (95% CI)',
      ],
      atT.map((g) => [
        g.epsilon,
        g.rebate,
        `${g.provider}: ${g.strategy}`,
        `${sci(g.searchGain)} ± ${sci(g.searchGainSe)}`,
        `${sci(g.gain)} ± ${sci(g.gainSe)} (${g.remeasureSeeds} seeds)`,
        `[${sci(g.gainLo)}, ${sci(g.gainHi)}]`,
        sci(g.eta),
        `${s4(g.gainOverEta)} [${s4(g.gainOverEtaLo)}, ${s4(g.gainOverEtaHi)}]`,
      ]),
    ),
    '',
    `Over all horizons the largest re-measured gain relative to η is ${s4(worst.gainOverEta)} (95% CI [${s4(worst.gainOverEtaLo)}, ${s4(worst.gainOverEtaHi)}]; ε = ${worst.epsilon}, rebate ${worst.rebate}, T = ${pow10(worst.T)}, ${worst.provider}: ${worst.strategy}). ` +
      (above.length === 0
        ? 'No re-measured gain has its 95% confidence interval above η.'
        : `**${above.length} re-measured gain(s) have their 95% confidence interval above η**: ${above.map((g) => `ε = ${g.epsilon}, rebate ${g.rebate}, T = ${pow10(g.T)} (${sci(g.gain)} ± ${sci(g.gainSe)} against η = ${sci(g.eta)})`).join('; ')}.`) +
      (nonPositive.length === 0
        ? ''
        : ` At ${nonPositive.length} point(s) the re-measured gain is ≤ 0; the figure's symmetric-log axis draws them (linear near 0).`),
  ].join('\n')
}

const manipulationFindings = (r: ExperimentsResult): string => {
  const T = Math.max(0, ...r.manipulation.map((m) => m.T))
  const atT = r.manipulation.filter((m) => m.T === T)
  if (atT.length === 0) return ''
  const keys = [...new Set(atT.map((m) => `${m.label}\u0000${m.provider}`))]
  const rows = keys.map((k) => {
    const [mechanism, provider] = k.split('\u0000') as [string, string]
    const own = atT.filter((m) => m.label === mechanism && m.provider === provider)
    return [mechanism, provider, own[0]!.strategy, own.map((m) => `${m.phase}: ${m.lever} (${m.rounds} rounds)`).join('; ')]
  })
  return [
    `Levers used under the final profiles at T = ${pow10(T)} (rounds summed over the seeds; per-round amounts in \`manipulation.csv\`):`,
    '',
    table(['mechanism', 'provider', 'strategy', 'phase: manipulation (rounds served)'], rows),
  ].join('\n')
}

/** Every provider's manipulation range as a share of R, per scenario: what decides how close gains come to η (§6). */
/** The rates table: one line per SBD series and quantity (proofs-notes §11.3). */
const ratesTable = (r: ExperimentsResult): string =>
  r.rates.length === 0
    ? 'No SBD series has two horizons, so no rate is fitted.'
    : table(
        ['scenario', 'mechanism', 'quantity', 'slope [95% CI]', 'bound', "bound's slope here", "bound's exponent"],
        r.rates.map((x) => [
          x.scenario,
          escapeEmphasis(x.label),
          x.quantity,
          x.slope === '' ? `— (${x.note})` : `${s4(x.slope)} [${s4(x.slopeLo)}, ${s4(x.slopeHi)}]`,
          x.bound,
          x.boundSlope === '' ? '—' : s4(x.boundSlope),
          x.boundExponent,
        ]),
      )

const rangeShares = (r: ExperimentsResult): string =>
  r.scenarios.map((s) => `${scenarioTitle(s)}: ${s.providers.map((p) => `${p.id} ${p.manipulationShareOfR}R`).join(', ')}`).join('; ')

const scenarioTitle = (s: ScenarioReport): string =>
  s.id === 'llm' ? 'Default LLM scenario' : s.id === 'abstract' ? 'Abstract instance' : `Scenario \`${s.name}\``

/**
 * A figure as the gallery shows it: the image (PNG if written, else SVG), then its caption, with
 * a link to the SVG when both formats are written.
 */
const galleryEntry = (f: Figure, formats: readonly FigureFormat[], alt: string): string => {
  const image = formats.includes('png') ? `${f.name}.png` : `${f.name}.svg`
  const vector = formats.includes('png') && formats.includes('svg') ? ` ([SVG](${f.name}.svg))` : ''
  return `![${alt}](${image})\n\n*${escapeEmphasis(f.caption)}*${vector}`
}

/** The file names of `figures` in `formats`. */
export const figureFileNames = (figures: readonly Figure[], formats: readonly FigureFormat[]): string[] =>
  figures.flatMap((f) => formats.map((x) => `${f.name}.${x}`))

/** The text of `results/README.md` for `r`, embedding `figures` (written in `formats`) with their captions. */
export const readmeText = (r: ExperimentsResult, figures: readonly Figure[], formats: readonly FigureFormat[]): string => {
  const seeds = r.scenarios.map(
    (s) =>
      `${s.id}: horizons ${s.horizons.map(pow10).join(', ')}${s.headlineHorizons.length > 0 ? ` (and ${s.headlineHorizons.map(pow10).join(', ')} for SBD(ε=${HEADLINE_EPSILON}, rebate=on) alone)` : ''}; ε ∈ {${s.epsilons.join(', ')}}; per cell ${s.seeds.search.length} search seeds, ${s.seeds.filter.length} filter seeds, ${s.seeds.remeasure.length} re-measure seeds (all listed in \`report.json\`)`,
  )
  const infeasible = r.infeasible.map(
    (x) =>
      `- ${x.scenario}, SBD(ε=${x.epsilon}) at T = ${pow10(x.T)}: needs T ≥ (n+1)·L + 1 = ${x.needed} with L = ⌈T^(1−ε)⌉ = ${x.L}; the smallest feasible horizon is ${x.smallestFeasible}. **Omitted.**`,
  )
  const fig = (name: string, alt: string): string => {
    const f = formats.length === 0 ? undefined : figures.find((x) => `${x.name}.svg` === name)
    return f === undefined ? '' : galleryEntry(f, formats, alt)
  }
  const hasLlm = r.scenarios.some((s) => s.kind === 'llm')
  return `${[
    '# Best-response simulation study',
    '',
    `Generated by \`sbd experiment\` (seed ${r.meta.seed}${r.meta.quick ? ', **quick mode: small horizons, not the study**' : ''}): ${r.meta.study}. Everything below is computed from \`report.json\`; the CSVs are tidy (one observation per row, mechanism parameters in their own columns) and hold every number exactly (money as decimal strings, USD); \`${COLUMNS_FILE}\` gives every column's unit and meaning. Rerunning with the same seed gives byte-identical \`report.json\` and CSVs.`,
    '',
    '## Setup',
    '',
    "Mechanisms: SBD(ε) with the exploration rebate on and off (proofs-notes §3.2), PayTheBill (every query to the first provider, bill paid; §4.1), ReputationUCB (§4.2), and PostedTarget(θ) with θ = ū(2) of the scenario (an SLA posted at the second-best level, which needs the types to set; §4.3). Each cell (scenario × mechanism × T) uses the scenario's seeds (common random numbers across cells):",
    '',
    ...seeds.map((x) => `- ${x}`),
    '',
    `**Seeds by use** (proofs-notes §11.2). ${r.meta.seedPlan}`,
    '',
    `**Providers best-respond within the strategy families of proofs-notes §5** (τ*, honest, full cheat, slack riding, margin withholding at 10R and 3R, exploration shading, withholding as server, cheating after exploration, mimicry of weaker types; only the members that can differ under a mechanism). ${r.meta.bestResponse}`,
    '',
    `Arithmetic: ${r.meta.precision.library}, ${r.meta.precision.significantDigits} significant digits, ${r.meta.precision.rounding}; ledgers are exact on the money grid. Standard errors ${r.meta.standardErrors}.`,
    '',
    infeasible.length === 0
      ? 'Every (ε, T) point of the plan is feasible.'
      : `SBD(ε) needs T ≥ (n+1)·⌈T^(1−ε)⌉ + 1. These points are **infeasible and omitted** (not silently dropped):\n\n${infeasible.join('\n')}`,
    '',
    '## Scenarios',
    '',
    ...r.scenarios.map((s) => scenarioSection(s, r)),
    '',
    '## Findings',
    '',
    '### (a) User utility per query vs T, and (c) shortfall from the second-best',
    '',
    'Measured on the re-measure seeds under the final profile of the best-response search; bars are 95% confidence intervals. Figure (c) draws Δ(T)/T of Theorem 2 (§7) for SBD.',
    '',
    ...r.scenarios.flatMap((s) => [
      `**${scenarioTitle(s)}.**\n\n${findingsFor(r, s.id)}`,
      '',
      fig(`figures/a-utility-${s.id}.svg`, `user utility per query vs T, ${s.id}`),
      '',
      fig(`figures/c-shortfall-${s.id}.svg`, `(SB − U)/T vs T, ${s.id}`),
      '',
    ]),
    '### (b) Largest deviation gain vs T, beside η(T)',
    '',
    `η_on(T) = c(K_X) + 3R and η_off(T) = L·R + c(K_X) + 3R (Theorem 1, §6). The upper row of each figure draws the re-measured gain (95% CI) beside η on a symmetric-log axis; the lower row draws gain/η with the bound 1. Where a provider's manipulation range is a small fraction of R, gains stay far below η; where it is a large one the bound is tested. Manipulation ranges ū − μ^min here: ${rangeShares(r)}.`,
    '',
    ...r.scenarios.flatMap((s) => [
      `**${scenarioTitle(s)}.** ${gainFindings(r, s.id)}`,
      '',
      fig(`figures/b-deviation-gain-${s.id}.svg`, `re-measured largest deviation gain vs T, ${s.id}`),
      '',
    ]),
    '### Rates in T',
    '',
    "The least-squares slope of ln(mean) against ln T over the study's horizons, with a delete-one-seed jackknife 95% interval (proofs-notes §11.3), for the re-measured gain of (b) and the shortfall SB·T − U of (c), beside the slope of the bound over the same horizons (logarithmic factors bend it above the limiting exponent) and the limiting exponent of §0.6. The bounds are upper bounds: a measured slope below the bound's is what they allow, not a test of their tightness; a fitted slope over a few decades is not an asymptotic exponent.",
    '',
    ratesTable(r),
    '',
    ...(hasLlm
      ? [
          '### (d) Which manipulation each provider uses in each phase',
          '',
          'Inflation (billing up to β̄ more output tokens) withholds one USD of net utility per USD of profit; substitution (serving the cheaper model) withholds w·Δq for κ·Δc of profit. Under Assumption A a provider inflates first and substitutes only beyond β̄ (proofs-notes §2.2).',
          '',
          manipulationFindings(r),
          '',
          ...r.scenarios
            .filter((s) => s.kind === 'llm')
            .map((s) => fig(`figures/d-manipulation-${s.id}.svg`, `manipulation per provider and phase, ${s.id}`)),
          '',
        ]
      : []),
    ...harmSection(r.harm, fig(`${HARM_FIGURE_BASE}.svg`, 'exact harm H_i(ζ) against the tolerance ζ, two-provider example')),
    '## Files',
    '',
    `- \`report.json\`: everything (parameters, seeds by use, precision, versions, every row below); \`${COLUMNS_FILE}\`: the unit and meaning of every column and field.`,
    '- `utility.csv` (a), `providers.csv` (a, per provider), `shortfall.csv` (c), `deviation-gains.csv` (b), `manipulation.csv` (d), `rates.csv` (rates in T).',
    '- `best-response-steps.csv`, `best-response-candidates.csv`: the search (every candidate scored, per pass).',
    '- `infeasible.csv`, `scenario-providers.csv`.',
    ...(r.harm === undefined ? [] : ['- `harm.csv`: the exact harm H_i(ζ) of proofs-notes §14.9 (no sampling).']),
    ...figureFileNames(figures, formats).map((f) => `- \`${f}\``),
  ].join('\n')}\n`
}
