/**
 * One consistent CLI: the same defaults in every command (ε = 0.25, rebate on), options a
 * mechanism does not read refused as grids refuse them, `sbd validate`, `--version`, `$schema`
 * accepted in scenario files and grids, a warning per violated assumption (§1.3), and an analyze
 * table whose columns never run together.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/program.ts'
import { memoryIo } from './memory-io.ts'

const ABSTRACT = 'examples/two-provider-abstract.json'

const cli = async (argv: readonly string[], files: Readonly<Record<string, string>> = {}) => {
  const { io, state } = memoryIo(files)
  const code = await runCli(argv, io)
  return { code, ...state }
}

describe('one consistent CLI', () => {
  it('--version prints the package version', async () => {
    const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version
    const r = await cli(['--version'])
    expect([r.code, r.stdout]).toEqual([0, `${version}\n`])
  })

  it('simulate and analyze have the same ε and rebate defaults (0.25, on)', async () => {
    const sim = await cli(['simulate', '--scenario', ABSTRACT, '--horizon', '3000'])
    const ana = await cli(['analyze', '--scenario', ABSTRACT, '--horizon', '1000'])
    expect(sim.code, sim.stderr).toBe(0)
    expect(ana.code, ana.stderr).toBe(0)
    const s = JSON.parse(sim.stdout) as { epsilon: string; rebate: string }
    const a = JSON.parse(ana.stdout) as { epsilon: string; rebate: string }
    expect([s.epsilon, s.rebate]).toEqual(['0.25', 'on'])
    expect([a.epsilon, a.rebate]).toEqual([s.epsilon, s.rebate])
  })

  it('options a mechanism does not read are refused, as in sweep grids', async () => {
    const r = await cli(['simulate', '--scenario', ABSTRACT, '--mechanism', 'pay-the-bill', '--rebate', 'on', '--theta', '3'])
    expect([r.code, r.stdout, r.stderr]).toEqual([
      2,
      '',
      'error: --rebate: not a parameter of pay-the-bill (it reads none)\nerror: --theta: not a parameter of pay-the-bill (it reads none)\n',
    ])
    const eps = await cli(['simulate', '--scenario', ABSTRACT, '--mechanism', 'posted-target', '--theta', '0.6', '--epsilon', '0.3'])
    expect([eps.code, eps.stderr]).toEqual([2, 'error: --epsilon: not a parameter of posted-target (it reads --theta)\n'])
    const ok = await cli(['simulate', '--scenario', ABSTRACT, '--mechanism', 'posted-target', '--theta', '0.6', '--horizon', '2000'])
    expect(ok.code, ok.stderr).toBe(0)
  })

  it('"$schema" is accepted and ignored in scenario files and grids; any other unknown key is still refused', async () => {
    const scenario = JSON.parse(readFileSync(ABSTRACT, 'utf8')) as Record<string, unknown>
    const files = {
      'with.json': JSON.stringify({ $schema: '../schema/scenario.schema.json', ...scenario }),
      'other.json': JSON.stringify({ other: 1, ...scenario }),
      'bad-hint.json': JSON.stringify({ $schema: 3, ...scenario }),
    }
    const plain = await cli(['simulate', '--scenario', ABSTRACT, '--horizon', '2000'])
    const hinted = await cli(['simulate', '--scenario', 'with.json', '--horizon', '2000'], files)
    expect(hinted.code, hinted.stderr).toBe(0)
    expect(hinted.stdout.replace('"with.json"', `"${ABSTRACT}"`)).toBe(plain.stdout)
    const other = await cli(['simulate', '--scenario', 'other.json'], files)
    expect([other.code, other.stderr]).toEqual([2, 'error: other.json: other: unexpected field\n'])
    const bad = await cli(['simulate', '--scenario', 'bad-hint.json'], files)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/^error: bad-hint\.json: \$schema: expected a string/)
    const grid = { $schema: 'https://example.org/grid.json', ...(JSON.parse(readFileSync('examples/sweep-grid.json', 'utf8')) as object) }
    const v = await cli(['validate', 'examples/hinted-grid.json'], { 'examples/hinted-grid.json': JSON.stringify(grid) })
    expect(v.code, v.stderr).toBe(0)
    expect(v.stdout).toMatch(/^examples\/hinted-grid\.json: a valid sweep grid "example-sweep": 384 runs/)
  })

  it('validate prints every assumption verdict with the theorem it serves; a bad file is bad input', async () => {
    const ok = await cli(['validate', ABSTRACT])
    expect(ok.code, ok.stderr).toBe(0)
    const lines = ok.stdout.split('\n')
    expect(lines[0]).toBe(`${ABSTRACT}: a valid abstract scenario "two-provider-abstract": 2 providers, range [0, 1] USD (R = 1)`)
    for (const a of ['IR', 'A', 'D', 'P', 'U']) expect(ok.stdout).toMatch(new RegExp(`^  ${a} +holds  .* — used by .*§`, 'm'))
    const llm = await cli(['validate', 'examples/default-llm.json'])
    expect(llm.code, llm.stderr).toBe(0)
    expect(llm.stdout).toMatch(
      /^ {2}U +FAILS {2}.*\n {9}deepseek-v3: μ\^min = 0\.04329 > ū_\(2\) = 0\.0408 USD\n {9}so: the upper bound .* of Theorem 2 does not hold/m,
    )
    const notConcave = 'guides/examples/not-concave.json'
    const bad = await cli(['validate', notConcave], { [notConcave]: readFileSync(notConcave, 'utf8') })
    expect(bad.code).toBe(2)
    expect(bad.stdout).toBe('')
    expect(bad.stderr).toMatch(/^error: guides\/examples\/not-concave\.json: /)
  })

  it('simulate and analyze warn once per violated assumption on stderr; the report is unchanged', async () => {
    const r = await cli(['simulate', '--scenario', 'examples/default-llm.json', '--horizon', '3000'])
    expect(r.code).toBe(0)
    expect(r.stderr).toBe(
      'warning: Assumption U fails (deepseek-v3: μ^min = 0.04329 > ū_(2) = 0.0408 USD): the upper bound E[U] ≤ SB + LR + 2rT + 2R of Theorem 2 does not hold (the lower bound still does)\n',
    )
    expect(() => JSON.parse(r.stdout)).not.toThrow()
    const clean = await cli(['simulate', '--scenario', ABSTRACT, '--horizon', '3000'])
    expect(clean.stderr).toBe('')
  })

  it('the analyze table: every provider row splits into its six columns', async () => {
    const r = await cli(['analyze', '--scenario', ABSTRACT, '--horizon', '1000', '--format', 'table'])
    expect(r.code, r.stderr).toBe(0)
    const lines = r.stdout.trimEnd().split('\n')
    const header = lines.findIndex((l) => l.startsWith('provider'))
    expect(lines[header]!.split(/ {2,}/)).toEqual(['provider', 'E[Π] (τ*)', 'optimal value ≤', 'gain ≤', 'achievable gain', 'G_i'])
    for (const row of lines.slice(header + 1)) expect(row.split(/ {2,}/).length).toBe(6)
  })
})

describe('experiment study', () => {
  it('warns once per violated assumption before running, and its default ε are those SBD can run at the smallest horizon', async () => {
    const r = await cli([
      'experiment',
      'study',
      '--scenario',
      'examples/default-llm.json',
      '--horizons',
      '10000',
      '--seeds',
      '2',
      '--out',
      'o',
    ])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/^warning: Assumption U fails \(deepseek-v3: .*\n/)
    // Five providers: ε = 0.1 cannot run at T = 10^4 ((n+1)·⌈T^0.9⌉ + 1 > T).
    expect(r.studies[0]!.scenarios[0]!.plan.epsilons).toEqual(['0.25', '0.4'])
    const two = await cli(['experiment', 'study', '--scenario', ABSTRACT, '--horizons', '100000', '--seeds', '2', '--out', 'o'])
    expect(two.studies[0]!.scenarios[0]!.plan.epsilons).toEqual(['0.1', '0.25', '0.4'])
  })
})
