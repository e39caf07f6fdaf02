/** Strategy lookup by name (proofs-notes §5). */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { STRATEGY_NAMES, strategyByName } from '../../src/strategy/index.ts'
import { runs } from '../settings.ts'

describe('strategyByName', () => {
  it('knows every listed name and the parametrized families', () => {
    for (const name of [...STRATEGY_NAMES, 'mimic:0.6', 'shade:0.05', 'margin-2.5R', 'endgame:slack-riding', 'endgame:mimic:0.3'])
      expect(E.isRight(strategyByName(name)), name).toBe(true)
    const m = strategyByName('mimic:0.6')
    expect(E.isRight(m) && m.right.name).toBe("mimic(ū'=0.6)")
  })

  it('returns a Left naming the bad value', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('mimic:', 'shade:', 'margin-', 'endgame:'),
        fc
          .string({ minLength: 1, maxLength: 6 })
          .filter((s) => !/^[\d.eE+-]+R?$/.test(s) && !s.includes(':') && !s.startsWith('margin-') && !STRATEGY_NAMES.includes(s)),
        (prefix, junk) => {
          const name = prefix === 'margin-' ? `${prefix}${junk}R` : `${prefix}${junk}`
          const r = strategyByName(name)
          expect(E.isLeft(r), name).toBe(true)
          if (E.isLeft(r)) expect(r.left).toContain(junk)
        },
      ),
      { numRuns: runs(100) },
    )
    // Regression (found by THOROUGH=1, seed 20251102): a blank count was read as Number(' ') = 0.
    expect(E.isLeft(strategyByName('margin- R'))).toBe(true)
    expect(E.isLeft(strategyByName('margin-R'))).toBe(true)
    expect(strategyByName('shade:-0.1')).toEqual(E.left('shade: expected a non-negative withheld amount, got "-0.1"'))
    const unknown = strategyByName('greedy')
    expect(E.isLeft(unknown) && unknown.left).toContain('"greedy"')
  })
})
