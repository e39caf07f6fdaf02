/**
 * Reading an input file (a scenario) safely: only regular files (after following symbolic links),
 * at most {@link MAX_INPUT_BYTES}, valid UTF-8. A FIFO is opened without blocking and refused, a
 * device or directory is refused, and a file that grows while read is cut off at the cap.
 *
 * @module
 */
import * as fs from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { describeEntry } from '../report/output-dir.ts'

/** Largest accepted input file: 4 MiB (the largest valid scenario is far smaller). */
export const MAX_INPUT_BYTES = 4 * 1024 * 1024

const utf8 = new TextDecoder('utf-8', { fatal: true })

const reasonOf = (e: unknown): string => {
  const err = e as NodeJS.ErrnoException
  const msg = err instanceof Error ? err.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '') : String(e)
  return typeof err?.code === 'string' ? `${err.code} (${msg})` : msg
}

/** The text of the regular file `path`, or one line saying why it cannot be read. */
export const readInputFile = (path: string, maxBytes: number = MAX_INPUT_BYTES): E.Either<string, string> => {
  if (path.includes('\0')) return E.left('the path contains a NUL character')
  let fd: number
  try {
    fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK)
  } catch (e) {
    return E.left(reasonOf(e))
  }
  try {
    const st = fs.fstatSync(fd)
    if (!st.isFile()) return E.left(`is ${describeEntry(st)}, not a regular file`)
    if (st.size > maxBytes) return E.left(`is ${st.size} bytes, above the limit of ${maxBytes} bytes for an input file`)
    const buf = Buffer.alloc(maxBytes + 1)
    let n = 0
    for (let r = -1; r !== 0 && n <= maxBytes; n += r) r = fs.readSync(fd, buf, n, buf.length - n, null)
    if (n > maxBytes) return E.left(`is above the limit of ${maxBytes} bytes for an input file`)
    try {
      return E.right(utf8.decode(buf.subarray(0, n)))
    } catch {
      return E.left('is not valid UTF-8 text')
    }
  } catch (e) {
    return E.left(reasonOf(e))
  } finally {
    fs.closeSync(fd)
  }
}
