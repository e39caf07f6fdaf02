/**
 * Test harness for the hostile CLI suite: temp-directory sandboxes, byte-exact snapshots of a
 * tree (type, mode, contents hash, link target), the real IO record over a sandbox with captured
 * streams and a fast fake study, and spawning the real executable.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import type { CliIo } from '../../src/cli/io.ts'
import { nodeIo } from '../../src/cli/node-io.ts'
import { runCli } from '../../src/cli/program.ts'
import { ABSTRACT_GAIN_FIGURE, ABSTRACT_GAIN_FIGURE_BASE } from '../../src/experiments/render.ts'

/** The repository root (the tests run from it). */
export const ROOT = process.cwd()
/** The executable. */
export const BIN = path.join(ROOT, 'bin', 'sbd.mjs')

/** A fresh temp directory. */
export const sandbox = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'sbd-hostile-'))

/** Removes a sandbox (restoring write permission first). */
export const removeSandbox = (dir: string): void => {
  fs.rmSync(dir, { recursive: true, force: true })
}

/** One entry of a tree snapshot: `kind:mode:hash-or-target`. */
export type Snapshot = ReadonlyMap<string, string>

/** Every entry under `root` (not following symbolic links), with its kind, mode and a hash of its contents. */
export const snapshotTree = (root: string): Snapshot => {
  const out = new Map<string, string>()
  const walk = (rel: string): void => {
    for (const name of fs.readdirSync(path.join(root, rel))) {
      const r = rel === '' ? name : `${rel}/${name}`
      const p = path.join(root, r)
      const st = fs.lstatSync(p)
      const mode = (st.mode & 0o7777).toString(8)
      if (st.isSymbolicLink()) out.set(r, `link:${fs.readlinkSync(p)}`)
      else if (st.isDirectory()) {
        out.set(r, `dir:${mode}`)
        walk(r)
      } else if (st.isFile()) out.set(r, `file:${mode}:${createHash('sha256').update(fs.readFileSync(p)).digest('hex')}`)
      else out.set(r, `special:${mode}:${st.isFIFO() ? 'fifo' : 'other'}`)
    }
  }
  walk('')
  return out
}

/** The entries that differ between two snapshots (added, removed or changed), sorted. */
export const changedEntries = (before: Snapshot, after: Snapshot): readonly string[] =>
  [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k)).sort()

/** The files of the fake study: a few report files, one in a subfolder, and the figure the notes copy (SVG and PNG). */
export const FAKE_FILES: ReadonlyArray<{ readonly name: string; readonly contents: string }> = [
  { name: 'README.md', contents: '# results\n' },
  { name: 'summary.csv', contents: 'a,b\n1,2\n' },
  { name: ABSTRACT_GAIN_FIGURE, contents: '<svg xmlns="http://www.w3.org/2000/svg"/>\n' },
  { name: `${ABSTRACT_GAIN_FIGURE_BASE}.png`, contents: 'not really a PNG\n' },
]

/** Result of one CLI run. */
export interface CliRun {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs the CLI in process over the real file system, streams captured, the study replaced by `files`. */
export const runInProcess = async (argv: readonly string[], files = FAKE_FILES, override: Partial<CliIo> = {}): Promise<CliRun> => {
  let stdout = ''
  let stderr = ''
  const io: CliIo = {
    ...nodeIo({
      stdout: (t) => {
        stdout += t
      },
      stderr: (t) => {
        stderr += t
      },
    }),
    runStudy: async () => files,
    runChecks: () => 0,
    ...override,
  }
  const code = await runCli(argv, io)
  return { code, stdout, stderr }
}

/** Runs a shell command line (`bash -c`) in `cwd`; `$SBD` is the executable. */
export const runShell = (script: string, cwd: string): Promise<CliRun> =>
  new Promise((resolve) => {
    const child = spawn('bash', ['-c', script], { cwd, env: { ...process.env, SBD: `node ${BIN}` } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString()
    })
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString()
    })
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }))
  })

/** Runs `tasks` with at most `limit` at a time, keeping their order. */
export const boundedAll = async <A>(tasks: ReadonlyArray<() => Promise<A>>, limit: number): Promise<A[]> => {
  const out: A[] = new Array(tasks.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++
      out[i] = await tasks[i]!()
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker))
  return out
}

/** A stack trace, an uncaught-error dump, or a NaN anywhere in `text`. */
export const CRASH = /\n\s+at |node:internal|Error: .*\n\s|\bNaN\b|Infinity|\[object Object\]/
