/**
 * The real {@link CliIo} of the `sbd` executable: the file system through the safe reader and the
 * output-directory writer, and standard streams through {@link Stdio}. Tests build it over temp
 * directories (and may replace `runStudy` by a fast fake).
 *
 * @module
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { checkOutputDir, checkOutputFile, describeOutputError, writeOutputDir, writeOutputFile } from '../report/output-dir.ts'
import { loadPlugins } from '../plugin/load.ts'
import type { CliIo } from './io.ts'
import { readInputFile } from './read-input.ts'
import type { Stdio } from './stdio.ts'

const reason = <A>(r: E.Either<Parameters<typeof describeOutputError>[0], A>): string | null =>
  E.isLeft(r) ? describeOutputError(r.left) : null

/** The IO record over the real file system, writing to `stdio`. */
export const nodeIo = (stdio: Pick<Stdio, 'stdout' | 'stderr'>): CliIo => ({
  readText: (path) => {
    const r = readInputFile(path)
    if (E.isLeft(r)) throw new Error(r.left)
    return r.right
  },
  checkOutputDir: (dir) => reason(checkOutputDir(dir)),
  checkOutputFile: (path) => reason(checkOutputFile(path)),
  writeDir: (dir, files) => reason(writeOutputDir(dir, files)),
  writeFile: (path, contents) => reason(writeOutputFile(path, contents)),
  runStudy: async (spec, formats) => {
    // Loaded on use: the study's modules are slow to load and `simulate` never needs them.
    const { runStudy } = await import('../experiments/run-all.ts')
    const { renderResults } = await import('../experiments/render.ts')
    const files = await renderResults(runStudy(spec), formats)
    if (E.isLeft(files)) throw files.left
    return files.right
  },
  stdout: stdio.stdout,
  stderr: stdio.stderr,
  loadPlugins,
  runChecks: (seed, thorough) => {
    // The suites live in a clone (properties/), not in the installed package.
    const root = fileURLToPath(new URL('../../', import.meta.url))
    if (!existsSync(`${root}properties`)) {
      stdio.stderr(
        'error: sbd check runs the property suites, which are not part of the installed package: clone the repository, run npm ci, then sbd check (or npm test) there\n',
      )
      return 2
    }
    const env = { ...process.env, ...(seed === undefined ? {} : { SEED: String(seed) }), ...(thorough ? { THOROUGH: '1' } : {}) }
    const r = spawnSync('npx', ['vitest', 'run'], { stdio: 'inherit', env, cwd: root })
    return r.status ?? 1
  },
})
