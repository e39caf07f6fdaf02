/**
 * Shared helpers of the mechanism suites: building models, test-local strategies, a recording
 * wrapper around a mechanism, and the invariants every mechanism run must satisfy.
 */
import * as E from 'fp-ts/lib/Either.js'
import { expect } from 'vitest'
import { Decimal } from '../../src/exact/decimal.ts'
import { toUnits } from '../../src/exact/grid.ts'
import { type InstanceModel, buildInstanceModel } from '../../src/model/instance-model.ts'
import type { OutcomeTable } from '../../src/model/outcome-table.ts'
import type { AbstractInstance } from '../../src/model/types.ts'
import { type RunResult, simulate } from '../../src/sim/engine.ts'
import type { Mechanism, MechanismRun, Strategy } from '../../src/sim/interfaces.ts'
import { PHASES } from '../../src/sim/public-view.ts'
import { slackLogOf } from '../../src/mechanism/constants.ts'
import { nextUint32 } from '../../src/sim/rng.ts'
import { fullCheat, honest, recommended } from '../../src/strategy/basic.ts'
import type { STRATEGY_KINDS } from './arbitraries.ts'

/** The model of a generated instance (generated instances are always valid). */
export const modelOf = (inst: AbstractInstance): InstanceModel => {
  const m = buildInstanceModel(inst)
  if (E.isLeft(m)) throw new Error(m.left)
  return m.right
}

/** An exact amount in grid units (throws if off the grid: never for the amounts used here). */
export const units = (model: InstanceModel, d: Decimal): bigint => {
  const u = toUnits(model.grid, d)
  if (E.isLeft(u)) throw new Error(u.left)
  return u.right
}

/** Plays the frontier action that delivers mean `m` (clamped to `[μ^min, ū]`) in every round. */
export const constantMean = (m: Decimal): Strategy => ({
  name: `constant(${m.toString()})`,
  start: (ctx) => {
    const table = ctx.table(ctx.self.deliver(m))
    return { act: () => table }
  },
})

/** Each round, a uniformly random choice among `h`, `g` and the midpoint action (own rng). */
export const randomActions: Strategy = {
  name: 'random',
  start: (ctx) => {
    const mid = ctx.self.honestMean.plus(ctx.self.cheatMean).div(2)
    const tables: readonly OutcomeTable[] = [ctx.table(ctx.self.honest), ctx.table(ctx.self.fullCheat), ctx.table(ctx.self.deliver(mid))]
    return { act: () => tables[nextUint32(ctx.rng) % 3]! }
  },
}

/** The strategy of a generated choice. */
export const strategyFor = (c: { readonly kind: (typeof STRATEGY_KINDS)[number]; readonly level: number }): Strategy => {
  switch (c.kind) {
    case 'honest':
      return honest
    case 'full-cheat':
      return fullCheat
    case 'recommended':
      return recommended
    case 'constant':
      return constantMean(new Decimal(c.level).div(100))
    case 'random':
      return randomActions
  }
}

/** A mechanism that records every allocation and rejects invalid ones loudly. */
export const recording = (m: Mechanism): { readonly mechanism: Mechanism; readonly allocations: number[] } => {
  const allocations: number[] = []
  return {
    allocations,
    mechanism: {
      name: m.name,
      start: (ctx) =>
        E.map(
          (run: MechanismRun): MechanismRun => ({
            view: run.view,
            allocate: (t: number) => {
              const i = run.allocate(t)
              allocations.push(i)
              if (!Number.isInteger(i) || i < 0 || i >= ctx.model.n)
                throw new Error(`round ${t}: allocated to ${i}, not a provider index in [0, ${ctx.model.n})`)
              return i
            },
            observe: run.observe,
            finish: run.finish,
          }),
        )(m.start(ctx)),
    },
  }
}

/** A run with its allocations. */
export interface Recorded {
  readonly result: RunResult
  readonly allocations: readonly number[]
}

/** Simulates `mechanism` (recorded) and fails the test if the engine returns `Left` (e.g. the identity fails). */
export const run = (model: InstanceModel, mechanism: Mechanism, strategies: readonly Strategy[], T: number, seed: number): Recorded => {
  const rec = recording(mechanism)
  const r = simulate(model, rec.mechanism, strategies, { T, seed })
  if (E.isLeft(r)) throw new Error(`simulate: ${r.left}`)
  return { result: r.right, allocations: rec.allocations }
}

/**
 * The invariants of every run: each of the `T` rounds allocated once to a valid provider, rounds
 * served consistent with the allocations, phase counts summing to `T`, one transfer `≥ 0` per
 * provider, and JSON-ready details. (The identity is checked by the engine: {@link run} fails on `Left`.)
 */
export const checkInvariants = (model: InstanceModel, rec: Recorded, T: number): void => {
  const { result, allocations } = rec
  expect(allocations.length).toBe(T)
  const served = new Array<number>(model.n).fill(0)
  const invalid = allocations.findIndex((i) => !(Number.isInteger(i) && i >= 0 && i < model.n))
  expect(invalid).toBe(-1)
  for (const i of allocations) served[i]!++
  expect(result.ledger.roundsServed).toEqual(served)
  const phases = result.outcome.phases
  expect(PHASES.reduce((s, p) => s + phases[p], 0)).toBe(T)
  expect(result.outcome.transfers.length).toBe(model.n)
  for (const z of result.outcome.transfers) expect(z >= 0n).toBe(true)
  const details = result.outcome.details
  expect(JSON.parse(JSON.stringify(details))).toEqual(details)
}

/** A firing as recorded in `details.fired`. */
export interface Firing {
  readonly provider: string
  readonly round: number
  readonly monitoredRounds: number
}

/** The firings recorded in a sequential SLA's details. */
export const firedOf = (details: Readonly<Record<string, unknown>>): Firing[] => details.fired as Firing[]

/** `ln(2T²)` (the project's 50-digit value) as a fraction. */
export const slackLogFraction = (T: number): { readonly num: bigint; readonly den: bigint } => {
  const l = slackLogOf(T)
  const den = 10n ** BigInt(l.decimalPlaces())
  return { num: BigInt(l.times(den.toString()).toFixed(0)), den }
}

/**
 * The firings of a sequential SLA (servers `order`, targets `targets[k]` in units for position k)
 * when provider i delivers `x[i]` units every round without noise. The server at position k with
 * deficit δ = τ_k − x > 0 is fired after its j*-th round, the first j with j·δ > c(j) = R·√(j·ℓ/2),
 * i.e. j > R²·ℓ/(2δ²): j* = ⌊R²·ℓ/(2δ²)⌋ + 1 (ℓ = ln(2T²) as the project's decimal, exactly).
 */
export const expectedSlaFirings = (
  model: InstanceModel,
  order: readonly number[],
  targets: readonly bigint[],
  x: readonly bigint[],
  T: number,
): Firing[] => {
  const { num, den } = slackLogFraction(T)
  const R = units(model, model.R)
  const out: Firing[] = []
  let start = 1
  for (let k = 0; k < order.length - 1; k++) {
    const i = order[k]!
    const delta = targets[k]! - x[i]!
    if (delta <= 0n) break
    const jStar = (R * R * num) / (2n * delta * delta * den) + 1n
    const round = start + Number(jStar) - 1
    if (round > T) break
    out.push({ provider: model.providers[i]!.id, round, monitoredRounds: Number(jStar) })
    start = round + 1
  }
  return out
}
