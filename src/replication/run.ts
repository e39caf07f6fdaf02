/**
 * Replications (proofs-notes §9.2, §11): the same run played on consecutive seeds `s, s+1, …,
 * s+N−1`, spread over worker threads by the pool of `src/parallel/` and summarized by the
 * estimates of `src/stats/` (mean, SE, Student-t 95 % interval) of the user's utility `U`, of
 * every provider's utility `Π_i`, of the number of firings and of the phase lengths. A run is
 * plain data ({@link RunSpec}) and its result too ({@link RunOutcome}), so results come back in
 * seed order and every output is independent of the number of workers and of scheduling.
 *
 * This module: the run as data and how to play it.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { Decimal } from '../exact/decimal.ts'
import {
  BUILTIN_PARAMETERS,
  BUILTIN_REGISTRY,
  type MechanismParameter,
  type Registry,
  mechanismIn,
  parametersOf,
  strategyIn,
} from '../plugin/registry.ts'
import type { InstanceModel } from '../model/instance-model.ts'
import { type EngineKind, type RunResult, simulate } from '../sim/engine.ts'
import { providerUtility, userUtility } from '../sim/ledger.ts'
import type { Phase } from '../sim/public-view.ts'
import type { Mechanism, Strategy } from '../sim/interfaces.ts'
import { streamOf } from '../sim/rng.ts'

/**
 * A mechanism with its parameters, each in its own field (`null` where the mechanism has no such
 * parameter): decimals as strings, the rebate as `on`/`off`.
 */
export interface MechanismSetting {
  /** A mechanism name: built in, or of a plug-in of the registry the run is played with. */
  readonly mechanism: string
  /** ε of SBD and TargetMix. */
  readonly epsilon: string | null
  /** Exploration rebate of SBD and TargetMix. */
  readonly rebate: 'on' | 'off' | null
  /** Target θ of PostedTarget, USD. */
  readonly theta: string | null
  /** Weight λ of TargetMix. */
  readonly lambda: string | null
  /** Rebate bonus δ of SBD and TargetMix (§14.1); absent or `null`: δ = 0. Optional where read. */
  readonly bonus?: string | null
}

/** The parameters each built-in mechanism reads (plug-in mechanisms declare theirs: {@link parametersOf}). */
export const PARAMETERS_OF: typeof BUILTIN_PARAMETERS = BUILTIN_PARAMETERS

const readBy = (registry: Registry, mechanism: string): readonly MechanismParameter[] => parametersOf(registry, mechanism) ?? []

/**
 * `setting` with every parameter the mechanism does not read set to `null` (canonical form).
 *
 * @param s - a setting.
 * @param registry - where a plug-in mechanism's parameters are found (default: built-in names only).
 * @returns the canonical setting.
 */
export const normalizeSetting = (s: MechanismSetting, registry: Registry = BUILTIN_REGISTRY): MechanismSetting => {
  const uses = readBy(registry, s.mechanism)
  return {
    mechanism: s.mechanism,
    epsilon: uses.includes('epsilon') ? s.epsilon : null,
    rebate: uses.includes('rebate') ? s.rebate : null,
    theta: uses.includes('theta') ? s.theta : null,
    lambda: uses.includes('lambda') ? s.lambda : null,
    // Kept only when given: a setting without a bonus stays byte for byte what it was before §14.
    ...(uses.includes('bonus') && s.bonus !== undefined && s.bonus !== null ? { bonus: s.bonus } : {}),
  }
}

/**
 * The parameters `setting`'s mechanism reads but lacks (e.g. `theta` for posted-target).
 *
 * @param s - a setting.
 * @param registry - where a plug-in mechanism's parameters are found (default: built-in names only).
 * @returns the missing parameter names.
 */
export const missingParameters = (s: MechanismSetting, registry: Registry = BUILTIN_REGISTRY): readonly string[] =>
  readBy(registry, s.mechanism).filter((k) => k !== 'bonus' && s[k] === null)

/** One run as plain data. */
export interface RunSpec {
  /** Id of the scenario (a key of the models the executor was given). */
  readonly scenario: string
  readonly setting: MechanismSetting
  /** Strategy names (`strategyIn` of the registry: built in or plug-in): one for every provider, or one per provider. */
  readonly strategies: readonly string[]
  /** Horizon `T`. */
  readonly T: number
  readonly seed: number
  /** The engine (proofs-notes §13.3); absent: `rounds`. */
  readonly engine?: EngineKind
}

/** What a replication keeps of a run (utilities in grid units of the scenario's model). */
export interface RunOutcome {
  /** User utility `U`, grid units. */
  readonly user: bigint
  /** Provider utilities `Π_i`, grid units. */
  readonly profits: readonly bigint[]
  /** Number of firings. */
  readonly firings: number
  /** Rounds per phase. */
  readonly phases: Readonly<Record<Phase, number>>
  /** Rounds played inside leaping blocks of two or more rounds (0 under the per-round engine). */
  readonly roundsLeapt?: number
}

/** The mechanism and the strategy profile of `spec`; `Left` names the bad option. */
const prepare = (
  model: InstanceModel,
  spec: RunSpec,
  registry: Registry,
): E.Either<string, { readonly mechanism: Mechanism; readonly profile: readonly Strategy[] }> => {
  const s = spec.setting
  const mech = mechanismIn(registry, s.mechanism, {
    ...(s.epsilon === null ? {} : { epsilon: new Decimal(s.epsilon) }),
    ...(s.rebate === null ? {} : { rebate: s.rebate === 'on' }),
    ...(s.theta === null ? {} : { theta: new Decimal(s.theta) }),
    ...(s.lambda === null ? {} : { lambda: new Decimal(s.lambda) }),
    ...(s.bonus === undefined || s.bonus === null ? {} : { bonus: new Decimal(s.bonus) }),
  })
  if (E.isLeft(mech)) return E.left(`--${mech.left}`)
  const names = spec.strategies
  if (names.length !== 1 && names.length !== model.n)
    return E.left(`--strategy: give one name for every provider or one per provider (${model.n}), got ${names.length}`)
  const profile: Strategy[] = []
  for (let i = 0; i < model.n; i++) {
    const st = strategyIn(registry, names.length === 1 ? names[0]! : names[i]!)
    if (E.isLeft(st)) return E.left(`--strategy: ${st.left}`)
    profile.push(st.right)
  }
  return E.right({ mechanism: mech.right, profile })
}

/**
 * Plays `spec` on `model`. `Left` names the bad option (`--theta: …`, `--horizon: …`,
 * `--strategy: …`) exactly as `sbd simulate` reports it.
 *
 * @param model - the scenario's model.
 * @param spec - the run.
 * @param registry - where plug-in names of the spec are resolved (default: built-in names only).
 * @returns the run's result, or a message naming the bad option.
 */
export const playRun = (model: InstanceModel, spec: RunSpec, registry: Registry = BUILTIN_REGISTRY): E.Either<string, RunResult> =>
  E.chain((p: { readonly mechanism: Mechanism; readonly profile: readonly Strategy[] }) =>
    E.mapLeft((m: string) => `--${m}`)(
      simulate(model, p.mechanism, p.profile, {
        T: spec.T,
        seed: spec.seed,
        ...(spec.engine === undefined ? {} : { engine: spec.engine }),
      }),
    ),
  )(prepare(model, spec, registry))

/**
 * Checks, without playing, everything {@link playRun} would reject before round 1 (parameters,
 * strategies, and the mechanism's start, e.g. a horizon too short for SBD): the seed does not
 * matter to these checks, so one preflight covers every seed of a replication.
 *
 * @param model - the scenario's model.
 * @param spec - the run (its seed is not used).
 * @param registry - where plug-in names of the spec are resolved (default: built-in names only).
 * @returns nothing, or the message {@link playRun} would give.
 */
export const preflight = (model: InstanceModel, spec: RunSpec, registry: Registry = BUILTIN_REGISTRY): E.Either<string, void> => {
  const p = prepare(model, spec, registry)
  if (E.isLeft(p)) return p
  if (!Number.isSafeInteger(spec.T) || spec.T < 1) return E.left(`--horizon: expected a positive integer, got ${spec.T}`)
  const started = p.right.mechanism.start({ model, T: spec.T, rng: streamOf(spec.seed, { kind: 'mechanism' }) })
  return E.isLeft(started) ? E.left(`--${started.left}`) : E.right(undefined)
}

/**
 * What a replication keeps of a finished run.
 *
 * @param model - the scenario's model.
 * @param r - a finished run.
 * @returns what a replication keeps of it (utilities in grid units, firings, phase lengths).
 */
export const outcomeOf = (model: InstanceModel, r: RunResult): RunOutcome => ({
  user: userUtility(r.ledger),
  profits: model.providers.map((_, i) => providerUtility(r.ledger, i)),
  firings: Array.isArray(r.outcome.details.fired) ? r.outcome.details.fired.length : 0,
  phases: { ...r.outcome.phases },
  ...(r.leap === undefined ? {} : { roundsLeapt: r.leap.roundsLeapt }),
})

/**
 * Whether the leaping engine applies to `spec`'s mechanism: whether its run declares safe
 * rounds (proofs-notes §13.3); without them the leaping engine would step round by round.
 *
 * @param model - the scenario's model.
 * @param spec - the run (its seed is not used).
 * @param registry - where plug-in names of the spec are resolved (default: built-in names only).
 * @returns true iff the mechanism's run declares `safeRounds` and `observeBlock`.
 */
export const leapApplies = (model: InstanceModel, spec: RunSpec, registry: Registry = BUILTIN_REGISTRY): boolean => {
  const p = prepare(model, spec, registry)
  if (E.isLeft(p)) return false
  const started = p.right.mechanism.start({ model, T: spec.T, rng: streamOf(spec.seed, { kind: 'mechanism' }) })
  return E.isRight(started) && started.right.safeRounds !== undefined && started.right.observeBlock !== undefined
}
