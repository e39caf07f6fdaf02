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
import type { SeedCounts } from './seed-plan.ts'
import { type MechanismSpec, bonusOf } from './specs.ts'

/** The ε values of SBD(ε) in the default study. */
export const EPSILONS: readonly string[] = ['0.1', '0.25', '0.4']

/** Seeds per cell of the default study, for each use (search, filter, re-measure; proofs-notes §11.2). */
export const DEFAULT_SEEDS = 16

/** Settings of one scenario's part of the study. */
export interface ScenarioPlan {
  /** Horizons, ascending, distinct. */
  readonly horizons: readonly number[]
  /** ε values of SBD(ε) (decimal strings in (0, 1/2)). */
  readonly epsilons: readonly string[]
  /** Seeds per cell for each use (proofs-notes §11.2). */
  readonly seeds: SeedCounts
  /**
   * Horizons above `horizons` at which only the headline setting runs ({@link isHeadline}: SBD at
   * {@link HEADLINE_EPSILON} with the rebate on), ascending; absent: none. Margin withholding
   * re-decides every round at its threshold, so a best-response search costs Θ(T) per run even under
   * the leaping engine (proofs-notes §13.7): the top decade is affordable for one setting, not for all.
   */
  readonly headlineHorizons?: readonly number[]
}

/** The settings shared by every scenario of a study. */
export interface SearchPlan {
  readonly seed: number
  readonly quick: boolean
  /** Best-response passes (see `search.ts`). */
  readonly passes: 1 | 2
  /** Standard errors a gain must exceed for a provider to switch (see `search.ts`). */
  readonly significance: number
}

/** The plan of the default study. */
export interface ExperimentPlan extends SearchPlan {
  /** The default LLM scenario (experiments a, b, c, d). */
  readonly llm: ScenarioPlan
  /** The abstract instance (experiments a, b, c; its b figure goes to proofs-notes). */
  readonly abstract: ScenarioPlan
}

/** The same count `k` for every use. */
export const sameCounts = (k: number): SeedCounts => ({ search: k, filter: k, remeasure: k })

/**
 * The plan of the default study: the full study (`seeds` per cell and use, default
 * {@link DEFAULT_SEEDS}), or a quick one with small horizons and 2 seeds per use.
 */
export const planFor = (options: { readonly seed: number; readonly quick?: boolean; readonly seeds?: number }): ExperimentPlan =>
  options.quick === true
    ? {
        seed: options.seed,
        quick: true,
        passes: 2,
        significance: 2,
        llm: { horizons: [2_000, 5_000], epsilons: EPSILONS, seeds: sameCounts(options.seeds ?? 2) },
        abstract: { horizons: [1_000, 2_000], epsilons: EPSILONS, seeds: sameCounts(options.seeds ?? 2), headlineHorizons: [5_000] },
      }
    : {
        seed: options.seed,
        quick: false,
        passes: 2,
        significance: 2,
        llm: { horizons: LLM_HORIZONS, epsilons: EPSILONS, seeds: sameCounts(options.seeds ?? DEFAULT_SEEDS) },
        abstract: {
          horizons: ABSTRACT_HORIZONS,
          epsilons: EPSILONS,
          seeds: sameCounts(options.seeds ?? DEFAULT_SEEDS),
          headlineHorizons: ABSTRACT_HEADLINE_HORIZONS,
        },
      }

/**
 * Horizons of the default study on the LLM scenario: three decades, one horizon per decade from
 * 10^3 to 10^6 (SBD(0.25) is feasible from T = 1296 with its five providers, SBD(0.4) from 10^3,
 * SBD(0.1) not below 10^7; the infeasible points are listed, proofs-notes §11.1). Each horizon costs
 * a search over five providers' families in eight mechanisms, whatever T: more horizons per decade
 * would not fit the study's five minutes (§15.11).
 */
export const LLM_HORIZONS: readonly number[] = [1_000, 10_000, 100_000, 1_000_000]
/**
 * Horizons of the default study on the abstract instance (the instance where the η bound is
 * tested): 10^3 to 10^6 in steps of about √10 for every mechanism (SBD(0.1) feasible from
 * T = 59068), and {@link ABSTRACT_HEADLINE_HORIZONS} for the headline setting.
 */
export const ABSTRACT_HORIZONS: readonly number[] = [1_000, 3_000, 10_000, 30_000, 100_000, 300_000, 1_000_000]
/** Horizons above {@link ABSTRACT_HORIZONS} at which the headline setting alone runs (four decades in all). */
export const ABSTRACT_HEADLINE_HORIZONS: readonly number[] = [10_000_000]

/** ε of the headline setting, SBD(ε) with the rebate on: the one run at every horizon of the study. */
export const HEADLINE_EPSILON = '0.25'

/** Whether `m` is the headline setting: SBD({@link HEADLINE_EPSILON}) with the rebate on and no bonus. */
export const isHeadline = (m: MechanismSpec): boolean =>
  m.kind === 'sbd' && m.epsilon === HEADLINE_EPSILON && m.rebate && bonusOf(m) === undefined

/** The horizons `m` runs at under `plan`: every horizon of the plan, and the headline horizons for the headline setting. */
export const horizonsFor = (plan: ScenarioPlan, m: MechanismSpec): readonly number[] =>
  isHeadline(m) ? [...plan.horizons, ...(plan.headlineHorizons ?? [])] : plan.horizons

/**
 * The rebate bonus δ of the study's SBD variant (proofs-notes §14.1): the δ of §14.6, between the
 * worst-case-minimizing bonuses at ζ = R on the two-provider example for T = 10^3 and 10^5.
 */
export const STUDY_BONUS = '0.1'
/** The ε at which the study adds SBD with the bonus (one ε only: the variant adds one mechanism, not one per ε). */
export const STUDY_BONUS_EPSILON = '0.25'

/**
 * The mechanisms of a scenario: SBD(ε) for every ε of `epsilons` and rebate, SBD(0.25) with the
 * rebate bonus {@link STUDY_BONUS} when 0.25 is among them, then the baselines (PostedTarget at θ = ū(2)).
 */
export const mechanismsFor = (model: InstanceModel, epsilons: readonly string[] = EPSILONS): readonly MechanismSpec[] => {
  const secondBest = [...model.providers].map((p) => p.honestMean).sort((a, b) => b.comparedTo(a))[1]!
  return [
    ...epsilons.flatMap((epsilon) => [
      ...[true, false].map((rebate): MechanismSpec => ({ kind: 'sbd', epsilon, rebate })),
      ...(epsilon === STUDY_BONUS_EPSILON ? [{ kind: 'sbd', epsilon, rebate: true, bonus: STUDY_BONUS } as const] : []),
    ]),
    { kind: 'pay-the-bill', provider: 0 },
    { kind: 'reputation-ucb' },
    { kind: 'posted-target', theta: secondBest.toString() },
  ]
}

/** An SBD(ε) horizon that cannot be run: `T < (n+1)·⌈T^(1−ε)⌉ + 1`. */
export interface Infeasible {
  readonly scenario: string
  /** Always `sbd`. */
  readonly mechanism: string
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
  return E.left({
    scenario,
    mechanism: 'sbd',
    epsilon,
    T,
    L,
    needed: (model.n + 1) * L + 1,
    smallestFeasible: smallestFeasibleHorizon(model.n, eps),
  })
}
