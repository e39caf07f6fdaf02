import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/program.ts'
import * as E from 'fp-ts/lib/Either.js'
import { Grid, gridSize } from '../../src/sweep/grid.ts'
import { memoryIo } from '../cli/memory-io.ts'
import { runs } from '../settings.ts'

type Files = ReadonlyArray<{ readonly name: string; readonly contents: string }>

/**
 * Small grids the engine can play fast: feasible ε and horizons, the two example scenarios, few cells,
 * and a posted target θ that both scenarios' money grids hold (the LLM scenario's grid of 1e-13 USD
 * refuses θ = 2, rightly: a θ drawn from the whole codec domain made the property fail on its own
 * generator at SEED=777, THOROUGH=1).
 */
const smallGrid = Grid.arbitrary
  .chain((g) =>
    fc.record({
      g: fc.constant(g),
      scenarios: fc.subarray(['two-provider-abstract.json', 'three-provider-llm.json'], { minLength: 1 }),
      epsilons: fc.array(fc.constantFrom('0.25', '0.3', '0.4'), { minLength: 3, maxLength: 3 }),
      thetas: fc.array(fc.constantFrom('0.03', '0.5', '1', '1.5'), { minLength: 3, maxLength: 3 }),
      horizons: fc.uniqueArray(fc.constantFrom(3000, 4000, 6000), { minLength: 1, maxLength: 2 }),
      first: fc.nat(1000),
      count: fc.integer({ min: 1, max: 3 }),
    }),
  )
  .map(({ g, scenarios, epsilons, thetas, horizons, first, count }) => {
    const encoded = Grid.codec.encode(g)
    const mechanisms = encoded.mechanisms
      .slice(0, 3)
      .map((m, i) => (m.epsilon === undefined ? m : { ...m, epsilon: epsilons[i] }))
      .map((m, i) => (m.theta === undefined ? m : { ...m, theta: thetas[i] }))
    const json = {
      ...encoded,
      scenarios,
      mechanisms: [...new Map(mechanisms.map((m) => [JSON.stringify(m), m])).values()],
      // One name for all providers: the scenarios have different numbers of providers.
      strategies: [...new Set(g.strategies.slice(0, 2).map((p) => p[0]!))].map((name) => [name]),
      horizons,
      seeds: { first, count },
    }
    return json
  })

/** Runs `sbd sweep` for shards 0..N−1 and `sbd merge` on one in-memory IO; returns the merged files. */
const sweepAndMerge = async (gridJson: unknown, N: number, order: (ks: number[]) => number[] = (ks) => ks) => {
  const { io, state } = memoryIo({ 'examples/grid.json': JSON.stringify(gridJson) })
  for (let k = 0; k < N; k++) {
    const code = await runCli(['sweep', '--grid', 'examples/grid.json', '--shard', `${k}/${N}`, '--out', `out/${k}`, '--workers', '0'], io)
    expect(code, state.stderr).toBe(0)
  }
  const dirs = order(Array.from({ length: N }, (_, k) => k)).map((k) => `out/${k}`)
  expect(await runCli(['merge', ...dirs, '--out', 'merged'], io), state.stderr).toBe(0)
  return { merged: state.contents.merged as Files, shards: Array.from({ length: N }, (_, k) => state.contents[`out/${k}`] as Files) }
}

const bytes = (files: Files): string => JSON.stringify(files.map((f) => [f.name, f.contents]))

describe('sbd sweep and sbd merge', () => {
  it('merging N = 1..4 shards (in any order) gives the bytes of the unsharded run, on random small grids', async () => {
    await fc.assert(
      fc.asyncProperty(smallGrid, async (gridJson) => {
        const grid = Grid.codec.decode(gridJson)
        if (E.isLeft(grid)) throw new Error('the test grid does not decode')
        const whole = await sweepAndMerge(gridJson, 1)
        const names = whole.merged.map((f) => f.name)
        expect(names).toEqual(
          expect.arrayContaining(['manifest.json', 'runs.csv', 'profits.csv', 'cells.csv', 'figures/user-utility-1.svg']),
        )
        const size = gridSize(grid.right)
        expect(whole.merged.find((f) => f.name === 'runs.csv')!.contents.split('\n').length).toBe(size + 2)
        for (let n = 2; n <= 4; n++) {
          const sharded = await sweepAndMerge(gridJson, n, (ks) => ks.reverse())
          expect(bytes(sharded.merged), `${n} shards`).toBe(bytes(whole.merged))
          // The shards' JSON Lines are the unsharded lines, dealt out by index mod n.
          const lines = whole.shards[0]!.find((f) => f.name === 'runs.jsonl')!
            .contents.split('\n')
            .slice(0, -1)
          for (const [k, files] of sharded.shards.entries())
            expect(files.find((f) => f.name === 'runs.jsonl')!.contents).toBe(
              lines
                .filter((_, i) => i % n === k)
                .map((l) => `${l}\n`)
                .join(''),
            )
        }
      }),
      { numRuns: runs(4) },
    )
  })

  it('merge refuses overlapping, missing, mixed and tampered shards (exit 2, a message naming them, nothing written)', async () => {
    const grid = {
      name: 'g',
      scenarios: ['two-provider-abstract.json'],
      mechanisms: [{ mechanism: 'sbd', epsilon: '0.3', rebate: 'on' }],
      strategies: [['recommended']],
      horizons: [3000],
      seeds: { first: 1, count: 5 },
    }
    const other = { ...grid, name: 'h', seeds: { first: 2, count: 5 } }
    const { io, state } = memoryIo({ 'examples/g.json': JSON.stringify(grid), 'examples/h.json': JSON.stringify(other) })
    const sweep = async (file: string, shard: string, out: string) =>
      expect(
        await runCli(['sweep', '--grid', `examples/${file}`, '--shard', shard, '--out', out, '--workers', '0'], io),
        state.stderr,
      ).toBe(0)
    await sweep('g.json', '0/2', 'g0')
    await sweep('g.json', '1/2', 'g1')
    await sweep('h.json', '1/2', 'h1')
    await sweep('g.json', '0/3', 'g0of3')
    const manifest = JSON.parse(io.readText('g1/manifest.json')) as Record<string, unknown>
    const lines = io.readText('g1/runs.jsonl')
    const tampered = memoryIo({
      'cut/manifest.json': io.readText('g1/manifest.json'),
      'cut/runs.jsonl': lines.split('\n').slice(0, 1).join('\n'),
      'edit/manifest.json': io.readText('g1/manifest.json'),
      'edit/runs.jsonl': lines.replace('"seed":2', '"seed":3'),
      'bad/manifest.json': JSON.stringify({ ...manifest, shard: { index: 2, count: 2 } }),
      'bad/runs.jsonl': lines,
      'junk/manifest.json': '{',
      'junk/runs.jsonl': '',
      'g0/manifest.json': io.readText('g0/manifest.json'),
      'g0/runs.jsonl': io.readText('g0/runs.jsonl'),
    })
    const cases: [typeof io, string[], RegExp][] = [
      [io, ['g0', 'g0', 'g1'], /overlapping shards: shard 0\/2 is given twice \(g0 and g0\)/],
      [io, ['g0'], /missing shards 1\/2 \(all 2 shards of the grid are needed\)/],
      [io, ['g0', 'h1'], /mixed grids: g0 holds grid "g" \(digest [0-9a-f]{12}…\), h1 holds grid "h"/],
      [io, ['g0', 'g0of3'], /mixed shard counts: g0 is shard 0\/2, g0of3 is shard 0\/3/],
      [io, ['nowhere'], /nowhere\/manifest.json: cannot read/],
      [tampered.io, ['g0', 'cut'], /cut: shard 1\/2 of this grid has 2 runs, its runs.jsonl holds 1/],
      [tampered.io, ['g0', 'edit'], /edit: runs.jsonl line 1 is not run 1 of the grid/],
      [tampered.io, ['g0', 'bad'], /bad\/manifest.json: shard.index: expected a shard index below 2, got 2/],
      [tampered.io, ['junk'], /junk\/manifest.json: invalid JSON at line 1, column 2/],
    ]
    for (const [where, dirs, pattern] of cases) {
      const s = where === io ? state : tampered.state
      s.stderr = ''
      const before = s.written.length
      expect(await runCli(['merge', ...dirs, '--out', 'merged'], where), dirs.join(' ')).toBe(2)
      expect(s.stderr).toMatch(pattern)
      expect(s.written.length).toBe(before)
    }
    // Not into a folder being merged.
    state.stderr = ''
    expect(await runCli(['merge', 'g0', 'g1', '--out', 'g1'], io)).toBe(2)
    expect(state.stderr).toMatch(/--out: "g1" would replace the shard folder "g1" being merged/)
    // The two halves merge.
    expect(await runCli(['merge', 'g1', 'g0', '--out', 'merged'], io)).toBe(0)
  })

  it('sweep refuses a bad grid, shard or cell before running anything (exit 2, nothing written)', async () => {
    const grid = {
      name: 'g',
      scenarios: ['two-provider-abstract.json'],
      mechanisms: [{ mechanism: 'sbd', epsilon: '0.3', rebate: 'on' }],
      strategies: [['recommended']],
      horizons: [3000],
      seeds: { first: 1, count: 2 },
    }
    const files = {
      'examples/ok.json': JSON.stringify(grid),
      'examples/short.json': JSON.stringify({ ...grid, horizons: [3000, 20] }),
      'examples/field.json': JSON.stringify({ ...grid, mechanisms: [{ mechanism: 'posted-target' }] }),
      'examples/missing.json': JSON.stringify({ ...grid, scenarios: ['nope.json'] }),
      'examples/broken.json': '{"name": ',
    }
    const cases: [string[], RegExp][] = [
      [['--grid', 'examples/ok.json', '--shard', '2/2', '--out', 'o'], /--shard: expected k\/N with 0 ≤ k < N .* got "2\/2"/],
      [['--grid', 'examples/ok.json', '--shard', '1/0', '--out', 'o'], /--shard: expected k\/N/],
      [['--grid', 'examples/ok.json', '--shard', 'x', '--out', 'o'], /--shard: expected k\/N/],
      [['--grid', 'examples/ok.json'], /--out: required/],
      [['--out', 'o'], /--grid: required/],
      [['--grid', 'examples/ok.json', '--out', 'o', '--workers', 'many'], /--workers: expected an integer/],
      [
        ['--grid', 'examples/short.json', '--out', 'o'],
        /grid cell \{"scenario":"two-provider-abstract.json",.*"T":20\}: --horizon: T = 20 is too short/,
      ],
      [
        ['--grid', 'examples/field.json', '--out', 'o'],
        /examples\/field.json: mechanisms\[0\]\.theta: missing, required for posted-target/,
      ],
      [['--grid', 'examples/missing.json', '--out', 'o'], /examples\/missing.json: scenarios\[0\]: cannot read "examples\/nope.json"/],
      [['--grid', 'examples/broken.json', '--out', 'o'], /examples\/broken.json: invalid JSON at line 1/],
      [['--grid', 'examples/absent.json', '--out', 'o'], /--grid: cannot read "examples\/absent.json"/],
      [['--grid', 'examples/ok.json', '--out', 'foreign'], /--out: cannot write "foreign": not written by sbd/],
    ]
    for (const [args, pattern] of cases) {
      const { io: base, state } = memoryIo(files)
      // The writer refuses folders it did not create (the real check lives in src/report/).
      const io = { ...base, checkOutputDir: (dir: string) => (dir === 'foreign' ? '"foreign": not written by sbd' : null) }
      expect(await runCli(['sweep', ...args], io), args.join(' ')).toBe(2)
      expect(state.stderr).toMatch(pattern)
      expect(state.stdout).toBe('')
      expect(state.written).toEqual([])
    }
  })
})
