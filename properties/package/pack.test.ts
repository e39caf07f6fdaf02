/**
 * The package as a user gets it: `npm run build` (dist/: ESM JavaScript and .d.ts), `npm pack`,
 * `npm install` of the tarball into a fresh temporary project, then one simulation through
 * `import … from 'second-best-delegation'` from JavaScript, from type-checked TypeScript, and through
 * the installed `sbd` executable — compiled JavaScript, with no TypeScript loader installed (tsx is
 * a dev dependency only), worker threads and a plug-in included — plus the README's library example
 * as written, and every relative link of the README inside the installed package. The tarball's
 * dependencies are linked to this repository's `node_modules` (npm installs offline: no registry
 * access), so the test needs only `npm ci`.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import ts from 'typescript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseScenarioText } from '../../src/codec/report-errors.ts'
import { Decimal } from '../../src/exact/decimal.ts'
import { fromUnits } from '../../src/exact/grid.ts'
import { sbd } from '../../src/mechanism/sbd.ts'
import { buildInstanceModel } from '../../src/model/instance-model.ts'
import { simulate } from '../../src/sim/engine.ts'
import { userUtility } from '../../src/sim/ledger.ts'
import { recommended } from '../../src/strategy/basic.ts'
import { rightOrFail } from '../assertions.ts'
import { fencesOf } from '../docs/fences.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc')
const SCENARIO = join(ROOT, 'examples/two-provider-abstract.json')
const HORIZON = 2000
const SEED_OF_RUN = 7

/** Runs a command; a non-zero exit fails with its output. */
const run = (command: string, args: readonly string[], cwd: string): string => {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } })
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`)
  return r.stdout
}

/** The same run as the consumers make, through the sources: U in USD. */
const expectedUtility = (): string => {
  const model = rightOrFail(E.chainW(buildInstanceModel)(parseScenarioText(readFileSync(SCENARIO, 'utf8'))))
  const r = rightOrFail(simulate(model, sbd(new Decimal('0.25'), true), [recommended, recommended], { T: HORIZON, seed: SEED_OF_RUN }))
  return fromUnits(r.ledger.grid, userUtility(r.ledger)).toString()
}

const CONSUMER_BODY = `
const text = readFileSync(${JSON.stringify(SCENARIO)}, 'utf8')
const result = pipe(
  parseScenarioText(text),
  E.mapLeft((errors) => errors.join('\\n')),
  E.chain(buildInstanceModel),
  E.chain((model) => simulate(model, sbd(new Decimal('0.25'), true), [recommended, recommended], { T: ${HORIZON}, seed: ${SEED_OF_RUN} })),
  E.map((run) => fromUnits(run.ledger.grid, userUtility(run.ledger)).toString()),
)
if (E.isLeft(result)) {
  console.error(result.left)
  process.exit(1)
}
console.log(result.right)
`
const IMPORTS = `import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { Decimal, buildInstanceModel, fromUnits, parseScenarioText, recommended, sbd, simulate, userUtility } from 'second-best-delegation'
`

describe('the packed package', () => {
  let dir = ''
  let files: string[] = []

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sbd-pack-'))
    run(NPM, ['run', 'build', '--silent'], ROOT)
    const packed = JSON.parse(run(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT)) as {
      filename: string
      files: { path: string }[]
    }[]
    files = packed[0]!.files.map((f) => f.path)
    const project = join(dir, 'consumer')
    mkdirSync(join(project, 'node_modules'), { recursive: true })
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }))
    // The tarball's dependencies, linked to this repository's install (same versions as the lockfile).
    const { dependencies } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }
    for (const dep of Object.keys(dependencies)) {
      mkdirSync(dirname(join(project, 'node_modules', dep)), { recursive: true })
      symlinkSync(join(ROOT, 'node_modules', dep), join(project, 'node_modules', dep), 'dir')
    }
    run(
      NPM,
      ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', join(dir, packed[0]!.filename)],
      project,
    )
    // Build, pack and install take ~15 s on an idle machine; a shared one needs more than the default hook timeout.
  })

  afterAll(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true })
  })

  it('ships the built API and its types, and no test suites', () => {
    for (const f of [
      'dist/index.js',
      'dist/index.d.ts',
      'dist/cli/main.js',
      'dist/parallel/worker.js',
      'dist/replication/job.js',
      'dist/experiments/job.js',
      'package.json',
      'README.md',
      'bin/sbd.mjs',
      'src/cli/main.ts',
      'data/llm-apis.csv',
      'schema/scenario.schema.json',
      'guides/add-a-strategy.md',
      'proofs-notes/README.md',
    ])
      expect(files, f).toContain(f)
    expect(files.filter((f) => f.startsWith('properties/') || f.startsWith('node_modules/'))).toEqual([])
  })

  it('runs a simulation from JavaScript (Node ESM), with the same exact result as the sources', () => {
    const project = join(dir, 'consumer')
    writeFileSync(join(project, 'consumer.mjs'), IMPORTS + CONSUMER_BODY)
    expect(run(process.execPath, ['consumer.mjs'], project).trim()).toBe(expectedUtility())
  })

  it('type-checks and runs a TypeScript consumer against the shipped .d.ts; a misuse is a type error', () => {
    const project = join(dir, 'consumer')
    mkdirSync(join(project, 'node_modules/@types'), { recursive: true })
    symlinkSync(join(ROOT, 'node_modules/@types/node'), join(project, 'node_modules/@types/node'), 'dir')
    const compilerOptions = {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      skipLibCheck: true,
      outDir: 'out',
      types: ['node'],
    }
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['consumer.ts', 'misuse.ts'] }))
    writeFileSync(join(project, 'consumer.ts'), IMPORTS + CONSUMER_BODY)
    // Not vacuous: the package's types must reject this (a Mechanism is not a number).
    writeFileSync(
      join(project, 'misuse.ts'),
      `import { Decimal, sbd } from 'second-best-delegation'\nexport const n: number = sbd(new Decimal('0.25'), true)\n`,
    )
    const tsc = spawnSync(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: project, encoding: 'utf8' })
    const errors = tsc.stdout.split('\n').filter((line) => /error TS/.test(line))
    expect(errors.length, tsc.stdout).toBe(1)
    expect(errors[0]).toMatch(/^misuse\.ts\(2,14\): error TS2322/)
    // tsc still emits the consumer (noEmitOnError is off): run it.
    expect(run(process.execPath, ['out/consumer.js'], project).trim()).toBe(expectedUtility())
  })

  it('the installed sbd executable simulates without tsx, replications on worker threads included', () => {
    const project = join(dir, 'consumer')
    expect(existsSync(join(project, 'node_modules/tsx')), 'tsx must not be installed with the package').toBe(false)
    const sbd = join(project, 'node_modules/.bin/sbd')
    const out = run(process.execPath, [sbd, 'simulate', '--scenario', SCENARIO, '--horizon', String(HORIZON), '--seed', '1'], project)
    expect(out).toMatch(/SBD/)
    const reps = JSON.parse(
      run(
        process.execPath,
        [sbd, 'simulate', '--scenario', SCENARIO, '--horizon', String(HORIZON), '--reps', '3', '--workers', '2'],
        project,
      ),
    ) as { reps: number }
    expect(reps.reps).toBe(3)
    expect(run(process.execPath, [sbd, '--version'], project).trim()).toBe(
      (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version,
    )
    // The installed package has no suites: sbd check says so (status 2) instead of running vitest.
    const check = spawnSync(process.execPath, [sbd, 'check'], { cwd: project, encoding: 'utf8' })
    expect([check.status, check.stderr]).toEqual([2, expect.stringMatching(/not part of the installed package: clone the repository/)])
  })

  it("a plug-in file in the user's folder runs in simulate --reps on worker threads (each thread loads it)", () => {
    const project = join(dir, 'consumer')
    writeFileSync(
      join(project, 'always-cheat.mjs'),
      `import { fullCheat } from 'second-best-delegation'\nexport default { strategies: [{ name: 'always-cheat', description: 'the full cheat in every round', create: () => fullCheat }] }\n`,
    )
    const sbd = join(project, 'node_modules/.bin/sbd')
    const args = [
      'simulate',
      '--plugin',
      'always-cheat.mjs',
      '--scenario',
      SCENARIO,
      '--strategy',
      'always-cheat',
      '--horizon',
      String(HORIZON),
      '--reps',
      '2',
    ]
    const threads = run(process.execPath, [sbd, ...args, '--workers', '2'], project)
    const here = run(process.execPath, [sbd, ...args, '--workers', '0'], project)
    expect(threads).toBe(here)
    expect(JSON.parse(threads)).toMatchObject({ strategies: [{ strategy: 'always-cheat' }, { strategy: 'always-cheat' }] })
  })

  it("runs the README's library example as written, against the installed package", () => {
    const project = join(dir, 'consumer')
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    const fences = fencesOf('README.md', readme)
    const k = fences.findIndex((f) => f.lang === 'ts' && f.body.includes(`from 'second-best-delegation'`))
    const example = fences[k]!
    const expected = fences[k + 1]!
    expect(expected.lang).toBe('text')
    const js = ts.transpileModule(example.body, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
    }).outputText
    writeFileSync(join(project, 'readme-example.mjs'), js)
    expect(run(process.execPath, ['readme-example.mjs'], project)).toBe(expected.body)
  })

  it('every relative link of the README resolves inside the installed package', () => {
    const installed = join(dir, 'consumer', 'node_modules', 'second-best-delegation')
    const readme = readFileSync(join(installed, 'README.md'), 'utf8')
    const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((l) => !/^[a-z]+:/.test(l) && !l.startsWith('#'))
    expect(links.length).toBeGreaterThan(10)
    expect(links.filter((l) => !existsSync(join(installed, l.split('#')[0]!)))).toEqual([])
  })
})
