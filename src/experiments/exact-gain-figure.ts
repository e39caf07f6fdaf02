/**
 * The figure of proofs-notes §10: the exact optimal deviation gain against T (log-log) beside η
 * and the best strategy-family member's exact gain, rebate on and off, for ε ∈ {0.1, 0.25, 0.4}
 * where SBD(ε) is feasible within the analysis's horizon limit, on a two-provider scenario.
 * Pure: returns the rows and the Vega-Lite spec; `bench/exact-gain-figure.ts` renders and writes it.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { analyzeWith, sbdContext } from '../analysis/analyze.ts'
import { deviationValue } from '../analysis/deviation.ts'
import { familyPlays } from '../analysis/families.ts'
import { Decimal } from '../exact/decimal.ts'
import type { InstanceModel } from '../model/instance-model.ts'
import { type ChartRow, type TopLevelSpec, lineChart } from '../report/plot.ts'

/** Horizons of the figure. */
export const FIGURE_HORIZONS: readonly number[] = [300, 1000, 3000]
/** ε values tried (infeasible ones are skipped and listed). */
export const FIGURE_EPSILONS: readonly string[] = ['0.1', '0.25', '0.4']
/** Family members are evaluated up to this T (their evaluation has no saturation cut). */
export const FAMILY_MAX_T = 1000

/** The figure's rows (`series` names the line) and the (ε, T) pairs skipped as infeasible. */
export const exactGainRows = (model: InstanceModel): { readonly rows: ChartRow[]; readonly skipped: string[] } => {
  const rows: ChartRow[] = []
  const skipped: string[] = []
  for (const eps of FIGURE_EPSILONS)
    for (const rebate of [true, false])
      for (const T of FIGURE_HORIZONS) {
        const s = sbdContext(model, T, new Decimal(eps), rebate)
        if (E.isLeft(s)) {
          if (rebate) skipped.push(`ε=${eps} T=${T}: ${s.left}`)
          continue
        }
        const a = analyzeWith(s.right.ctx, s.right.constants)
        const tag = `ε=${eps}, rebate ${rebate ? 'on' : 'off'}`
        rows.push({ T, gain: a.eta.toNumber(), series: `η (${tag})` })
        rows.push({ T, gain: Math.max(...a.providers.map((p) => p.gain)), series: `optimal (${tag})` })
        if (T <= FAMILY_MAX_T) {
          const best = Math.max(
            ...a.providers.flatMap((p, i) => familyPlays(s.right.ctx, i).map((play) => deviationValue(s.right.ctx, i, play).value - p.expectedProfit)),
          )
          rows.push({ T, gain: Math.max(best, 1e-3), series: `best family member (${tag})` })
        }
      }
  return { rows, skipped }
}

/** The log-log chart of {@link exactGainRows}. */
export const exactGainSpec = (rows: readonly ChartRow[], scenario: string): TopLevelSpec =>
  lineChart({
    title: `Exact optimal deviation gain vs T (${scenario}, exact DP)`,
    data: rows,
    x: 'T',
    y: 'gain',
    color: 'series',
    xTitle: 'horizon T',
    yTitle: 'gain over τ* (USD)',
    logX: true,
    logY: true,
  })
