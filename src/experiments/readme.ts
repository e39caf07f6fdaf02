/**
 * `results/README.md`: what was run and what came out, with every number taken from the result
 * (nothing hard-coded) and the figures embedded by relative links.
 *
 * @module
 */
import { Decimal } from '../exact/decimal.ts'
import type { ExperimentsResult, ScenarioReport } from './run-all.ts'
import type { UtilityRow } from './utility.ts'

const d = (s: string): Decimal => new Decimal(s)
/** 4 significant digits for prose and tables (the CSVs hold the exact values). */
const s4 = (s: string): string => d(s).toSignificantDigits(4).toString()
const sci = (s: string): string => {
  const x = d(s)
  return x.isZero() ? '0' : x.abs().gte(0.01) && x.abs().lt(1e6) ? x.toSignificantDigits(4).toString() : x.toSignificantDigits(3).toExponential()
}
const pow10 = (T: number): string => {
  const k = Math.round(Math.log10(T))
  return 10 ** k === T ? `10^${k}` : String(T)
}

const table = (header: readonly string[], rows: readonly (readonly string[])[]): string =>
  [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n')

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
  const defaults = s.defaults.length === 0 ? '' : `\nScenario parameters (documented defaults, proofs-notes §2.4):\n\n${s.defaults.map((x) => `- \`${x.symbol}\` = ${x.value}: ${x.meaning}`).join('\n')}\n`
  const excluded = s.excluded.length === 0 ? '' : `\nExcluded from the facts (reported, not guessed):\n\n${s.excluded.map((x) => `- ${x}`).join('\n')}\n`
  const util = r.utility.filter((u) => u.scenario === s.id)
  const sb = util[0]?.secondBestPerQuery
  const floor = util[0]?.bestFloorPerQuery
  const uFails =
    sb !== undefined && floor !== undefined && d(floor).gt(sb)
      ? `\n**Assumption U fails here** (proofs-notes §7.2): the best provider's full-cheat floor μ^min = ${floor} USD lies above the second-best ū(2) = ${sb} USD, so the best provider *cannot* degrade its service to the second-best level and SBD's limit is max(ū(2), μ^min of the best) = ${floor} USD per query, not ū(2). The figures draw that floor as its own line.\n`
      : ''
  return [
    `### ${s.id === 'llm' ? 'Default LLM scenario' : 'Abstract instance'} (\`${s.name}\`)`,
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
    ['mechanism', 'U/T', '± se', '(SB − U)/T', 'final strategies (one per provider)', 'converged'],
    rows.map((u) => [u.mechanism, s4(u.userUtilityPerQuery), sci(u.userUtilityPerQuerySe), sci(d(u.secondBestPerQuery).minus(u.userUtilityPerQuery).toString()), u.profile, u.converged ? 'yes' : 'no']),
  )

const findingsFor = (r: ExperimentsResult, scenario: string): string => {
  const T = largestT(r.utility, scenario)
  const atT = r.utility.filter((u) => u.scenario === scenario && u.T === T)
  if (atT.length === 0) return ''
  const first = atT[0]!
  const lines: string[] = []
  lines.push(`At the largest horizon T = ${pow10(T)} (first-best ū(1) = ${first.firstBestPerQuery}, second-best ū(2) = ${first.secondBestPerQuery} USD per query):`, '', utilityTable(atT), '')
  const sbd = atT.filter((u) => u.epsilon !== '')
  const floorAbove = d(first.bestFloorPerQuery).gt(first.secondBestPerQuery)
  const target = floorAbove ? d(first.bestFloorPerQuery) : d(first.secondBestPerQuery)
  const targetName = floorAbove ? "the best provider's full-cheat floor (SBD's limit when Assumption U fails)" : 'the second-best line'
  const closest = [...sbd].sort((a, b) => d(a.userUtilityPerQuery).minus(target).abs().comparedTo(d(b.userUtilityPerQuery).minus(target).abs()))[0]
  if (closest !== undefined) {
    const trend = r.shortfall.filter((x) => x.scenario === scenario && x.mechanism === closest.mechanism)
    const a = trend[0]
    const b = trend[trend.length - 1]
    lines.push(
      `- **SBD**: closest to ${targetName}, ${target.toString()}, is ${closest.mechanism} with U/T = ${s4(closest.userUtilityPerQuery)}` +
        (a !== undefined && b !== undefined ? `; its (SB − U)/T went from ${sci(a.shortfallPerQuery)} at T = ${pow10(a.T)} to ${sci(b.shortfallPerQuery)} at T = ${pow10(b.T)}.` : '.'),
    )
    for (const u of sbd.filter((x) => x !== closest))
      lines.push(`  ${u.mechanism}: U/T = ${s4(u.userUtilityPerQuery)} (${sci(target.minus(u.userUtilityPerQuery).toString())} below ${target.toString()}).`)
  }
  for (const off of sbd.filter((u) => u.rebate === 'off')) {
    const on = sbd.find((u) => u.rebate === 'on' && u.epsilon === off.epsilon)
    const switches = r.steps
      .filter((x) => x.scenario === scenario && x.mechanism === off.mechanism && x.T === T && x.pass === 1 && x.to !== x.from)
      .map((x) => `${x.provider} → ${x.to} (+${sci(x.gain)} USD)`)
    lines.push(
      `- **Rebate off, ε = ${off.epsilon}**: against τ*, ${switches.length === 0 ? 'no provider gains significantly by deviating' : `the best responses are ${switches.join(', ')}`}; ` +
        `after the sweep U/T = ${s4(off.userUtilityPerQuery)}${on === undefined ? '' : ` against ${s4(on.userUtilityPerQuery)} with the rebate on`}.` +
        (on !== undefined && switches.length > 0 && d(off.userUtilityPerQuery).lt(on.userUtilityPerQuery)
          ? ' Without the rebate, a provider that will not win the ranking gains L·(ū − μ^min) ≤ η_off by cheating in exploration; its lower measured mean lowers the target of the winner, who then delivers only that target: the user loses Θ(T) although no provider gains more than η.'
          : ''),
    )
  }
  const ptb = atT.find((u) => u.mechanism === 'PayTheBill')
  const sc = r.scenarios.find((s) => s.id === scenario)
  const p0 = sc?.providers[0]
  if (ptb !== undefined && p0 !== undefined)
    lines.push(
      `- **PayTheBill** (every query to ${p0.id}, bill paid): its provider plays \`${ptb.profile.split(' | ')[0]}\`; U/T = ${s4(ptb.userUtilityPerQuery)} against its full-cheat level μ^min = ${p0.cheatMean} (difference ${sci(d(ptb.userUtilityPerQuery).minus(p0.cheatMean).toString())}, Bernoulli noise of the answers).`,
    )
  for (const name of ['ReputationUCB', 'PostedTarget'])
    for (const u of atT.filter((x) => x.mechanism.startsWith(name)))
      lines.push(`- **${u.mechanism}**: U/T = ${s4(u.userUtilityPerQuery)}; final strategies ${u.profile}.`)
  const all = r.utility.filter((u) => u.scenario === scenario)
  const notConverged = all.filter((u) => !u.converged)
  const byMechanism = [...new Set(notConverged.map((u) => u.mechanism))].map((m) => {
    const bad = notConverged.filter((u) => u.mechanism === m)
    const total = all.filter((u) => u.mechanism === m).length
    return bad.length === total ? `${m} (all ${total} horizons)` : `${m} (T = ${bad.map((u) => pow10(u.T)).join(', ')})`
  })
  lines.push(
    `- Best-response search: ${notConverged.length === 0 ? 'every cell converged (pass 2 changed nobody)' : `${notConverged.length} of ${all.length} cells did not converge in one sweep (pass 2 still changed a strategy; marked with a cross in the figures): ${byMechanism.join('; ')}`}.`,
  )
  return lines.join('\n')
}

const gainFindings = (r: ExperimentsResult, scenario: string): string => {
  const rows = r.gains.filter((g) => g.scenario === scenario)
  if (rows.length === 0) return ''
  const T = Math.max(...rows.map((g) => g.T))
  const atT = rows.filter((g) => g.T === T)
  const confirmedRatio = (g: (typeof rows)[number]): Decimal => (g.confirmedGain === '' ? d('0') : d(g.confirmedGain).div(g.eta))
  const worst = [...rows].sort((a, b) => confirmedRatio(b).comparedTo(confirmedRatio(a)))[0]!
  const above = rows.filter((g) => g.confirmedGain !== '' && d(g.confirmedGain).minus(g.eta).gt(d(g.confirmedGainSe).times(4)))
  const nonPositive = rows.filter((g) => !d(g.largestGain).gt(0))
  const conf = (g: (typeof rows)[number]): string => (g.confirmedGain === '' ? '—' : `${sci(g.confirmedGain)} ± ${sci(g.confirmedGainSe)} (${g.confirmedSeeds} seeds)`)
  return [
    `Largest gain found against τ* at T = ${pow10(T)}, and the same deviation re-measured on fresh seeds:`,
    '',
    table(
      ['ε', 'rebate', 'largest gain (search seeds)', 'by', 're-measured gain', 'η(T)', 're-measured / η'],
      atT.map((g) => [g.epsilon, g.rebate, `${sci(g.largestGain)} ± ${sci(g.largestGainSe)}`, `${g.provider}: ${g.strategy}`, conf(g), sci(g.eta), g.confirmedGain === '' ? '—' : s4(confirmedRatio(g).toString())]),
    ),
    '',
    `Over all horizons the largest re-measured gain relative to η is ${s4(confirmedRatio(worst).toString())} (ε = ${worst.epsilon}, rebate ${worst.rebate}, T = ${pow10(worst.T)}, ${worst.provider}: ${worst.strategy}). ` +
      (above.length === 0
        ? 'No re-measured gain exceeds η by more than 4 standard errors.'
        : `**${above.length} re-measured gain(s) exceed η by more than 4 standard errors**: ${above.map((g) => `ε = ${g.epsilon}, rebate ${g.rebate}, T = ${pow10(g.T)} (${sci(g.confirmedGain)} ± ${sci(g.confirmedGainSe)} against η = ${sci(g.eta)})`).join('; ')}.`) +
      (nonPositive.length === 0 ? '' : ` At ${nonPositive.length} point(s) no family member gains anything (largest gain ≤ 0: τ* is the best response in the families); they cannot be drawn on the log axis.`),
  ].join('\n')
}

const manipulationFindings = (r: ExperimentsResult): string => {
  const T = Math.max(0, ...r.manipulation.map((m) => m.T))
  const atT = r.manipulation.filter((m) => m.T === T)
  if (atT.length === 0) return ''
  const keys = [...new Set(atT.map((m) => `${m.mechanism}\u0000${m.provider}`))]
  const rows = keys.map((k) => {
    const [mechanism, provider] = k.split('\u0000') as [string, string]
    const own = atT.filter((m) => m.mechanism === mechanism && m.provider === provider)
    return [mechanism, provider, own[0]!.strategy, own.map((m) => `${m.phase}: ${m.lever} (${m.rounds} rounds)`).join('; ')]
  })
  return [`Levers used under the final profiles at T = ${pow10(T)} (rounds summed over the seeds; per-round amounts in \`manipulation.csv\`):`, '', table(['mechanism', 'provider', 'strategy', 'phase: manipulation (rounds served)'], rows)].join('\n')
}

/** The text of `results/README.md` for `r`, embedding `figures` (relative paths). */
export const readmeText = (r: ExperimentsResult, figures: readonly string[]): string => {
  const llm = r.scenarios.find((s) => s.id === 'llm')
  const seeds = r.scenarios.map((s) => `${s.id}: ${s.seeds.length} seeds (${s.seeds.join(', ')}), horizons ${s.horizons.map(pow10).join(', ')}`)
  const infeasible = r.infeasible.map((x) => `- ${x.scenario}, SBD(ε=${x.epsilon}) at T = ${pow10(x.T)}: needs T ≥ (n+1)·L + 1 = ${x.needed} with L = ⌈T^(1−ε)⌉ = ${x.L}; the smallest feasible horizon is ${x.smallestFeasible}. **Omitted.**`)
  const fig = (name: string, alt: string): string => (figures.includes(name) ? `![${alt}](${name})` : '')
  return `${[
    '# Simulation study with real-world API settings',
    '',
    `Generated by \`npm start\` (seed ${r.meta.seed}${r.meta.quick ? ', **quick mode: small horizons, not the study**' : ''}). Everything below is computed from \`report.json\`; the CSVs are tidy (one observation per row) and hold every number exactly (money as decimal strings, USD). Rerunning with the same seed gives byte-identical \`report.json\` and CSVs.`,
    '',
    '## Setup',
    '',
    `Mechanisms: SBD(ε) for ε ∈ {0.1, 0.25, 0.4} with the exploration rebate on and off (proofs-notes §3.2), PayTheBill (every query to the first provider, bill paid), ReputationUCB, and PostedTarget(θ) with θ = ū(2) of the scenario (an SLA posted at the second-best level, which needs the types to set). Each cell (scenario × mechanism × T) is run on a fixed set of seeds shared by all cells of the scenario (common random numbers):`,
    '',
    ...seeds.map((x) => `- ${x}`),
    '',
    `**Providers best-respond within the strategy families of proofs-notes §5** (τ*, honest, full cheat, slack riding, margin withholding at 10R and 3R, exploration shading, withholding as server, cheating after exploration, mimicry of weaker types; only the members that can differ under a mechanism). ${r.meta.bestResponse}`,
    '',
    `Arithmetic: ${r.meta.precision.library}, ${r.meta.precision.significantDigits} significant digits, ${r.meta.precision.rounding}; ledgers are exact on the money grid. Standard errors ${r.meta.standardErrors}.`,
    '',
    infeasible.length === 0 ? 'Every (ε, T) point of the plan is feasible.' : `SBD(ε) needs T ≥ (n+1)·⌈T^(1−ε)⌉ + 1. These points are **infeasible and omitted** (not silently dropped):\n\n${infeasible.join('\n')}`,
    '',
    '## Scenarios',
    '',
    ...r.scenarios.map((s) => scenarioSection(s, r)),
    '',
    '## Findings',
    '',
    '### (a) User utility per query vs T, and (c) shortfall from the second-best',
    '',
    llm === undefined ? '' : `**Default LLM scenario.**\n\n${findingsFor(r, 'llm')}`,
    '',
    fig('figures/a-utility-llm.svg', 'user utility per query vs T, LLM scenario'),
    '',
    fig('figures/c-shortfall-llm.svg', '(SB − U)/T vs T, LLM scenario'),
    '',
    `**Abstract instance.**\n\n${findingsFor(r, 'abstract')}`,
    '',
    fig('figures/a-utility-abstract.svg', 'user utility per query vs T, abstract instance'),
    '',
    fig('figures/c-shortfall-abstract.svg', '(SB − U)/T vs T, abstract instance'),
    '',
    '### (b) Largest deviation gain vs T, beside η(T)',
    '',
    'η_on(T) = c(K_X) + 3R and η_off(T) = L·R + c(K_X) + 3R (Theorem 1). On the LLM scenario a provider\'s manipulation range is a small fraction of R (proofs-notes §6), so gains stay far below η; the abstract instance (ranges 0.7R and 0.5R) is where the bound is tested.',
    '',
    `**Abstract instance.** ${gainFindings(r, 'abstract')}`,
    '',
    fig('figures/b-deviation-gain-abstract.svg', 'largest deviation gain vs T, abstract instance, log-log'),
    '',
    `**Default LLM scenario.** ${gainFindings(r, 'llm')}`,
    '',
    fig('figures/b-deviation-gain-llm.svg', 'largest deviation gain vs T, LLM scenario, log-log'),
    '',
    '### (d) Which manipulation each provider uses in each phase',
    '',
    'Inflation (billing up to β̄ more output tokens) withholds one USD of net utility per USD of profit; substitution (serving the cheaper model) withholds w·Δq for κ·Δc of profit. Under Assumption A a provider inflates first and substitutes only beyond β̄ (proofs-notes §2.2).',
    '',
    manipulationFindings(r),
    '',
    fig('figures/d-manipulation-llm.svg', 'manipulation per provider and phase'),
    '',
    '## Files',
    '',
    '- `report.json`: everything (parameters, seeds, precision, versions, every row below).',
    '- `utility.csv` (a), `providers.csv` (a, per provider), `shortfall.csv` (c), `deviation-gains.csv` (b), `manipulation.csv` (d).',
    '- `best-response-steps.csv`, `best-response-candidates.csv`: the search (every candidate scored, per pass).',
    '- `infeasible.csv`, `scenario-providers.csv`.',
    ...figures.map((f) => `- \`${f}\``),
  ].join('\n')}\n`
}
