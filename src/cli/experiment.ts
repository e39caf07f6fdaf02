/**
 * `sbd experiment NAME`: runs the named experiment and writes its report directory atomically.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { ABSTRACT_GAIN_FIGURE } from '../experiments/run-all.ts'
import { PROOFS_NOTES_FIGURE } from '../experiments/write.ts'
import type { CliIo } from './io.ts'
import { integerOption } from './options.ts'

/** The experiments the CLI knows (`all` runs the whole study of the report). */
export const EXPERIMENT_NAMES = ['all'] as const

/** Runs experiment `name`; `Left` lists bad-input messages, `Right` a one-line summary for stderr. */
export const runExperimentCommand = async (
  name: string,
  opts: { readonly seed: string; readonly out: string; readonly quick: boolean; readonly proofsNotes: boolean },
  io: CliIo,
): Promise<E.Either<readonly string[], string>> => {
  const errors: string[] = []
  if (!(EXPERIMENT_NAMES as readonly string[]).includes(name))
    errors.push(`experiment: unknown ${JSON.stringify(name)} (expected one of: ${EXPERIMENT_NAMES.join(', ')})`)
  const seed = integerOption('seed', opts.seed, 0, 2 ** 31 - 1)
  if (E.isLeft(seed)) errors.push(...seed.left)
  if (opts.out.trim() === '') errors.push('--out: expected a directory path, got ""')
  if (errors.length > 0 || E.isLeft(seed)) return E.left(errors)
  const files = await io.runExperiments(seed.right, opts.quick)
  const failed = io.writeDir(opts.out, files)
  if (failed !== null) return E.left([`--out: cannot write ${JSON.stringify(opts.out)}: ${failed}`])
  if (opts.proofsNotes) {
    const figure = files.find((f) => f.name === ABSTRACT_GAIN_FIGURE)
    const copied = figure === undefined ? `${ABSTRACT_GAIN_FIGURE} was not rendered` : io.writeFile(PROOFS_NOTES_FIGURE, figure.contents)
    if (copied !== null) return E.left([`--proofs-notes: cannot write ${PROOFS_NOTES_FIGURE}: ${copied}`])
  }
  return E.right(`wrote ${files.length} files to ${opts.out}/${opts.proofsNotes ? ` and ${PROOFS_NOTES_FIGURE}` : ''}\n`)
}
