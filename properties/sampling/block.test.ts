/**
 * Block outcome counts (proofs-notes §13.1, Proposition 13.2): the indexing is `outcomeIndex`'s
 * (exactly, on deterministic tables); the law is the per-round law (pooled counts against the
 * exact outcome probabilities, with the per-round simulation of the same table in the same bands);
 * the biased sampler fails the same check; the exact sums equal the per-round bigint sums.
 */
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { parseScenarioText } from '../../src/codec/report-errors.ts'
import { buildInstanceModel } from '../../src/model/instance-model.ts'
import { type OutcomeTable, outcomeIndex } from '../../src/model/outcome-table.ts'
import { type BlockSampler, biasedBlockSampler, exactBlockSampler, exactSums, outcomeCounts } from '../../src/sampling/block.ts'
import { WORDS } from '../../src/sampling/dyadic.ts'
import { SEED, runs } from '../settings.ts'
import { type Cell, outOfBand, seededBits } from './law-bands.ts'

/** A table with the given thresholds and random integer amounts below 2^43 in magnitude. */
const tableArb = (lengths: number): fc.Arbitrary<OutcomeTable> =>
  fc
    .record({
      branch: fc.integer({ min: 0, max: WORDS }),
      correct: fc.tuple(fc.integer({ min: 0, max: WORDS }), fc.integer({ min: 0, max: WORDS })),
      cuts: fc.array(fc.integer({ min: 0, max: WORDS }), { minLength: lengths - 1, maxLength: lengths - 1 }),
      amounts: fc.array(fc.integer({ min: -(2 ** 43), max: 2 ** 43 }), { minLength: 8 * lengths, maxLength: 8 * lengths }),
    })
    .map(({ branch, correct, cuts, amounts }) => ({
      key: 'random',
      branchThreshold: branch,
      correctThreshold: correct,
      lengthThreshold: [...[...cuts].sort((a, b) => a - b), WORDS],
      x: Float64Array.from(amounts.slice(0, 4 * lengths)),
      y: Float64Array.from(amounts.slice(4 * lengths)),
    }))

const anyTableArb = fc.integer({ min: 1, max: 5 }).chain(tableArb)

/** The exact probability of each outcome index of `table` (products of dyadic rationals; floats good to 2^−50 relative). */
const outcomeProbabilities = (table: OutcomeTable): number[] => {
  const L = table.lengthThreshold.length
  const lengthP = table.lengthThreshold.map((t, k) => ((k === L - 1 ? WORDS : t) - (k === 0 ? 0 : table.lengthThreshold[k - 1]!)) / WORDS)
  const p: number[] = []
  for (let branch = 0; branch < 2; branch++) {
    const pb = branch === 1 ? table.branchThreshold / WORDS : 1 - table.branchThreshold / WORDS
    const pc = table.correctThreshold[branch as 0 | 1] / WORDS
    for (let correct = 0; correct < 2; correct++) for (let k = 0; k < L; k++) p.push(pb * (correct === 1 ? pc : 1 - pc) * lengthP[k]!)
  }
  return p
}

/** The pooled counts of `reps` blocks of `k` rounds, and the per-round counts of as many rounds. */
const pooledCounts = (sampler: BlockSampler, table: OutcomeTable, k: number, reps: number, seed: number): Float64Array => {
  const bits = seededBits(seed)
  const pooled = new Float64Array(4 * table.lengthThreshold.length)
  for (let r = 0; r < reps; r++) {
    const c = sampler(table, k, bits)
    for (let o = 0; o < c.length; o++) pooled[o]! += c[o]!
  }
  return pooled
}

const perRoundCounts = (table: OutcomeTable, rounds: number, seed: number): Float64Array => {
  const bits = seededBits(seed)
  const counts = new Float64Array(4 * table.lengthThreshold.length)
  for (let t = 0; t < rounds; t++) counts[outcomeIndex(table, bits(), bits(), bits())]!++
  return counts
}

const cellsOf = (table: OutcomeTable, counts: Float64Array): Cell[] =>
  outcomeProbabilities(table).map((p, o) => ({ label: `outcome ${o}`, count: counts[o]!, p }))

/** The default LLM scenario's compiled honest and full-cheat tables of every provider. */
const llmTables = (): OutcomeTable[] => {
  const model = E.chainW(buildInstanceModel)(
    parseScenarioText(readFileSync(new URL('../../examples/default-llm.json', import.meta.url), 'utf8')),
  )
  if (E.isLeft(model)) throw new Error(String(model.left))
  return model.right.providers.flatMap((p, i) => [model.right.compile(i, p.honest), model.right.compile(i, p.fullCheat)])
}

describe('outcomeCounts', () => {
  it('indexes outcomes as outcomeIndex does: on tables whose thresholds are all 0 or 2^32, every round lands on outcomeIndex’s outcome', () => {
    const edge = fc.constantFrom(0, WORDS)
    fc.assert(
      fc.property(
        edge,
        fc.tuple(edge, edge),
        fc.integer({ min: 1, max: 5 }).chain((L) => fc.array(edge, { minLength: L - 1, maxLength: L - 1 })),
        fc.integer({ min: 0, max: 2 ** 40 }),
        (branch, correct, cuts, k) => {
          const lengthThreshold = [...[...cuts].sort((a, b) => a - b), WORDS]
          const L = lengthThreshold.length
          const table: OutcomeTable = {
            key: 'edge',
            branchThreshold: branch,
            correctThreshold: correct,
            lengthThreshold,
            x: new Float64Array(4 * L),
            y: new Float64Array(4 * L),
          }
          const expected = new Float64Array(4 * L)
          expected[outcomeIndex(table, 0, 0, 0)] = k
          expect(outcomeCounts(table, k, seededBits(SEED))).toStrictEqual(expected)
        },
      ),
      { numRuns: runs(200) },
    )
  })

  it('counts sum to k, and each outcome of probability 0 gets none', () => {
    const bits = seededBits(SEED)
    fc.assert(
      fc.property(anyTableArb, fc.oneof(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 2 ** 45 })), (table, k) => {
        const c = outcomeCounts(table, k, bits)
        expect(c.reduce((s, v) => s + v, 0)).toBe(k)
        outcomeProbabilities(table).forEach((p, o) => {
          if (p === 0) expect(c[o]).toBe(0)
        })
      }),
      { numRuns: runs(300) },
    )
  })

  it('has the per-round law: pooled counts of random tables in Bernstein bands around the exact probabilities, as the per-round counts are', () => {
    let seed = SEED
    fc.assert(
      fc.property(anyTableArb, fc.constantFrom(1, 7, 1000, 1_000_000), (table, k) => {
        const rounds = 200_000
        const reps = Math.max(1, Math.floor(rounds / k))
        const cells = cellsOf(table, pooledCounts(exactBlockSampler, table, k, reps, ++seed))
        expect(outOfBand(cells, reps * k)).toStrictEqual([])
        expect(outOfBand(cellsOf(table, perRoundCounts(table, reps * k, ++seed)), reps * k)).toStrictEqual([])
      }),
      { numRuns: runs(20) },
    )
  })

  it('… on the default LLM scenario’s compiled tables (honest and full cheat), blocks of 10^4 and 10^7 rounds', () => {
    llmTables().forEach((table, t) => {
      for (const [k, reps] of [
        [10_000, 200],
        [10_000_000, 20],
      ] as const)
        expect(
          outOfBand(cellsOf(table, pooledCounts(exactBlockSampler, table, k, reps, SEED + 31 * t + k)), reps * k),
          `table ${t}, k = ${k}`,
        ).toStrictEqual([])
    })
  })

  it('the biased sampler (+1% on every threshold) fails the same check on those tables (power)', () => {
    const biased = biasedBlockSampler(0.01)
    llmTables().forEach((table, t) => {
      const cells = cellsOf(table, pooledCounts(biased, table, 10_000_000, 20, SEED + 7 * t))
      // A table whose thresholds are all 0 or 2^32 is deterministic and no shift changes it.
      const random = outcomeProbabilities(table).filter((p) => p > 0 && p < 1).length > 0
      if (random) expect(outOfBand(cells, 20 * 10_000_000).length, `table ${t}`).toBeGreaterThan(0)
    })
  })

  it('biasedBlockSampler(0) is the exact sampler, draw for draw', () => {
    fc.assert(
      fc.property(anyTableArb, fc.integer({ min: 0, max: 2 ** 40 }), fc.integer(), (table, k, seed) => {
        expect(biasedBlockSampler(0)(table, k, seededBits(seed))).toStrictEqual(exactBlockSampler(table, k, seededBits(seed)))
      }),
      { numRuns: runs(200) },
    )
  })

  it('the same bits give the same counts', () => {
    for (const table of llmTables())
      expect(outcomeCounts(table, 123_456_789, seededBits(SEED))).toStrictEqual(outcomeCounts(table, 123_456_789, seededBits(SEED)))
  })
})

describe('exactSums', () => {
  it('equals the per-round bigint sums of X and Y of the rounds counted', () => {
    const bits = seededBits(SEED)
    fc.assert(
      fc.property(anyTableArb, fc.integer({ min: 0, max: 3000 }), (table, k) => {
        const counts = new Float64Array(4 * table.lengthThreshold.length)
        let x = 0n
        let y = 0n
        for (let t = 0; t < k; t++) {
          const o = outcomeIndex(table, bits(), bits(), bits())
          counts[o]!++
          x += BigInt(table.x[o]!)
          y += BigInt(table.y[o]!)
        }
        expect(exactSums(table, counts)).toStrictEqual({ x, y })
      }),
      { numRuns: runs(200) },
    )
  })

  it('stays exact where doubles would not: 10^9 rounds of amounts near 2^43', () => {
    const table: OutcomeTable = {
      key: 'big',
      branchThreshold: 2 ** 31,
      correctThreshold: [0, 0],
      lengthThreshold: [WORDS],
      x: Float64Array.from([2 ** 43 - 1, 0, -(2 ** 43) + 3, 0]),
      y: Float64Array.from([7, 0, 2 ** 43 - 5, 0]),
    }
    const counts = outcomeCounts(table, 1e9, seededBits(SEED))
    const [c0, c2] = [BigInt(counts[0]!), BigInt(counts[2]!)]
    expect(c0 + c2).toBe(1_000_000_000n)
    expect(exactSums(table, counts)).toStrictEqual({ x: c0 * (2n ** 43n - 1n) + c2 * (3n - 2n ** 43n), y: c0 * 7n + c2 * (2n ** 43n - 5n) })
  })
})
