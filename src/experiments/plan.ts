/**
 * The study's plan: seeds, horizons, mechanisms and search settings for the full run and for
 * the quick run (tests, smoke checks), and the feasibility of each SBD(ε) horizon.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { ceilPow } from '../exact/ceil-pow.ts'
import { Decimal, ONE } from '../exact/decimal.ts'
import { sbdConstants } from '../mechanism/constants.ts'
import type { InstanceModel } from '../model/instance-model.ts'
import type { MechanismSpec } from './specs.ts'

/** The ε values of SBD(ε) in the study. */
export const EPSILONS: readonly string[] = ['0.1', '0.25', '0.4']

/** Settings of one scenario's part of the study. */
export interface ScenarioPlan {
  /** Horizons, ascending (each of the form `{1, 2, 5}·10^k`, so per-query means are exact). */
  readonly horizons: readonly number[]
  /** Seeds per cell (2 or 4: means stay exact decimals). */
  readonly seedCount: number
  /** Fresh seeds on which each SBD cell's largest deviation gain is measured again (experiment b). */
  readonly confirmSeedCount: number
}

/** The whole plan. */
export interface ExperimentPlan {
  readonly seed: number
  readonly quick: boolean
  /** Best-response passes (see `search.ts`). */
  readonly passes: 1 | 2
  /** Standard errors a gain must exceed for a provider to switch (see `search.ts`). */
  readonly significance: number
  /** The default LLM scenario (experiments a, b, c, d). */
  readonly llm: ScenarioPlan
  /** The abstract instance (experiments a, b, c; its b figure goes to proofs-notes). */
  readonly abstract: ScenarioPlan
}

/** The plan of a run: the full study, or a quick one with small horizons. */
export const planFor = (options: { readonly seed: number; readonly quick?: boolean }): ExperimentPlan =>
  options.quick === true
    ? {
        seed: options.seed,
        quick: true,
        passes: 2,
        significance: 2,
        llm: { horizons: [2_000, 5_000], seedCount: 2, confirmSeedCount: 2 },
        abstract: { horizons: [1_000, 2_000], seedCount: 2, confirmSeedCount: 2 },
      }
    : {
        seed: options.seed,
        quick: false,
        passes: 2,
        significance: 2,
        llm: { horizons: [10_000, 20_000, 50_000, 100_000, 200_000, 1_000_000], seedCount: 2, confirmSeedCount: 4 },
        abstract: { horizons: [1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 1_000_000], seedCount: 4, confirmSeedCount: 8 },
      }

/**
 * `count` seeds derived from `master` (a 32-bit mix of the master seed and the index, so the
 * list is fixed by the master seed alone).
 */
export const seedList = (master: number, count: number): number[] =>
  Array.from({ length: count }, (_, k) => {
    let h = (master + Math.imul(k + 1, 0x6d2b79f5)) | 0
    h = Math.imul(h ^ (h >>> 15), h | 1)
    h ^= h + Math.imul(h ^ (h >>> 7), h | 61)
    return (h ^ (h >>> 14)) | 0
  })

/** The mechanisms of a scenario: SBD(ε) for every ε and rebate, then the baselines. */
export const mechanismsFor = (model: InstanceModel): readonly MechanismSpec[] => {
  const secondBest = [...model.providers].map((p) => p.honestMean).sort((a, b) => b.comparedTo(a))[1]!
  return [
    ...EPSILONS.flatMap((epsilon) => [true, false].map((rebate): MechanismSpec => ({ kind: 'sbd', epsilon, rebate }))),
    { kind: 'pay-the-bill', provider: 0 },
    { kind: 'reputation-ucb' },
    { kind: 'posted-target', theta: secondBest.toString() },
  ]
}

/** An SBD(ε) horizon that cannot be run: `T < (n+1)·⌈T^(1−ε)⌉ + 1`. */
export interface Infeasible {
  readonly scenario: string
  readonly epsilon: string
  readonly T: number
  /** `L = ⌈T^(1−ε)⌉`. */
  readonly L: number
  /** `(n+1)·L + 1`, what `T` would have to reach. */
  readonly needed: number
  /** The smallest feasible horizon for this `n` and ε. */
  readonly smallestFeasible: number
}

const feasible = (T: number, n: number, epsilon: Decimal): boolean => T >= (n + 1) * ceilPow(T, ONE.minus(epsilon)) + 1

/** The smallest horizon `T` with `T ≥ (n+1)·⌈T^(1−ε)⌉ + 1` (and every larger one checked up to 2·T). */
export const smallestFeasibleHorizon = (n: number, epsilon: Decimal): number => {
  let hi = 2
  while (!feasible(hi, n, epsilon)) hi *= 2
  let lo = Math.floor(hi / 2)
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2)
    if (feasible(mid, n, epsilon)) hi = mid
    else lo = mid
  }
  return hi
}

/** Whether SBD(ε) can run at `T` on `model`; `Left` describes why not. */
export const sbdFeasibility = (scenario: string, model: InstanceModel, epsilon: string, T: number): E.Either<Infeasible, true> => {
  const eps = new Decimal(epsilon)
  if (E.isRight(sbdConstants(T, model.n, eps, model.R))) return E.right(true)
  const L = ceilPow(T, ONE.minus(eps))
  return E.left({ scenario, epsilon, T, L, needed: (model.n + 1) * L + 1, smallestFeasible: smallestFeasibleHorizon(model.n, eps) })
}
