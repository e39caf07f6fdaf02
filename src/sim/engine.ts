/**
 * The simulation engine: plays a mechanism against one strategy per provider, round by round.
 *
 * `simulate` is a pure function of its arguments (same inputs and seed, same result). It streams:
 * memory is O(n) whatever `T`. Each round draws exactly three uniforms from the outcome stream
 * (the monotone coupling of SPEC §1, and common random numbers across strategy profiles) and
 * books `X_t` and `Y_t` as exact grid units. The accounting identity is checked exactly at the end.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { addUnits, newSum, sumValue } from '../exact/exact-sum.ts'
import type { InstanceModel } from '../model/instance-model.ts'
import { outcomeIndex } from '../model/outcome-table.ts'
import type { Mechanism, MechanismOutcome, Strategy } from './interfaces.ts'
import { type Ledger, checkIdentity } from './ledger.ts'
import { nextUint32, streamOf } from './rng.ts'

/** Run settings. */
export interface RunSettings {
  /** Horizon `T ≥ 1`. */
  readonly T: number
  /** Seed (a 32-bit integer). */
  readonly seed: number
}

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
}

/** Plays `mechanism` against `strategies` (one per provider) on `model`. */
export const simulate = (
  model: InstanceModel,
  mechanism: Mechanism,
  strategies: readonly Strategy[],
  settings: RunSettings,
): E.Either<string, RunResult> => {
  const { T, seed } = settings
  if (!Number.isSafeInteger(T) || T < 1) return E.left(`horizon: expected a positive integer, got ${T}`)
  if (strategies.length !== model.n)
    return E.left(`strategies: expected one per provider (${model.n}), got ${strategies.length}`)
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
  const outcomes = streamOf(seed, { kind: 'outcomes' })
  const served = new Array<number>(model.n).fill(0)
  const profit = model.providers.map(() => newSum())
  const totalX = newSum()
  const totalY = newSum()
  for (let t = 1; t <= T; t++) {
    const i = mech.allocate(t)
    const table = runs[i]!.act(mech.view)
    const k = outcomeIndex(table, nextUint32(outcomes), nextUint32(outcomes), nextUint32(outcomes))
    const x = table.x[k]!
    const y = table.y[k]!
    served[i]!++
    addUnits(profit[i]!, y)
    addUnits(totalX, x)
    addUnits(totalY, y)
    mech.observe(t, i, x)
  }
  const outcome = mech.finish()
  const ledger: Ledger = {
    grid: model.grid,
    T,
    roundsServed: served,
    serviceProfit: profit.map(sumValue),
    transfers: outcome.transfers,
    totalX: sumValue(totalX),
    totalY: sumValue(totalY),
  }
  return E.map((l: Ledger) => ({
    mechanism: mechanism.name,
    strategies: strategies.map((s) => s.name),
    settings,
    ledger: l,
    outcome,
  }))(checkIdentity(ledger))
}
