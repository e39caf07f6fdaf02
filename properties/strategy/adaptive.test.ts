/** Random adaptive strategies (proofs-notes §5.6). */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sbd } from '../../src/mechanism/sbd.ts'
import { simulate } from '../../src/sim/engine.ts'
import { type Rule, arbitraryRules, describeRules, recommended, ruleStrategy } from '../../src/strategy/index.ts'
import { rightOrFail } from '../assertions.ts'
import { runs } from '../settings.ts'
import { type SbdCase, profileWith, sbdCase } from './arbitraries.ts'

const ledgerText = (c: SbdCase, index: number, rules: readonly Rule[]): string => {
  const r = rightOrFail(
    simulate(c.model, sbd(c.epsilon, c.rebate), profileWith(c.model.n, index, ruleStrategy(rules), recommended), { T: c.T, seed: c.seed }),
  )
  return JSON.stringify({ ledger: r.ledger, outcome: r.outcome }, (_, v) => (typeof v === 'bigint' ? v.toString() : v))
}

describe('rule strategies (random adaptive strategies)', () => {
  it('are generated deterministically from a seed', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const a = fc.sample(arbitraryRules(), { seed, numRuns: 5 })
        const b = fc.sample(arbitraryRules(), { seed, numRuns: 5 })
        expect(JSON.stringify(b)).toBe(JSON.stringify(a))
      }),
      { numRuns: runs(100) },
    )
  })

  it('play deterministically: the same rules (also after a JSON round trip) and seed give the same run', () => {
    fc.assert(
      fc.property(sbdCase({ maxT: 2000 }), arbitraryRules(), fc.nat(), (c, rules, who) => {
        const index = who % c.model.n
        const copy = JSON.parse(JSON.stringify(rules)) as Rule[]
        expect(ledgerText(c, index, copy)).toBe(ledgerText(c, index, rules))
      }),
      { numRuns: runs(100) },
    )
  })

  it('with no rule (or only rules that never fire) play exactly τ*', () => {
    fc.assert(
      fc.property(sbdCase({ maxT: 2000 }), fc.nat(), fc.boolean(), (c, who, dead) => {
        const index = who % c.model.n
        // A rule that cannot fire: the open phase never occurs under SBD.
        const rules: Rule[] = dead ? [{ when: { phase: 'open' }, play: 'full-cheat' }] : []
        const r = rightOrFail(
          simulate(c.model, sbd(c.epsilon, c.rebate), profileWith(c.model.n, index, recommended, recommended), { T: c.T, seed: c.seed }),
        )
        const reference = JSON.stringify({ ledger: r.ledger, outcome: r.outcome }, (_, v) => (typeof v === 'bigint' ? v.toString() : v))
        expect(ledgerText(c, index, rules)).toBe(reference)
      }),
      { numRuns: runs(100) },
    )
  })

  it('describeRules gives one readable line naming every rule', () => {
    fc.assert(
      fc.property(arbitraryRules(), (rules) => {
        const text = describeRules(rules)
        expect(text).not.toMatch(/[\n\r]/)
        expect(text).not.toMatch(/undefined|NaN|\[object|\{|"/)
        const clauses = text.split('; ')
        expect(clauses).toHaveLength(rules.length + 1)
        expect(clauses.at(-1)).toBe('else recommended')
        rules.forEach((r, k) => {
          const clause = clauses[k]!
          const play = typeof r.play === 'string' ? r.play : `withhold ${r.play.withholdFractionOfRange * 100}% of range`
          expect(clause.endsWith(`: ${play}`), clause).toBe(true)
          if (r.when.phase !== undefined) expect(clause).toContain(r.when.phase)
          if (r.when.marginAboveR !== undefined) expect(clause).toContain(`margin > ${r.when.marginAboveR}R`)
          if (r.when.roundFractionAtLeast !== undefined) expect(clause).toContain(`t ≥ ${r.when.roundFractionAtLeast}T`)
          if (r.when.isServer !== undefined) expect(clause).toContain(r.when.isServer ? 'serving' : 'not serving')
          if (Object.keys(r.when).length === 0) expect(clause.startsWith('always:')).toBe(true)
          expect(clause.length).toBeLessThanOrEqual(100)
        })
      }),
      { numRuns: runs(100) },
    )
  })

  it('describeRules examples', () => {
    expect(describeRules([])).toBe('else recommended')
    expect(describeRules([{ when: { phase: 'exploitation', marginAboveR: 10 }, play: 'full-cheat' }])).toBe(
      'if exploitation & margin > 10R: full-cheat; else recommended',
    )
    expect(
      describeRules([
        { when: { isServer: true, roundFractionAtLeast: 0.5 }, play: { withholdFractionOfRange: 0.25 } },
        { when: {}, play: 'honest' },
      ]),
    ).toBe('if serving & t ≥ 0.5T: withhold 25% of range; always: honest; else recommended')
  })
})
