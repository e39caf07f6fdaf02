/**
 * The `sbd` executable: real IO around {@link runCli}.
 *
 * @module
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { renderResults } from '../experiments/render.ts'
import { runStudy } from '../experiments/run-all.ts'
import { writeDirAtomic, writeFileAtomic } from '../report/atomic.ts'
import type { CliIo } from './io.ts'
import { runCli } from './program.ts'

const io: CliIo = {
  readText: (path) => readFileSync(path, 'utf8'),
  writeDir: (dir, files) => {
    const r = writeDirAtomic(dir, files)
    return E.isLeft(r) ? r.left.message : null
  },
  writeFile: (path, contents) => {
    const r = writeFileAtomic(path, contents)
    return E.isLeft(r) ? r.left.message : null
  },
  runStudy: async (spec) => {
    const files = await renderResults(runStudy(spec))
    if (E.isLeft(files)) throw files.left
    return files.right
  },
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  runChecks: (seed, thorough) => {
    const env = { ...process.env, ...(seed === undefined ? {} : { SEED: String(seed) }), ...(thorough ? { THOROUGH: '1' } : {}) }
    const r = spawnSync('npx', ['vitest', 'run'], { stdio: 'inherit', env })
    return r.status ?? 1
  },
}

process.exitCode = await runCli(process.argv.slice(2), io)
