/**
 * Human error reports: one line per bad field, `<path>: <what was expected>, got <what was there>`,
 * with the path in JS notation (`providers[2].substitute.quality`, `(root)` for the whole input):
 *
 * ```text
 * providers[2].substitute.quality: expected a probability in [0,1], got "1.3"
 * market.outputLengths: probabilities must sum to 1, got 0.9
 * providers[1].id: expected a provider id, got 7
 * kind: expected "abstract" or "llm", got "x"
 * ```
 *
 * Decoding never throws: every input, however malformed, yields `Left` messages or `Right`.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type * as t from 'io-ts'
import type { Instance } from '../model/types.ts'
import { scenarioCodec } from './instance.ts'
import { jsonDuplicateKey, jsonErrorOffset, lineColumn } from './json-position.ts'

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/
const MAX_SHOWN = 60

/** The path of a context in JS notation; `(root)` for the input itself. */
export const formatPath = (context: t.Context): string => {
  let path = ''
  for (let j = 1; j < context.length; j++) {
    const key = context[j]!.key
    if (Array.isArray(context[j - 1]!.actual)) path += `[${key}]`
    else if (IDENTIFIER.test(key)) path += path === '' ? key : `.${key}`
    else path += `[${JSON.stringify(key)}]`
  }
  return path === '' ? '(root)' : path
}

/** A short, never-throwing rendering of an input value (JSON where it is short). */
export const showValue = (u: unknown): string => {
  if (u === undefined) return 'undefined'
  if (typeof u === 'bigint') return `${u}n`
  if (typeof u === 'number') return String(u)
  if (typeof u === 'string' && u.length > MAX_SHOWN) return `${JSON.stringify(u.slice(0, MAX_SHOWN))}… (${u.length} characters)`
  if (typeof u !== 'object' || u === null)
    return typeof u === 'function' || typeof u === 'symbol' ? `a ${typeof u}` : (JSON.stringify(u) ?? String(u))
  const size = Array.isArray(u) ? u.length : Object.keys(u).length
  const summary = Array.isArray(u) ? `an array of ${size} entries` : `an object with ${size} keys`
  if (size > 10) return summary
  try {
    const s = JSON.stringify(u)
    return s.length <= MAX_SHOWN ? s : summary
  } catch {
    return summary
  }
}

/** One report line for one validation error. */
export const formatError = (error: t.ValidationError): string => {
  const path = formatPath(error.context)
  if (error.message !== undefined) return `${path}: ${error.message}`
  const last = error.context[error.context.length - 1]
  return `${path}: expected ${last?.type.name ?? 'something else'}, got ${showValue(last?.actual)}`
}

/** The report lines of `errors`, in order, without repeats. */
export const formatErrors = (errors: t.Errors): readonly string[] => [...new Set(errors.map(formatError))]

/** Decodes `input` with `codec`, reporting failures as lines. */
export const decodeWith = <A>(codec: t.Decoder<unknown, A>, input: unknown): E.Either<readonly string[], A> =>
  E.mapLeft(formatErrors)(codec.decode(input))

/**
 * Decodes a parsed scenario file into an {@link Instance}.
 *
 * @param json - parsed JSON of a scenario file.
 * @returns the instance, or every error with its field path.
 */
export const decodeScenario = (json: unknown): E.Either<readonly string[], Instance> => decodeWith(scenarioCodec, json)

/**
 * Parses and decodes scenario text; invalid JSON or a duplicate key is one message with its line, column and offset.
 *
 * @param text - the text of a scenario file (JSON).
 * @returns the instance, or every error with its field path (and line and column for invalid JSON).
 *
 * @example Runnable from the repository root (the docs test runs it and compares its output).
 * ```ts
 * import { Either as E, parseScenarioText } from 'second-best-delegation'
 *
 * const provider = (id: string, honestMean: string) => ({ id, honestMean, honestProfit: '0', segments: [] })
 * const text = JSON.stringify({ kind: 'abstract', name: 'x', range: { xLo: '0', xHi: '1' }, noise: 'bernoulli', providers: [provider('a', '1.5'), provider('b', '0.5')] })
 * const decoded = parseScenarioText(text)
 * console.log(E.isLeft(decoded) ? decoded.left.join('\n') : 'decoded')
 * ```
 *
 * ```text output
 * providers[0].honestMean: must be at most range.xHi "1", got "1.5"
 * ```
 */
export const parseScenarioText = (text: string): E.Either<readonly string[], Instance> => {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    const offset = jsonErrorOffset(text) ?? text.length
    const { line, column } = lineColumn(text, offset)
    const reason = e instanceof Error ? e.message : String(e)
    return E.left([`invalid JSON at line ${line}, column ${column} (offset ${offset}): ${reason}`])
  }
  const dup = jsonDuplicateKey(text)
  if (dup !== undefined) {
    const { line, column } = lineColumn(text, dup.offset)
    return E.left([
      `duplicate key ${showValue(dup.key)} at line ${line}, column ${column} (offset ${dup.offset}): each key may appear once in an object`,
    ])
  }
  return decodeScenario(json)
}
