/**
 * The verdict on every assumption the notes use (proofs-notes §1.3: A, D, IR, P, U) for one
 * instance, with what each verdict means for which theorem. `sbd validate` prints them, and
 * `simulate`, `analyze` and the study warn once per violated assumption.
 *
 * @module
 */
import type { InstanceModel } from './instance-model.ts'
import type { Verdict } from './assumptions.ts'

/** The assumptions of proofs-notes §1.3, in the order the notes state them. */
export type AssumptionName = 'IR' | 'A' | 'D' | 'P' | 'U'

/** Every {@link AssumptionName}, in the order of proofs-notes §1.3. */
export const ASSUMPTION_NAMES: readonly AssumptionName[] = ['IR', 'A', 'D', 'P', 'U']

/** One assumption: its statement, where the notes state it, which results use it, and its verdict. */
export interface AssumptionVerdict {
  /** `IR`, `A`, `D`, `P` or `U`. */
  readonly name: AssumptionName
  /** The statement, in one line. */
  readonly statement: string
  /** Which theorems use it (proofs-notes sections). */
  readonly usedBy: string
  /** What a violation means for those results. */
  readonly ifViolated: string
  /** Whether it holds, and why not. */
  readonly verdict: Verdict
}

const STATEMENTS: Readonly<Record<AssumptionName, { statement: string; usedBy: string; ifViolated: string }>> = {
  IR: {
    statement: 'honest service is individually rational: π^h_i ≥ 0 for every provider',
    usedBy: 'Theorem 1 (§6.1)',
    ifViolated: 'Theorem 1 (τ* is η-IC) is not proved for this instance',
  },
  A: {
    statement: 'honest service is efficient: s_i(a) ≤ s_i(h_i) for every action',
    usedBy: 'Theorem 1 (§6.1), via Lemma 1.1 (§1.3)',
    ifViolated: 'Theorem 1 (τ* is η-IC) is not proved: withholding can earn more than the user loses',
  },
  D: {
    statement: 'honest service first-order dominates every action (the law of X)',
    usedBy: 'Theorem 1 (§6.1), via the coupling of Lemma 1.2 (§1.3)',
    ifViolated: 'Theorem 1 (τ* is η-IC) is not proved: a cheaper action can look better to the monitor',
  },
  P: {
    statement: 'profits on the scale of the range: π̄_i ≤ R for every provider',
    usedBy: 'Theorem 1 (§6.1, §6.2)',
    ifViolated: 'Theorem 1 holds only with the weaker bound G_i = c(K_X) + R + 3π̄_i/2 (§6.1) in place of η',
  },
  U: {
    statement: 'every provider can degrade to the second-best level: μ^min_k ≤ ū_(2) for every provider',
    usedBy: 'the upper bound of Theorem 2 (§7.1, §7.2)',
    ifViolated: 'the upper bound E[U] ≤ SB + LR + 2rT + 2R of Theorem 2 does not hold (the lower bound still does)',
  },
}

const verdict = (reasons: readonly string[]): Verdict => ({ holds: reasons.length === 0, reasons })

/**
 * Assumption P (§1.3): `π̄_i ≤ R` for every provider (`π̄_i` the full-cheat profit).
 *
 * @param model - the instance's model.
 * @returns the verdict and the providers that violate it.
 */
export const checkP = (model: InstanceModel): Verdict =>
  verdict(
    model.providers
      .filter((p) => p.cheatProfit.gt(model.R))
      .map((p) => `${p.id}: π̄ = ${p.cheatProfit.toString()} > R = ${model.R.toString()} USD`),
  )

/**
 * Assumption U (§1.3): `μ^min_k ≤ ū_(2)` for every provider, `ū_(2)` the second-largest honest mean.
 * With one provider there is no second-best level and U holds vacuously.
 *
 * @param model - the instance's model.
 * @returns the verdict and the providers that violate it.
 */
export const checkU = (model: InstanceModel): Verdict => {
  if (model.n < 2) return verdict([])
  const means = model.providers.map((p) => p.honestMean).sort((a, b) => b.comparedTo(a))
  const second = means[1]!
  return verdict(
    model.providers
      .filter((p) => p.cheatMean.gt(second))
      .map((p) => `${p.id}: μ^min = ${p.cheatMean.toString()} > ū_(2) = ${second.toString()} USD`),
  )
}

/**
 * The verdict on every assumption of §1.3 for `model`, in the notes' order.
 *
 * @param model - the instance's model (A, D and IR are those it was built with).
 * @returns one {@link AssumptionVerdict} per assumption.
 *
 * @example
 * ```ts
 * const report = assumptionVerdicts(model)
 * report.filter((a) => !a.verdict.holds).map((a) => a.name) // e.g. ['U']
 * ```
 */
export const assumptionVerdicts = (model: InstanceModel): readonly AssumptionVerdict[] => {
  const verdicts: Readonly<Record<AssumptionName, Verdict>> = {
    IR: model.assumptions.IR,
    A: model.assumptions.A,
    D: model.assumptions.D,
    P: checkP(model),
    U: checkU(model),
  }
  return ASSUMPTION_NAMES.map((name) => ({ name, ...STATEMENTS[name], verdict: verdicts[name] }))
}

/**
 * One warning line per violated assumption (no final newline), e.g.
 * `warning: Assumption U fails (deepseek-v3: μ^min = … > ū_(2) = … USD): the upper bound … does not hold`.
 *
 * @param model - the instance's model.
 * @returns the lines, empty when every assumption holds.
 */
export const assumptionWarnings = (model: InstanceModel): readonly string[] =>
  assumptionVerdicts(model)
    .filter((a) => !a.verdict.holds)
    .map((a) => `warning: Assumption ${a.name} fails (${a.verdict.reasons.join('; ')}): ${a.ifViolated}`)
