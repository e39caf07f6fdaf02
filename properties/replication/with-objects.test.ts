/**
 * Replications and the deviation check with objects (src/replication/with-objects.ts): the same
 * estimates as the named runs of `sbd simulate --reps`, and the gain against η computed from paired
 * runs on common seeds.
 */
import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { parseScenarioText } from '../../src/codec/report-errors.ts'
import { Decimal } from '../../src/exact/decimal.ts'
import { fromUnits } from '../../src/exact/grid.ts'
import { sbdConstants } from '../../src/mechanism/constants.ts'
import { sbd } from '../../src/mechanism/index.ts'
import { buildInstanceModel } from '../../src/model/instance-model.ts'
import { replicationSpecs, summarizeOutcomes } from '../../src/replication/replicate.ts'
import { playAll } from '../../src/replication/runner.ts'
import { deviationCheck, replicateObjects } from '../../src/replication/with-objects.ts'
import { simulate } from '../../src/sim/engine.ts'
import { providerUtility } from '../../src/sim/ledger.ts'
import { estimate } from '../../src/stats/interval.ts'
import { fullCheat, recommended } from '../../src/strategy/index.ts'
import { eta } from '../../src/theory/bounds.ts'

const PATH = 'examples/two-provider-abstract.json'
const text = readFileSync(PATH, 'utf8')
const model = (() => {
  const m = E.chainW(buildInstanceModel)(parseScenarioText(text))
  if (E.isLeft(m)) throw new Error(String(m.left))
  return m.right
})()
const eps = new Decimal('0.25')

describe('replicateObjects', () => {
  it('gives the summary of the named replication (sbd simulate --reps) of the same run', () => {
    const objects = replicateObjects(model, sbd(eps, true), [fullCheat, recommended], { T: 3000, seed: 5, reps: 4 })
    const base = {
      scenario: PATH,
      setting: { mechanism: 'sbd', epsilon: '0.25', rebate: 'on' as const, theta: null, lambda: null },
      strategies: ['full-cheat', 'recommended'],
      T: 3000,
      seed: 5,
    }
    const named = E.map((o: Parameters<typeof summarizeOutcomes>[1]) => summarizeOutcomes(model.grid, o))(
      playAll({ [PATH]: JSON.parse(text) }, replicationSpecs(base, 4), 0),
    )
    expect(objects).toEqual(named)
    expect(replicateObjects(model, sbd(eps, true), [recommended, recommended], { T: 3000, seed: 5, reps: 0 })).toEqual(
      E.left('reps: expected an integer in [1, 100000], got 0'),
    )
  })
})

describe('deviationCheck', () => {
  it('is the paired gain over τ* on common seeds, against η of the rebate setting', () => {
    for (const rebate of [true, false]) {
      const v = deviationCheck(model, fullCheat, { epsilon: eps, rebate, provider: 1, T: 4000, seed: 11, reps: 3 })
      if (E.isLeft(v)) throw new Error(v.left)
      const gains = [11, 12, 13].map((seed) => {
        const profit = (s: typeof fullCheat) => {
          const r = simulate(model, sbd(eps, rebate), [recommended, s], { T: 4000, seed })
          if (E.isLeft(r)) throw new Error(r.left)
          return fromUnits(model.grid, providerUtility(r.right.ledger, 1))
        }
        return profit(fullCheat).minus(profit(recommended))
      })
      const c = sbdConstants(4000, 2, eps, model.R)
      if (E.isLeft(c)) throw new Error(c.left)
      expect(v.right.gain).toEqual(estimate(gains))
      expect(v.right.eta).toEqual(eta(c.right, rebate))
      expect(v.right.gainsMoreThanEta).toBe(v.right.gain.low!.gt(v.right.eta))
      expect(v.right.gainsMoreThanEta).toBe(false)
      expect([v.right.provider, v.right.strategy]).toEqual(['b', fullCheat.name])
    }
  })

  it('takes a name as well as an object, and names bad input', () => {
    const byName = deviationCheck(model, 'full-cheat', { epsilon: eps, rebate: true, provider: 0, T: 3000, seed: 1, reps: 2 })
    const byObject = deviationCheck(model, fullCheat, { epsilon: eps, rebate: true, provider: 0, T: 3000, seed: 1, reps: 2 })
    expect(byName).toEqual(byObject)
    expect(deviationCheck(model, fullCheat, { epsilon: eps, rebate: true, provider: 2, T: 3000, seed: 1, reps: 2 })).toEqual(
      E.left('provider: expected an index in [0, 1], got 2'),
    )
    const unknown = deviationCheck(model, 'greedy', { epsilon: eps, rebate: true, provider: 0, T: 3000, seed: 1, reps: 2 })
    expect(E.isLeft(unknown) && unknown.left).toMatch(/^strategy: strategy: unknown name "greedy"/)
  })
})
