/**
 * Whether an instance satisfies the assumptions the theorems need (proofs-notes §1.3, §2.2), and why not.
 *
 * @module
 */
import { ZERO } from '../exact/decimal.ts'
import { costOf, meanOutputTokens } from './llm-model.ts'
import type { ProviderModel } from './provider-model.ts'
import type { Instance } from './types.ts'

/** A verdict with the reasons it fails (empty when it holds). */
export interface Verdict {
  readonly holds: boolean
  readonly reasons: readonly string[]
}

/** The verdicts on Assumptions A and D and on honest individual rationality. */
export interface AssumptionReport {
  /** Assumption A: honest service is efficient (`s(a) ≤ s(h)` for every action). */
  readonly A: Verdict
  /** Assumption D: honest service first-order dominates (realized pathwise by the coupling). */
  readonly D: Verdict
  /** Honest service is individually rational: `π^h ≥ 0` for every provider. */
  readonly IR: Verdict
}

const verdict = (reasons: readonly string[]): Verdict => ({ holds: reasons.length === 0, reasons })

/**
 * Checks Assumptions A, D and IR on `inst` (with its provider models).
 *
 * @param inst - the instance.
 * @param providers - its provider models.
 * @returns the verdicts on A, D and IR with their reasons (P and U: {@link assumptionVerdicts}).
 */
export const checkAssumptions = (inst: Instance, providers: readonly ProviderModel[]): AssumptionReport => {
  const a: string[] = []
  const d: string[] = []
  if (inst.kind === 'abstract') {
    inst.providers.forEach((p) => {
      const steep = p.segments.find((s) => s.slope.gt(1))
      if (steep !== undefined) a.push(`${p.id}: withholding slope ${steep.slope.toString()} > 1 earns more profit than the user loses`)
    })
    // D: a lower mean lowers the Bernoulli success probability (or X itself), pathwise.
  } else {
    const m = inst.market
    const nBar = meanOutputTokens(m)
    inst.providers.forEach((p) => {
      const sub = p.substitute
      if (sub === undefined) return
      const lost = m.valuePerCorrect.times(p.premium.quality.minus(sub.quality))
      const saved = costOf(m, p.premium, nBar).minus(costOf(m, sub, nBar))
      if (lost.lt(saved)) a.push(`${p.id}: w·(q^H − q^L) = ${lost.toString()} < κ·(c^H − c^L) = ${saved.toString()} USD per query`)
      if (sub.quality.gt(p.premium.quality))
        d.push(`${p.id}: substitute quality ${sub.quality.toString()} exceeds premium quality ${p.premium.quality.toString()}`)
    })
  }
  const ir = providers.filter((p) => p.honestProfit.lt(ZERO)).map((p) => `${p.id}: honest profit ${p.honestProfit.toString()} < 0`)
  return { A: verdict(a), D: verdict(d), IR: verdict(ir) }
}
