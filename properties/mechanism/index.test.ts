/** Mechanism lookup by name (the mechanisms of proofs-notes §3–§4). */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/exact/decimal.ts'
import { MECHANISM_NAMES, mechanismByName } from '../../src/mechanism/index.ts'
import { simulate } from '../../src/sim/engine.ts'
import { runs } from '../settings.ts'
import { abstractInstance, horizon, seed, strategyChoice } from './arbitraries.ts'
import { checkInvariants, modelOf, recording, strategyFor } from './harness.ts'

const base = { epsilon: new Decimal('0.25'), rebate: false }
const full = { ...base, theta: new Decimal('0.5'), lambda: new Decimal('0.5') }

describe('mechanismByName', () => {
  it('knows every listed name', () => {
    const expected: Record<string, RegExp> = {
      sbd: /^SBD\(ε=0\.25, rebate=off\)$/,
      'pay-the-bill': /^PayTheBill/,
      'reputation-ucb': /^ReputationUCB$/,
      'posted-target': /^PostedTarget\(θ=0\.5\)$/,
      'target-mix': /^TargetMix\(λ=0\.5/,
      'first-best-oracle': /^FirstBestOracle$/,
    }
    expect([...MECHANISM_NAMES].sort()).toEqual(Object.keys(expected).sort())
    for (const name of MECHANISM_NAMES) {
      const m = mechanismByName(name, full)
      expect(E.isRight(m) && expected[name]!.test(m.right.name)).toBe(true)
    }
  })

  it('names the bad option in its Left', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !(MECHANISM_NAMES as readonly string[]).includes(s)),
        (name) => {
          expect(mechanismByName(name, full)).toEqual(
            E.left(`mechanism: unknown ${JSON.stringify(name)} (expected one of: ${MECHANISM_NAMES.join(', ')})`),
          )
        },
      ),
      { numRuns: runs(100) },
    )
    expect(mechanismByName('posted-target', base)).toEqual(E.left('theta: required for posted-target'))
    expect(mechanismByName('target-mix', base)).toEqual(E.left('lambda: required for target-mix'))
    const badLambda = mechanismByName('target-mix', { ...base, lambda: new Decimal('1.5') })
    expect(E.isLeft(badLambda) && badLambda.left.startsWith('lambda: ')).toBe(true)
    for (const eps of ['0', '0.5', '-1']) {
      for (const name of ['sbd', 'target-mix']) {
        const m = mechanismByName(name, { ...full, epsilon: new Decimal(eps) })
        expect(E.isLeft(m) && m.left.startsWith('epsilon: ')).toBe(true)
      }
    }
  })

  it('every named mechanism allocates each round to a valid provider, with phases summing to T, transfers ≥ 0 and the identity', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...MECHANISM_NAMES),
        abstractInstance(),
        horizon(),
        seed,
        fc.array(strategyChoice, { minLength: 5, maxLength: 5 }),
        fc.boolean(),
        (name, inst, T, s, choices, rebate) => {
          const model = modelOf(inst)
          const m = mechanismByName(name, { ...full, rebate })
          if (E.isLeft(m)) throw new Error(m.left)
          const rec = recording(m.right)
          const r = simulate(
            model,
            rec.mechanism,
            model.providers.map((_, i) => strategyFor(choices[i]!)),
            { T, seed: s },
          )
          if (E.isLeft(r)) {
            // Only SBD's family may refuse, and only for a horizon too short for its phases.
            expect(name === 'sbd' || name === 'target-mix').toBe(true)
            expect(r.left).toMatch(/^horizon: /)
            return
          }
          checkInvariants(model, { result: r.right, allocations: rec.allocations }, T)
        },
      ),
      { numRuns: runs(100) },
    )
  })
})
