/**
 * Every code example of the README, the guides and the package's front page (`src/index.ts`), and
 * every self-contained example of the API pages (a doc comment's example that imports the package), runs
 * and prints what it shows: TypeScript programs through tsx against the package's sources (the
 * import of `second-best-delegation` is pointed at `src/index.ts`), `sbd` transcripts through
 * `bin/sbd.mjs`, scenario files through the codec. A block marked `no-run` must say why. Relative
 * links must name files of the repository.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { promisify } from 'node:util'
import * as E from 'fp-ts/lib/Either.js'
import { afterAll, describe, expect, it } from 'vitest'
import { parseScenarioText } from '../../src/codec/report-errors.ts'
import { type Fence, PACKAGE_IMPORT, exampleDocuments, fencesOf, transcript, words } from './fences.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const SCRATCH = join(ROOT, `.scratch-docs-${process.pid}`)
const run = promisify(execFile)

const sources = exampleDocuments(ROOT)

/** Actual output lines against shown ones; a shown line `…` stands for any run of lines. */
const matches = (actual: readonly string[], shown: readonly string[]): boolean => {
  const [head, ...rest] = shown
  if (head === undefined) return actual.length === 0
  if (head === '…') return actual.some((_, k) => matches(actual.slice(k), rest)) || matches([], rest)
  return actual.length > 0 && actual[0] === head && matches(actual.slice(1), rest)
}

const linesOf = (text: string): string[] => {
  const lines = text.split('\n').map((l) => l.trimEnd())
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
  return lines
}

/** Runs a TypeScript program (the package import pointed at the sources) from the repository root. */
const runTs = async (fence: Fence, index: number): Promise<string> => {
  mkdirSync(SCRATCH, { recursive: true })
  const file = join(SCRATCH, `example-${index}.ts`)
  writeFileSync(file, fence.body.replaceAll(`from 'second-best-delegation'`, `from '../src/index.ts'`))
  const { stdout } = await run(process.execPath, ['--import', 'tsx', file], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 })
  return stdout
}

/** The argv of a documented command: `sbd …` and `npm run cli -- …` run `bin/sbd.mjs`. */
const argvOf = (command: string): string[] => {
  const w = words(command)
  if (w[0] === 'sbd') return [process.execPath, 'bin/sbd.mjs', ...w.slice(1)]
  if (w.slice(0, 4).join(' ') === 'npm run cli --') return [process.execPath, 'bin/sbd.mjs', ...w.slice(4)]
  throw new Error(`cannot run ${JSON.stringify(command)} in a test: use sbd or npm run cli --, or mark the block no-run with a reason`)
}

/** Runs a command; its stdout and then its stderr, and its exit status. */
const runCommand = async (command: string): Promise<{ output: string; status: number }> => {
  const [exe, ...args] = argvOf(command)
  try {
    const { stdout, stderr } = await run(exe!, args, { cwd: ROOT, encoding: 'utf8', timeout: 60_000 })
    return { output: stdout + stderr, status: 0 }
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; code?: number }
    if (typeof err.code !== 'number') throw e
    return { output: (err.stdout ?? '') + (err.stderr ?? ''), status: err.code }
  }
}

afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }))

let counter = 0
for (const { file, text, selfContainedOnly } of sources) {
  const fences = fencesOf(file, text)
  describe(file, () => {
    fences.forEach((fence, k) => {
      if (selfContainedOnly === true && !(fence.lang === 'ts' && fence.body.includes(PACKAGE_IMPORT))) return
      const noRun = /^no-run\b\s*(.*)$/.exec(fence.info)
      if (noRun !== null) {
        it(`${fence.where}: marked no-run, with a reason`, () => {
          expect(noRun[1]!.replace(/^[:—-]\s*/, '').length, fence.where).toBeGreaterThan(10)
        })
        return
      }
      const shipped = /\bfile=(\S+)/.exec(fence.info)?.[1]
      if (fence.lang === 'ts' && shipped !== undefined) {
        // A file of the repository shown whole (a plug-in): the commands that follow load the file itself.
        it(`${fence.where}: is ${shipped}, byte for byte`, () => {
          expect(fence.body, fence.where).toBe(readFileSync(join(ROOT, shipped), 'utf8'))
        })
        return
      }
      if (fence.lang === 'ts') {
        const next = fences[k + 1]
        const shown = next !== undefined && next.lang === 'text' && next.info === 'output' ? linesOf(next.body) : undefined
        const index = counter++
        it.concurrent(`${fence.where}: the TypeScript example runs${shown === undefined ? '' : ' and prints what is shown'}`, async () => {
          const stdout = await runTs(fence, index)
          if (shown !== undefined) expect(matches(linesOf(stdout), shown), `${fence.where}\n${stdout}`).toBe(true)
        })
      } else if (fence.lang === 'sh') {
        const status = Number(/\bexit=(\d+)/.exec(fence.info)?.[1] ?? 0)
        it.concurrent(`${fence.where}: every command runs${status === 0 ? '' : ` (exit ${status})`} and prints what is shown`, async () => {
          const steps = transcript(fence.body)
          expect(steps.length, `${fence.where}: no "$ " command (mark the block no-run with a reason)`).toBeGreaterThan(0)
          for (const step of steps) {
            const r = await runCommand(step.command)
            expect(r.status, `${step.command}\n${r.output}`).toBe(status)
            if (step.output.length > 0) expect(matches(linesOf(r.output), step.output), `${step.command}\n${r.output}`).toBe(true)
          }
        })
      } else if (fence.lang === 'json') {
        const copy = /\bfile=(\S+)/.exec(fence.info)?.[1]
        const scenario = /\bscenario\b/.test(fence.info)
        it(`${fence.where}: the JSON parses${scenario ? ' and decodes as a scenario' : ''}${copy === undefined ? '' : `, and is ${copy}`}`, () => {
          expect(() => JSON.parse(fence.body), fence.where).not.toThrow()
          if (scenario) {
            const decoded = parseScenarioText(fence.body)
            expect(E.isRight(decoded) ? [] : decoded.left, fence.where).toEqual([])
          }
          if (copy !== undefined) expect(fence.body, fence.where).toBe(readFileSync(join(ROOT, copy), 'utf8'))
        })
      }
    })

    if (file.endsWith('.md'))
      it('every relative link names a file of the repository', () => {
        const bad = [...text.matchAll(/\]\(([^)\s]+)\)/g)]
          .map((m) => m[1]!.split('#')[0]!)
          .filter((target) => target !== '' && !/^[a-z]+:/.test(target))
          .filter((target) => {
            const path = resolve(dirname(join(ROOT, file)), decodeURI(target))
            return relative(ROOT, path).startsWith('..') || !existsSync(path)
          })
        expect(bad).toEqual([])
      })
  })
}
