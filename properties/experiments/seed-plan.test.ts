/**
 * The seed plan (proofs-notes §11.2): search, filter and re-measure seeds are pairwise disjoint,
 * every consumer refuses a plan where they meet, and the study measures what it selected only on
 * re-measure seeds.
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { cellsOf, studyScenario } from '../../src/experiments/cells.ts'
import { remeasureBaselines } from '../../src/experiments/deviation-gain.ts'
import { sameCounts } from '../../src/experiments/plan.ts'
import { inProcessRunner } from '../../src/experiments/pool.ts'
import { abstractScenario } from '../../src/experiments/scenario.ts'
import { type Cell, type CellResult, searchBestResponses } from '../../src/experiments/search.ts'
import { checkSeedPlan, seedPlanFor } from '../../src/experiments/seed-plan.ts'
import { buildInstanceModel } from '../../src/model/instance-model.ts'
import { rightOrFail } from '../assertions.ts'
import { SEED, runs } from '../settings.ts'

const model = rightOrFail(buildInstanceModel(rightOrFail(abstractScenario())))
const scenario = rightOrFail(studyScenario('abstract', model, { horizons: [1_000], epsilons: ['0.4'], seeds: sameCounts(3) }, SEED, 2))
const sbdCell = cellsOf(scenario).cells.find((c) => c.mechanism.kind === 'sbd')!

describe('seedPlanFor', () => {
  it('gives pairwise disjoint lists of the requested sizes, a function of the master seed and salt', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.nat(5),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        (master, salt, s, f, m) => {
          const plan = seedPlanFor(master, salt, { search: s, filter: f, remeasure: m })
          expect([plan.search.length, plan.filter.length, plan.remeasure.length]).toStrictEqual([s, f, m])
          expect(E.isRight(checkSeedPlan(plan))).toBe(true)
          expect(seedPlanFor(master, salt, { search: s, filter: f, remeasure: m })).toStrictEqual(plan)
          // The search seeds do not depend on how many filter or re-measure seeds there are.
          expect(seedPlanFor(master, salt, { search: s, filter: 0, remeasure: 1 }).search).toStrictEqual(plan.search)
        },
      ),
      { numRuns: runs(200), seed: SEED },
    )
  })
})

describe('checkSeedPlan', () => {
  it('refuses any plan in which two uses share a seed, naming both', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer(), { minLength: 3, maxLength: 12 }),
        fc.constantFrom('search', 'filter', 'remeasure'),
        fc.constantFrom('search', 'filter', 'remeasure'),
        (seeds, a, b) => {
          fc.pre(a !== b)
          const plan = { search: [] as number[], filter: [] as number[], remeasure: [] as number[] }
          plan[a] = seeds.slice(0, 2)
          plan[b] = [seeds[1]!, seeds[2]!]
          const r = checkSeedPlan(plan)
          expect(E.isLeft(r) && r.left.includes(a) && r.left.includes(b)).toBe(true)
        },
      ),
      { numRuns: runs(100), seed: SEED },
    )
  })
})

describe('consumers refuse overlapping seeds', () => {
  const overlapping = (what: 'search' | 'filter'): Cell => ({
    ...sbdCell,
    remeasureSeeds: [sbdCell.remeasureSeeds[0]!, what === 'search' ? sbdCell.seeds[1]! : sbdCell.freshSeeds[0]!],
  })

  it('re-measuring a selected deviation on a seed of the search or of the significance filter is refused', () => {
    for (const what of ['search', 'filter'] as const) {
      const result: CellResult = { cell: overlapping(what), truthful: [], steps: [], profile: [], passes: 2, converged: true, final: [] }
      const r = remeasureBaselines([result])
      expect(E.isLeft(r), what).toBe(true)
      if (E.isLeft(r)) expect(r.left).toMatch(new RegExp(`${what}.*remeasure`))
    }
  })

  it('the search refuses cells whose seeds overlap', () => {
    expect(() =>
      searchBestResponses(inProcessRunner(new Map([['abstract', model]])), [overlapping('search')], { passes: 1, significance: 2 }),
    ).toThrow(/disjoint/)
  })

  it('the re-measurement of a real search uses only re-measure seeds', () => {
    const results = searchBestResponses(inProcessRunner(new Map([['abstract', model]])), [sbdCell], { passes: 1, significance: 2 })
    const plans = rightOrFail(remeasureBaselines(results))
    expect(plans).toHaveLength(1)
    const used = plans[0]!.tasks.map((t) => t.seed)
    expect(used).toStrictEqual([...scenario.seeds.remeasure])
    for (const s of used) expect([...scenario.seeds.search, ...scenario.seeds.filter]).not.toContain(s)
  })
})
