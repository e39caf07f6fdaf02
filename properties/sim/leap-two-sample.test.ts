/**
 * The leaping engine against the per-round engine at large T (proofs-notes §13.6, check (b)).
 *
 * On the two-provider example at T = 10⁵ (ε = ¼, rebate on), for τ* and each adaptive family of
 * §5 (slack riding, margin withholding, mimicry; exploration shading and endgame cheating too under
 * `THOROUGH=1`, at T = 10⁶), the two engines' runs on disjoint seeds are compared by two-sample
 * tests on U, Π_i, the rebates Z_i, the number of firings, the first firing's monitored round and the exploitation
 * phase's length: Welch's statistic on the means (|z| ≤ 5) and the two-sample Kolmogorov–Smirnov
 * distance against its asymptotic critical value at level 10⁻⁵ (conservative for discrete laws).
 *
 * Power, on the deliberately wrong variants: the sampler whose probabilities are off by 1% fails
 * Welch's test on U or on an exploration rebate Z_i under τ* (40 seeds per engine); a block one round too long near a firing (`leapSlip`) fails the
 * Kolmogorov–Smirnov test on the first firing round of SBD without the slack (three providers),
 * whose first stint the per-round engine fires after monitored round 1 about half the time (256 seeds
 * per engine).
 */
import { describe, expect, it } from 'vitest'
import { Decimal, ZERO } from '../../src/exact/decimal.ts'
import { prepareFiringTest } from '../../src/mechanism/firing-test.ts'
import { sbd, sbdMachine } from '../../src/mechanism/sbd.ts'
import { biasedBlockSampler } from '../../src/sampling/index.ts'
import type { RunResult } from '../../src/sim/engine.ts'
import { SHORT_BLOCK } from '../../src/sim/leap.ts'
import { providerUtility, userUtility } from '../../src/sim/ledger.ts'
import { noSlack } from '../mechanism/mutants.ts'
import { seedsOf } from '../sbd-cases.ts'
import { THOROUGH } from '../settings.ts'
import { differencesBy, modelOf, runsAt } from './two-sample.ts'

const EPS = new Decimal('0.25')
const T = THOROUGH ? 1_000_000 : 100_000
const SEEDS = THOROUGH ? 64 : 12
/** τ*'s samples are larger: its reference also serves the power check of the biased sampler. */
const SEEDS_TAU = THOROUGH ? 160 : 40

/** The statistics compared, per run. */
const statistics = (r: RunResult): Record<string, number> => {
  const fired = (r.outcome.details as { fired?: { monitoredRounds: number }[] }).fired ?? []
  return {
    U: Number(userUtility(r.ledger)),
    ...Object.fromEntries(r.ledger.roundsServed.map((_, i) => [`Π_${i}`, Number(providerUtility(r.ledger, i))])),
    // With the rebate on, Z_i is provider i's exploration sum above x_lo.
    ...Object.fromEntries(r.ledger.transfers.map((z, i) => [`Z_${i}`, Number(z)])),
    firings: fired.length,
    'first firing round': fired[0]?.monitoredRounds ?? 0,
    exploitation: r.outcome.phases.exploitation,
  }
}

/** Every statistic on which the two samples of runs differ, with its test. */
const differences = differencesBy(statistics)

const runsOf = runsAt(T)

describe(`the leaping engine against the per-round engine at T = ${T} (proofs-notes §13.6 (b))`, () => {
  const two = modelOf('examples/two-provider-abstract.json')
  const families = ['recommended', 'slack-riding', 'margin-10R', 'mimic:0.6', ...(THOROUGH ? ['shade:0.05', 'endgame:honest'] : [])]
  const roundsSeeds = (family: string): number[] => seedsOf(family === 'recommended' ? SEEDS_TAU : SEEDS, 7_001)
  const leapSeeds = (family: string): number[] => roundsSeeds(family).map((s) => (s + 1_000_003) | 0)
  const reference = new Map<string, RunResult[]>()
  const referenceOf = (family: string): RunResult[] => {
    const hit = reference.get(family)
    if (hit !== undefined) return hit
    const made = runsOf(two, sbd(EPS, true), family, roundsSeeds(family), { engine: 'rounds' })
    reference.set(family, made)
    return made
  }

  // Both block floors: the default (stretches shorter than SHORT_BLOCK played round by round) and 2
  // (every block of two rounds or more leapt), so that short blocks are checked too (§13.3).
  for (const family of families)
    for (const shortBlock of [SHORT_BLOCK, 2])
      it(`${family}, blocks from ${shortBlock} rounds: no two-sample test separates the engines`, () => {
        const leapt = runsOf(two, sbd(EPS, true), family, leapSeeds(family), { engine: 'leap', shortBlock })
        expect(differences(referenceOf(family), leapt)).toEqual([])
      })

  it('power: the sampler off by 1% is separated on U under τ*', () => {
    const biased = runsOf(two, sbd(EPS, true), 'recommended', leapSeeds('recommended'), {
      engine: 'leap',
      sampler: biasedBlockSampler(0.01),
    })
    const found = differences(referenceOf('recommended'), biased)
    expect(found.filter((m) => m.startsWith('U:') || m.startsWith('Z_'))).not.toEqual([])
  })

  it('power: a block one round too long near a firing is separated on the first firing round (SBD without the slack)', () => {
    const three = modelOf('examples/three-provider-abstract.json')
    // 256 seeds per sample: the per-round engine fires after monitored round 1 in about half of
    // them and the slipped engine in none, so D ≈ ½ against a critical value of 0.22; with 64 the
    // critical value (0.44) left this power check failing on about one suite seed in six (SEED=2).
    const seeds = seedsOf(256, 7_919)
    const slipped = sbdMachine({
      epsilon: EPS,
      rebate: true,
      lambda: ZERO,
      prepareTest: (_, slackLog) => prepareFiringTest(0n, slackLog),
      enforced: true,
      name: 'no-slack, slipped',
      leapSlip: 1,
    })
    const perRound = runsOf(three, noSlack(EPS, true), 'recommended', seeds, { engine: 'rounds' })
    const leapt = runsOf(
      three,
      noSlack(EPS, true),
      'recommended',
      seeds.map((s) => (s + 1_000_003) | 0),
      { engine: 'leap' },
    )
    // Every block leapt (floor 2): the slip sits at the end of a block, where the first firing of
    // the no-slack test happens; with the default floor those short blocks are played round by round.
    const wrong = runsOf(
      three,
      slipped,
      'recommended',
      seeds.map((s) => (s + 1_000_003) | 0),
      { engine: 'leap', shortBlock: 2 },
    )
    expect(differences(perRound, leapt)).toEqual([])
    expect(differences(perRound, wrong).filter((m) => m.startsWith('first firing round: KS'))).not.toEqual([])
  })
})
