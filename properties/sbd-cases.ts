/**
 * Cases shared by the theorem suites: an instance with a horizon, ε and rebate setting on which
 * SBD(ε) is feasible, and the common seed sets of Monte Carlo checks.
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import type { Decimal } from '../src/exact/decimal.ts'
import { sbdConstants } from '../src/mechanism/constants.ts'
import type { Instance } from '../src/model/types.ts'
import { d } from './assertions.ts'
import { SEED } from './settings.ts'

/** `k` seeds derived from the run's seed (a suite picks its own stride so suites don't share streams). */
export const seedsOf = (k: number, stride: number): number[] => Array.from({ length: k }, (_, j) => (SEED + stride * j) | 0)

/** The ε grid of the theorem suites. */
export const EPSILONS: readonly Decimal[] = ['0.25', '0.3', '0.4'].map(d)

/** One theorem case: SBD(ε) with the rebate setting on an instance at horizon T. */
export interface SbdCase {
  readonly inst: Instance
  readonly T: number
  readonly epsilon: Decimal
  readonly rebate: boolean
}

/** Cases from `instArb` × horizons × ε × rebate, kept where `T ≥ (n+1)·L + 1`. */
export const sbdCase = (instArb: fc.Arbitrary<Instance>, horizons: readonly number[]): fc.Arbitrary<SbdCase> =>
  fc
    .record({ inst: instArb, T: fc.constantFrom(...horizons), epsilon: fc.constantFrom(...EPSILONS), rebate: fc.boolean() })
    .filter(({ inst, T, epsilon }) => E.isRight(sbdConstants(T, inst.providers.length, epsilon, d(1))))
