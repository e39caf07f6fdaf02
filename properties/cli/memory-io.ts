/**
 * An in-memory IO record for CLI tests: files by path (anything under `examples/` is read from
 * disk; folders written through it can be read back), and a log of everything the CLI printed or wrote.
 */
import { readFileSync } from 'node:fs'
import * as path from 'node:path'
import type { CliIo } from '../../src/cli/io.ts'
import { loadPlugins } from '../../src/plugin/load.ts'
import { ABSTRACT_GAIN_FIGURE_BASE } from '../../src/experiments/render.ts'
import type { StudySpec } from '../../src/experiments/run-all.ts'

/** What a CLI call did. */
export interface IoState {
  stdout: string
  stderr: string
  /** Directories and files written, in order. */
  written: string[]
  /** Contents written, by directory or file path. */
  contents: Record<string, ReadonlyArray<{ readonly name: string; readonly contents: string | Uint8Array }>>
  experiments: number
  /** The study specifications the experiment command asked for, in order. */
  studies: StudySpec[]
  checks: number
}

/** An in-memory IO record over `files` (path → text). */
export const memoryIo = (files: Readonly<Record<string, string>> = {}): { io: CliIo; state: IoState } => {
  // Files written so far, readable by later calls on the same record (sweep, then merge).
  const written: Record<string, string> = {}
  const state: IoState = { stdout: '', stderr: '', written: [], contents: {}, experiments: 0, studies: [], checks: 0 }
  const io: CliIo = {
    readText: (p) => {
      const t = written[path.normalize(p)] ?? files[p] ?? (p.startsWith('examples/') ? readFileSync(p, 'utf8') : undefined)
      if (t === undefined) throw new Error('ENOENT: no such file')
      return t
    },
    checkOutputDir: () => null,
    checkOutputFile: () => null,
    writeDir: (dir, entries) => {
      state.written.push(dir)
      state.contents[dir] = entries
      for (const e of entries) if (typeof e.contents === 'string') written[path.join(dir, e.name)] = e.contents
      return null
    },
    stdout: (t) => {
      state.stdout += t
    },
    stderr: (t) => {
      state.stderr += t
    },
    writeFile: (path, contents) => {
      state.written.push(path)
      state.contents[path] = [{ name: path, contents }]
      return null
    },
    // A stand-in for the study that names the files the real one writes where the CLI reads them:
    // a study over the abstract instance renders figure (b) there, which `--proofs-notes` copies.
    runStudy: async (spec, formats) => {
      state.experiments++
      state.studies.push(spec)
      const abstract = spec.scenarios.some((s) => s.id === 'abstract')
      const gainFigure = abstract ? formats.map((f) => ({ name: `${ABSTRACT_GAIN_FIGURE_BASE}.${f}`, contents: `<${f}/>` })) : []
      return [{ name: 'report.json', contents: '{}' }, ...gainFigure]
    },
    runChecks: () => {
      state.checks++
      return 0
    },
    loadPlugins,
  }
  return { io, state }
}
