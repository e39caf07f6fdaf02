/**
 * The study's only side effects: writing `results/` atomically (an interrupted or failed run
 * leaves the previous directory untouched, never a half-written one), and the proofs-notes copy
 * of figure (b) on the abstract instance.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { writeDirAtomic, writeFileAtomic } from '../report/atomic.ts'
import { ABSTRACT_GAIN_FIGURE } from './render.ts'

/** Where the log-log deviation-gain figure of proofs-notes §6 is written. */
export const PROOFS_NOTES_FIGURE = 'proofs-notes/figures/deviation-gain-loglog.svg'

/** Replaces directory `outDir` with exactly `files`, atomically. */
export const writeResults = (outDir: string, files: ReadonlyArray<{ readonly name: string; readonly contents: string }>): E.Either<Error, void> =>
  writeDirAtomic(outDir, files)

/**
 * Writes the abstract instance's deviation-gain figure from `files` to `path` (default
 * {@link PROOFS_NOTES_FIGURE}), atomically. `Left` if the figure is not among `files`.
 */
export const writeProofsNotesFigure = (
  files: ReadonlyArray<{ readonly name: string; readonly contents: string }>,
  path: string = PROOFS_NOTES_FIGURE,
): E.Either<Error, void> => {
  const figure = files.find((f) => f.name === ABSTRACT_GAIN_FIGURE)
  return figure === undefined ? E.left(new Error(`${ABSTRACT_GAIN_FIGURE}: not among the rendered files`)) : writeFileAtomic(path, figure.contents)
}
