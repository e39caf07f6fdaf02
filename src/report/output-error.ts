/**
 * Failures of the output writers, in two kinds that map to exit statuses: a refusal (bad input,
 * status 2) and a failure of the environment (status 1).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'

/**
 * Why a write was not done. `refused`: the target (or an entry in the way) is not the tool's to
 * replace, or a name is invalid — bad input, nothing was touched. `environment`: the system
 * failed (EACCES, ENOSPC, EROFS, …) — the previous output, if any, is left in place.
 */
export interface OutputError {
  readonly kind: 'refused' | 'environment'
  /** The path concerned (as given, or the entry in the way). */
  readonly path: string
  /** One line: why. */
  readonly reason: string
}

/** `"path": reason` — the one-line form of an {@link OutputError}. */
export const describeOutputError = (e: OutputError): string => `${showPath(e.path)}: ${e.reason}`

/** A path as messages show it: JSON-quoted, cut to 200 characters. */
export const showPath = (p: string): string =>
  p.length <= 200 ? JSON.stringify(p) : `${JSON.stringify(p.slice(0, 200))}… (${p.length} characters)`

/** A refusal: the target is not the tool's to replace (bad input). */
export const refused = (p: string, reason: string): E.Either<OutputError, never> => E.left({ kind: 'refused', path: p, reason })

const errnoText = (e: unknown): string => {
  const err = e as NodeJS.ErrnoException
  const code = typeof err?.code === 'string' ? err.code : undefined
  const text = err instanceof Error ? err.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '') : String(e)
  return code === undefined ? text : `${code} (${text})`
}

/** A failure of the system (EACCES, ENOSPC, EROFS, …) at `p`. */
export const environment = (p: string, e: unknown): E.Either<OutputError, never> =>
  E.left({ kind: 'environment', path: p, reason: errnoText(e) })
