/**
 * The simulation engine: plays a mechanism against one strategy per provider, round by round.
 *
 * `simulate` is a pure function of its arguments (same inputs and seed, same result). It streams:
 * memory is O(n) whatever `T`. Each round uses exactly three uniforms of the outcome stream, in
 * stream order (the monotone coupling of proofs-notes §1.3, and common random numbers across strategy
 * profiles), and books `X_t` and `Y_t` as exact grid units. The accounting identity is checked
 * exactly at the end.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { BANK_ADDS_PER_SETTLE, type SumBank, bankValue, newBank, settleBank } from '../exact/exact-sum.ts'
import type { InstanceModel } from '../model/instance-model.ts'
import { type OutcomeTable, outcomeIndex } from '../model/outcome-table.ts'
import type { Mechanism, MechanismOutcome, MechanismRun, Strategy, StrategyRun } from './interfaces.ts'
import { type BlockSampler, bufferedUint32Source, exactBlockSampler } from '../sampling/index.ts'
import { type LeapStats, playLeaping } from './leap.ts'
import { type Ledger, checkIdentity } from './ledger.ts'
import type { Phase } from './public-view.ts'
import { type UniformBlocks, streamOf, uniformBlocks } from './rng.ts'

/**
 * Rounds per block of the main loop: the outcome uniforms are drawn a block ahead, and the exact
 * sums are settled once per block, which they allow every `BANK_ADDS_PER_SETTLE` additions.
 */
const BLOCK_ROUNDS = BANK_ADDS_PER_SETTLE
/** Slots of the ledger's sums: ΣX, ΣY, then the profit of provider `i` at `PROFIT + i`. */
const TOTAL_X = 0
const TOTAL_Y = 1
const PROFIT = 2

/** Run settings. */
export interface RunSettings {
  /** Horizon `T ≥ 1`. */
  readonly T: number
  /** Seed (a 32-bit integer). */
  readonly seed: number
  /**
   * `rounds` (default): round by round, the reference path of every existing output. `leap`: by
   * blocks in which nothing can be decided (proofs-notes §13.3); same law, a different path per seed.
   */
  readonly engine?: EngineKind
  /** Leaping engine only: verify every block pathwise and fail the run on a violation (§13.6). */
  readonly debug?: boolean
  /** Leaping engine only: the block sampler (default exact; a wrong one is injected by the power checks of §13.6). */
  readonly sampler?: BlockSampler
  /**
   * Leaping engine only: the shortest block leapt (default `SHORT_BLOCK` = 16: shorter stretches are
   * played round by round, §13.3). 2 leaps every block of two or more rounds (the checks of §13.6 run both).
   */
  readonly shortBlock?: number
  /** An instrument told which table each provider played in how many rounds of which phase (the study's lever-use record); it changes nothing in the run. */
  readonly onServed?: ServedListener
}

/**
 * Told, for every step of a run, that `provider` played `table` in `rounds` rounds of `phase`: one
 * round at a time by the per-round engine, a whole block's share by the leaping engine (whose
 * blocks keep the phase and every action fixed, proofs-notes §13.3). Summed over a run, the counts
 * per provider, phase and table are the same whichever engine reports them.
 */
export type ServedListener = (provider: number, table: OutcomeTable, rounds: number, phase: Phase) => void

/** `runs` with every `act` reported to `listener` as one round (the per-round engine asks each server once per round). */
const reportingRounds = (runs: readonly StrategyRun[], listener: ServedListener): StrategyRun[] =>
  runs.map((run, i) => ({
    act: (view) => {
      const table = run.act(view)
      listener(i, table, 1, view.phase)
      return table
    },
  }))

/** The engines a run can be played with (proofs-notes §13.3). */
export type EngineKind = 'rounds' | 'leap'

/** The engines, as the CLI's `--engine` accepts them. */
export const ENGINE_KINDS: readonly EngineKind[] = ['rounds', 'leap']

/** A finished run. */
export interface RunResult {
  /** The mechanism's name. */
  readonly mechanism: string
  /** Strategy names per provider. */
  readonly strategies: readonly string[]
  /** Settings it ran with. */
  readonly settings: RunSettings
  /** The exact ledger (the identity has been checked). */
  readonly ledger: Ledger
  /** The mechanism's account: transfers, phases, details. */
  readonly outcome: MechanismOutcome
  /** Leaping engine only: its blocks and the rounds played inside blocks of two or more rounds. */
  readonly leap?: LeapStats
}

/**
 * Plays `mechanism` against `strategies` (one per provider) on `model`.
 *
 * @param model - the instance's model ({@link buildInstanceModel}).
 * @param mechanism - the mechanism object, e.g. `sbd(new Decimal('0.25'), true)`.
 * @param strategies - one strategy per provider, in instance order.
 * @param settings - the horizon `T` and the seed.
 * @returns the exact ledger, the mechanism's outcome and the settings; `Left` names a bad horizon, profile or mechanism start (e.g. `horizon: T = 50 is too short …`).
 *
 * @example Runnable from the repository root (the docs test runs it and compares its output).
 * ```ts
 * import { readFileSync } from 'node:fs'
 * import { Decimal, Either as E, buildInstanceModel, fromUnits, parseScenarioText, recommended, sbd, simulate, userUtility } from 'second-best-delegation'
 *
 * const model = E.chainW(buildInstanceModel)(parseScenarioText(readFileSync('examples/two-provider-abstract.json', 'utf8')))
 * if (E.isLeft(model)) throw new Error(String(model.left))
 * const run = simulate(model.right, sbd(new Decimal('0.25'), true), [recommended, recommended], { T: 10_000, seed: 1 })
 * if (E.isRight(run)) console.log(`U = ${fromUnits(run.right.ledger.grid, userUtility(run.right.ledger))} USD, phases ${JSON.stringify(run.right.outcome.phases)}`)
 * ```
 *
 * ```text output
 * U = 4080 USD, phases {"exploration":2000,"exploitation":7000,"blindTrustFallback":0,"blindTrustEndgame":1000,"open":0}
 * ```
 */
export const simulate = (
  model: InstanceModel,
  mechanism: Mechanism,
  strategies: readonly Strategy[],
  settings: RunSettings,
): E.Either<string, RunResult> => {
  const { T, seed } = settings
  if (!Number.isSafeInteger(T) || T < 1) return E.left(`horizon: expected a positive integer, got ${T}`)
  if (strategies.length !== model.n) return E.left(`strategies: expected one per provider (${model.n}), got ${strategies.length}`)
  const started = mechanism.start({ model, T, rng: streamOf(seed, { kind: 'mechanism' }) })
  if (E.isLeft(started)) return started
  const mech = started.right
  const runs = strategies.map((s, index) =>
    s.start({
      index,
      T,
      model,
      self: model.providers[index]!,
      table: (a) => model.compile(index, a),
      rng: streamOf(seed, { kind: 'provider', index }),
    }),
  )
  const served = new Array<number>(model.n).fill(0)
  // The ledger's exact sums: ΣX, ΣY and the profit ΣY of each provider.
  const sums = newBank(PROFIT + model.n)
  let leap: LeapStats | undefined
  if (settings.engine === 'leap') {
    const played = playLeaping(T, mech, runs, bufferedUint32Source(uniformBlocks(seed, { kind: 'outcomes' }).fill), served, sums, {
      sampler: settings.sampler ?? exactBlockSampler,
      debug: settings.debug === true,
      xLoUnits: Number(model.xLo.times(model.grid.scaleDecimal).toFixed(0)),
      xHiUnits: Number(model.xHi.times(model.grid.scaleDecimal).toFixed(0)),
      ...(settings.onServed === undefined ? {} : { onServed: settings.onServed }),
      ...(settings.shortBlock === undefined ? {} : { shortBlock: settings.shortBlock }),
    })
    if ('failure' in played) return E.left(played.failure)
    leap = played.stats
  } else {
    const played = settings.onServed === undefined ? runs : reportingRounds(runs, settings.onServed)
    playRounds(T, mech, played, uniformBlocks(seed, { kind: 'outcomes' }), served, sums)
  }
  const outcome = mech.finish()
  const ledger: Ledger = {
    grid: model.grid,
    T,
    roundsServed: served,
    serviceProfit: served.map((_, i) => bankValue(sums, PROFIT + i)),
    transfers: outcome.transfers,
    totalX: bankValue(sums, TOTAL_X),
    totalY: bankValue(sums, TOTAL_Y),
  }
  return E.map((l: Ledger) => ({
    mechanism: mechanism.name,
    strategies: strategies.map((s) => s.name),
    settings,
    ledger: l,
    outcome,
    ...(leap === undefined ? {} : { leap }),
  }))(checkIdentity(ledger))
}

/**
 * Rounds `1..T`: counts the rounds each provider serves into `served` and books `X_t` and `Y_t`
 * into `sums`. Kept apart from the setup and the ledger so that the optimizing compiler spends
 * its inlining budget on the calls made every round, not on the run's one-off code.
 *
 * The loop runs in blocks of rounds. Per block it draws the outcome uniforms ahead, from the same
 * stream in the same order (a round then reads three array slots instead of making three generator
 * calls; the stream is private to the run, so drawing past round `T` changes nothing observable),
 * and settles the exact sums (a round then adds to them without a flush test).
 */
const playRounds = (
  T: number,
  mech: MechanismRun,
  runs: readonly StrategyRun[],
  outcomes: UniformBlocks,
  served: number[],
  sums: SumBank,
): void => {
  const uniforms = new Uint32Array(3 * Math.min(T, BLOCK_ROUNDS))
  // The sums' pending parts, added to directly: code written here costs none of the optimizing
  // compiler's budget for inlining the mechanism's and strategies' per-round calls.
  const pending = sums.pending
  for (let from = 1; from <= T; from += BLOCK_ROUNDS) {
    outcomes.fill(uniforms)
    const to = Math.min(T, from + BLOCK_ROUNDS - 1)
    for (let t = from, u = 0; t <= to; t++, u += 3) {
      const i = mech.allocate(t)
      const table = runs[i]!.act(mech.view)
      const k = outcomeIndex(table, uniforms[u]!, uniforms[u + 1]!, uniforms[u + 2]!)
      const x = table.x[k]!
      const y = table.y[k]!
      served[i]!++
      pending[TOTAL_X]! += x
      pending[TOTAL_Y]! += y
      pending[PROFIT + i]! += y
      mech.observe(t, i, x)
    }
    settleBank(sums)
  }
}
