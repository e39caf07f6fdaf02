/**
 * The baselines leap, pathwise (proofs-notes §13.8; the checks of §13.6 (c)): PayTheBill,
 * RoundRobin, PostedTarget(θ), FirstBestOracle and ReputationUCB under the leaping engine in debug
 * mode, on random abstract and LLM instances, horizons and profiles of the §5 families. Every block
 * passes the mechanism's own check (`verifyBlock`: the route, the firing test at the worst
 * outcomes, the exact argmax at the worst outcomes) and the strategies' check, and the run keeps its
 * exact phase structure, with both block floors of §13.3 (shorter stretches round by round, the
 * default, and every block leapt). On noise-free instances under deterministic strategies every outcome is
 * fixed by the action, so the leaping run must equal the per-round run exactly: ledger, phases and
 * details. Deliberately wrong variants are caught: every plan one round too long (PostedTarget,
 * ReputationUCB), and a route that switches while its plan says it is constant.
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/exact/decimal.ts'
import { firstBestOracle } from '../../src/mechanism/first-best-oracle.ts'
import { payTheBill } from '../../src/mechanism/pay-the-bill.ts'
import { postedTarget } from '../../src/mechanism/posted-target.ts'
import { reputationUcb } from '../../src/mechanism/reputation-ucb.ts'
import { roundRobin } from '../../src/mechanism/round-robin.ts'
import { unmonitoredRun } from '../../src/mechanism/unmonitored.ts'
import { type InstanceModel, buildInstanceModel } from '../../src/model/instance-model.ts'
import type { Instance } from '../../src/model/types.ts'
import { simulate } from '../../src/sim/engine.ts'
import type { Mechanism, Strategy } from '../../src/sim/interfaces.ts'
import { SHORT_BLOCK } from '../../src/sim/leap.ts'
import { fullCheat, honest, recommended } from '../../src/strategy/basic.ts'
import { mimic } from '../../src/strategy/mimicry.ts'
import { marginWithholding, slackRiding } from '../../src/strategy/slack-riding.ts'
import { abstractInstance, llmInstance, seedArb } from '../arbitraries.ts'
import { rightOrFail } from '../assertions.ts'
import { runs } from '../settings.ts'
import { cheatAsServer, lengthenedPlan, strategyArb } from './leap-cases.ts'

/** The baselines, with θ at a random fraction of the public range above `x_lo`. */
type Baseline = 'pay-the-bill' | 'round-robin' | 'posted-target' | 'first-best-oracle' | 'reputation-ucb'
const BASELINES: readonly Baseline[] = ['pay-the-bill', 'round-robin', 'posted-target', 'first-best-oracle', 'reputation-ucb']

const baseline = (model: InstanceModel, b: Baseline, level: number): Mechanism => {
  switch (b) {
    case 'pay-the-bill':
      return payTheBill(level % model.n)
    case 'round-robin':
      return roundRobin
    case 'posted-target':
      return postedTarget(model.xLo.plus(model.R.times(level).div(100)))
    case 'first-best-oracle':
      return firstBestOracle()
    case 'reputation-ucb':
      return reputationUcb()
  }
}

/** A case: instance, horizon (ReputationUCB's debug check computes 50-digit logarithms: T ≤ 6000), seed, baseline, profile. */
const caseOf = (instances: fc.Arbitrary<Instance>, strategies: fc.Arbitrary<Strategy>) =>
  instances.chain((inst) =>
    fc.record({
      inst: fc.constant(inst),
      T: fc.integer({ min: inst.providers.length + 2, max: 6000 }),
      seed: seedArb,
      b: fc.constantFrom(...BASELINES),
      level: fc.integer({ min: 0, max: 100 }),
      profile: fc.array(strategies, { minLength: inst.providers.length, maxLength: inst.providers.length }),
    }),
  )

/** The exact structure every baseline's run keeps, whatever the engine. */
const expectStructure = (model: InstanceModel, b: Baseline, level: number, T: number, r: ReturnType<typeof simulate>): void => {
  const run = rightOrFail(r)
  const served = run.ledger.roundsServed
  const p = run.outcome.phases
  expect(served.reduce((a, c) => a + c, 0)).toBe(T)
  expect(Object.values(p).reduce((a, c) => a + c, 0)).toBe(T)
  expect(run.leap === undefined || run.leap.roundsLeapt <= T).toBe(true)
  if (b === 'pay-the-bill') expect(served[level % model.n]).toBe(T)
  if (b === 'round-robin') expect(served).toEqual(served.map((_, i) => Math.floor(T / model.n) + (i < T % model.n ? 1 : 0)))
  if (b === 'reputation-ucb') expect(served.every((c) => c >= 1)).toBe(true)
  if (b === 'posted-target' || b === 'first-best-oracle') {
    expect(p.exploitation + p.blindTrustFallback).toBe(T)
    const fired = run.outcome.details.fired as readonly { round: number }[]
    expect(fired.length).toBeLessThanOrEqual(model.n - 1)
    // Firings in round order; the blind stretch starts right after the (n−1)-th.
    expect(fired.every((f, k) => k === 0 || f.round > fired[k - 1]!.round)).toBe(true)
    if (fired.length === model.n - 1 && model.n > 1) expect(p.blindTrustFallback).toBe(T - fired[fired.length - 1]!.round)
  }
}

/** The deterministic strategies of §5 (no randomness of their own): on a noise-free instance their runs are determined. */
const deterministicStrategy: fc.Arbitrary<Strategy> = fc.oneof(
  fc.constantFrom(recommended, honest, fullCheat, cheatAsServer, slackRiding()),
  fc.integer({ min: 0, max: 20 }).map((k) => marginWithholding(k / 2)),
  fc.integer({ min: 0, max: 100 }).map((k) => mimic(new Decimal(k).div(100))),
)

/** Both block floors of the engine: the default (shorter stretches played round by round, §13.3) and 2 (every block leapt). */
const FLOORS = [SHORT_BLOCK, 2] as const

/** Debug mode passes under both floors and the run keeps its exact structure. */
const leapsCleanly = (inst: Instance, T: number, seed: number, b: Baseline, level: number, profile: readonly Strategy[]): void => {
  const model = rightOrFail(buildInstanceModel(inst))
  for (const shortBlock of FLOORS) {
    const r = simulate(model, baseline(model, b, level), profile, { T, seed, engine: 'leap', debug: true, shortBlock })
    expect(r, `${b} ${profile.map((s) => s.name).join(', ')} T=${T}, blocks from ${shortBlock}`).toSatisfy(E.isRight)
    expectStructure(model, b, level, T, r)
  }
}

const text = (x: unknown): string => JSON.stringify(x, (_, v) => (typeof v === 'bigint' ? v.toString() : v))

describe('the baselines leap, pathwise (proofs-notes §13.8, §13.6 (c))', () => {
  it('debug mode verifies every block on random abstract instances and profiles of the §5 families', () => {
    fc.assert(
      fc.property(
        caseOf(abstractInstance({ maxProviders: 4, minRangePercent: 20 }), strategyArb),
        ({ inst, T, seed, b, level, profile }) => {
          leapsCleanly(inst, T, seed, b, level, profile)
        },
      ),
      { numRuns: runs(30) },
    )
  })

  it('debug mode verifies every block on random LLM instances (x_lo < 0)', () => {
    fc.assert(
      fc.property(caseOf(llmInstance(3), strategyArb), ({ inst, T, seed, b, level, profile }) => {
        leapsCleanly(inst, T, seed, b, level, profile)
      }),
      { numRuns: runs(15) },
    )
  })

  it('noise-free: the leaping run equals the per-round run exactly', () => {
    fc.assert(
      fc.property(
        caseOf(abstractInstance({ maxProviders: 4, minRangePercent: 20, noise: 'none' }), deterministicStrategy),
        ({ inst, T, seed, b, level, profile }) => {
          const model = rightOrFail(buildInstanceModel(inst))
          const mech = baseline(model, b, level)
          const perRound = rightOrFail(simulate(model, mech, profile, { T, seed, engine: 'rounds' }))
          for (const shortBlock of FLOORS) {
            const leapt = rightOrFail(simulate(model, mech, profile, { T, seed, engine: 'leap', debug: true, shortBlock }))
            expect(text(leapt.ledger)).toBe(text(perRound.ledger))
            expect(leapt.outcome.phases).toEqual(perRound.outcome.phases)
            expect(text(leapt.outcome.details)).toBe(text(perRound.outcome.details))
          }
        },
      ),
      { numRuns: runs(30) },
    )
  })

  /** How many of 20 sampled Bernoulli cases the debug mode rejects with `message` for `wrong` (every block leapt). */
  const caughtOf = (wrong: (model: InstanceModel) => Mechanism, strategy: Strategy, message: string, seed: number): number => {
    const cases = fc.record({
      inst: abstractInstance({ maxProviders: 3, minRangePercent: 30, noise: 'bernoulli' }),
      T: fc.integer({ min: 500, max: 4000 }),
      seed: seedArb,
    })
    return fc.sample(cases, { numRuns: 20, seed }).filter(({ inst, T, seed: s }) => {
      const model = rightOrFail(buildInstanceModel(inst))
      const r = simulate(model, wrong(model), Array(model.n).fill(strategy), { T, seed: s, engine: 'leap', debug: true, shortBlock: 2 })
      return E.isLeft(r) && r.left.includes(message)
    }).length
  }

  it('catches PostedTarget with every plan one round too long (a firing inside the block)', () => {
    expect(
      caughtOf((model) => lengthenedPlan(postedTarget(model.xLo.plus(model.R.times('0.6')))), fullCheat, 'fires at the worst outcomes', 7),
    ).toBeGreaterThan(10)
  })

  it('catches ReputationUCB with every plan after round n one round too long (another argmax inside the block)', () => {
    expect(caughtOf((model) => lengthenedPlan(reputationUcb(), model.n), honest, 'at the worst outcomes, not to', 11)).toBeGreaterThan(10)
  })

  it('catches ReputationUCB with its plans of 8 rounds or more one round too long (the interval bound or the last round)', () => {
    const caught = caughtOf((model) => lengthenedPlan(reputationUcb(), model.n, 8), fullCheat, 'leap debug: ', 17)
    expect(caught).toBeGreaterThan(10)
  })

  it('catches a route that switches while its plan says it is constant', () => {
    const lying: Mechanism = {
      name: 'switching route declared constant',
      start: ({ model, T }) => E.right(unmonitoredRun(model, T, (t) => (t <= T / 2 ? 0 : 1), undefined, 'constant')),
    }
    expect(caughtOf(() => lying, honest, 'the block plan sends it to', 13)).toBe(20)
  })
})
