import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { decodeWith } from '../../src/codec/report-errors.ts'
import type { Schema } from '../../src/codec/schema.ts'
import { Grid, gridSize, pointAt, shardIndices } from '../../src/sweep/grid.ts'
import { RunRecord, ShardManifest } from '../../src/sweep/record.ts'
import { runs } from '../settings.ts'

const EXAMPLE = {
  name: 'g',
  scenarios: ['a.json', 'b.json'],
  mechanisms: [
    { mechanism: 'sbd', epsilon: '0.25', rebate: 'on' },
    { mechanism: 'posted-target', theta: '0.6' },
  ],
  strategies: [['recommended'], ['full-cheat', 'honest']],
  horizons: [1000, 5000, 20000],
  seeds: { first: 7, count: 3 },
}

describe('grid file', () => {
  it('one schema: the arbitrary makes valid grids, manifests and records, and decoding their encoding gives them back', () => {
    for (const schema of [Grid, ShardManifest, RunRecord] as unknown as Schema<unknown, unknown>[])
      fc.assert(
        fc.property(schema.arbitrary, (a) => {
          expect(schema.codec.is(a)).toBe(true)
          const back = schema.codec.decode(schema.codec.encode(a))
          expect(E.isRight(back)).toBe(true)
          if (E.isRight(back)) expect(JSON.stringify(schema.codec.encode(back.right))).toBe(JSON.stringify(schema.codec.encode(a)))
        }),
        { numRuns: runs(100) },
      )
  })

  it('names the field path of every error', () => {
    const cases: [unknown, RegExp][] = [
      [{ ...EXAMPLE, mechanisms: [{ mechanism: 'posted-target' }] }, /^mechanisms\[0\]\.theta: missing, required for posted-target$/m],
      [
        { ...EXAMPLE, mechanisms: [{ mechanism: 'sbd', epsilon: '0.25', rebate: 'on', theta: '1' }] },
        /^mechanisms\[0\]\.theta: not a parameter of sbd \(it reads epsilon, rebate, bonus\)$/m,
      ],
      [
        { ...EXAMPLE, mechanisms: [{ mechanism: 'sbd', epsilon: '0.7', rebate: 'on' }] },
        /^mechanisms\[0\]\.epsilon: expected ε in \(0, 1\/2\)/m,
      ],
      [{ ...EXAMPLE, mechanisms: [{ mechanism: 'nope' }] }, /^mechanisms\[0\]\.mechanism: expected one of "sbd", /m],
      [{ ...EXAMPLE, strategies: [['recommended'], ['nope']] }, /^strategies\[1\]\[0\]: expected a strategy name/m],
      [{ ...EXAMPLE, horizons: [1000, 0] }, /^horizons\[1\]: expected a horizon T/m],
      [{ ...EXAMPLE, horizons: [1000, 1000] }, /^horizons\[1\]: duplicate of horizons\[0\]$/m],
      [{ ...EXAMPLE, seeds: { first: 2147483647, count: 2 } }, /^seeds\.count: seeds 2147483647\.\.2147483648 leave the seed range/m],
      [{ ...EXAMPLE, seeds: { first: 1, count: 0 } }, /^seeds\.count: expected a number of seeds/m],
      [{ ...EXAMPLE, scenario: ['a.json'] }, /^scenario: unexpected field$/m],
      [
        {
          ...EXAMPLE,
          horizons: Array.from({ length: 32 }, (_, i) => i + 1),
          seeds: { first: 0, count: 100000 },
          strategies: [['honest'], ['recommended'], ['full-cheat'], ['slack-riding']],
        },
        /^\(root\): the grid has 51200000 runs, more than 10000000$/m,
      ],
    ]
    for (const [json, pattern] of cases) {
      const r = decodeWith(Grid.codec, json)
      expect(E.isLeft(r) ? r.left.join('\n') : 'decoded', JSON.stringify(json)).toMatch(pattern)
    }
    expect(E.isRight(decodeWith(Grid.codec, EXAMPLE))).toBe(true)
  })

  it('enumerates every grid point exactly once, seeds innermost, and shards partition it evenly (i mod N)', () => {
    const small = Grid.arbitrary.filter((g) => gridSize(g) <= 400)
    fc.assert(
      fc.property(small, fc.integer({ min: 1, max: 9 }), (g, N) => {
        const size = gridSize(g)
        const keys = new Set<string>()
        for (let i = 0; i < size; i++) {
          const p = pointAt(g, i)
          expect(p.index).toBe(i)
          keys.add(JSON.stringify([p.scenario, p.setting, p.strategies, p.T, p.seed]))
          if (i % g.seeds.count !== 0) expect(p.seed).toBe(pointAt(g, i - 1).seed + 1)
        }
        expect(keys.size).toBe(size)
        const shards = Array.from({ length: N }, (_, k) => shardIndices(size, { index: k, count: N }))
        expect(shards.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: size }, (_, i) => i))
        const lengths = shards.map((s) => s.length)
        expect(Math.max(...lengths) - Math.min(...lengths)).toBeLessThanOrEqual(1)
        for (const [k, s] of shards.entries()) for (const i of s) expect(i % N).toBe(k)
      }),
      { numRuns: runs(100) },
    )
  })
})
