/**
 * The study's only side effects: writing `results/` through the output-directory writer (an
 * interrupted or failed run leaves the previous directory untouched, never a half-written one,
 * and a directory the tool did not write is refused), and the proofs-notes copy of figure (b) on
 * the abstract instance.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { type OutputError, writeOutputDir, writeOutputFile } from '../report/output-dir.ts'
import { ABSTRACT_GAIN_FIGURE } from './render.ts'

/** Where the deviation-gain figure of proofs-notes §6 is written, without extension (`.svg`, `.png`). */
export const PROOFS_NOTES_FIGURE_BASE = 'proofs-notes/figures/deviation-gain-loglog'
/** The SVG of {@link PROOFS_NOTES_FIGURE_BASE}. */
export const PROOFS_NOTES_FIGURE = `${PROOFS_NOTES_FIGURE_BASE}.svg`

/** Replaces the output directory `outDir` with exactly `files` (see `writeOutputDir`). */
export const writeResults = (
  outDir: string,
  files: ReadonlyArray<{ readonly name: string; readonly contents: string | Uint8Array }>,
): E.Either<OutputError, void> => writeOutputDir(outDir, files)

/**
 * Writes the abstract instance's deviation-gain figure from `files` to `path` (default
 * {@link PROOFS_NOTES_FIGURE}), atomically. `Left` if the figure is not among `files`.
 */
export const writeProofsNotesFigure = (
  files: ReadonlyArray<{ readonly name: string; readonly contents: string | Uint8Array }>,
  path: string = PROOFS_NOTES_FIGURE,
): E.Either<OutputError, void> => {
  const figure = files.find((f) => f.name === ABSTRACT_GAIN_FIGURE)
  return figure === undefined
    ? E.left({ kind: 'environment', path: ABSTRACT_GAIN_FIGURE, reason: 'not among the rendered files' })
    : writeOutputFile(path, figure.contents)
}
