/**
 * The plug-in registry (src/plugin/registry.ts): entries are validated when added (names unique
 * and not built in, parameters declared), and names resolve to the plug-in's objects beside the
 * built-in grammar.
 */
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/exact/decimal.ts'
import { payTheBill } from '../../src/mechanism/index.ts'
import { BUILTIN_REGISTRY, extendRegistry, mechanismIn, parametersOf, strategyIn } from '../../src/plugin/registry.ts'
import type { Strategy } from '../../src/sim/interfaces.ts'
import { honest } from '../../src/strategy/index.ts'

const withName = (name: string): Strategy => ({ ...honest, name })
const lazyEntry = { name: 'lazy', description: 'always honest here', create: () => withName('lazy') }

describe('extendRegistry', () => {
  it('adds strategies and mechanisms, and resolves their names (with parameters and endgame:)', () => {
    const r = extendRegistry(
      BUILTIN_REGISTRY,
      {
        strategies: [
          lazyEntry,
          {
            name: 'cap',
            description: 'caps at a level',
            parameters: [{ name: 'level', description: 'USD' }],
            create: (a: Record<string, Decimal>) => withName(`cap(${a.level})`),
          },
        ],
        mechanisms: [{ name: 'bill', description: 'pays the bill', parameters: ['theta'], create: () => payTheBill() }],
      },
      'test',
    )
    expect(E.isRight(r)).toBe(true)
    if (E.isLeft(r)) return
    expect(E.map((s: Strategy) => s.name)(strategyIn(r.right, 'lazy'))).toEqual(E.right('lazy'))
    expect(E.map((s: Strategy) => s.name)(strategyIn(r.right, 'cap:0.5'))).toEqual(E.right('cap(0.5)'))
    expect(E.isRight(strategyIn(r.right, 'endgame:lazy'))).toBe(true)
    expect(strategyIn(r.right, 'cap')).toEqual(E.left('cap: expected "cap:<level>" (1 parameter), got "cap"'))
    expect(strategyIn(r.right, 'cap:1e3')).toEqual(E.left('cap: level: expected a decimal such as 0.5 (at most 6 places), got "1e3"'))
    expect(E.isRight(strategyIn(r.right, 'mimic:0.6'))).toBe(true)
    expect(parametersOf(r.right, 'bill')).toEqual(['theta'])
    expect(mechanismIn(r.right, 'bill', {})).toEqual(E.left('theta: required for bill'))
    expect(E.isRight(mechanismIn(r.right, 'bill', { theta: new Decimal('1') }))).toBe(true)
    const unknown = strategyIn(r.right, 'greedy')
    expect(E.isLeft(unknown) && unknown.left).toMatch(/or a plug-in strategy: lazy, cap\)$/)
  })

  it('refuses what cannot be registered, with every message', () => {
    const bad = extendRegistry(
      BUILTIN_REGISTRY,
      {
        strategies: [
          lazyEntry,
          lazyEntry,
          { name: 'honest', description: 'x', create: () => honest },
          { name: 'Bad Name', description: '', create: 1 },
        ],
        mechanisms: [
          { name: 'sbd', description: 'x', parameters: [], create: () => payTheBill() },
          { name: 'm', description: 'x', parameters: ['epsilon', 'gamma', 'epsilon'], create: () => payTheBill() },
          { name: 'n', description: 'x', create: () => payTheBill() },
        ],
        extra: true,
      },
      'p.mjs',
    )
    expect(bad).toEqual(
      E.left([
        'p.mjs: unknown field "extra" (expected strategies, mechanisms)',
        'p.mjs: strategies[1].name: "lazy" is already registered',
        'p.mjs: strategies[2].name: "honest" is a built-in strategy name',
        'p.mjs: strategies[3].name: expected lower-case letters, digits and "-" (starting with a letter, at most 64), got "Bad Name"',
        'p.mjs: strategies[3].description: expected a non-empty string',
        'p.mjs: strategies[3].create: expected a function',
        'p.mjs: mechanisms[0].name: "sbd" is a built-in mechanism name',
        'p.mjs: mechanisms[1].parameters[1]: expected one of epsilon, rebate, theta, lambda, bonus, got "gamma"',
        'p.mjs: mechanisms[1].parameters: each parameter at most once',
        'p.mjs: mechanisms[2].parameters: expected a list of epsilon, rebate, theta, lambda, bonus (possibly empty)',
      ]),
    )
    expect(extendRegistry(BUILTIN_REGISTRY, {}, 'empty.mjs')).toEqual(
      E.left(['empty.mjs: registers nothing (expected a default export {strategies?, mechanisms?} with at least one entry)']),
    )
    expect(extendRegistry(BUILTIN_REGISTRY, 42, 'n.mjs')).toEqual(
      E.left(['n.mjs: the default export must be a plug-in object {strategies?, mechanisms?}']),
    )
  })

  it('a name clashing with an earlier plug-in is refused; a plug-in whose create throws is reported by name', () => {
    const once = extendRegistry(BUILTIN_REGISTRY, { strategies: [lazyEntry] }, 'a.mjs')
    if (E.isLeft(once)) throw new Error(once.left.join('\n'))
    expect(extendRegistry(once.right, { strategies: [lazyEntry] }, 'b.mjs')).toEqual(
      E.left(['b.mjs: strategies[0].name: "lazy" is already registered']),
    )
    const throwing = extendRegistry(
      BUILTIN_REGISTRY,
      {
        strategies: [
          {
            name: 'boom',
            description: 'x',
            create: () => {
              throw new Error('not today')
            },
          },
        ],
      },
      'c.mjs',
    )
    if (E.isLeft(throwing)) throw new Error(throwing.left.join('\n'))
    expect(strategyIn(throwing.right, 'boom')).toEqual(E.left('boom: not today'))
    // An in-memory plug-in cannot be rebuilt in a worker thread: pools then run in this thread.
    expect(throwing.right.fromFilesOnly).toBe(false)
    expect(BUILTIN_REGISTRY.fromFilesOnly).toBe(true)
  })
})
