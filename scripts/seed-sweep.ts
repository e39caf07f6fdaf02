// Runs the whole property suite on consecutive seeds, then on a few seeds in THOROUGH mode, and
// prints one line per run and a summary. A suite that passes only on its default seed hides defects
// that a user replaying another seed meets (proofs-notes §9.2); this is the check that finds them.
//
//   npm run test:seeds                          # SEED = 1..20, then THOROUGH=1 for SEED = 1..3
//   npm run test:seeds -- --first 21 --count 5 --thorough 0
//
// Each run is `npm test` with SEED (and THOROUGH) set; the output of a failing run is kept in
// `.seed-sweep/seed-<S>[-thorough].log` for replay. Exit status 0 only if every run passed.
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { Command, InvalidArgumentError } from 'commander'

const count =
  (name: string, min: number) =>
  (raw: string): number => {
    const n = Number(raw)
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < min)
      throw new InvalidArgumentError(`${name}: expected an integer ≥ ${min}, got "${raw}"`)
    return n
  }

const program = new Command('seed-sweep')
  .description('the whole property suite on consecutive seeds, then THOROUGH=1 on the first few')
  .option('--first <seed>', 'first seed', count('--first', 0), 1)
  .option('--count <n>', 'number of consecutive seeds at the default size', count('--count', 0), 20)
  .option('--thorough <n>', 'number of seeds (from --first) also run with THOROUGH=1', count('--thorough', 0), 3)
  .exitOverride((e) => process.exit(e.exitCode === 0 ? 0 : 2))
  .parse()
const opts = program.opts<{ first: number; count: number; thorough: number }>()

interface Run {
  readonly seed: number
  readonly thorough: boolean
}
const plan: Run[] = [
  ...Array.from({ length: opts.count }, (_, k) => ({ seed: opts.first + k, thorough: false })),
  ...Array.from({ length: opts.thorough }, (_, k) => ({ seed: opts.first + k, thorough: true })),
]

const LOGS = '.seed-sweep'
const failures: string[] = []
for (const run of plan) {
  const label = `SEED=${run.seed}${run.thorough ? ' THOROUGH=1' : ''}`
  const started = process.hrtime.bigint()
  const env = { ...process.env, SEED: String(run.seed), THOROUGH: run.thorough ? '1' : '' }
  const result = spawnSync('npm', ['test', '--silent'], { env, encoding: 'utf8', maxBuffer: 1 << 28 })
  const seconds = Number((process.hrtime.bigint() - started) / 1_000_000n) / 1000
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`
  // Vitest's closing "Tests  N failed | M passed (K)" line, without its colours.
  const plain = output.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '')
  const tally = plain.match(/^\s*Tests\s+(.+)$/m)?.[1]?.trim() ?? 'no tally'
  const passed = result.status === 0
  process.stdout.write(`${passed ? 'pass' : 'FAIL'}  ${label.padEnd(22)} ${seconds.toFixed(0).padStart(5)} s  ${tally}\n`)
  if (!passed) {
    failures.push(label)
    try {
      mkdirSync(LOGS, { recursive: true })
      const file = `${LOGS}/seed-${run.seed}${run.thorough ? '-thorough' : ''}.log`
      writeFileSync(file, output)
      process.stdout.write(`      output kept in ${file}\n`)
    } catch (e) {
      process.stdout.write(`      cannot keep the output: ${e instanceof Error ? e.message : String(e)}\n`)
    }
  }
}
process.stdout.write(
  `${plan.length - failures.length} passed, ${failures.length} failed${failures.length > 0 ? `: ${failures.join(', ')}` : ''}\n`,
)
process.exitCode = failures.length === 0 ? 0 : 1
