/**
 * The baselines leap, against the per-round engine (proofs-notes §13.8; the checks of §13.6 (b)).
 *
 * At T = 10⁵ (10⁶ under `THOROUGH=1`) on the two- and three-provider examples, PayTheBill,
 * RoundRobin, PostedTarget(θ), FirstBestOracle and ReputationUCB under τ* and the §5 families that
 * matter for each (full cheat, slack riding, margin withholding, mimicry) are played by both engines
 * on disjoint seeds (24 per engine; 64 under `THOROUGH=1`), and compared by the two-sample tests of `two-sample.ts` (Welch's |z| ≤ 5, the
 * Kolmogorov–Smirnov distance at level 10⁻⁵) on U, Π_i, the rounds each provider served, the
 * firings, the first firing's monitored round, the monitored rounds and the server switches.
 *
 * The leaping runs are played with both block floors of §13.3 (shorter stretches round by round, the
 * default, and every block leapt). Power, on the deliberately wrong variants (every plan one round
 * too long, `lengthenedPlan`; every block leapt):
 * ReputationUCB on two identical providers, where the argmax changes every few rounds and a block of
 * two rounds where one was safe halves the switches; PostedTarget(0.6) against a full cheat whose
 * outcomes are nearly all `x_lo`, where the first firing falls on the first round that can fire
 * and the slipped engine books it one round late (64 seeds per engine); and a route that switches while its plan says it
 * is constant, separated on the rounds served.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { parseScenarioText } from '../../src/codec/report-errors.ts'
import { Decimal } from '../../src/exact/decimal.ts'
import { firstBestOracle } from '../../src/mechanism/first-best-oracle.ts'
import { payTheBill } from '../../src/mechanism/pay-the-bill.ts'
import { postedTarget } from '../../src/mechanism/posted-target.ts'
import { reputationUcb } from '../../src/mechanism/reputation-ucb.ts'
import { roundRobin } from '../../src/mechanism/round-robin.ts'
import { unmonitoredRun } from '../../src/mechanism/unmonitored.ts'
import { type InstanceModel, buildInstanceModel } from '../../src/model/instance-model.ts'
import type { RunResult, RunSettings } from '../../src/sim/engine.ts'
import type { Mechanism } from '../../src/sim/interfaces.ts'
import { SHORT_BLOCK } from '../../src/sim/leap.ts'
import { providerUtility, userUtility } from '../../src/sim/ledger.ts'
import { rightOrFail } from '../assertions.ts'
import { seedsOf } from '../sbd-cases.ts'
import { THOROUGH } from '../settings.ts'
import { lengthenedPlan, switchCounting } from './leap-cases.ts'
import { differencesBy, modelOf, runsAt } from './two-sample.ts'

const T = THOROUGH ? 1_000_000 : 100_000
const SEEDS = THOROUGH ? 64 : 24

/** The statistics compared, per run (the mechanism wrapped by `switchCounting`). */
const statistics = (r: RunResult): Record<string, number> => {
  const fired = (r.outcome.details as { fired?: { monitoredRounds: number }[] }).fired ?? []
  return {
    U: Number(userUtility(r.ledger)),
    ...Object.fromEntries(r.ledger.roundsServed.map((_, i) => [`Π_${i}`, Number(providerUtility(r.ledger, i))])),
    ...Object.fromEntries(r.ledger.roundsServed.map((c, i) => [`served_${i}`, c])),
    firings: fired.length,
    'first firing round': fired[0]?.monitoredRounds ?? 0,
    exploitation: r.outcome.phases.exploitation,
    switches: r.outcome.details.switches as number,
  }
}
const differences = differencesBy(statistics)

const runsOf = (model: InstanceModel, mech: Mechanism, strategy: string, seeds: readonly number[], s: Partial<RunSettings>): RunResult[] =>
  runsAt(T)(model, switchCounting(mech), strategy, seeds, s)
const roundsSeeds = (stride: number): number[] => seedsOf(SEEDS, stride)
const leapSeeds = (stride: number): number[] => roundsSeeds(stride).map((s) => (s + 1_000_003) | 0)

/** A two-provider abstract instance on [0, 1] with Bernoulli noise: each provider's ū and manipulation range. */
const twoProviders = (a: readonly [string, string], b: readonly [string, string]): InstanceModel =>
  rightOrFail(
    buildInstanceModel(
      rightOrFail(
        parseScenarioText(
          JSON.stringify({
            kind: 'abstract',
            name: 'two-sample',
            range: { xLo: '0', xHi: '1' },
            noise: 'bernoulli',
            providers: [a, b].map(([mean, length], i) => ({
              id: `p${i}`,
              honestMean: mean,
              honestProfit: '0.05',
              segments: [{ length, slope: '1' }],
            })),
          }),
        ),
      ),
    ),
  )

describe(`the baselines leap: against the per-round engine at T = ${T} (proofs-notes §13.8, §13.6 (b))`, () => {
  const two = modelOf('examples/two-provider-abstract.json')
  const three = modelOf('examples/three-provider-abstract.json')
  const theta = (d: string): Mechanism => postedTarget(new Decimal(d))
  const cases: readonly (readonly [string, InstanceModel, Mechanism, string])[] = [
    ['PayTheBill(1), τ* (two providers)', two, payTheBill(1), 'recommended'],
    ['RoundRobin, full cheat (three providers)', three, roundRobin, 'full-cheat'],
    ['PostedTarget(0.6), τ*', two, theta('0.6'), 'recommended'],
    ['PostedTarget(0.6), full cheat', two, theta('0.6'), 'full-cheat'],
    ['PostedTarget(0.6), slack riding', two, theta('0.6'), 'slack-riding'],
    ['PostedTarget(0.75), mimicry of 0.6 (three providers)', three, theta('0.75'), 'mimic:0.6'],
    ['FirstBestOracle, margin-10R', two, firstBestOracle(), 'margin-10R'],
    ['ReputationUCB, τ*', two, reputationUcb(), 'recommended'],
    ['ReputationUCB, full cheat (three providers)', three, reputationUcb(), 'full-cheat'],
    ['ReputationUCB, mimicry of 0.6', two, reputationUcb(), 'mimic:0.6'],
  ]
  // Both block floors: the default (stretches shorter than SHORT_BLOCK played round by round, §13.3)
  // and 2 (every block leapt), against one per-round sample.
  for (const [k, [label, model, mech, strategy]] of cases.entries())
    it(`${label}: no two-sample test separates the engines (blocks from ${SHORT_BLOCK} and from 2 rounds)`, () => {
      const stride = 9_001 + 2 * k
      const perRound = runsOf(model, mech, strategy, roundsSeeds(stride), { engine: 'rounds' })
      for (const shortBlock of [SHORT_BLOCK, 2]) {
        const leapt = runsOf(model, mech, strategy, leapSeeds(stride), { engine: 'leap', shortBlock })
        expect(leapt.every((r) => r.leap !== undefined && r.leap.roundsLeapt > 0)).toBe(true)
        expect(differences(perRound, leapt), `blocks from ${shortBlock}`).toEqual([])
      }
    })

  it('power: ReputationUCB with its plans one round too long is separated on the switches (two identical providers)', () => {
    const twin = twoProviders(['0.5', '0.4'], ['0.5', '0.4'])
    const perRound = runsOf(twin, reputationUcb(), 'honest', roundsSeeds(9_101), { engine: 'rounds' })
    const leapt = runsOf(twin, reputationUcb(), 'honest', leapSeeds(9_101), { engine: 'leap', shortBlock: 2 })
    const wrong = runsOf(twin, lengthenedPlan(reputationUcb(), twin.n), 'honest', leapSeeds(9_101), { engine: 'leap', shortBlock: 2 })
    expect(differences(perRound, leapt)).toEqual([])
    expect(differences(perRound, wrong).filter((m) => m.startsWith('switches:'))).not.toEqual([])
  })

  it('power: PostedTarget with its plans one round too long is separated on the first firing round (a cheat at x_lo)', () => {
    // Provider 0's full cheat delivers 0.01: its outcomes are x_lo = 0 but for one round in a
    // hundred, so its stint is fired on the first round the test can fire (j* ≈ 30) in about 3 runs
    // out of 4, which the slipped engine books one round later: D ≈ ¾ against a critical value of
    // 0.44 at 64 seeds per engine (at 24 the critical value, 0.71, is about D itself).
    const low = twoProviders(['0.8', '0.79'], ['0.6', '0.4'])
    const seeds = seedsOf(64, 9_103)
    const later = seeds.map((s) => (s + 1_000_003) | 0)
    const perRound = runsOf(low, theta('0.6'), 'full-cheat', seeds, { engine: 'rounds' })
    const leapt = runsOf(low, theta('0.6'), 'full-cheat', later, { engine: 'leap', shortBlock: 2 })
    const wrong = runsOf(low, lengthenedPlan(theta('0.6')), 'full-cheat', later, { engine: 'leap', shortBlock: 2 })
    expect(differences(perRound, leapt)).toEqual([])
    expect(differences(perRound, wrong).filter((m) => m.startsWith('first firing round: KS'))).not.toEqual([])
  })

  it('power: a route that switches while its plan says it is constant is separated on the rounds served', () => {
    const lying: Mechanism = {
      name: 'switching route declared constant',
      start: ({ model, T: horizon }) => E.right(unmonitoredRun(model, horizon, (t) => (t <= horizon / 2 ? 0 : 1), undefined, 'constant')),
    }
    const perRound = runsOf(two, lying, 'honest', roundsSeeds(9_107), { engine: 'rounds' })
    const wrong = runsOf(two, lying, 'honest', leapSeeds(9_107), { engine: 'leap', shortBlock: 2 })
    expect(differences(perRound, wrong).filter((m) => m.startsWith('served_0:'))).not.toEqual([])
  })
})
