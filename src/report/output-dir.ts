/**
 * The one way `sbd` writes a result directory: {@link writeOutputDir}. It never deletes or
 * replaces anything the tool did not create.
 *
 * A target may be a new path, an empty directory, or a directory an earlier run wrote — recognized
 * by the marker file {@link OUTPUT_MARKER} (`{"tool":"sbd","format":1,"files":[…]}`) listing every
 * file the run wrote; a marked directory holding anything else is refused too. Everything else (a
 * regular file, a device, a symbolic link, a foreign or user-edited directory, the current
 * directory or one of its ancestors, `/`) is refused with the path and the reason, before anything
 * is written. {@link checkOutputDir} runs the same checks without writing, so a command can
 * validate all its targets before its first write.
 *
 * The new directory is built in the sibling `.sbd-tmp-<name>` (holding {@link PARTIAL_MARKER}
 * with the writer's pid while it is written), then swapped in by renames: the previous output is
 * moved to `.sbd-old-<name>`, the new one renamed into place, the old one deleted. Leftovers of an
 * interrupted run carry a marker, so the next run recognizes and removes them; a same-named entry
 * without a marker is refused, never removed.
 *
 * @module
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import {
  MARKER_FORMAT,
  OLD_PREFIX,
  OUTPUT_MARKER,
  PARTIAL_MARKER,
  TMP_PREFIX,
  TOOL,
  describeEntry,
  lstatOrUndefined,
  markerText,
  ownDirectory,
  pidAlive,
} from './output-ownership.ts'
import { type OutputError, environment, refused } from './output-error.ts'

export { MARKER_FORMAT, OLD_PREFIX, OUTPUT_MARKER, PARTIAL_MARKER, TMP_PREFIX, describeEntry } from './output-ownership.ts'
export { checkOutputFile, writeOutputFile } from './output-file.ts'
export { type OutputError, describeOutputError, showPath } from './output-error.ts'

/** A file of a result directory; `name` is relative, `/`-separated (subfolders are created). */
export interface OutputFile {
  readonly name: string
  readonly contents: string | Uint8Array
}

/** Valid file names: relative, `/`-separated, no empty, `.` or `..` parts, not a marker. */
const checkNames = (files: ReadonlyArray<OutputFile>): E.Either<OutputError, void> => {
  const seen = new Set<string>()
  for (const { name } of files) {
    const parts = name.split('/')
    if (name.includes('\\') || name.includes('\0') || parts.some((p) => p === '' || p === '.' || p === '..'))
      return refused(name, 'invalid file name for an output directory')
    if (name === OUTPUT_MARKER || name === PARTIAL_MARKER) return refused(name, 'reserved for the output marker')
    if (seen.has(name)) return refused(name, 'duplicate file name')
    seen.add(name)
  }
  return E.right(undefined)
}

/** A resolved, checked target. */
export interface OutputPlan {
  /** The absolute target. */
  readonly target: string
  /** What is there now. */
  readonly existing: 'none' | 'empty' | 'marked'
  /** The temporary sibling the new output is built in. */
  readonly tmp: string
  /** The sibling the previous output is moved to during the swap. */
  readonly old: string
}

/** Whether `ancestor` is `p` or one of its ancestors (absolute paths). */
const contains = (ancestor: string, p: string): boolean => {
  const rel = path.relative(ancestor, p)
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))
}

/** Checks that the nearest existing ancestor of `dir` is a directory (missing ones are created later). */
const checkParents = (given: string, dir: string): E.Either<OutputError, void> => {
  for (let d = dir; ; d = path.dirname(d)) {
    let st: fs.Stats | undefined
    try {
      st = fs.statSync(d)
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      if (code === 'ENOTDIR') continue
      if (code !== 'ENOENT') return environment(d, e)
    }
    if (st !== undefined)
      return st.isDirectory()
        ? E.right(undefined)
        : refused(given, `its parent ${JSON.stringify(d)} is ${describeEntry(st)}, not a directory`)
    if (path.dirname(d) === d) return E.right(undefined)
  }
}

/** Whether the leftover `p` (a temp or old sibling) may be removed: `Left` says why not. */
const checkLeftover = (p: string): E.Either<OutputError, 'none' | 'remove'> => {
  const st = lstatOrUndefined(p)
  if (st === undefined) return E.right('none')
  const inTheWay = (why: string) => refused(p, `is in the way of the output and is not a leftover of sbd (${why}); move it away`)
  if (!st.isDirectory()) return inTheWay(`it is ${describeEntry(st)}`)
  const partial = path.join(p, PARTIAL_MARKER)
  if (lstatOrUndefined(partial)?.isFile() === true) {
    let pid: unknown
    try {
      pid = (JSON.parse(fs.readFileSync(partial, 'utf8')) as { tool?: unknown; pid?: unknown }).pid
    } catch {
      pid = undefined
    }
    if (pidAlive(pid))
      return E.left({ kind: 'environment', path: p, reason: `another sbd run (pid ${String(pid)}) is writing this output` })
    return E.right('remove')
  }
  const own = ownDirectory(p, OUTPUT_MARKER)
  return E.isLeft(own) ? inTheWay(own.left) : E.right('remove')
}

/**
 * Checks that `target` may receive a result directory, without writing anything: a new path, an
 * empty directory, or a directory an earlier run wrote (its marker lists everything in it), and
 * no unrecognized entry in the way of the temporary siblings. Relative paths resolve against the
 * current directory.
 */
export const checkOutputDir = (target: string): E.Either<OutputError, OutputPlan> => {
  if (target.trim() === '' || target.includes('\0')) return refused(target, 'expected a directory path')
  const abs = path.resolve(target)
  if (path.dirname(abs) === abs) return refused(target, 'is the root directory')
  if (contains(abs, process.cwd())) return refused(target, 'is the current directory or one of its ancestors')
  const base = path.basename(abs)
  const plan = {
    target: abs,
    tmp: path.join(path.dirname(abs), `${TMP_PREFIX}${base}`),
    old: path.join(path.dirname(abs), `${OLD_PREFIX}${base}`),
  }
  try {
    const parents = checkParents(target, path.dirname(abs))
    if (E.isLeft(parents)) return parents
    const st = lstatOrUndefined(abs)
    let existing: OutputPlan['existing'] = 'none'
    if (st !== undefined) {
      if (!st.isDirectory()) return refused(target, `is ${describeEntry(st)}; sbd writes only a new path or a directory it wrote before`)
      const own = ownDirectory(abs, OUTPUT_MARKER)
      if (E.isLeft(own)) return refused(target, `${own.left}; choose a new path or remove it`)
      existing = own.right
    }
    for (const p of [plan.tmp, plan.old]) {
      const l = checkLeftover(p)
      if (E.isLeft(l)) return l
    }
    return E.right({ ...plan, existing })
  } catch (e) {
    return environment(target, e)
  }
}

const removeTree = (p: string): void => {
  try {
    fs.rmSync(p, { recursive: true, force: true })
  } catch {
    /* cleanup of the tool's own temporary entry is best effort */
  }
}

/**
 * Writes the result directory `target` holding exactly `files` plus the marker
 * {@link OUTPUT_MARKER}, atomically, after {@link checkOutputDir}: readers see the previous output
 * or the complete new one. Missing parent folders are created. `Left` never leaves a change
 * behind except the tool's own temporary sibling when even its removal fails.
 *
 * @example
 * ```ts
 * const r = writeOutputDir('results', [{ name: 'summary.csv', contents: csv }])
 * if (E.isLeft(r)) stderr(`--out: cannot write ${describeOutputError(r.left)}`) // exit 2 if refused, 1 otherwise
 * ```
 */
export const writeOutputDir = (target: string, files: ReadonlyArray<OutputFile>): E.Either<OutputError, void> => {
  const names = checkNames(files)
  if (E.isLeft(names)) return names
  const checked = checkOutputDir(target)
  if (E.isLeft(checked)) return checked
  const plan = checked.right
  let tmpCreated = false
  let firstParent: string | undefined
  try {
    for (const p of [plan.tmp, plan.old])
      if (E.isRight(checkLeftover(p)) && lstatOrUndefined(p) !== undefined) fs.rmSync(p, { recursive: true })
    firstParent = fs.mkdirSync(path.dirname(plan.target), { recursive: true })
    fs.mkdirSync(plan.tmp)
    tmpCreated = true
    fs.writeFileSync(path.join(plan.tmp, PARTIAL_MARKER), JSON.stringify({ tool: TOOL, format: MARKER_FORMAT, pid: process.pid }))
    for (const { name, contents } of files) {
      const file = path.join(plan.tmp, ...name.split('/'))
      fs.mkdirSync(path.dirname(file), { recursive: true })
      fs.writeFileSync(file, contents, { flag: 'wx' })
    }
    fs.writeFileSync(path.join(plan.tmp, OUTPUT_MARKER), markerText(files.map((f) => f.name)), { flag: 'wx' })
    fs.unlinkSync(path.join(plan.tmp, PARTIAL_MARKER))
  } catch (e) {
    if (tmpCreated) removeTree(plan.tmp)
    if (firstParent !== undefined) removeTree(firstParent) // folders this call created, now empty again
    return environment(target, e)
  }
  // The swap: re-check that what is there is still the tool's, then two renames.
  const again = plan.existing === 'none' ? lstatOrUndefined(plan.target) : undefined
  if (again !== undefined) {
    removeTree(plan.tmp)
    return refused(target, `appeared while the output was written (${describeEntry(again)})`)
  }
  let moved = false
  try {
    if (plan.existing !== 'none') {
      const own = ownDirectory(plan.target, OUTPUT_MARKER)
      if (E.isLeft(own)) {
        removeTree(plan.tmp)
        return refused(target, `changed while the output was written: ${own.left}`)
      }
      fs.renameSync(plan.target, plan.old)
      moved = true
    }
    fs.renameSync(plan.tmp, plan.target)
  } catch (e) {
    if (moved) {
      try {
        fs.renameSync(plan.old, plan.target)
      } catch {
        /* the previous output stays recognizable at plan.old; the next run removes it */
      }
    }
    removeTree(plan.tmp)
    return environment(target, e)
  }
  if (moved) removeTree(plan.old)
  return E.right(undefined)
}
