/**
 * Helpers of the codec suites: structural equality with exact decimals, the leaves of a JSON
 * value, and the path at the start of a report line.
 */
import { Decimal } from '../../src/exact/decimal.ts'

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u)

/** Deep equality where decimals must agree by `.eq` and by their string form; key sets must match. */
export const structEq = (a: unknown, b: unknown): boolean => {
  if (Decimal.isDecimal(a) || Decimal.isDecimal(b))
    return Decimal.isDecimal(a) && Decimal.isDecimal(b) && a.eq(b) && a.toString() === b.toString()
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => structEq(x, b[i]))
  if (isObject(a)) {
    if (!isObject(b)) return false
    const ka = Object.keys(a).sort()
    const kb = Object.keys(b).sort()
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && structEq(a[k], b[k]))
  }
  return Object.is(a, b)
}

/** A path into a JSON value. */
export type JsonPath = readonly (string | number)[]

/** Paths of every leaf (a scalar, or an empty array or object) of a JSON value. */
export const leafPaths = (u: unknown, at: JsonPath = []): JsonPath[] => {
  const children: [string | number, unknown][] = Array.isArray(u) ? u.map((x, i) => [i, x]) : isObject(u) ? Object.entries(u) : []
  return children.length === 0 ? [at] : children.flatMap(([k, v]) => leafPaths(v, [...at, k]))
}

/** A copy of `u` with the value at `path` replaced by `value`. */
export const replaceAt = (u: unknown, path: JsonPath, value: unknown): unknown => {
  const [head, ...rest] = path
  if (head === undefined) return value
  if (Array.isArray(u)) return u.map((x, i) => (i === head ? replaceAt(x, rest, value) : x))
  if (isObject(u)) return { ...u, [head]: replaceAt(u[head], rest, value) }
  return u
}

/** The path a report line starts with and the text after `: `; `undefined` if it does not parse. */
export const parseLinePath = (line: string): { path: (string | number)[]; index: boolean[]; rest: string } | undefined => {
  if (line.startsWith('(root): ')) return { path: [], index: [], rest: line.slice(8) }
  const path: (string | number)[] = []
  const index: boolean[] = []
  let i = 0
  for (;;) {
    const ident = /^\.?([A-Za-z_$][\w$]*)/.exec(line.slice(i))
    const num = /^\[(\d+)\]/.exec(line.slice(i))
    if (ident !== null && (path.length === 0) === !ident[0].startsWith('.')) {
      path.push(ident[1]!)
      index.push(false)
      i += ident[0].length
    } else if (num !== null) {
      path.push(Number(num[1]))
      index.push(true)
      i += num[0].length
    } else if (line.startsWith('["', i)) {
      let j = i + 2
      while (j < line.length && line[j] !== '"') j += line[j] === '\\' ? 2 : 1
      path.push(JSON.parse(line.slice(i + 1, j + 1)) as string)
      index.push(false)
      i = j + 2
      if (line[j + 1] !== ']') return undefined
    } else break
  }
  return path.length > 0 && line.startsWith(': ', i) ? { path, index, rest: line.slice(i + 2) } : undefined
}

/**
 * True when a report line starts with a path into `input`: every step exists (an index into an
 * array, a key of an object), except that a `missing` field's last key is absent from an object.
 */
export const lineNamesInputPath = (line: string, input: unknown): boolean => {
  const parsed = parseLinePath(line)
  if (parsed === undefined) return false
  let v = input
  for (const [k, seg] of parsed.path.entries()) {
    const last = k === parsed.path.length - 1
    if (parsed.index[k] === true) {
      if (!Array.isArray(v) || typeof seg !== 'number' || seg >= v.length) return false
      v = v[seg]
    } else {
      if (!isObject(v)) return false
      if (!Object.hasOwn(v, seg)) return last && parsed.rest.startsWith('missing')
      v = v[seg]
    }
  }
  return true
}
