import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/program.ts'
import { Decimal } from '../../src/exact/decimal.ts'
import { estimate, estimateJson } from '../../src/stats/interval.ts'
import { memoryIo } from './memory-io.ts'

const cli = async (argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  const { io, state } = memoryIo()
  const code = await runCli(argv, io)
  return { code, stdout: state.stdout, stderr: state.stderr }
}

// Outputs of `sbd simulate` recorded before replications existed (properties/cli/golden/); the
// full-cheat table re-recorded when the rebate default became `on` in every command.
const GOLDEN: readonly [string, readonly string[]][] = [
  [
    'simulate-abstract.json',
    [
      '--scenario',
      'examples/two-provider-abstract.json',
      '--mechanism',
      'sbd',
      '--epsilon',
      '0.25',
      '--horizon',
      '20000',
      '--seed',
      '3',
      '--rebate',
      'on',
    ],
  ],
  [
    'simulate-llm.txt',
    [
      '--scenario',
      'examples/three-provider-llm.json',
      '--horizon',
      '5000',
      '--seed',
      '11',
      '--strategy',
      'full-cheat',
      '--mechanism',
      'posted-target',
      '--theta',
      '0.02',
      '--format',
      'table',
    ],
  ],
  [
    'simulate-abstract-cheat.txt',
    [
      '--scenario',
      'examples/two-provider-abstract.json',
      '--horizon',
      '20000',
      '--seed',
      '5',
      '--strategy',
      'full-cheat',
      '--format',
      'table',
    ],
  ],
]

describe('sbd simulate --reps', () => {
  it('--reps 1 (and no --reps) prints the single-run report of before, byte for byte', async () => {
    for (const [file, args] of GOLDEN) {
      const golden = readFileSync(`properties/cli/golden/${file}`, 'utf8')
      for (const extra of [[], ['--reps', '1'], ['--reps', '1', '--workers', '3']]) {
        const r = await cli(['simulate', ...args, ...extra])
        expect(r.code, r.stderr).toBe(0)
        expect(r.stdout, `${file} ${extra.join(' ')}`).toBe(golden)
      }
    }
  })

  it('plays seeds s…s+N−1: the estimates equal those of N single runs, whatever the number of workers', async () => {
    const args = [
      'simulate',
      '--scenario',
      'examples/three-provider-llm.json',
      '--horizon',
      '3000',
      '--epsilon',
      '0.3',
      '--seed',
      '41',
      '--strategy',
      'margin-10R',
    ]
    const N = 5
    const singles = await Promise.all(
      // --reps leaps by default where SBD applies (proofs-notes §13.3): the single runs then leap too.
      Array.from({ length: N }, (_, k) => cli([...args.slice(0, -4), '--seed', String(41 + k), ...args.slice(-2), '--engine', 'leap'])),
    )
    const reports = singles.map(
      (r) =>
        JSON.parse(r.stdout) as { userUtility: string; fired: unknown[]; phases: Record<string, number>; providers: { profit: string }[] },
    )
    const byWorkers = await Promise.all(['0', '1', '3'].map((w) => cli([...args, '--reps', String(N), '--workers', w])))
    for (const r of byWorkers) expect(r.code, r.stderr).toBe(0)
    expect(byWorkers[1]!.stdout).toBe(byWorkers[0]!.stdout)
    expect(byWorkers[2]!.stdout).toBe(byWorkers[0]!.stdout)
    // biome-ignore lint/suspicious/noExplicitAny: a parsed report, read field by field below
    const rep = JSON.parse(byWorkers[0]!.stdout) as Record<string, any>
    const est = (xs: readonly (string | number)[]) => estimateJson(estimate(xs.map((x) => new Decimal(x))))
    expect(rep.seeds).toEqual({ first: 41, last: 45 })
    expect(rep.userUtility).toEqual(est(reports.map((r) => r.userUtility)))
    expect(rep.providers.map((p: { profit: unknown }) => p.profit)).toEqual(
      reports[0]!.providers.map((_, i) => est(reports.map((r) => r.providers[i]!.profit))),
    )
    expect(rep.firings).toEqual(est(reports.map((r) => r.fired.length)))
    expect(rep.phases.exploitation).toEqual(est(reports.map((r) => r.phases.exploitation!)))
    expect([rep.mechanism, rep.epsilon, rep.rebate, rep.theta, rep.lambda]).toEqual(['sbd', '0.3', 'on', null, null])
    expect(rep.engine).toBe('leap')
    expect(Number(rep.roundsLeaptShare)).toBeGreaterThan(0)
    // The table prints the same estimates.
    const table = await cli([...args, '--reps', String(N), '--workers', '0', '--format', 'table'])
    expect(table.stdout).toMatch(/^userUtility \(USD\)/m)
    expect(table.stdout).toContain(new Decimal(rep.userUtility.mean).toSignificantDigits(10).toString())
  })

  it('rejects bad --reps and --workers, and seeds beyond the seed range, with exit 2 and nothing on stdout', async () => {
    const base = ['simulate', '--scenario', 'examples/two-provider-abstract.json', '--horizon', '20000']
    const cases: [string[], RegExp][] = [
      [['--reps', '0'], /--reps: expected an integer in \[1, 100000\], got "0"/],
      [['--reps', '2.5'], /--reps: expected an integer/],
      [['--reps', '100001'], /--reps: expected an integer in \[1, 100000\]/],
      [['--reps', 'x'], /--reps: expected an integer/],
      [['--reps', '2', '--workers', '-1'], /--workers: expected an integer in \[0, 256\]/],
      [['--seed', '2147483647', '--reps', '2'], /--reps: seeds 2147483647\.\.2147483648 leave the seed range \[0, 2147483647\]/],
      [['--reps', '3', '--horizon', '50'], /--horizon: T = 50 is too short/],
      [['--reps', '3', '--mechanism', 'posted-target'], /--theta: required for posted-target/],
    ]
    for (const [extra, pattern] of cases) {
      const r = await cli([...base, ...extra])
      expect(r.code, extra.join(' ')).toBe(2)
      expect(r.stderr).toMatch(pattern)
      expect(r.stdout).toBe('')
    }
    // The last seed of the range is allowed.
    const last = await cli([...base, '--horizon', '6000', '--seed', '2147483646', '--reps', '2', '--workers', '0'])
    expect(last.code, last.stderr).toBe(0)
    expect(JSON.parse(last.stdout).seeds).toEqual({ first: 2147483646, last: 2147483647 })
  })
})
