/**
 * One source for the code and the obligations (proofs-notes §12.2): the `Decimal` (and exact
 * rational) evaluation of every formula description reproduces, digit for digit, the hand-written
 * formulas the code used before the descriptions existed (kept here as the oracle), on random
 * parameters; and every function the checks call is the evaluation of the description the
 * obligations prove, so a bound loosened in the code fails here.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { provenBound } from '../../src/analysis/analyze.ts'
import { ceilPow } from '../../src/exact/ceil-pow.ts'
import { Decimal, ONE } from '../../src/exact/decimal.ts'
import { evaluateDecimal, evaluateFraction, quantitiesOf } from '../../src/exact/expression.ts'
import { sbdConstants, slackAfter, slackLogOf } from '../../src/mechanism/constants.ts'
import { RADIUS_FORMULA, SLACK_LOG_FORMULA } from '../../src/mechanism/formulas.ts'
import {
  ETA_OFF,
  ETA_ON,
  EXCESS,
  IMPOSSIBILITY_TERM,
  PROVEN_BOUND_OFF,
  PROVEN_BOUND_ON,
  SHORTFALL,
} from '../../src/theory/bound-formulas.ts'
import { constantsEnv, eta, etaOff, etaOn, provenBoundOf, secondBestExcess, secondBestShortfall } from '../../src/theory/bounds.ts'
import { type Fraction, decimalFraction, impossibilityConstantFraction } from '../../src/theory/impossibility.ts'
import { rightOrFail } from '../assertions.ts'
import { SEED, runs } from '../settings.ts'

// ---- The oracle: the direct formulas as the code wrote them before the descriptions. ----
const oracle = {
  slackLog: (T: number): Decimal => new Decimal(T).pow(2).times(2).ln(),
  slack: (R: Decimal, slackLog: Decimal, j: number): Decimal => R.times(slackLog.times(j).div(2).sqrt()),
  radius: (R: Decimal, n: number, T: number, L: number): Decimal =>
    R.times(
      new Decimal(2 * n)
        .times(T)
        .ln()
        .div(2 * L)
        .sqrt(),
    ),
  L: (T: number, epsilon: Decimal): number => ceilPow(T, ONE.minus(epsilon)),
  etaOn: (R: Decimal, slackLog: Decimal, K: number): Decimal => oracle.slack(R, slackLog, K).plus(R.times(3)),
  etaOff: (R: Decimal, L: number, slackLog: Decimal, K: number): Decimal => R.times(L).plus(oracle.etaOn(R, slackLog, K)),
  shortfall: (R: Decimal, n: number, L: number, r: Decimal, T: number): Decimal =>
    R.times((n + 1) * L)
      .plus(r.times(2 * T))
      .plus(R.times(2)),
  excess: (R: Decimal, L: number, r: Decimal, T: number): Decimal =>
    R.times(L)
      .plus(r.times(2 * T))
      .plus(R.times(2)),
  provenBound: (etaOnValue: Decimal, R: Decimal, L: number, pi: Decimal, u: Decimal, mu: Decimal, rebate: boolean): Decimal => {
    const on = etaOnValue.minus(R.times(2)).plus(pi.times('1.5'))
    return rebate ? on : on.plus(u.minus(mu).times(L))
  },
  /** The j-th term of c* as the code built it: 2·(d.num·T·e.den + e.num·d.den·(2^j − 1)) / (e.den·d.num·T·(2 + j)). */
  term: (T: number, eta: Decimal, D: Decimal, j: number): Fraction => {
    const e = decimalFraction(eta)
    const d = decimalFraction(D)
    const t = BigInt(T)
    return { num: 2n * (d.num * t * e.den + e.num * d.den * ((1n << BigInt(j)) - 1n)), den: e.den * d.num * t * BigInt(2 + j) }
  },
}

const sameRational = (a: Fraction, b: Fraction): boolean => a.num * b.den === b.num * a.den

const decimalArb = (lo: number, hi: number, places: number): fc.Arbitrary<Decimal> =>
  fc.integer({ min: lo * 10 ** places, max: hi * 10 ** places }).map((k) => new Decimal(k).div(10 ** places))

const parameters = fc
  .record({
    T: fc.oneof(fc.integer({ min: 50, max: 5_000 }), fc.integer({ min: 5_000, max: 20_000_000 })),
    n: fc.integer({ min: 2, max: 10 }),
    epsilon: fc.integer({ min: 1, max: 499 }).map((k) => new Decimal(k).div(1000)),
    R: fc.oneof(
      fc.constant(ONE),
      decimalArb(0, 5, 6).filter((r) => r.gt(0)),
    ),
    cheatProfit: decimalArb(0, 2, 6),
    honestMean: decimalArb(0, 1, 6),
    range: decimalArb(0, 1, 6),
  })
  .filter(({ T, n, epsilon }) => T >= (n + 1) * ceilPow(T, ONE.minus(epsilon)) + 1)

describe('one source (proofs-notes §12.2): the descriptions reproduce the code’s numbers exactly', () => {
  it(`SBD constants, η, G_i, Δ(T) and the excess bound, digit for digit (${runs(300)} cases, seed ${SEED})`, () => {
    fc.assert(
      fc.property(parameters, ({ T, n, epsilon, R, cheatProfit, honestMean, range }) => {
        const c = rightOrFail(sbdConstants(T, n, epsilon, R))
        const L = oracle.L(T, epsilon)
        const slackLog = oracle.slackLog(T)
        const K = T - (n + 1) * L
        const r = oracle.radius(R, n, T, L)
        expect(c.L).toBe(L)
        expect(c.monitoredMax).toBe(K)
        expect(c.slackLog.toString()).toBe(slackLog.toString())
        expect(slackLogOf(T).toString()).toBe(slackLog.toString())
        expect(c.r.toString()).toBe(r.toString())
        for (const j of [0, 1, K >> 1, K]) expect(slackAfter(c, j).toString()).toBe(oracle.slack(R, slackLog, j).toString())
        expect(etaOn(c).toString()).toBe(oracle.etaOn(R, slackLog, K).toString())
        expect(etaOff(c).toString()).toBe(oracle.etaOff(R, L, slackLog, K).toString())
        expect(secondBestShortfall(c).toString()).toBe(oracle.shortfall(R, n, L, r, T).toString())
        expect(secondBestExcess(c).toString()).toBe(oracle.excess(R, L, r, T).toString())
        const p = { cheatProfit, honestMean, cheatMean: honestMean.minus(range) }
        for (const rebate of [true, false])
          expect(provenBoundOf(c, p, rebate).toString()).toBe(
            oracle.provenBound(oracle.etaOn(R, slackLog, K), R, L, cheatProfit, honestMean, p.cheatMean, rebate).toString(),
          )
        // The cached r and ℓ are the formulas' own values: evaluating without the cache agrees.
        expect(evaluateDecimal(RADIUS_FORMULA, { R, n, T, L }).toString()).toBe(r.toString())
        expect(evaluateDecimal(SLACK_LOG_FORMULA, { T }).toString()).toBe(slackLog.toString())
      }),
      { seed: SEED, numRuns: runs(300) },
    )
  })

  it(`the terms of c* as exact rationals, and c* itself (${runs(300)} cases)`, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        decimalArb(0, 20_000, 4),
        decimalArb(0, 1, 6).filter((d) => d.gt(0)),
        fc.integer({ min: 0, max: 24 }),
        (T, etaValue, D, K) => {
          const env = { T: { num: BigInt(T), den: 1n }, η: decimalFraction(etaValue), D: decimalFraction(D) }
          let best = { value: { num: 1n, den: 1n }, argmin: 0 }
          for (let j = 0; j <= K; j++) {
            const term = oracle.term(T, etaValue, D, j)
            expect(sameRational(evaluateFraction(IMPOSSIBILITY_TERM, { ...env, j: { num: BigInt(j), den: 1n } }), term)).toBe(true)
            if (j === 0 || term.num * best.value.den < best.value.num * term.den) best = { value: term, argmin: j }
          }
          const c = impossibilityConstantFraction(T, etaValue, D, K)
          expect(c.argmin).toBe(best.argmin)
          expect(sameRational(c.value, best.value)).toBe(true)
        },
      ),
      { seed: SEED, numRuns: runs(300) },
    )
  })
})

describe('the bounds the checks use are the descriptions the obligations prove (proofs-notes §12.6)', () => {
  it(`η, G_i, Δ(T) and the excess bound as the suites call them equal the descriptions' evaluations (${runs(100)} cases)`, () => {
    fc.assert(
      fc.property(parameters, ({ T, n, epsilon, R, cheatProfit, honestMean, range }) => {
        const c = rightOrFail(sbdConstants(T, n, epsilon, R))
        const env = constantsEnv(c)
        const p = { cheatProfit, honestMean, cheatMean: honestMean.minus(range) }
        const providerEnv = { ...env, π̄_i: cheatProfit, ū_i: honestMean, 'μ^min_i': p.cheatMean }
        expect(eta(c, true).eq(evaluateDecimal(ETA_ON, env))).toBe(true)
        expect(eta(c, false).eq(evaluateDecimal(ETA_OFF, env))).toBe(true)
        expect(secondBestShortfall(c).eq(evaluateDecimal(SHORTFALL, env))).toBe(true)
        expect(secondBestExcess(c).eq(evaluateDecimal(EXCESS, env))).toBe(true)
        // The exact analysis's G_i (what properties/analysis compares gains with).
        const model = { providers: [p] } as unknown as Parameters<typeof provenBound>[0]
        expect(provenBound(model, c, 0, true).eq(evaluateDecimal(PROVEN_BOUND_ON, providerEnv))).toBe(true)
        expect(provenBound(model, c, 0, false).eq(evaluateDecimal(PROVEN_BOUND_OFF, providerEnv))).toBe(true)
      }),
      { seed: SEED, numRuns: runs(100) },
    )
  })
})

describe('the descriptions name only quantities the code binds', () => {
  it('η, G_i, Δ(T) and the excess bound mention only the SBD constants and the provider statistics', () => {
    const c = rightOrFail(sbdConstants(10_000, 3, new Decimal('0.25'), ONE))
    const bound = new Set([...Object.keys(constantsEnv(c)), 'π̄_i', 'ū_i', 'μ^min_i'])
    for (const f of [ETA_ON, ETA_OFF, PROVEN_BOUND_ON, PROVEN_BOUND_OFF, SHORTFALL, EXCESS])
      expect(quantitiesOf(f).filter((q) => !bound.has(q))).toStrictEqual([])
    expect(quantitiesOf(IMPOSSIBILITY_TERM)).toStrictEqual(['D', 'T', 'j', 'η', 'ξ'])
  })
})
