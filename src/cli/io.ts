/**
 * The CLI's side effects, as a record of functions: real ones in `main.ts`, in-memory ones in
 * tests, so every command is a function from arguments and IO to an exit status.
 *
 * @module
 */
import type * as E from 'fp-ts/lib/Either.js'
import type { StudySpec } from '../experiments/run-all.ts'
import type { FigureFormat } from '../report/figure.ts'

/** A file a command writes: text, or bytes (a PNG figure). */
export type FileContents = string | Uint8Array
import type { Registry } from '../plugin/registry.ts'

/** Everything a command may do to the outside world. */
export interface CliIo {
  /** Reads a UTF-8 text file; `Left`-like failure is reported by throwing an `Error` with a message. */
  readonly readText: (path: string) => string
  /**
   * Checks, without writing, that `dir` may receive a result directory (new, empty, or written
   * earlier by sbd); returns the reason it may not (`"path": reason`) or `null`. Commands call it
   * before their first write and before long work.
   */
  readonly checkOutputDir: (dir: string) => string | null
  /** Checks, without writing, that the single file `path` may be written; a reason or `null`. */
  readonly checkOutputFile: (path: string) => string | null
  /** Writes the files of a result directory atomically (re-checking it); returns an error message or `null`. */
  readonly writeDir: (dir: string, files: ReadonlyArray<{ readonly name: string; readonly contents: FileContents }>) => string | null
  /** Standard output (whole chunks). */
  readonly stdout: (text: string) => void
  /** Standard error (whole chunks). */
  readonly stderr: (text: string) => void
  /** Writes one file atomically (the proofs-notes copy of a figure); returns an error message or `null`. */
  readonly writeFile: (path: string, contents: FileContents) => string | null
  /** Runs a study and renders its report files, figures in `formats` (the `experiment` command). */
  readonly runStudy: (
    spec: StudySpec,
    formats: readonly FigureFormat[],
  ) => Promise<ReadonlyArray<{ readonly name: string; readonly contents: FileContents }>>
  /** Runs the property suites (the `check` command); returns their exit status. */
  readonly runChecks: (seed: number | undefined, thorough: boolean) => number
  /** Loads the plug-in files `paths` (`--plugin`) into a registry; `Left`: one message per problem. */
  readonly loadPlugins: (paths: readonly string[]) => Promise<E.Either<readonly string[], Registry>>
}

/** Exit status for bad input (a bad option or a bad scenario file). */
export const EXIT_BAD_INPUT = 2
/** Exit status for an internal failure or a failure of the environment (a write that failed). */
export const EXIT_FAILURE = 1

/** Why a command failed: its exit status and its messages (one line each). */
export interface CommandFailure {
  /** {@link EXIT_BAD_INPUT} or {@link EXIT_FAILURE}. */
  readonly status: typeof EXIT_BAD_INPUT | typeof EXIT_FAILURE
  /** One line each, without the `error: ` prefix. */
  readonly messages: readonly string[]
}
