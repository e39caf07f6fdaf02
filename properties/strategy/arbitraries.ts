/**
 * Local arbitraries of the strategy suites: abstract instances with linear (slope-1, single
 * segment) frontiers on the range [0, 1], horizons and ε valid for SBD, and small helpers.
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { Decimal } from '../../src/exact/decimal.ts'
import { type SbdConstants, sbdConstants } from '../../src/mechanism/constants.ts'
import { type InstanceModel, buildInstanceModel } from '../../src/model/instance-model.ts'
import type { OutcomeTable } from '../../src/model/outcome-table.ts'
import type { AbstractInstance, AbstractProvider, NoiseModel } from '../../src/model/types.ts'
import type { Strategy } from '../../src/sim/interfaces.ts'
import type { Phase } from '../../src/sim/public-view.ts'

const cents = (k: number): Decimal => new Decimal(k).div(100)

/**
 * A slope-1 single-segment provider: ū on a 0.01 grid in [0.05, 1], range ū − μ^min in [0.01, ū],
 * honest profit in cents, sometimes plus a few 10^(−8) (which makes the money grid 10^(−8) USD,
 * finer than the action grid of 10^(−6): grid rounding then matters).
 */
export const linearProvider = (id: string): fc.Arbitrary<AbstractProvider> =>
  fc
    .record({
      mean: fc.integer({ min: 5, max: 100 }),
      profit: fc.integer({ min: 0, max: 20 }),
      fine: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 99 })),
      cut: fc.integer({ min: 1, max: 100 }),
    })
    .map(({ mean, profit, fine, cut }) => ({
      kind: 'abstract' as const,
      id,
      honestMean: cents(mean),
      honestProfit: cents(profit).plus(new Decimal(fine).div(1e8)),
      segments: [{ length: cents(Math.max(1, Math.floor((mean * cut) / 100))), slope: new Decimal(1) }],
    }))

/** Abstract instances on [0, 1] with 2–4 linear providers and the given noise (or either). */
export const linearInstance = (noise: NoiseModel | 'any' = 'any'): fc.Arbitrary<AbstractInstance> =>
  fc
    .integer({ min: 2, max: 4 })
    .chain((n) =>
      fc.record({
        providers: fc.tuple(...Array.from({ length: n }, (_, i) => linearProvider(`p${i}`))),
        noise: noise === 'any' ? fc.constantFrom<NoiseModel>('none', 'bernoulli') : fc.constant(noise),
      }),
    )
    .map(({ providers, noise: nm }) => ({
      kind: 'abstract' as const,
      name: 'linear',
      xLo: new Decimal(0),
      xHi: new Decimal(1),
      noise: nm,
      providers,
    }))

/** One simulation case for SBD: an instance, a horizon, ε, the rebate switch and a seed. */
export interface SbdCase {
  readonly inst: AbstractInstance
  readonly model: InstanceModel
  readonly constants: SbdConstants
  readonly T: number
  readonly epsilon: Decimal
  readonly rebate: boolean
  readonly seed: number
}

/** Options of {@link sbdCase}. */
export interface SbdCaseOptions {
  readonly noise?: NoiseModel | 'any'
  readonly minT?: number
  readonly maxT?: number
}

/** SBD cases with `T` in [minT, maxT] (default 200..5000) and ε ∈ {0.25, …, 0.45}, valid for SBD. */
export const sbdCase = (o: SbdCaseOptions = {}): fc.Arbitrary<SbdCase> =>
  fc
    .record({
      inst: linearInstance(o.noise ?? 'any'),
      T: fc.integer({ min: o.minT ?? 200, max: o.maxT ?? 5000 }),
      epsilon: fc.constantFrom('0.45', '0.4', '0.35', '0.3', '0.25').map((s) => new Decimal(s)),
      rebate: fc.boolean(),
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    })
    .map((r) => {
      const model = buildInstanceModel(r.inst)
      if (E.isLeft(model)) throw new Error(model.left)
      const constants = sbdConstants(r.T, model.right.n, r.epsilon, model.right.R)
      return E.isLeft(constants) ? undefined : { ...r, model: model.right, constants: constants.right }
    })
    .filter((c): c is SbdCase => c !== undefined)

/** The index of the provider with the largest `ū` (ties to the lower index): SBD's first-ranked under honest exploration. */
export const topProvider = (model: InstanceModel): number =>
  model.providers.reduce((best, p, i) => (p.honestMean.gt(model.providers[best]!.honestMean) ? i : best), 0)

/** One round a recorded strategy played: the phase, whether it was the monitored server, its target (units), the table. */
export interface PlayedRound {
  readonly phase: Phase
  readonly monitored: boolean
  readonly target: number
  readonly table: OutcomeTable
}

/** A strategy wrapper that records every table it plays (tests only: O(rounds) memory). */
export const recordingStrategy = (
  base: Strategy,
): { readonly strategy: Strategy; readonly played: OutcomeTable[]; readonly rounds: PlayedRound[] } => {
  const played: OutcomeTable[] = []
  const rounds: PlayedRound[] = []
  return {
    played,
    rounds,
    strategy: {
      name: base.name,
      start: (ctx) => {
        const run = base.start(ctx)
        return {
          act: (view) => {
            const table = run.act(view)
            played.push(table)
            rounds.push({
              phase: view.phase,
              monitored: view.phase === 'exploitation' && view.server === ctx.index,
              target: view.target,
              table,
            })
            return table
          },
        }
      },
    },
  }
}

/** A profile where provider `index` plays `s` and every other provider plays `others`. */
export const profileWith = (n: number, index: number, s: Strategy, others: Strategy): Strategy[] =>
  Array.from({ length: n }, (_, k) => (k === index ? s : others))
