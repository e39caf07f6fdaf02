/**
 * Cases of the exact-analysis suites: small abstract Bernoulli instances with n ∈ {2, 3}, whose
 * manipulation ranges are at least a fifth of R, T log-uniform in [200, 3000], ε ∈ (0, ½) with
 * three decimals, rebate on and off — kept where SBD(ε) is feasible.
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { Decimal } from '../../src/exact/decimal.ts'
import { sbdConstants } from '../../src/mechanism/constants.ts'
import { type InstanceModel, buildInstanceModel } from '../../src/model/instance-model.ts'
import { abstractInstance } from '../arbitraries.ts'
import { rightOrFail } from '../assertions.ts'

/** One exact-analysis case. */
export interface ExactCase {
  readonly model: InstanceModel
  readonly T: number
  readonly epsilon: Decimal
  readonly rebate: boolean
}

/** Cases as described above. */
export const exactCase: fc.Arbitrary<ExactCase> = fc
  .record({
    inst: abstractInstance({ minProviders: 2, maxProviders: 3, noise: 'bernoulli', minRangePercent: 20 }),
    // log-uniform: most cases small, some near 3000.
    logT: fc.integer({ min: 0, max: 1000 }),
    eps: fc.integer({ min: 1, max: 499 }),
    rebate: fc.boolean(),
  })
  .map(({ inst, logT, eps, rebate }) => ({
    model: rightOrFail(buildInstanceModel(inst)),
    T: Math.round(200 * 15 ** (logT / 1000)),
    epsilon: new Decimal(eps).div(1000),
    rebate,
  }))
  .filter((c) => E.isRight(sbdConstants(c.T, c.model.n, c.epsilon, c.model.R)))

/** Short description of a case for failure messages. */
export const describeCase = (c: ExactCase): string =>
  `n=${c.model.n} T=${c.T} ε=${c.epsilon.toString()} rebate=${c.rebate ? 'on' : 'off'} providers=${JSON.stringify(
    c.model.providers.map((p) => [p.honestMean.toString(), p.cheatMean.toString(), p.cheatProfit.toString()]),
  )}`
