/**
 * How the output writer recognizes what is its own: the marker file
 * {@link OUTPUT_MARKER} that a finished output holds, listing every file written with it; the
 * marker {@link PARTIAL_MARKER} (with the writer's pid) of an output still being built; and the
 * walk that checks a directory holds nothing else.
 *
 * @module
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as E from 'fp-ts/lib/Either.js'

/** The marker file written with the results. */
export const OUTPUT_MARKER = '.sbd-output.json'
/** The marker of a directory still being written (holds the writer's pid). */
export const PARTIAL_MARKER = '.sbd-partial.json'
/** Format version of {@link OUTPUT_MARKER}. */
export const MARKER_FORMAT = 1
/** Prefix of the temporary sibling a new output is built in. */
export const TMP_PREFIX = '.sbd-tmp-'
/** Prefix of the sibling the previous output is moved to during the swap. */
export const OLD_PREFIX = '.sbd-old-'
/** The tool name a marker carries. */
export const TOOL = 'sbd'
/** Most entries walked in a directory before giving up (it is then not the tool's). */
export const MAX_ENTRIES = 100_000

/** `lstat`, or `undefined` when nothing is there; other errors throw. */
export const lstatOrUndefined = (p: string): fs.Stats | undefined => {
  try {
    return fs.lstatSync(p)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw e
  }
}

/** What kind of file system entry `st` is, in words. */
export const describeEntry = (st: fs.Stats): string =>
  st.isFile()
    ? 'a regular file'
    : st.isDirectory()
      ? 'a directory'
      : st.isSymbolicLink()
        ? 'a symbolic link'
        : st.isFIFO()
          ? 'a named pipe (FIFO)'
          : st.isSocket()
            ? 'a socket'
            : st.isCharacterDevice()
              ? 'a character device'
              : st.isBlockDevice()
                ? 'a block device'
                : 'not a regular file or directory'

/** The names listed by a valid marker in `dir`, or a reason it is not one. */
const readMarker = (dir: string, name: string): E.Either<string, ReadonlySet<string>> => {
  const file = path.join(dir, name)
  const st = lstatOrUndefined(file)
  if (st === undefined) return E.left(`it has no ${OUTPUT_MARKER}`)
  if (!st.isFile() || st.size > 16 * 1024 * 1024) return E.left(`its ${name} is not a marker written by sbd`)
  try {
    const m = JSON.parse(fs.readFileSync(file, 'utf8')) as { tool?: unknown; format?: unknown; files?: unknown; pid?: unknown }
    if (m.tool !== TOOL || typeof m.format !== 'number' || !Number.isInteger(m.format) || m.format < 1 || m.format > MARKER_FORMAT)
      return E.left(`its ${name} is not a marker written by sbd (format ${MARKER_FORMAT})`)
    const files = Array.isArray(m.files) ? m.files.filter((f): f is string => typeof f === 'string') : []
    return E.right(new Set([...files, name]))
  } catch {
    return E.left(`its ${name} is not a marker written by sbd`)
  }
}

/** The relative paths of every entry under `dir` (files and folders), or a reason the walk stopped. */
const listTree = (dir: string): E.Either<string, { readonly files: readonly string[]; readonly dirs: readonly string[] }> => {
  const files: string[] = []
  const dirs: string[] = []
  const stack = ['']
  while (stack.length > 0) {
    const rel = stack.pop()!
    for (const ent of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel === '' ? ent.name : `${rel}/${ent.name}`
      if (files.length + dirs.length >= MAX_ENTRIES) return E.left(`it holds more than ${MAX_ENTRIES} entries`)
      if (ent.isDirectory()) {
        dirs.push(r)
        stack.push(r)
      } else if (ent.isFile()) files.push(r)
      else return E.left(`it holds ${JSON.stringify(r)}, which is not a regular file`)
    }
  }
  return E.right({ files, dirs })
}

/** Whether directory `dir` is the tool's to replace: empty, or marked and holding only what its marker lists. */
export const ownDirectory = (dir: string, markerName: string): E.Either<string, 'empty' | 'marked'> => {
  const tree = listTree(dir)
  if (E.isLeft(tree)) return tree
  if (tree.right.files.length === 0 && tree.right.dirs.length === 0) return E.right('empty')
  const listed = readMarker(dir, markerName)
  if (E.isLeft(listed)) return E.left(`it is a non-empty directory not written by sbd (${listed.left})`)
  const foreign = tree.right.files.find((f) => !listed.right.has(f))
  if (foreign !== undefined) return E.left(`it holds ${JSON.stringify(foreign)}, which sbd did not write`)
  const folders = new Set(
    [...listed.right].flatMap((f) =>
      f
        .split('/')
        .slice(0, -1)
        .map((_, i, a) => a.slice(0, i + 1).join('/')),
    ),
  )
  const strayDir = tree.right.dirs.find((d) => !folders.has(d))
  if (strayDir !== undefined) return E.left(`it holds the folder ${JSON.stringify(strayDir)}, which sbd did not write`)
  return E.right('marked')
}

/** Whether process `pid` (another than this one) is running. */
export const pidAlive = (pid: unknown): boolean => {
  if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The marker text of an output holding `names`: no time or pid, so equal outputs are equal bytes. */
export const markerText = (names: readonly string[]): string =>
  `${JSON.stringify({ tool: TOOL, format: MARKER_FORMAT, files: [...names].sort() }, null, 2)}\n`
