/**
 * Cases of the exact-analysis suites: small abstract Bernoulli instances with n ∈ {2, 3}, whose
 * manipulation ranges are at least a fifth of R, T in [200, 3000] (log scale: 200·15^(u²), u uniform, so most cases are small), ε ∈ (0, ½) with
 * three decimals, rebate on and off — kept where SBD(ε) is feasible.
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { Decimal } from '../../src/exact/decimal.ts'
import { sbdConstants } from '../../src/mechanism/constants.ts'
import { type InstanceModel, buildInstanceModel } from '../../src/model/instance-model.ts'
import type { AbstractInstance } from '../../src/model/types.ts'
import { abstractInstance } from '../arbitraries.ts'
import { rightOrFail } from '../assertions.ts'

/** One exact-analysis case (the instance model is built on the property side, so counterexamples print as JSON instances). */
export interface ExactCase {
  readonly inst: AbstractInstance
  readonly T: number
  readonly epsilon: Decimal
  readonly rebate: boolean
}

/** Cases as described above, with `T` up to `maxT` (log-uniform from 200, skewed towards small `T` by `skew ≥ 1`). */
export const exactCases = (maxT = 3000, skew = 1.5): fc.Arbitrary<ExactCase> =>
  fc
    .record({
      inst: abstractInstance({ minProviders: 2, maxProviders: 3, noise: 'bernoulli', minRangePercent: 20 }),
      // log-uniform: most cases small, some near 3000.
      logT: fc.integer({ min: 0, max: 1000 }),
      eps: fc.integer({ min: 1, max: 499 }),
      rebate: fc.boolean(),
    })
    .map(({ inst, logT, eps, rebate }) => ({
      inst,
      T: Math.round(200 * (maxT / 200) ** ((logT / 1000) ** skew)),
      epsilon: new Decimal(eps).div(1000),
      rebate,
    }))
    .filter((c) => E.isRight(sbdConstants(c.T, c.inst.providers.length, c.epsilon, c.inst.xHi.minus(c.inst.xLo))))

/** The default cases: `T ∈ [200, 3000]`. */
export const exactCase: fc.Arbitrary<ExactCase> = exactCases(3000, 2)

const models = new WeakMap<AbstractInstance, InstanceModel>()

/** The instance model of a case (memoized). */
export const modelOf = (c: ExactCase): InstanceModel => {
  let m = models.get(c.inst)
  if (m === undefined) {
    m = rightOrFail(buildInstanceModel(c.inst))
    models.set(c.inst, m)
  }
  return m
}

/** Short description of a case for failure messages. */
export const describeCase = (c: ExactCase): string =>
  `n=${c.inst.providers.length} T=${c.T} ε=${c.epsilon.toString()} rebate=${c.rebate ? 'on' : 'off'} (ū, μ^min, π̄)=${JSON.stringify(
    modelOf(c).providers.map((p) => [p.honestMean.toString(), p.cheatMean.toString(), p.cheatProfit.toString()]),
  )}`
