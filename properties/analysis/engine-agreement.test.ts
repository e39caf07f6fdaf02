/**
 * The DP and the engine check each other (proofs-notes §10.4): on the two-provider example
 * (T = 1000, ε = ¼, rebate on) the engine's mean over 400 seeds agrees within 4 standard errors
 * with the exact E[U] and E[Π_i] under τ*, and with the exact value of the DP's optimal stint
 * policy exported as an engine strategy. (The 40,000-seed version is in bench/exact-analysis.ts.)
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { sbdContext } from '../../src/analysis/analyze.ts'
import { exportedValue, optimalStintStrategy } from '../../src/analysis/policy-strategy.ts'
import { tauStarExpectations } from '../../src/analysis/tau-star.ts'
import { parseScenarioText } from '../../src/codec/report-errors.ts'
import { Decimal } from '../../src/exact/decimal.ts'
import { sbd } from '../../src/mechanism/sbd.ts'
import { buildInstanceModel } from '../../src/model/instance-model.ts'
import { simulate } from '../../src/sim/engine.ts'
import { recommended } from '../../src/strategy/basic.ts'
import { meanAndError, providerUsd, rightOrFail, userUsd } from '../assertions.ts'
import { seedsOf } from '../sbd-cases.ts'

const T = 1000
const EPS = new Decimal('0.25')

describe('exact analysis agrees with the engine', () => {
  const model = rightOrFail(buildInstanceModel(rightOrFail(parseScenarioText(readFileSync('examples/two-provider-abstract.json', 'utf8')))))
  const { ctx } = rightOrFail(sbdContext(model, T, EPS, true))
  const seeds = seedsOf(400, 7919)
  const within = (label: string, xs: readonly Decimal[], exact: number): void => {
    const { mean, se } = meanAndError(xs)
    const z = mean.minus(exact).abs().div(se.gt(0) ? se : 1).toNumber()
    console.log(`${label}: engine ${mean.toFixed(4)} ± ${se.toFixed(4)} (400 seeds), exact ${exact.toFixed(4)}, |z| = ${z.toFixed(2)}`)
    expect(z, label).toBeLessThanOrEqual(4)
  }

  it('E[U] and E[Π_i] under τ*', () => {
    const exact = tauStarExpectations(ctx)
    const runs = seeds.map((seed) => rightOrFail(simulate(model, sbd(EPS, true), [recommended, recommended], { T, seed })))
    within('E[U]', runs.map(userUsd), exact.userUtility)
    exact.profits.forEach((p, i) => within(`E[Π_${model.providers[i]!.id}]`, runs.map((r) => providerUsd(r, i)), p))
  }, 120_000)

  it('the optimal stint policy of the winner, exported as an engine strategy', () => {
    const exact = exportedValue(ctx, 0)
    const profile = [optimalStintStrategy(ctx, 0), recommended]
    const runs = seeds.map((seed) => rightOrFail(simulate(model, sbd(EPS, true), profile, { T, seed })))
    within('E[Π_a] of the DP policy', runs.map((r) => providerUsd(r, 0)), exact)
  }, 120_000)
})
