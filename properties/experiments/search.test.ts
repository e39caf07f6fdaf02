/**
 * The machinery of the best-response search: the path-equivalence probe is exact (a candidate it
 * declares equivalent has exactly the played strategy's run), the significance test is exact,
 * the worker pool returns what this thread computes, and families start with τ*.
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { scenarioCodec } from '../../src/codec/instance.ts'
import { familyFor } from '../../src/experiments/families.ts'
import { mechanismsFor, smallestFeasibleHorizon } from '../../src/experiments/plan.ts'
import { distinctSeeds } from '../../src/experiments/seed-plan.ts'
import { inProcessRunner, workerRunner } from '../../src/experiments/pool.ts'
import { abstractScenario, loadDefaultLlmScenario } from '../../src/experiments/scenario.ts'
import { significantGain } from '../../src/experiments/search.ts'
import { type MechanismSpec, type StrategySpec, specKey } from '../../src/experiments/specs.ts'
import { type RunTask, executeTask } from '../../src/experiments/tasks.ts'
import { Decimal } from '../../src/exact/decimal.ts'
import { buildInstanceModel } from '../../src/model/instance-model.ts'
import { rightOrFail } from '../assertions.ts'
import { SEED, runs } from '../settings.ts'

const llmInstance = rightOrFail(loadDefaultLlmScenario()).instance
const absInstance = rightOrFail(abstractScenario())
const models = new Map([
  ['llm', rightOrFail(buildInstanceModel(llmInstance))],
  ['abstract', rightOrFail(buildInstanceModel(absInstance))],
])
const model = (id: string) => models.get(id)!

const task = (
  scenario: string,
  mechanism: MechanismSpec,
  profile: readonly StrategySpec[],
  T: number,
  seed: number,
  probe?: RunTask['probe'],
): RunTask => ({
  scenario,
  mechanism,
  profile,
  T,
  seed,
  ...(probe === undefined ? {} : { probe }),
})

describe('the path-equivalence probe', () => {
  it('is exact: a candidate it declares equivalent on a seed has exactly the profits of the played profile', () => {
    const cases = fc.record({
      scenario: fc.constantFrom('llm', 'abstract'),
      mech: fc.nat(8),
      provider: fc.nat(4),
      seed: fc.integer(),
      T: fc.constantFrom(1_500, 3_000, 30_000),
      engine: fc.constantFrom('rounds' as const, 'leap' as const),
    })
    fc.assert(
      fc.property(cases, ({ scenario, mech, provider, seed, T, engine }) => {
        const m = model(scenario)
        const mechanisms = mechanismsFor(m).filter((x) => x.kind !== 'sbd' || x.epsilon !== '0.1')
        const mechanism = mechanisms[mech % mechanisms.length]!
        const i = provider % m.n
        const truthful: StrategySpec[] = m.providers.map(() => ({ kind: 'recommended' }))
        const family = familyFor(m, mechanism, i).slice(1)
        const probe = m.providers.map((_, j) => (j === i ? family : null))
        const base = rightOrFail(executeTask(models, { ...task(scenario, mechanism, truthful, T, seed, probe), engine }))
        family.forEach((cand, k) => {
          if (base.equivalent[i]![k] !== true) return
          const dev = rightOrFail(
            executeTask(models, {
              ...task(
                scenario,
                mechanism,
                truthful.map((s, j) => (j === i ? cand : s)),
                T,
                seed,
              ),
              engine,
            }),
          )
          expect(dev.profits, `${specKey(cand)} under ${specKey(mechanism)}, ${engine} engine`).toStrictEqual(base.profits)
          expect(dev.user).toBe(base.user)
        })
      }),
      { numRuns: runs(12) },
    )
  })

  it('declares the played strategy itself equivalent, and full cheat not (when the provider serves)', () => {
    const mechanism: MechanismSpec = { kind: 'sbd', epsilon: '0.25', rebate: true }
    const truthful: StrategySpec[] = [{ kind: 'recommended' }, { kind: 'recommended' }]
    const probe = [[{ kind: 'recommended' }, { kind: 'full-cheat' }] as StrategySpec[], null]
    for (const engine of ['rounds', 'leap'] as const) {
      const r = rightOrFail(executeTask(models, { ...task('abstract', mechanism, truthful, 2_000, SEED, probe), engine }))
      expect(r.equivalent[0], engine).toStrictEqual([true, false])
    }
  })
})

describe('lever use under either engine', () => {
  it('lever use counts every round once, whole blocks included: per provider its rounds served, per phase its length', () => {
    const cases = fc.record({
      scenario: fc.constantFrom('llm', 'abstract'),
      mech: fc.nat(8),
      member: fc.nat(20),
      provider: fc.nat(4),
      seed: fc.integer(),
      T: fc.constantFrom(3_000, 20_000),
      engine: fc.constantFrom('rounds' as const, 'leap' as const),
    })
    fc.assert(
      fc.property(cases, ({ scenario, mech, member, provider, seed, T, engine }) => {
        const m = model(scenario)
        const mechanisms = mechanismsFor(m).filter((x) => x.kind !== 'sbd' || x.epsilon !== '0.1')
        const mechanism = mechanisms[mech % mechanisms.length]!
        const i = provider % m.n
        const family = familyFor(m, mechanism, i)
        const profile = m.providers.map((_, j): StrategySpec => (j === i ? family[member % family.length]! : { kind: 'recommended' }))
        const r = rightOrFail(executeTask(models, { ...task(scenario, mechanism, profile, T, seed), engine, record: true }))
        m.providers.forEach((_, j) => {
          const rounds = r.usage.filter((u) => u.provider === j).reduce((a, u) => a + u.rounds, 0)
          expect(rounds, `provider ${j} under ${specKey(mechanism)}, ${engine}`).toBe(r.served[j])
        })
        for (const [phase, length] of Object.entries(r.phases)) {
          const rounds = r.usage.filter((u) => u.phase === phase).reduce((a, u) => a + u.rounds, 0)
          expect(rounds, `${phase} under ${specKey(mechanism)}, ${engine}`).toBe(length)
        }
      }),
      { numRuns: runs(16) },
    )
  })
})

describe('significantGain', () => {
  it('decides "mean > z standard errors" exactly, as the float formula does away from ties', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1_000, max: 1_000 }), { minLength: 2, maxLength: 8 }), fc.constantFrom(1, 2, 3), (xs, z) => {
        const g = xs.map(BigInt)
        const n = xs.length
        const mean = xs.reduce((a, b) => a + b, 0) / n
        const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1))
        const margin = mean - (z * sd) / Math.sqrt(n)
        fc.pre(Math.abs(margin) > 1e-6)
        expect(significantGain(g, z)).toBe(mean > 0 && margin > 0)
      }),
      { numRuns: runs(300) },
    )
  })

  it('with one seed: any positive gain; zero spread: any positive mean', () => {
    expect(significantGain([5n], 2)).toBe(true)
    expect(significantGain([0n], 2)).toBe(false)
    expect(significantGain([3n, 3n, 3n], 4)).toBe(true)
    expect(significantGain([-3n, -3n], 4)).toBe(false)
  })
})

describe('plan and families', () => {
  it('the smallest feasible SBD horizons for n = 5 and n = 2', () => {
    expect([0.1, 0.25, 0.4].map((e) => smallestFeasibleHorizon(5, new Decimal(e)))).toStrictEqual([60466207, 1303, 97])
    expect(smallestFeasibleHorizon(2, new Decimal('0.1'))).toBe(59068)
  })

  it('every family starts with τ*, has no duplicates, and keeps exploration play out of mechanisms without exploration', () => {
    for (const m of models.values())
      for (const mech of mechanismsFor(m))
        for (let i = 0; i < m.n; i++) {
          const fam = familyFor(m, mech, i)
          expect(fam[0]).toStrictEqual({ kind: 'recommended' })
          expect(new Set(fam.map(specKey)).size).toBe(fam.length)
          if (mech.kind !== 'sbd') expect(fam.some((s) => s.kind === 'shade')).toBe(false)
        }
  })

  it('seeds are a function of the master seed', () => {
    expect(distinctSeeds(1, 4)).toStrictEqual(distinctSeeds(1, 4))
    expect(new Set(distinctSeeds(1, 48)).size).toBe(48)
    expect(distinctSeeds(1, 4)).not.toStrictEqual(distinctSeeds(2, 4))
  })
})

describe('the worker pool', () => {
  it('starts its workers and returns, in task order, what this thread computes', () => {
    const pool = workerRunner({ llm: scenarioCodec.encode(llmInstance), abstract: scenarioCodec.encode(absInstance) }, 2)
    expect(E.isRight(pool)).toBe(true)
    if (E.isLeft(pool)) return
    try {
      const tasks: RunTask[] = [3_000, 1_000, 2_000].flatMap((T) => [
        task(
          'llm',
          { kind: 'sbd', epsilon: '0.4', rebate: false },
          llmInstance.providers.map(() => ({ kind: 'full-cheat' })),
          T,
          11,
        ),
        task('abstract', { kind: 'reputation-ucb' }, [{ kind: 'mimic', cap: '0.6' }, { kind: 'recommended' }], T, 12),
      ])
      const here = inProcessRunner(models).run(tasks)
      expect(pool.right.run(tasks)).toStrictEqual(here)
    } finally {
      pool.right.close()
    }
  })
})
