// Type-checks everything the project compiles: the sources, the property suites, the benchmarks and
// these scripts (tsconfig.json), and then every TypeScript example the documentation runs (README,
// guides, the package's front page, the API pages' self-contained examples), with the package import pointed at the sources as the docs
// test does. Vitest strips types without checking them, so this is the only place a type error in
// an example or a suite is caught.
//
//   npm run typecheck
import { spawnSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { PACKAGE_IMPORT, exampleDocuments, fencesOf } from '../properties/docs/fences.ts'

const ROOT = resolve(import.meta.dirname, '..')
const SCRATCH = join(ROOT, '.typecheck-examples')
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')

/** Runs tsc with `args` from the root; true if it found no error (its diagnostics go to our output). */
const tsc = (label: string, args: readonly string[]): boolean => {
  const result = spawnSync(process.execPath, [TSC, ...args], { cwd: ROOT, stdio: 'inherit' })
  process.stdout.write(`typecheck: ${label}: ${result.status === 0 ? 'no errors' : 'errors above'}\n`)
  return result.status === 0
}

// Every TypeScript example of the documents the docs test runs; on the API pages only the
// self-contained ones (those that import the package; the others are fragments).
const examples = exampleDocuments(ROOT).flatMap(({ file, text, selfContainedOnly }) =>
  fencesOf(file, text).filter((f) => f.lang === 'ts' && (selfContainedOnly !== true || f.body.includes(PACKAGE_IMPORT))),
)

const project = tsc('src, properties, bench, scripts', ['--noEmit', '-p', 'tsconfig.json'])

rmSync(SCRATCH, { recursive: true, force: true })
mkdirSync(SCRATCH)
let documented = false
try {
  examples.forEach((fence, k) => {
    const header = `// ${fence.where}\n`
    writeFileSync(
      join(SCRATCH, `example-${k}.ts`),
      header + fence.body.replaceAll(`from 'second-best-delegation'`, `from '../src/index.ts'`),
    )
  })
  // Each example is a module of its own (top-level names do not clash) checked with the project's options.
  writeFileSync(
    join(SCRATCH, 'tsconfig.json'),
    JSON.stringify({ extends: '../tsconfig.json', compilerOptions: { moduleDetection: 'force' }, include: ['*.ts'] }),
  )
  documented = tsc(`${examples.length} documentation examples`, ['--noEmit', '-p', join(SCRATCH, 'tsconfig.json')])
  // The scratch files go away: say where each one came from (line 1 of each is that header).
  if (!documented)
    for (const [k, fence] of examples.entries())
      process.stdout.write(`  example-${k}.ts (line n) is the block at ${fence.where} (its line n − 1)\n`)
} finally {
  rmSync(SCRATCH, { recursive: true, force: true })
}
process.exitCode = project && documented ? 0 : 1
