/**
 * Every scenario that decodes runs (§3.4): the per-round limit of the money grid is checked at
 * decode time, so an instance the codec accepts builds its model, compiles the outcome tables of
 * its actions and plays, and one it rejects is rejected with a field path and the limit in USD.
 * The scenarios are drawn before they are fitted to the grid, so both sides are reached.
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { abstractShapeArbitrary } from '../../src/codec/abstract-arbitrary.ts'
import { scenarioCodec } from '../../src/codec/instance.ts'
import { unfittedLlmArbitrary } from '../../src/codec/llm-instance.ts'
import { formatErrors } from '../../src/codec/report-errors.ts'
import { Decimal } from '../../src/exact/decimal.ts'
import { mechanismByName } from '../../src/mechanism/index.ts'
import { buildInstanceModel } from '../../src/model/instance-model.ts'
import { roundLimitIssues } from '../../src/model/round-limits.ts'
import type { Instance } from '../../src/model/types.ts'
import { simulate } from '../../src/sim/engine.ts'
import { fullCheat, recommended } from '../../src/strategy/index.ts'
import { runs } from '../settings.ts'

/** Abstract scenarios with every slope of a provider scaled by the same power of ten (order kept), up to the codec's 10^6. */
const steeper = fc.tuple(abstractShapeArbitrary, fc.integer({ min: 0, max: 5 })).map(
  ([a, j]): Instance => ({
    kind: 'abstract',
    name: a.name,
    xLo: a.range.xLo,
    xHi: a.range.xHi,
    noise: a.noise,
    providers: a.providers.map((p) => ({
      ...p,
      segments: p.segments.map((s) => ({ ...s, slope: s.slope.times(new Decimal(10).pow(j)).toDecimalPlaces(3) as typeof s.slope })),
    })),
  }),
)

const unfitted: fc.Arbitrary<Instance> = fc.oneof(
  steeper,
  unfittedLlmArbitrary.map((s) => s as unknown as Instance),
)

describe('the per-round limit at decode time', () => {
  it('a scenario decodes exactly when no amount exceeds the limit, and then it builds, compiles and plays', () => {
    let played = 0
    let rejected = 0
    fc.assert(
      fc.property(unfitted, (inst) => {
        const issues = roundLimitIssues(inst)
        const decoded = scenarioCodec.decode(JSON.parse(JSON.stringify(scenarioCodec.encode(inst))))
        if (issues.length > 0) {
          expect(E.isLeft(decoded)).toBe(true)
          const lines = E.isLeft(decoded) ? formatErrors(decoded.left) : []
          expect(
            lines.some((l) => /^(range|market|providers\[\d+\])[\w.[\]]*: .* USD, above the per-round limit of \d+(\.\d+)? USD/.test(l)),
            lines.join('\n'),
          ).toBe(true)
          rejected++
          return
        }
        expect(E.isRight(decoded), E.isLeft(decoded) ? formatErrors(decoded.left).join('\n') : '').toBe(true)
        const model = buildInstanceModel(inst)
        if (E.isLeft(model)) throw new Error(model.left)
        model.right.providers.forEach((p, i) => {
          const mid = p.honestMean.plus(p.cheatMean).div(2)
          for (const a of [p.honest, p.fullCheat, p.deliver(mid)]) model.right.compile(i, a)
        })
        const mech = mechanismByName('sbd', { epsilon: new Decimal('0.3'), rebate: true })
        if (E.isLeft(mech)) throw new Error(mech.left)
        for (const s of [recommended, fullCheat]) {
          const r = simulate(
            model.right,
            mech.right,
            model.right.providers.map(() => s),
            { T: 1000, seed: 1 },
          )
          expect(E.isRight(r), E.isLeft(r) ? r.left : '').toBe(true)
        }
        played++
      }),
      { numRuns: runs(120) },
    )
    expect(played).toBeGreaterThan(runs(120) / 5)
    expect(rejected).toBeGreaterThan(runs(120) / 10)
  })
})
