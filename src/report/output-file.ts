/**
 * Writing one file the tool owns (the proofs-notes copy of a figure): {@link checkOutputFile}
 * before any write, {@link writeOutputFile} through a temporary sibling and a rename. The folder
 * must exist; the target must be absent or a regular file.
 *
 * @module
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { type OutputError, environment, refused } from './output-error.ts'
import { TMP_PREFIX, describeEntry, lstatOrUndefined } from './output-ownership.ts'

/**
 * Checks that `target` may receive a single file: its folder exists (it is not created) and the
 * target is absent or a regular file (not a symbolic link, folder or device).
 */
export const checkOutputFile = (target: string): E.Either<OutputError, string> => {
  if (target.trim() === '' || target.includes('\0')) return refused(target, 'expected a file path')
  const abs = path.resolve(target)
  try {
    const dir = path.dirname(abs)
    let dst: fs.Stats
    try {
      dst = fs.statSync(dir)
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      if (code === 'ENOENT' || code === 'ENOTDIR')
        return refused(target, `its folder ${JSON.stringify(path.dirname(target))} does not exist`)
      throw e
    }
    if (!dst.isDirectory()) return refused(target, `its folder ${JSON.stringify(path.dirname(target))} is ${describeEntry(dst)}`)
    const st = lstatOrUndefined(abs)
    if (st !== undefined && !st.isFile()) return refused(target, `is ${describeEntry(st)}, not a regular file`)
    const tmp = path.join(dir, `${TMP_PREFIX}${path.basename(abs)}`)
    const tst = lstatOrUndefined(tmp)
    if (tst !== undefined && !tst.isFile()) return refused(tmp, `is in the way of the output and is ${describeEntry(tst)}; move it away`)
    return E.right(abs)
  } catch (e) {
    return environment(target, e)
  }
}

/**
 * Writes one file atomically after {@link checkOutputFile}: the contents go to the sibling
 * `.sbd-tmp-<name>` (a leftover regular file of that name is replaced), then a rename.
 */
export const writeOutputFile = (target: string, contents: string | Uint8Array): E.Either<OutputError, void> => {
  const checked = checkOutputFile(target)
  if (E.isLeft(checked)) return checked
  const tmp = path.join(path.dirname(checked.right), `${TMP_PREFIX}${path.basename(checked.right)}`)
  try {
    if (lstatOrUndefined(tmp) !== undefined) fs.unlinkSync(tmp)
    fs.writeFileSync(tmp, contents, { flag: 'wx' })
    fs.renameSync(tmp, checked.right)
    return E.right(undefined)
  } catch (e) {
    try {
      fs.unlinkSync(tmp)
    } catch {
      /* best effort */
    }
    return environment(target, e)
  }
}
