/**
 * `--plugin FILE` (src/plugin/): the example plug-ins (examples/plugins/) run in simulate, in
 * `--reps` and sweeps over worker threads (each thread loads the plug-in file itself), and join
 * the study's families; bad plug-ins are bad input (exit 2, every message, nothing written).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/program.ts'
import { cellsOf, studyScenario } from '../../src/experiments/cells.ts'
import { buildInstanceModel } from '../../src/model/instance-model.ts'
import { parseScenarioText } from '../../src/codec/report-errors.ts'
import { fencesOf, transcript, words } from '../docs/fences.ts'
import { memoryIo } from './memory-io.ts'

const LAZY = 'examples/plugins/lazy.ts'
const ETC = 'examples/plugins/explore-then-commit.ts'
const SCENARIO = 'examples/two-provider-abstract.json'

const cli = async (argv: readonly string[], files: Readonly<Record<string, string>> = {}) => {
  const { io, state } = memoryIo(files)
  const code = await runCli(argv, io)
  return { code, ...state }
}

const scratch = mkdtempSync(join(tmpdir(), 'sbd-plugins-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))
const pluginFile = (name: string, body: string): string => {
  const p = join(scratch, name)
  writeFileSync(p, body)
  return p
}

describe('sbd --plugin', () => {
  it('simulate plays a plug-in strategy and a plug-in mechanism by name', async () => {
    const r = await cli([
      'simulate',
      '--plugin',
      LAZY,
      '--scenario',
      SCENARIO,
      '--strategy',
      'lazy',
      '--strategy',
      'recommended',
      '--horizon',
      '20000',
      '--seed',
      '3',
    ])
    expect(r.code, r.stderr).toBe(0)
    const report = JSON.parse(r.stdout) as { fired: { provider: string }[] }
    expect(report.fired.map((f) => f.provider)).toEqual(['a'])
    const m = await cli([
      'simulate',
      '--plugin',
      ETC,
      '--mechanism',
      'explore-then-commit',
      '--scenario',
      SCENARIO,
      '--strategy',
      'full-cheat',
      '--horizon',
      '10000',
    ])
    expect(m.code, m.stderr).toBe(0)
    expect(JSON.parse(m.stdout)).toMatchObject({ mechanism: 'ExploreThenCommit(ε=0.25)', epsilon: '0.25', rebate: null })
    // The plug-in mechanism reads ε only: the rebate is refused, as for the built-in ones.
    const refused = await cli(['simulate', '--plugin', ETC, '--mechanism', 'explore-then-commit', '--scenario', SCENARIO, '--rebate', 'on'])
    expect([refused.code, refused.stderr, refused.stdout]).toEqual([
      2,
      'error: --rebate: not a parameter of explore-then-commit (it reads --epsilon)\n',
      '',
    ])
  })

  it('--reps on worker threads: each thread loads the plug-in, and the estimates do not depend on the number of workers', async () => {
    const args = [
      'simulate',
      '--plugin',
      LAZY,
      '--scenario',
      SCENARIO,
      '--strategy',
      'lazy',
      '--strategy',
      'recommended',
      '--horizon',
      '5000',
      '--seed',
      '1',
      '--reps',
      '4',
    ]
    const [here, threads] = await Promise.all([cli([...args, '--workers', '0']), cli([...args, '--workers', '2'])])
    expect(here.code, here.stderr).toBe(0)
    expect(threads.code, threads.stderr).toBe(0)
    expect(threads.stdout).toBe(here.stdout)
    expect(JSON.parse(here.stdout)).toMatchObject({
      strategies: [
        { provider: 'a', strategy: 'lazy' },
        { provider: 'b', strategy: 'recommended' },
      ],
      reps: 4,
    })
  })

  it('a sweep grid names plug-in strategies and mechanisms; a shard runs on worker threads and merges', async () => {
    const grid = {
      $schema: '../schema/grid.schema.json',
      name: 'plugin-sweep',
      scenarios: ['two-provider-abstract.json'],
      mechanisms: [
        { mechanism: 'sbd', epsilon: '0.25', rebate: 'on' },
        { mechanism: 'explore-then-commit', epsilon: '0.3' },
      ],
      strategies: [['lazy', 'recommended'], ['recommended']],
      horizons: [4000],
      seeds: { first: 1, count: 2 },
    }
    const files = { 'examples/plugin-grid.json': JSON.stringify(grid) }
    const { io, state } = memoryIo(files)
    const code = await runCli(
      ['sweep', '--plugin', LAZY, '--plugin', ETC, '--grid', 'examples/plugin-grid.json', '--out', 'out/0', '--workers', '2'],
      io,
    )
    expect(code, state.stderr).toBe(0)
    const lines = (state.contents['out/0']!.find((f) => f.name === 'runs.jsonl')!.contents as string)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { mechanism: string; strategies: string[] })
    expect(lines.length).toBe(8)
    expect(new Set(lines.map((l) => l.mechanism))).toEqual(new Set(['sbd', 'explore-then-commit']))
    expect(lines.some((l) => l.strategies[0] === 'lazy')).toBe(true)
    // merge reads shards that name plug-in mechanisms and strategies without loading the plug-ins.
    const merged = await runCli(['merge', 'out/0', '--out', 'merged'], io)
    expect(merged, state.stderr).toBe(0)
    const runsCsv = state.contents.merged!.find((f) => f.name === 'runs.csv')!.contents
    expect(runsCsv).toMatch(/explore-then-commit/)
    expect(runsCsv).toMatch(/lazy/)
    // The same grid without the plug-ins names unknown strategies and mechanisms: bad input.
    const without = await cli(['sweep', '--grid', 'examples/plugin-grid.json', '--out', 'out/1'], files)
    expect(without.code).toBe(2)
    expect(without.stderr).toMatch(/mechanisms\[1\]\.mechanism: expected one of "sbd"/)
    expect(without.stderr).toMatch(/strategies\[0\]\[0\]: expected a strategy name/)
  })

  it("the guide's sweep command (guides/add-a-strategy.md) runs, on worker threads, with the plug-in strategy in its grid", async () => {
    const guide = readFileSync('guides/add-a-strategy.md', 'utf8')
    const block = fencesOf('guides/add-a-strategy.md', guide).find((f) => f.lang === 'sh' && f.body.includes('sbd sweep --plugin'))!
    const [step] = transcript(block.body)
    const argv = words(step!.command).slice(1)
    const { io, state } = memoryIo()
    const code = await runCli([...argv, '--workers', '2'], io)
    expect(code, state.stderr).toBe(0)
    const out = argv[argv.indexOf('--out') + 1]!
    const runs = (state.contents[out]!.find((f) => f.name === 'runs.jsonl')!.contents as string)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { strategies: string[] })
    expect(runs.length).toBe(2 * 2 * 2 * 4)
    expect(runs.filter((r) => r.strategies[0] === 'lazy').length).toBe(16)
  })

  it('experiment study: the plug-in strategies join every provider family of every cell', async () => {
    const r = await cli([
      'experiment',
      'study',
      '--plugin',
      LAZY,
      '--scenario',
      SCENARIO,
      '--horizons',
      '1000',
      '--epsilons',
      '0.25',
      '--seeds',
      '2',
      '--out',
      'study',
    ])
    expect(r.code, r.stderr).toBe(0)
    const spec = r.studies[0]!
    expect(spec.pluginStrategies).toEqual(['lazy'])
    const model = buildInstanceModel((parseScenarioText(readFileSync(SCENARIO, 'utf8')) as E.Right<never>).right)
    if (E.isLeft(model)) throw new Error(model.left)
    const scenario = studyScenario('s', model.right, spec.scenarios[0]!.plan, 1, 1)
    if (E.isLeft(scenario)) throw new Error(scenario.left)
    const { cells } = cellsOf(scenario.right, [{ kind: 'plugin', name: 'lazy' }])
    expect(cells.length).toBeGreaterThan(0)
    for (const c of cells) for (const family of c.families) expect(family).toContainEqual({ kind: 'plugin', name: 'lazy' })
    // The default study has fixed families.
    const all = await cli(['experiment', 'all', '--plugin', LAZY])
    expect([all.code, all.stderr]).toEqual([
      2,
      'error: --plugin: only for "experiment study" (the default study "all" has fixed families)\n',
    ])
  })

  it("analyze: a plug-in strategy's estimated gain beside the exact optimal deviation, which it cannot exceed", async () => {
    const r = await cli(['analyze', '--plugin', LAZY, '--scenario', SCENARIO, '--horizon', '1000'])
    expect(r.code, r.stderr).toBe(0)
    const report = JSON.parse(r.stdout) as {
      providers: { id: string; optimalDeviation: { gain: string } }[]
      pluginStrategies: {
        strategy: string
        provider: string
        gain: { n: number; mean: string }
        optimalGain: string
        aboveOptimal: boolean
      }[]
    }
    expect(report.pluginStrategies.map((p) => [p.strategy, p.provider, p.gain.n, p.aboveOptimal])).toEqual([
      ['lazy', 'a', 16, false],
      ['lazy', 'b', 16, false],
    ])
    for (const [i, p] of report.pluginStrategies.entries()) expect(p.optimalGain).toBe(report.providers[i]!.optimalDeviation.gain)
    const plain = await cli(['analyze', '--scenario', SCENARIO, '--horizon', '1000'])
    expect(JSON.parse(plain.stdout)).not.toHaveProperty('pluginStrategies')
  })

  it('bad plug-ins: exit 2 before anything runs, every message naming --plugin and the file', async () => {
    const noDefault = pluginFile('no-default.mjs', 'export const x = 1\n')
    const clash = pluginFile('clash.mjs', "export default { strategies: [{ name: 'honest', description: 'x', create: () => null }] }\n")
    const noParams = pluginFile('no-params.mjs', "export default { mechanisms: [{ name: 'm', description: 'x', create: () => null }] }\n")
    const r = await cli([
      'simulate',
      '--plugin',
      'missing.mjs',
      '--plugin',
      noDefault,
      '--plugin',
      clash,
      '--plugin',
      noParams,
      '--scenario',
      SCENARIO,
    ])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.written).toEqual([])
    const lines = r.stderr.trim().split('\n')
    expect(lines[0]).toMatch(/^error: --plugin: cannot load missing\.mjs: /)
    expect(lines.slice(1)).toEqual([
      `error: --plugin: ${noDefault}: has no default export (expected export default {strategies?, mechanisms?})`,
      `error: --plugin: ${clash}: strategies[0].name: "honest" is a built-in strategy name`,
      `error: --plugin: ${noParams}: mechanisms[0].parameters: expected a list of epsilon, rebate, theta, lambda, bonus (possibly empty)`,
    ])
    // Two files registering the same name.
    const twice = await cli(['simulate', '--plugin', LAZY, '--plugin', LAZY, '--scenario', SCENARIO])
    expect([twice.code, twice.stderr]).toEqual([2, `error: --plugin: ${LAZY}: strategies[0].name: "lazy" is already registered\n`])
  })
})
