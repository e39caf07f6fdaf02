/**
 * The error bound against exact rational arithmetic (proofs-notes §10.6, §10.R): on random small
 * instances (n ∈ {2, 3}, T ≤ 300, means on a 1/20 grid of the range so that every probability is a
 * short decimal), the same recursions evaluated in exact decimals with no cut
 * ({@link exactReference}) against every number the analysis reports — E[U], every E[Π_i], the
 * optimal value and the achievable value of every provider, and the gains. For each, the distance
 * is at most its bound; and the analysis's `errorBound` is at most 10⁶ × the largest distance
 * observed in the case + 10⁻¹², so that the bound can neither fail nor be vacuous.
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { recordedStintPolicy } from '../../src/analysis/achievable.ts'
import { analyzeWith, sbdContext } from '../../src/analysis/analyze.ts'
import { type Dec, distance, exactReference } from '../../src/analysis/exact-reference.ts'
import { Decimal } from '../../src/exact/decimal.ts'
import { sbdConstants } from '../../src/mechanism/constants.ts'
import { buildInstanceModel } from '../../src/model/instance-model.ts'
import type { AbstractInstance } from '../../src/model/types.ts'
import { rightOrFail } from '../assertions.ts'
import { SEED, runs } from '../settings.ts'

const twentieth = (k: number): Decimal => new Decimal(k).div(20)
const SLOPES = ['1', '0.75', '0.5', '0.25'] as const

/** A provider with honest mean k/20, one or two segments of lengths in twentieths, slopes non-increasing. */
const provider = (id: string): fc.Arbitrary<AbstractInstance['providers'][number]> =>
  fc
    .record({
      honest: fc.integer({ min: 8, max: 20 }),
      lengths: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 2 }),
      slopes: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 2, maxLength: 2 }),
      cents: fc.integer({ min: 0, max: 10 }),
    })
    .map(({ honest, lengths, slopes, cents }) => {
      const room = honest - 1
      const ls = lengths.map((l) => Math.max(1, Math.min(l, Math.floor(room / lengths.length))))
      const ss = [...slopes].sort((a, b) => a - b)
      return {
        kind: 'abstract' as const,
        id,
        honestMean: twentieth(honest),
        honestProfit: new Decimal(cents).div(100),
        segments: ls.map((l, k) => ({ length: twentieth(l), slope: new Decimal(SLOPES[ss[k]!]!) })),
      }
    })

interface RationalCase {
  readonly inst: AbstractInstance
  readonly T: number
  readonly epsilon: Decimal
  readonly rebate: boolean
}

/** n = 2 with T ∈ [40, 300], n = 3 with T ∈ [40, 150] (log-uniform, skewed small), where SBD(ε) is feasible. */
const cases: fc.Arbitrary<RationalCase> = fc
  .record({
    n: fc.integer({ min: 2, max: 3 }),
    ps: fc.tuple(provider('p0'), provider('p1'), provider('p2')),
    u: fc.integer({ min: 0, max: 1000 }),
    eps: fc.integer({ min: 150, max: 450 }),
    rebate: fc.boolean(),
  })
  .map(({ n, ps, u, eps, rebate }) => ({
    inst: {
      kind: 'abstract' as const,
      name: 'rational',
      xLo: new Decimal(0),
      xHi: new Decimal(1),
      noise: 'bernoulli' as const,
      providers: ps.slice(0, n),
    },
    T: Math.round(40 * ((n === 2 ? 300 : 150) / 40) ** ((u / 1000) ** 2)),
    epsilon: new Decimal(eps).div(1000),
    rebate,
  }))
  .filter((c) => E.isRight(sbdConstants(c.T, c.inst.providers.length, c.epsilon, new Decimal(1))) && E.isRight(buildInstanceModel(c.inst)))

const describeCase = (c: RationalCase): string =>
  `n=${c.inst.providers.length} T=${c.T} ε=${c.epsilon.toString()} rebate=${c.rebate ? 'on' : 'off'} providers=${JSON.stringify(c.inst.providers)}`

/** Every reported number of a case with its exact value and bound; returns the largest distance. */
const check = (c: RationalCase, log: { ratio: number }[]): void => {
  const model = rightOrFail(buildInstanceModel(c.inst))
  const s = rightOrFail(sbdContext(model, c.T, c.epsilon, c.rebate))
  const a = analyzeWith(s.ctx, s.constants)
  const explore = a.providers.map((p, i) => s.ctx.dp.providers[i]!.breakpoints.find((b) => b.mean.eq(p.achievable!.exploration!))!)
  const ref = rightOrFail(exactReference(s.ctx, explore, (i, tau) => recordedStintPolicy(s.ctx, i, tau).actionAt))
  const gain = (x: Dec, y: Dec): Dec => ({
    n: x.n * 10n ** BigInt(Math.max(x.a, y.a) - x.a) - y.n * 10n ** BigInt(Math.max(x.a, y.a) - y.a),
    a: Math.max(x.a, y.a),
  })
  const items: [string, Dec, number, number][] = [['E[U]', ref.userUtility, a.expectedUserUtility, a.userUtilityError]]
  a.providers.forEach((p, i) => {
    const e = p.errors
    items.push(
      [`E[Π_${p.id}]`, ref.profits[i]!, p.expectedProfit, e.expectedProfit],
      [`optimal value of ${p.id}`, ref.optimalValues[i]!, p.optimalValue, e.optimalValue],
      [`achievable value of ${p.id}`, ref.achievableValues[i]!, p.achievable!.value, p.achievable!.error],
      [`gain bound of ${p.id}`, gain(ref.optimalValues[i]!, ref.profits[i]!), p.gain, e.optimalValue + e.expectedProfit],
      [
        `achievable gain of ${p.id}`,
        gain(ref.achievableValues[i]!, ref.profits[i]!),
        p.achievable!.gain,
        p.achievable!.error + e.expectedProfit,
      ],
    )
  })
  // Proposition 10.5: the achievable deviation is a strategy, so its value is at most the optimum's upper bound.
  for (const p of a.providers)
    expect(p.achievable!.value, `achievable value of ${p.id} ≤ optimal value`).toBeLessThanOrEqual(
      p.optimalValue + p.errors.optimalValue + p.achievable!.error,
    )
  let largest = 0
  for (const [what, exact, computed, bound] of items) {
    const d = distance(exact, computed)
    largest = Math.max(largest, d)
    if (process.env.RATIONAL_LOG === '1') console.log(what, d.toExponential(2), bound.toExponential(2))
    expect(d, `${what}: |computed − exact| = ${d} ≤ its bound ${bound}`).toBeLessThanOrEqual(bound)
    expect(bound, `${what}: its bound ≤ errorBound`).toBeLessThanOrEqual(a.errorBound)
  }
  log.push({ ratio: a.errorBound / Math.max(largest, 1e-300) })
  expect(a.errorBound, `errorBound ${a.errorBound} ≤ 10⁶ × largest distance ${largest} + 10⁻¹²`).toBeLessThanOrEqual(1e6 * largest + 1e-12)
}

describe('exact analysis: the error bound against exact rational arithmetic', () => {
  it(`holds and is not vacuous on ${runs(20)} random small instances (seed ${SEED})`, () => {
    const log: { ratio: number }[] = []
    fc.assert(
      fc.property(cases, (c) => {
        try {
          check(c, log)
        } catch (e) {
          throw new Error(`${describeCase(c)}\n${(e as Error).message}`)
        }
      }),
      { seed: SEED, numRuns: runs(20), endOnFailure: true },
    )
    const ratios = log.map((l) => l.ratio).sort((x, y) => x - y)
    console.log(
      `errorBound / largest distance over ${ratios.length} cases: min ${ratios[0]?.toExponential(2)}, max ${ratios[ratios.length - 1]?.toExponential(2)}`,
    )
  })
})
