/**
 * The cells of the study (scenario × mechanism × horizon) and the shared description of a
 * scenario that every experiment reads.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Decimal } from '../exact/decimal.ts'
import type { InstanceModel } from '../model/instance-model.ts'
import { familyFor } from './families.ts'
import { type Infeasible, type ScenarioPlan, horizonsFor, mechanismsFor, sbdFeasibility } from './plan.ts'
import { type SeedPlan, checkSeedPlan, seedPlanFor } from './seed-plan.ts'
import type { Cell } from './search.ts'
import { type MechanismSpec, type StrategySpec, bonusOf, mechanismLabel } from './specs.ts'

/** A scenario of the study as the experiments see it. */
export interface StudyScenario {
  /** Id used in tasks, rows and file names (e.g. `llm`, `abstract`). */
  readonly id: string
  readonly model: InstanceModel
  readonly plan: ScenarioPlan
  /** Its seeds by use: search, filter, re-measure (pairwise disjoint; proofs-notes §11.2). */
  readonly seeds: SeedPlan
}

/**
 * Builds a {@link StudyScenario}; its seeds derive from the master seed and the scenario's salt
 * ({@link seedPlanFor}). `Left` if the seed plan is not pairwise disjoint (never for a plan of
 * {@link seedPlanFor}; the check guards the invariant every estimate relies on).
 */
export const studyScenario = (
  id: string,
  model: InstanceModel,
  plan: ScenarioPlan,
  master: number,
  salt: number,
): E.Either<string, StudyScenario> =>
  E.map((seeds: SeedPlan) => ({ id, model, plan, seeds }))(checkSeedPlan(seedPlanFor(master, salt, plan.seeds)))

/** The cells of a scenario (every mechanism at every horizon it can run at) and the SBD points left out. */
export const cellsOf = (
  s: StudyScenario,
  extra: readonly StrategySpec[] = [],
): { readonly cells: readonly Cell[]; readonly infeasible: readonly Infeasible[] } => {
  const cells: Cell[] = []
  const infeasible: Infeasible[] = []
  for (const mechanism of mechanismsFor(s.model, s.plan.epsilons))
    for (const T of horizonsFor(s.plan, mechanism)) {
      if (mechanism.kind === 'sbd') {
        const f = sbdFeasibility(s.id, s.model, mechanism.epsilon, T)
        if (E.isLeft(f)) {
          if (mechanism.rebate) infeasible.push(f.left) // one entry per (ε, T): the rebate does not matter
          continue
        }
      }
      cells.push({
        scenario: s.id,
        model: s.model,
        mechanism,
        T,
        seeds: s.seeds.search,
        freshSeeds: s.seeds.filter,
        remeasureSeeds: s.seeds.remeasure,
        families: s.model.providers.map((_, i) => familyFor(s.model, mechanism, i, extra)),
      })
    }
  return { cells, infeasible }
}

/** `ū_(k)`: the k-th largest best service (1-based). */
export const kthBest = (model: InstanceModel, k: number): Decimal =>
  [...model.providers].map((p) => p.honestMean).sort((a, b) => b.comparedTo(a))[k - 1]!

/** The full-cheat floor `μ^min` of the provider with the largest `ū` (ties: lowest index). */
export const bestProviderFloor = (model: InstanceModel): Decimal => {
  const best = [...model.providers].sort((a, b) => b.honestMean.comparedTo(a.honestMean) || a.index - b.index)[0]!
  return best.cheatMean
}

/**
 * A mechanism as report columns (proofs-notes §11.5): its kind and display label, and each
 * parameter in its own column (`''` where the mechanism has no such parameter).
 */
export interface MechanismFields {
  /** `sbd`, `pay-the-bill`, `reputation-ucb`, `posted-target` or `target-mix`. */
  readonly mechanism: string
  /** Display label, e.g. `SBD(ε=0.25, rebate=on)`. */
  readonly label: string
  /** ε of SBD(ε) (decimal string). */
  readonly epsilon: string
  /** SBD's exploration rebate: `on` or `off`, or `on (δ=0.1)` with a rebate bonus (§14.1). */
  readonly rebate: string
  /** θ of PostedTarget(θ), USD per query. */
  readonly theta: string
  /** λ of TargetMix(λ). */
  readonly lambda: string
}

/** The report columns of a mechanism. */
export const mechanismFields = (m: MechanismSpec): MechanismFields => ({
  mechanism: m.kind,
  label: mechanismLabel(m),
  epsilon: m.kind === 'sbd' ? m.epsilon : '',
  // With a bonus the setting is a third one beside on and off (its own series in every figure).
  rebate: m.kind === 'sbd' ? (m.rebate ? (bonusOf(m) === undefined ? 'on' : `on (δ=${bonusOf(m)})`) : 'off') : '',
  theta: m.kind === 'posted-target' ? m.theta : '',
  lambda: '',
})
