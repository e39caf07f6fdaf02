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
import { type Infeasible, type ScenarioPlan, mechanismsFor, sbdFeasibility, seedList } from './plan.ts'
import type { Cell } from './search.ts'
import type { MechanismSpec } from './specs.ts'

/** A scenario of the study as the experiments see it. */
export interface StudyScenario {
  /** Id used in tasks, rows and file names: `llm` or `abstract`. */
  readonly id: string
  readonly model: InstanceModel
  readonly plan: ScenarioPlan
  /** The seeds of every cell of this scenario (common random numbers across mechanisms and horizons). */
  readonly seeds: readonly number[]
  /** Fresh seeds for re-measuring the largest deviation gains (disjoint use from `seeds`). */
  readonly confirmSeeds: readonly number[]
}

/** Builds a {@link StudyScenario}; its seeds derive from the master seed and the scenario's salt. */
export const studyScenario = (id: string, model: InstanceModel, plan: ScenarioPlan, master: number, salt: number): StudyScenario => ({
  id,
  model,
  plan,
  seeds: seedList((master ^ Math.imul(salt, 0x9e3779b1)) | 0, plan.seedCount),
  confirmSeeds: seedList((master ^ Math.imul(salt + 100, 0x9e3779b1)) | 0, plan.confirmSeedCount),
})

/** The cells of a scenario (every mechanism at every horizon it can run at) and the SBD points left out. */
export const cellsOf = (s: StudyScenario): { readonly cells: readonly Cell[]; readonly infeasible: readonly Infeasible[] } => {
  const cells: Cell[] = []
  const infeasible: Infeasible[] = []
  for (const mechanism of mechanismsFor(s.model))
    for (const T of s.plan.horizons) {
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
        seeds: s.seeds,
        freshSeeds: s.confirmSeeds,
        families: s.model.providers.map((_, i) => familyFor(s.model, mechanism, i)),
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

/** ε and rebate of an SBD spec as report fields (`''` for other mechanisms). */
export const sbdFields = (m: MechanismSpec): { readonly epsilon: string; readonly rebate: string } =>
  m.kind === 'sbd' ? { epsilon: m.epsilon, rebate: m.rebate ? 'on' : 'off' } : { epsilon: '', rebate: '' }
