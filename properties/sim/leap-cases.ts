/**
 * Shared pieces of the leaping engine's suites (proofs-notes §13.6, §13.8): strategies of the §5
 * families with their declared stability, and the deliberately wrong mechanism variants that the
 * checks must catch.
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { Decimal } from '../../src/exact/decimal.ts'
import type { Mechanism, Strategy } from '../../src/sim/interfaces.ts'
import { arbitraryRules, ruleStrategy } from '../../src/strategy/adaptive.ts'
import { fullCheat, honest, recommended } from '../../src/strategy/basic.ts'
import { endgameCheating } from '../../src/strategy/endgame.ts'
import { explorationShading } from '../../src/strategy/explore-shading.ts'
import { mimic } from '../../src/strategy/mimicry.ts'
import { marginWithholding, slackRiding } from '../../src/strategy/slack-riding.ts'
import { stationaryPerPhase } from '../../src/strategy/stationary.ts'

/** Honest in exploration, full cheat as server and after: fired in turn. */
export const cheatAsServer = stationaryPerPhase({
  exploitation: 'full-cheat',
  blindTrustFallback: 'full-cheat',
  blindTrustEndgame: 'full-cheat',
})

/** A strategy of the §5 families (random adaptive rules too: they declare no stability and step round by round). */
export const strategyArb: fc.Arbitrary<Strategy> = fc.oneof(
  fc.constantFrom(recommended, honest, fullCheat, cheatAsServer, slackRiding()),
  fc.integer({ min: 0, max: 20 }).map((k) => marginWithholding(k / 2)),
  fc.integer({ min: 0, max: 100 }).map((k) => mimic(new Decimal(k).div(100))),
  fc.integer({ min: 0, max: 20 }).map((k) => explorationShading(new Decimal(k).div(100))),
  fc.constantFrom(endgameCheating(honest), endgameCheating(slackRiding()), endgameCheating(marginWithholding(2))),
  arbitraryRules().map(ruleStrategy),
)

/**
 * The deliberately wrong variant of any leaping mechanism (proofs-notes §13.6, §13.8): every block
 * plan one round longer than declared. The engine still cuts a block at the strategies' stability
 * and the horizon, so the extra round bites exactly where the mechanism's own plan ended the block:
 * next to a decision (a firing, an argmax that may change, a route's switch). Plans of blocks that
 * start at or before round `after` are left as they are (ReputationUCB's first `n` rounds), and so
 * are plans shorter than `shortest` rounds (to reach the ends of long blocks).
 */
export const lengthenedPlan = (m: Mechanism, after = 0, shortest = 1): Mechanism => ({
  name: `${m.name}, plan one round too long`,
  start: (ctx) => {
    const started = m.start(ctx)
    if (E.isLeft(started)) return started
    const run = started.right
    const plan = run.safeRounds
    if (plan === undefined) return started
    return E.right({
      ...run,
      safeRounds: (t: number, limit: number) => {
        const p = plan(t, limit)
        return t <= after || p.rounds < shortest ? p : { ...p, rounds: p.rounds + 1 }
      },
    })
  },
})

/**
 * `m` with the number of server switches (rounds served by another provider than the round
 * before) in `details.switches`. Counted between consecutive allocations, which is every round
 * under the per-round engine and every block under the leaping one, plus the `k − 1` switches
 * inside a round-robin block of `k` rounds (a block otherwise has one server).
 */
export const switchCounting = (m: Mechanism): Mechanism => ({
  name: m.name,
  start: (ctx) => {
    const started = m.start(ctx)
    if (E.isLeft(started)) return started
    const run = started.right
    const plan = run.safeRounds
    const book = run.observeBlock
    let last = -1
    let switches = 0
    let roundRobin = false
    return E.right({
      ...run,
      allocate: (t: number) => {
        const i = run.allocate(t)
        if (last >= 0 && i !== last) switches++
        last = i
        return i
      },
      ...(plan === undefined || book === undefined
        ? {}
        : {
            safeRounds: (t: number, limit: number) => {
              const p = plan(t, limit)
              roundRobin = p.roundRobin
              return p
            },
            observeBlock: (t: number, k: number, sumX: readonly bigint[], lastX: number) => {
              if (roundRobin && ctx.model.n > 1) {
                switches += k - 1
                last = (last + k - 1) % ctx.model.n
              }
              book(t, k, sumX, lastX)
            },
          }),
      finish: () => {
        const o = run.finish()
        return { ...o, details: { ...o.details, switches } }
      },
    })
  },
})
