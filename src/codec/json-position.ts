/**
 * Where JSON text goes wrong. `JSON.parse` names a position for some errors only (Node 20 says
 * `Unexpected token '}', "{"a":}" is not valid JSON`), so this small scanner, run only after a
 * failed parse, finds the offset of the first character that cannot continue a JSON text
 * (RFC 8259). It is iterative: deep nesting cannot overflow the stack.
 *
 * @module
 */

const HEX = /^[0-9a-fA-F]$/
const ESCAPES = '"\\/bfnrt'

/** Offset of the first error in `text` (`text.length` when it ends too early), or `undefined` when it is valid JSON. */
export const jsonErrorOffset = (text: string): number | undefined => {
  let i = 0
  const skipSpace = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++
  }
  const scanString = (): boolean => {
    i++ // the opening quote
    while (i < text.length) {
      const ch = text.charCodeAt(i)
      if (ch === 0x22) {
        i++
        return true
      }
      if (ch < 0x20) return false
      if (ch !== 0x5c) i++
      else if (text[i + 1] === 'u') {
        i += 2
        for (let k = 0; k < 4; k++, i++) if (!HEX.test(text[i] ?? '')) return false
      } else if (text[i + 1] !== undefined && ESCAPES.includes(text[i + 1]!)) i += 2
      else {
        i++
        return false
      }
    }
    return false
  }
  const digits = (): boolean => {
    const start = i
    while (i < text.length && text[i]! >= '0' && text[i]! <= '9') i++
    return i > start
  }
  const scanNumber = (): boolean => {
    if (text[i] === '-') i++
    if (text[i] === '0') i++
    else if (!digits()) return false
    if (text[i] === '.') {
      i++
      if (!digits()) return false
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++
      if (text[i] === '+' || text[i] === '-') i++
      if (!digits()) return false
    }
    return true
  }
  const scanScalar = (): boolean => {
    if (text[i] === '"') return scanString()
    const word = ['true', 'false', 'null'].find((w) => w[0] === text[i])
    if (word === undefined) return scanNumber()
    let k = 0
    while (k < word.length && text[i + k] === word[k]) k++
    i += k
    return k === word.length
  }
  const stack: string[] = [] // the closing bracket of each open container
  type State = 'value' | 'firstValue' | 'key' | 'firstKey' | 'after'
  let state: State = 'value'
  // Step past an opening bracket (remembering its closing one) or past a closing bracket.
  const enter = (close: string, next: State): State => {
    stack.push(close)
    i++
    return next
  }
  const leave = (): State => {
    stack.pop()
    i++
    return 'after'
  }
  for (;;) {
    skipSpace()
    const ch = text[i]
    if (state === 'value' || state === 'firstValue') {
      if (state === 'firstValue' && ch === ']') state = leave()
      else if (ch === '[') state = enter(']', 'firstValue')
      else if (ch === '{') state = enter('}', 'firstKey')
      else if (scanScalar()) state = 'after'
      else return i
    } else if (state === 'key' || state === 'firstKey') {
      if (state === 'firstKey' && ch === '}') state = leave()
      else {
        if (ch !== '"' || !scanString()) return i
        skipSpace()
        if (text[i] !== ':') return i
        ;[i, state] = [i + 1, 'value']
      }
    } else {
      const close = stack[stack.length - 1]
      if (close === undefined) return i < text.length ? i : undefined
      if (ch === ',') [i, state] = [i + 1, close === ']' ? 'value' : 'key']
      else if (ch === close) state = leave()
      else return i
    }
  }
}

/** 1-based line and column of `offset` in `text`. */
export const lineColumn = (text: string, offset: number): { readonly line: number; readonly column: number } => {
  const before = text.slice(0, offset)
  const lastBreak = before.lastIndexOf('\n')
  return { line: before.split('\n').length, column: offset - lastBreak }
}

/**
 * The first key that repeats within one object of the valid JSON `text` (compared after escapes
 * are decoded, so `"a"` and `"\u0061"` are the same key), with the offset of its second
 * occurrence; `undefined` when every object's keys are distinct. `JSON.parse` keeps the last of
 * duplicates silently, so scenario reading rejects them with this. Iterative, linear time.
 */
export const jsonDuplicateKey = (text: string): { readonly key: string; readonly offset: number } | undefined => {
  const stack: ({ readonly keys: Set<string>; expectKey: boolean } | null)[] = [] // null: an array
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (ch === '{') stack.push({ keys: new Set(), expectKey: true })
    else if (ch === '[') stack.push(null)
    else if (ch === '}' || ch === ']') stack.pop()
    else if (ch === ',') {
      const top = stack[stack.length - 1]
      if (top) top.expectKey = true
    } else if (ch === '"') {
      const start = i
      for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++
      const top = stack[stack.length - 1]
      if (top?.expectKey === true) {
        top.expectKey = false
        const key = JSON.parse(text.slice(start, i + 1)) as string
        if (top.keys.has(key)) return { key, offset: start }
        top.keys.add(key)
      }
    }
  }
  return undefined
}
