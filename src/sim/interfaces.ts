/**
 * The two plug-in points of the simulator: mechanisms and provider strategies (proofs-notes §1.4).
 *
 * Both are factories: `start` returns a run object that the engine drives round by round. Run
 * objects keep their state privately and mutably (the hot loop allocates nothing per round), but
 * the engine that drives them is a pure function of its inputs and seed.
 *
 * @module
 */
import type * as E from 'fp-ts/lib/Either.js'
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator'
import type { InstanceModel } from '../model/instance-model.ts'
import type { OutcomeTable } from '../model/outcome-table.ts'
import type { ProviderModel } from '../model/provider-model.ts'
import type { Action } from '../model/types.ts'
import type { Phase, PublicView } from './public-view.ts'

/** What a mechanism is started with. */
export interface MechanismContext {
  /** The instance (only oracles may read private type statistics; real mechanisms use the range). */
  readonly model: InstanceModel
  /** Horizon `T`. */
  readonly T: number
  /** The mechanism's own seeded randomness (independent of the outcome stream). */
  readonly rng: RandomGenerator
}

/** A mechanism's account of a finished run. */
export interface MechanismOutcome {
  /** End-of-game transfers `Z_i ≥ 0` in grid units. */
  readonly transfers: readonly bigint[]
  /** Rounds spent in each phase. */
  readonly phases: Readonly<Record<Phase, number>>
  /** Constants and events (JSON-ready: decimal strings, integers, arrays), e.g. `L`, `r`, targets, firings. */
  readonly details: Readonly<Record<string, unknown>>
}

/** A running mechanism. */
export interface MechanismRun {
  /** The public view providers read (live). */
  readonly view: PublicView
  /** The provider that serves round `t` (0-based index); updates `view` for round `t`. */
  readonly allocate: (t: number) => number
  /** Round `t` was served by `i` with net utility `x` grid units. */
  readonly observe: (t: number, i: number, x: number) => void
  /** Closes the run: transfers, phase lengths and details. */
  readonly finish: () => MechanismOutcome
}

/** A mechanism: a name and a way to start a run (`Left` with a message for invalid parameters). */
export interface Mechanism {
  /** Human-readable name with parameters, e.g. `SBD(ε=0.25, rebate=off)`. */
  readonly name: string
  /** Starts a run on an instance and horizon. */
  readonly start: (ctx: MechanismContext) => E.Either<string, MechanismRun>
}

/** What a provider strategy is started with. */
export interface ProviderContext {
  /** The provider's index. */
  readonly index: number
  /** Horizon `T`. */
  readonly T: number
  /** The whole instance model (a provider knows its own type; others' types are public in experiments). */
  readonly model: InstanceModel
  /** Its own type statistics and frontier. */
  readonly self: ProviderModel
  /** Compiles one of its actions (memoized). */
  readonly table: (a: Action) => OutcomeTable
  /** Its own seeded randomness. */
  readonly rng: RandomGenerator
}

/** A running strategy: picks the action for each round it serves. */
export interface StrategyRun {
  /** The action for the current round (read the round from `view.t`). */
  readonly act: (view: PublicView) => OutcomeTable
}

/** A provider strategy. */
export interface Strategy {
  /** Name with parameters, e.g. `mimic(ū'=0.6)`. */
  readonly name: string
  /** Starts the strategy for one provider. */
  readonly start: (ctx: ProviderContext) => StrategyRun
}
