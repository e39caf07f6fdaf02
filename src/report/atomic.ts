/**
 * Crash-safe file and directory writes: readers see either the old content
 * or the complete new content, never a half-written file or folder.
 *
 * @module
 */
import * as fs from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { type OutputError, describeOutputError, writeOutputDir } from './output-dir.ts'

/** A file to place in a directory; `name` may hold one subfolder, e.g. `figures/a.svg`. */
export interface DirEntry {
  readonly name: string
  readonly contents: string
}

const toError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)))

const tryIO = (f: () => void): E.Either<Error, void> => {
  try {
    f()
    return E.right(undefined)
  } catch (e) {
    return E.left(toError(e))
  }
}

/** Best-effort removal that never throws (used only for cleanup). */
const removeQuietly = (p: string): void => {
  try {
    fs.rmSync(p, { recursive: true, force: true })
  } catch {
    /* cleanup is best effort */
  }
}

/**
 * Write a file atomically: write `path.<pid>.tmp`, then rename it over
 * `path`. On failure the temp file is removed and `Left` is returned.
 *
 * @example
 * ```ts
 * const r = writeFileAtomic('out/summary.csv', csv);
 * if (E.isLeft(r)) console.error(r.left.message);
 * ```
 */
export function writeFileAtomic(filePath: string, contents: string): E.Either<Error, void> {
  const tmp = `${filePath}.${process.pid}.tmp`
  const r = tryIO(() => {
    fs.writeFileSync(tmp, contents)
    fs.renameSync(tmp, filePath)
  })
  if (E.isLeft(r)) removeQuietly(tmp)
  return r
}

/** Names must be relative, use `/`, and have at most one subfolder level. */
function checkName(name: string): E.Either<Error, string> {
  const parts = name.split('/')
  const ok = parts.length <= 2 && !name.includes('\\') && parts.every((p) => p !== '' && p !== '.' && p !== '..')
  return ok ? E.right(name) : E.left(new Error(`writeDirAtomic: invalid file name "${name}"`))
}

function checkNames(files: ReadonlyArray<DirEntry>): E.Either<Error, void> {
  const seen = new Set<string>()
  for (const { name } of files) {
    const c = checkName(name)
    if (E.isLeft(c)) return c
    if (seen.has(name)) return E.left(new Error(`writeDirAtomic: duplicate file name "${name}"`))
    seen.add(name)
  }
  return E.right(undefined)
}

/**
 * Replace directory `dir` with one holding exactly `files` (plus the output marker), atomically,
 * through {@link writeOutputDir}: `dir` must be new, empty, or a directory an earlier write made;
 * anything else is refused and left untouched. Names have at most one subfolder level here.
 *
 * @example
 * ```ts
 * writeDirAtomic('reports/exp1', [
 *   { name: 'summary.csv', contents: csv },
 *   { name: 'figures/regret.svg', contents: svg },
 * ]);
 * ```
 */
export function writeDirAtomic(dir: string, files: ReadonlyArray<DirEntry>): E.Either<Error, void> {
  const names = checkNames(files)
  if (E.isLeft(names)) return names
  return E.mapLeft((e: OutputError) => new Error(describeOutputError(e)))(writeOutputDir(dir, files))
}
