/**
 * Standard output and error at the edge of the CLI: synchronous writes whose failures are
 * recorded, never thrown. A closed pipe on standard output (`sbd … | head`) ends output quietly;
 * any other failure (ENOSPC on `> /dev/full`, EIO, EACCES, …) becomes one line on standard error
 * and exit status 1 (see {@link finalStatus}). Nothing here ever prints a stack trace.
 *
 * @module
 */
import * as fs from 'node:fs'

/** The first failed write on a stream. */
export interface StreamFailure {
  /** `stdout` or `stderr`. */
  readonly stream: 'stdout' | 'stderr'
  /** The error code (`EPIPE`, `ENOSPC`, …) or `UNKNOWN`. */
  readonly code: string
  /** The system's one-line message. */
  readonly message: string
}

/** Writes to file descriptors 1 and 2 that never throw. */
export interface Stdio {
  /** Writes to standard output; after a failure of standard output, does nothing. */
  readonly stdout: (text: string) => void
  /** Writes to standard error; after a failure of standard error, does nothing. */
  readonly stderr: (text: string) => void
  /** The failure of standard output, else of standard error, if any (each stream stops at its first). */
  readonly failure: () => StreamFailure | undefined
}

const pause = new Int32Array(new SharedArrayBuffer(4))

/** Writes all of `bytes` to `fd`, waiting out EAGAIN (a non-blocking pipe that is full). */
const writeAll = (fd: number, bytes: Uint8Array, write: typeof fs.writeSync): void => {
  let off = 0
  while (off < bytes.length) {
    try {
      off += write(fd, bytes, off, bytes.length - off)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e
      Atomics.wait(pause, 0, 0, 5)
    }
  }
}

/**
 * Synchronous, failure-recording writers for `fds` (default 1 and 2). `write` is `fs.writeSync`
 * unless a test substitutes a failing one.
 */
export const makeStdio = (
  fds: { readonly stdout: number; readonly stderr: number } = { stdout: 1, stderr: 2 },
  write: typeof fs.writeSync = fs.writeSync,
): Stdio => {
  const failed: { stdout?: StreamFailure; stderr?: StreamFailure } = {}
  const writer =
    (stream: 'stdout' | 'stderr') =>
    (text: string): void => {
      if (failed[stream] !== undefined) return
      try {
        writeAll(fds[stream], Buffer.from(text, 'utf8'), write)
      } catch (e) {
        const err = e as NodeJS.ErrnoException
        failed[stream] = {
          stream,
          code: typeof err?.code === 'string' ? err.code : 'UNKNOWN',
          message: err instanceof Error ? err.message : String(e),
        }
      }
    }
  return { stdout: writer('stdout'), stderr: writer('stderr'), failure: () => failed.stdout ?? failed.stderr }
}

/**
 * The exit status once a command returned `status`, given the streams' first failure: a closed
 * pipe on standard output keeps `status` (the reader stopped reading; nothing is printed); any
 * other failure is reported on standard error (when it still works) and gives 1.
 */
export const finalStatus = (status: number, stdio: Stdio, report: (line: string) => void): number => {
  const f = stdio.failure()
  if (f === undefined) return status
  if (f.stream === 'stdout' && f.code === 'EPIPE') return status
  if (f.stream === 'stdout') report(`sbd: cannot write standard output: ${f.message.split('\n')[0]}\n`)
  return 1
}
