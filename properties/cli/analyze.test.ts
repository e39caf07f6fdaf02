/**
 * `sbd analyze` (proofs-notes §10): JSON fields on the examples, the table format, and exit 2
 * with a message naming the option (and why, with the limit) for bad or out-of-scope input,
 * with nothing on stdout.
 */
import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import type { CliIo } from '../../src/cli/io.ts'
import { BUILTIN_REGISTRY } from '../../src/plugin/registry.ts'
import { runCli } from '../../src/cli/program.ts'
import { Decimal } from '../../src/exact/decimal.ts'

const files: Record<string, string> = {
  'two.json': readFileSync('examples/two-provider-abstract.json', 'utf8'),
  'three.json': readFileSync('examples/three-provider-abstract.json', 'utf8'),
  'llm.json': readFileSync('examples/three-provider-llm.json', 'utf8'),
  'noise-free.json': readFileSync('examples/two-provider-abstract.json', 'utf8').replace('"bernoulli"', '"none"'),
  'curved-noise-free.json': readFileSync('examples/two-provider-abstract.json', 'utf8')
    .replace('"bernoulli"', '"none"')
    .replace('[{ "length": "0.5", "slope": "1" }]', '[{ "length": "0.25", "slope": "1" }, { "length": "0.25", "slope": "0.5" }]'),
}

const run = async (argv: readonly string[]) => {
  const out = { stdout: '', stderr: '' }
  const io: CliIo = {
    readText: (p) => {
      const t = files[p]
      if (t === undefined) throw new Error('ENOENT: no such file')
      return t
    },
    checkOutputDir: () => null,
    checkOutputFile: () => null,
    writeDir: () => 'unexpected write',
    writeFile: () => 'unexpected write',
    stdout: (t) => {
      out.stdout += t
    },
    stderr: (t) => {
      out.stderr += t
    },
    runStudy: async () => [],
    runChecks: () => 0,
    loadPlugins: async () => E.right(BUILTIN_REGISTRY),
  }
  const code = await runCli(['analyze', ...argv], io)
  return { code, ...out }
}

describe('sbd analyze', () => {
  it('reports every field on the two-provider example (JSON, decimal strings in USD)', async () => {
    const r = await run(['--scenario', 'two.json', '--horizon', '1000', '--epsilon', '0.25', '--rebate', 'on'])
    expect(r.code, r.stderr).toBe(0)
    const j = JSON.parse(r.stdout)
    for (const k of ['expectedUserUtility', 'secondBest', 'shortfallBound', 'eta', 'errorBound', 'r']) expect(typeof j[k], k).toBe('string')
    expect(j.L).toBe(178)
    expect(j.secondBest).toBe('600')
    expect(j.providers.map((p: { id: string }) => p.id)).toEqual(['a', 'b'])
    for (const p of j.providers) {
      expect(Number(p.optimalDeviation.gain)).toBeLessThanOrEqual(Number(p.provenBound))
      expect(Number(p.provenBound)).toBeLessThanOrEqual(Number(j.eta))
      expect(Number(p.optimalDeviation.value)).toBeCloseTo(Number(p.expectedProfit) + Number(p.optimalDeviation.gain), 6)
      // The achievable deviation (§10.5) is a strategy: its gain is at most the upper bound.
      expect(Number(p.optimalDeviation.achievableGain)).toBeLessThanOrEqual(Number(p.optimalDeviation.gain) + Number(j.errorBound))
      expect(Number(p.optimalDeviation.achievableValue)).toBeCloseTo(
        Number(p.expectedProfit) + Number(p.optimalDeviation.achievableGain),
        6,
      )
    }
  })

  it('works on the three-provider example, as a table', async () => {
    const r = await run(['--scenario', 'three.json', '--horizon', '600', '--epsilon', '0.3', '--rebate', 'off', '--format', 'table'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/E\[U\]/)
    expect(r.stdout.split('\n').filter((l) => /^[abc] /.test(l))).toHaveLength(3)
  })

  it('works on the noise-free two-provider example: exact decimals, error bound 0, the best response named', async () => {
    const r = await run(['--scenario', 'noise-free.json', '--horizon', '3000', '--epsilon', '0.25', '--rebate', 'off'])
    expect(r.code, r.stderr).toBe(0)
    const j = JSON.parse(r.stdout)
    expect(j.errorBound).toBe('0')
    expect(j.method).toMatch(/noise-free/)
    for (const p of j.providers) {
      // Exact: value = E[Π] + gain to the last digit.
      expect(new Decimal(p.expectedProfit).plus(p.optimalDeviation.gain).toString()).toBe(p.optimalDeviation.value)
      expect(new Decimal(p.optimalDeviation.gain).lte(p.provenBound)).toBe(true)
    }
    expect(j.providers.map((p: { optimalDeviation: { bestResponse: string } }) => p.optimalDeviation.bestResponse)).toEqual([
      'slack-riding',
      'full-cheat-exploration',
    ])
  })

  it('adds each provider’s harm at --tolerance, bracketed, with --bonus (proofs-notes §14.9)', async () => {
    const r = await run(['--scenario', 'two.json', '--horizon', '300', '--rebate', 'on', '--bonus', '0.1', '--tolerance', '1'])
    expect(r.code, r.stderr).toBe(0)
    const j = JSON.parse(r.stdout)
    expect(j.bonus).toBe('0.1')
    for (const p of j.providers) {
      const h = p.harm
      for (const k of [
        'tolerance',
        'leastUserUtility',
        'harm',
        'multiplier',
        'playableUserUtility',
        'playableProfit',
        'playableHarm',
        'errorBound',
      ])
        expect(typeof h[k], k).toBe('string')
      const err = Number(h.errorBound)
      expect(Number(h.leastUserUtility)).toBeLessThanOrEqual(Number(h.playableUserUtility) + err)
      expect(Number(h.playableHarm)).toBeLessThanOrEqual(Number(h.harm) + err)
      expect(Number(h.playableProfit)).toBeGreaterThanOrEqual(Number(p.expectedProfit) - 1 - err)
    }
  })

  it.each([
    [['--scenario', 'llm.json', '--horizon', '1000'], /--scenario: .*abstract instances only/],
    [['--scenario', 'curved-noise-free.json', '--horizon', '1000'], /--scenario: .*linear frontier .*provider a has 2 segments/],
    [['--scenario', 'noise-free.json', '--horizon', '2000000'], /--horizon: .*limit 1000000/],
    [['--scenario', 'two.json', '--horizon', '100000'], /--horizon: .*limit 30000/],
    [['--scenario', 'two.json', '--horizon', '20'], /--horizon: .*too short/],
    [['--scenario', 'two.json', '--epsilon', '0.5'], /--epsilon/],
    [['--scenario', 'two.json', '--rebate', 'maybe'], /rebate/],
    [['--scenario', 'missing.json'], /--scenario: cannot read/],
    [['--horizon', '1000'], /--scenario: required/],
    [['--scenario', 'two.json', '--horizon', '300', '--tolerance', '-1'], /--tolerance: expected a decimal ζ ≥ 0/],
    [['--scenario', 'two.json', '--horizon', '300', '--tolerance', 'x'], /--tolerance/],
    [['--scenario', 'three.json', '--horizon', '300', '--tolerance', '1'], /--tolerance: .*n = 2 providers/],
    [['--scenario', 'two.json', '--horizon', '300', '--bonus', '0.1', '--rebate', 'off'], /--bonus: .*needs --rebate on/],
    [['--scenario', 'two.json', '--horizon', '300', '--bonus', '-0.1'], /--bonus/],
    [['--scenario', 'two.json', '--horizon', '20000', '--tolerance', '1'], /--tolerance: .*limit 10000/],
  ])('exit 2 on %j, naming the option, nothing on stdout', async (argv, message) => {
    const r = await run(argv)
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(message)
  })
})
