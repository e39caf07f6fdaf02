/**
 * `sbd experiment NAME`: runs the named experiment and writes its report directory atomically.
 * Every option and every target (`--out`, and the proofs-notes figure with `--proofs-notes`) is
 * checked before the study runs and before the first write.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { type CliIo, type CommandFailure, EXIT_BAD_INPUT, EXIT_FAILURE } from './io.ts'
import { integerOption } from './options.ts'

/** The experiments the CLI knows (`all` runs the whole study of the report). */
export const EXPERIMENT_NAMES = ['all'] as const

const badInput = (messages: readonly string[]): E.Either<CommandFailure, never> => E.left({ status: EXIT_BAD_INPUT, messages })
const failed = (message: string): E.Either<CommandFailure, never> => E.left({ status: EXIT_FAILURE, messages: [message] })

/** Runs experiment `name`; `Left` carries the exit status and messages, `Right` a one-line summary for stderr. */
export const runExperimentCommand = async (
  name: string,
  opts: { readonly seed: string; readonly out: string; readonly quick: boolean; readonly proofsNotes: boolean },
  io: CliIo,
): Promise<E.Either<CommandFailure, string>> => {
  // Loaded here, not at start-up: the study's modules (vega) are slow to load and other commands never need them.
  const { ABSTRACT_GAIN_FIGURE } = await import('../experiments/run-all.ts')
  const { PROOFS_NOTES_FIGURE } = await import('../experiments/write.ts')
  const errors: string[] = []
  if (!(EXPERIMENT_NAMES as readonly string[]).includes(name))
    errors.push(`experiment: unknown ${JSON.stringify(name)} (expected one of: ${EXPERIMENT_NAMES.join(', ')})`)
  const seed = integerOption('seed', opts.seed, 0, 2 ** 31 - 1)
  if (E.isLeft(seed)) errors.push(...seed.left)
  if (opts.out.trim() === '') errors.push('--out: expected a directory path, got ""')
  else {
    const out = io.checkOutputDir(opts.out)
    if (out !== null) errors.push(`--out: cannot write ${out}`)
  }
  if (opts.proofsNotes) {
    const figure = io.checkOutputFile(PROOFS_NOTES_FIGURE)
    if (figure !== null) errors.push(`--proofs-notes: cannot write ${figure} (run from the root of a checkout)`)
  }
  if (errors.length > 0 || E.isLeft(seed)) return badInput(errors)
  const files = await io.runExperiments(seed.right, opts.quick)
  const written = io.writeDir(opts.out, files)
  if (written !== null) return failed(`--out: cannot write ${written}`)
  if (opts.proofsNotes) {
    const figure = files.find((f) => f.name === ABSTRACT_GAIN_FIGURE)
    const copied = figure === undefined ? `${ABSTRACT_GAIN_FIGURE} was not rendered` : io.writeFile(PROOFS_NOTES_FIGURE, figure.contents)
    if (copied !== null) return failed(`--proofs-notes: cannot write ${copied}`)
  }
  return E.right(`wrote ${files.length} files to ${opts.out}/${opts.proofsNotes ? ` and ${PROOFS_NOTES_FIGURE}` : ''}\n`)
}
