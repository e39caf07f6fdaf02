/**
 * Reusable property assertions shared by the suites: running a simulation or failing with its
 * message, exact money comparisons, standard errors for reports, and the retired
 * 4-standard-error rule (kept only to show the bimodal violations it misses, proofs-notes §9.6).
 */
import * as E from 'fp-ts/lib/Either.js'
import { expect } from 'vitest'
import { Decimal, ZERO } from '../src/exact/decimal.ts'
import type { RunResult } from '../src/sim/engine.ts'
import { checkIdentity, providerUtility, usd, userUtility } from '../src/sim/ledger.ts'

/** The right side of an Either, or a test failure naming the left. */
export const rightOrFail = <A>(e: E.Either<string | readonly string[], A>): A => {
  if (E.isLeft(e)) throw new Error(`expected Right, got Left: ${JSON.stringify(e.left)}`)
  return e.right
}

/** Asserts the accounting identity `U + ΣΠ = Σ(X+Y)` of a finished run, exactly. */
export const expectIdentity = (r: RunResult): void => {
  expect(E.isRight(checkIdentity(r.ledger))).toBe(true)
}

/** The user's utility of a run, in USD (exact). */
export const userUsd = (r: RunResult): Decimal => usd(r.ledger, userUtility(r.ledger))

/** Provider `i`'s utility of a run, in USD (exact). */
export const providerUsd = (r: RunResult, i: number): Decimal => usd(r.ledger, providerUtility(r.ledger, i))

/** Sample mean and its standard error (Decimal, at the project precision). */
export const meanAndError = (xs: readonly Decimal[]): { readonly mean: Decimal; readonly se: Decimal } => {
  const k = xs.length
  const mean = xs.reduce((a, x) => a.plus(x), ZERO).div(k)
  if (k < 2) return { mean, se: ZERO }
  const variance = xs.reduce((a, x) => a.plus(x.minus(mean).pow(2)), ZERO).div(k - 1)
  return { mean, se: variance.div(k).sqrt() }
}

/** How many standard errors the retired rule asked a Monte Carlo mean to exceed a bound by. */
export const Z_SIGNIFICANT = 4

/**
 * The retired rule: true iff the samples' mean exceeds `bound` by more than `Z_SIGNIFICANT`
 * standard errors (or, with zero spread, exceeds it at all). No suite decides a check by it any
 * more: a violation carried by a few seeds inflates the standard error and passes it. It is kept
 * so that the bimodal tests can show what it missed and the new rules catch (proofs-notes §9.6).
 */
export const significantlyAbove = (xs: readonly Decimal[], bound: Decimal): boolean => {
  const { mean, se } = meanAndError(xs)
  return mean.minus(bound).gt(se.times(Z_SIGNIFICANT))
}

/** A readable line for a statistical check: mean, standard error, bound. */
export const describeStat = (label: string, xs: readonly Decimal[], bound: Decimal): string => {
  const { mean, se } = meanAndError(xs)
  return `${label}: mean ${mean.toSignificantDigits(8).toString()} ± ${se.toSignificantDigits(4).toString()} (se, ${xs.length} runs) vs bound ${bound.toSignificantDigits(8).toString()}`
}

/** Decimal equality with a readable message. */
export const expectDecimalEq = (actual: Decimal, expected: Decimal, label = 'value'): void => {
  expect(actual.eq(expected), `${label}: ${actual.toString()} ≠ ${expected.toString()}`).toBe(true)
}

/** The new Decimal of a string or number (shorthand for tests). */
export const d = (x: string | number): Decimal => new Decimal(x)

/** The smaller exact tail `min(P(Z ≤ z), P(Z ≥ z))` of an observation `z` of a law given as a pmf (the per-seed rule of §9.6). */
export const tailOf = (pmf: ArrayLike<number>, z: number): number => {
  let below = 0
  let above = 0
  for (let k = 0; k < pmf.length; k++) {
    if (k <= z) below += pmf[k]!
    if (k >= z) above += pmf[k]!
  }
  return Math.min(below, above)
}
