/**
 * Deliberately broken variants of SBD(ε) (proofs-notes §3.2), built on the test side from the
 * internal state machine: the theorem suites show their power by failing each of them.
 */
import type { Decimal } from '../../src/exact/decimal.ts'
import { ONE, ZERO } from '../../src/exact/decimal.ts'
import { prepareFiringTest } from '../../src/mechanism/firing-test.ts'
import { sbdMachine } from '../../src/mechanism/sbd.ts'
import type { Mechanism } from '../../src/sim/interfaces.ts'

/** SBD whose test is shown but never enforced: a server is never fired. */
export const neverFire = (epsilon: Decimal, rebate: boolean): Mechanism =>
  sbdMachine({ epsilon, rebate, lambda: ZERO, prepareTest: prepareFiringTest, enforced: false, name: 'never-fire' })

/** SBD pricing the winner from its own (top) mean instead of the second-best mean (TargetMix with λ = 1). */
export const topTarget = (epsilon: Decimal, rebate: boolean): Mechanism =>
  sbdMachine({ epsilon, rebate, lambda: ONE, prepareTest: prepareFiringTest, enforced: true, name: 'top-target' })

/** SBD without the slack: fired as soon as `S < j·τ` (the test of a zero range, `c(j) = 0`, also in the view). */
export const noSlack = (epsilon: Decimal, rebate: boolean): Mechanism =>
  sbdMachine({ epsilon, rebate, lambda: ZERO, prepareTest: (_, slackLog) => prepareFiringTest(0n, slackLog), enforced: true, name: 'no-slack' })
