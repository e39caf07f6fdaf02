/**
 * Deliberately broken variants of SBD(ε) (proofs-notes §3.2), built on the test side from the
 * internal state machine, and of PayTheBill (proofs-notes §4.1): the suites show their power by
 * failing each of them.
 */
import type { Decimal } from '../../src/exact/decimal.ts'
import { ONE, ZERO } from '../../src/exact/decimal.ts'
import { prepareFiringTest } from '../../src/mechanism/firing-test.ts'
import { sbdMachine } from '../../src/mechanism/sbd.ts'
import * as E from 'fp-ts/lib/Either.js'
import { unmonitoredRun } from '../../src/mechanism/unmonitored.ts'
import type { Mechanism } from '../../src/sim/interfaces.ts'

/** SBD whose test is shown but never enforced: a server is never fired. */
export const neverFire = (epsilon: Decimal, rebate: boolean): Mechanism =>
  sbdMachine({ epsilon, rebate, lambda: ZERO, prepareTest: prepareFiringTest, enforced: false, name: 'never-fire' })

/** SBD pricing the winner from its own (top) mean instead of the second-best mean (TargetMix with λ = 1). */
export const topTarget = (epsilon: Decimal, rebate: boolean): Mechanism =>
  sbdMachine({ epsilon, rebate, lambda: ONE, prepareTest: prepareFiringTest, enforced: true, name: 'top-target' })

/** SBD without the slack: fired as soon as `S < j·τ` (the test of a zero range, `c(j) = 0`, also in the view). */
export const noSlack = (epsilon: Decimal, rebate: boolean): Mechanism =>
  sbdMachine({
    epsilon,
    rebate,
    lambda: ZERO,
    prepareTest: (_, slackLog) => prepareFiringTest(0n, slackLog),
    enforced: true,
    name: 'no-slack',
  })

/**
 * PayTheBill broken so that its violation is bimodal across seeds: when the first outcome is below
 * the fixed provider's full-cheat mean μ^min, every later round goes to the next provider (whose
 * μ^min differs), so some seeds pay `T·μ^min` and the others about that of another provider.
 */
export const switchesOnLowStart = (provider: number): Mechanism => ({
  name: `broken PayTheBill(provider=${provider}, switches on a low first outcome)`,
  start: ({ model, T }) => {
    let target = provider
    let first = true
    const base = unmonitoredRun(model, T, () => target)
    const below = model.providers[provider]!.cheatMean.times(model.grid.scaleDecimal)
    return E.right({
      ...base,
      observe: (t, i, x) => {
        base.observe(t, i, x)
        if (first && below.gt(x)) target = (provider + 1) % model.n
        first = false
      },
    })
  },
})
