/**
 * `--engine rounds|leap` (proofs-notes §13.3) on `simulate`, `experiment` and `sweep`: a bad value
 * is refused with a message naming `--engine`, exit status 2 and nothing on standard output; a
 * leaping run reports its blocks and the share of rounds leapt; `--engine rounds` is the single
 * run of before, byte for byte.
 */
import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/program.ts'
import { memoryIo } from './memory-io.ts'

const cli = async (argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  const { io, state } = memoryIo()
  const code = await runCli(argv, io)
  return { code, stdout: state.stdout, stderr: state.stderr }
}

const SIMULATE = ['simulate', '--scenario', 'examples/two-provider-abstract.json', '--horizon', '20000', '--seed', '3']

describe('--engine', () => {
  it('refuses a bad value on simulate, experiment and sweep: exit 2, a message naming --engine, nothing on stdout', async () => {
    for (const argv of [
      [...SIMULATE, '--engine', 'fast'],
      [...SIMULATE, '--reps', '4', '--engine', 'Leap'],
      ['experiment', 'all', '--quick', '--out', 'never-written', '--engine', 'blocks'],
      ['sweep', '--grid', 'examples/sweep-grid.json', '--out', 'never-written', '--engine', ''],
    ]) {
      const r = await cli(argv)
      expect(r.code, argv.join(' ')).toBe(2)
      expect(r.stderr).toContain('--engine')
      expect(r.stdout).toBe('')
    }
  })

  it('simulate: rounds is the default single run; leap reports its blocks and the share of rounds leapt', async () => {
    const plain = await cli(SIMULATE)
    const rounds = await cli([...SIMULATE, '--engine', 'rounds'])
    expect(rounds.stdout).toBe(plain.stdout)
    const leap = await cli([...SIMULATE, '--engine', 'leap'])
    expect(leap.code).toBe(0)
    const report = JSON.parse(leap.stdout) as { engine: string; blocks: number; roundsLeaptShare: string; phases: Record<string, number> }
    expect(report.engine).toBe('leap')
    expect(report.blocks).toBeGreaterThan(0)
    expect(report.blocks).toBeLessThan(20_000)
    expect(Number(report.roundsLeaptShare)).toBeGreaterThan(0.9)
    expect(report.phases).toEqual((JSON.parse(plain.stdout) as { phases: unknown }).phases)
  })
})
