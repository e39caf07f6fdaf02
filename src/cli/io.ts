/**
 * The CLI's side effects, as a record of functions: real ones in `main.ts`, in-memory ones in
 * tests, so every command is a function from arguments and IO to an exit status.
 *
 * @module
 */
import type { StudySpec } from '../experiments/run-all.ts'

/** Everything a command may do to the outside world. */
export interface CliIo {
  /** Reads a UTF-8 text file; `Left`-like failure is reported by throwing an `Error` with a message. */
  readonly readText: (path: string) => string
  /** Writes the files of a result directory atomically; returns an error message or `null`. */
  readonly writeDir: (dir: string, files: ReadonlyArray<{ readonly name: string; readonly contents: string }>) => string | null
  /** Standard output (whole chunks). */
  readonly stdout: (text: string) => void
  /** Standard error (whole chunks). */
  readonly stderr: (text: string) => void
  /** Writes one file atomically (the proofs-notes copy of a figure); returns an error message or `null`. */
  readonly writeFile: (path: string, contents: string) => string | null
  /** Runs a study and renders its report files (the `experiment` command). */
  readonly runStudy: (spec: StudySpec) => Promise<ReadonlyArray<{ readonly name: string; readonly contents: string }>>
  /** Runs the property suites (the `check` command); returns their exit status. */
  readonly runChecks: (seed: number | undefined, thorough: boolean) => number
}

/** Exit status for bad input (a bad option or a bad scenario file). */
export const EXIT_BAD_INPUT = 2
/** Exit status for an internal failure. */
export const EXIT_FAILURE = 1
