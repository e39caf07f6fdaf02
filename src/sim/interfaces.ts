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
  /**
   * For the leaping engine (proofs-notes §13.3), optional: called right after `allocate(t)`, the
   * block of rounds `t..t+rounds−1` that may be played at once. Within it the allocation is fixed
   * (the server allocated at `t` throughout, or round robin from it), the phase, server, target
   * and slack of the view stay as they are, and no round but the last can change the mechanism's
   * state except by adding to sums, whatever the outcomes. It need not look beyond `limit`
   * rounds (the engine plays no longer block). Absent: every block is one round.
   */
  readonly safeRounds?: (t: number, limit: number) => BlockPlan
  /**
   * Books the block `t..t+k−1` planned by `safeRounds(t)`: `sumX[p]` is the exact sum of the
   * net utilities of the rounds provider `p` served in it (`0n` if none), `lastX` the last
   * round's. Decisions due at the end of round `t+k−1` are taken here, on the exact state.
   */
  readonly observeBlock?: (t: number, k: number, sumX: readonly bigint[], lastX: number) => void
  /**
   * Debug mode of the leaping engine: checks, before the block `t..t+k−1` is booked, that no
   * round before its last could have changed the mechanism's state under any outcomes in the
   * public range (pathwise, by a code path independent of `safeRounds`). `undefined` when it
   * holds, else what fails.
   */
  readonly verifyBlock?: (t: number, k: number) => string | undefined
}

/** A block the leaping engine may play at once (proofs-notes §13.3). */
export interface BlockPlan {
  /** Its number of rounds (at least 1). */
  readonly rounds: number
  /** Whether the rounds go round robin from the server allocated at its first round (else all to it). */
  readonly roundRobin: boolean
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
  /**
   * For the leaping engine (proofs-notes §13.3), optional: a number `m ≥ 1` of rounds from
   * `view.t` through which `act` returns the same table whenever it is asked, provided the
   * phase, server, target, slack and endgame of the view stay as they are and the stint's
   * statistics move by any outcomes in the public range (`view.T − view.t + 1`: until one of
   * those changes). It must draw no randomness per round. Absent: 1.
   */
  readonly stableFor?: (view: PublicView) => number
}

/** A provider strategy. */
export interface Strategy {
  /** Name with parameters, e.g. `mimic(ū'=0.6)`. */
  readonly name: string
  /** Starts the strategy for one provider. */
  readonly start: (ctx: ProviderContext) => StrategyRun
}
