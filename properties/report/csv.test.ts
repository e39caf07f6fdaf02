import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { toCsv, quoteField } from '../../src/report/csv.ts'

/** Minimal RFC 4180 parser (records terminated by `\n`), independent of the implementation. */
function parseCsv(text: string): string[][] {
  const records: string[][] = []
  let record: string[] = []
  let field = ''
  let i = 0
  while (i < text.length) {
    const ch = text[i]!
    if (ch === '"' && field === '') {
      // quoted field
      i++
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quote')
        const c = text[i]!
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"'
            i += 2
          } else {
            i++
            break
          }
        } else {
          field += c
          i++
        }
      }
      const next = text[i]
      if (next !== ',' && next !== '\n') throw new Error(`junk after quoted field at ${i}`)
    } else if (ch === ',') {
      record.push(field)
      field = ''
      i++
    } else if (ch === '\n') {
      record.push(field)
      records.push(record)
      record = []
      field = ''
      i++
    } else {
      if (ch === '"' || ch === '\r') throw new Error(`bare ${JSON.stringify(ch)} in unquoted field at ${i}`)
      field += ch
      i++
    }
  }
  if (field !== '' || record.length > 0) throw new Error('last record not terminated by \\n')
  return records
}

const tricky = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', 'é', '😀') })
const anyString = fc.oneof(tricky, fc.string({ unit: 'grapheme' }))
const columnsArb = fc.uniqueArray(anyString, { minLength: 1, maxLength: 5 })

describe('toCsv', () => {
  it('round-trips arbitrary strings through an RFC 4180 parser', () => {
    fc.assert(
      fc.property(
        columnsArb.chain((cols) =>
          fc.tuple(fc.constant(cols), fc.array(fc.array(anyString, { minLength: cols.length, maxLength: cols.length }), { maxLength: 6 })),
        ),
        ([cols, cells]) => {
          const rows = cells.map((r) => Object.fromEntries(cols.map((c, j) => [c, r[j]!])))
          const out = toCsv(cols, rows)
          expect(E.isRight(out)).toBe(true)
          if (E.isLeft(out)) return
          expect(parseCsv(out.right)).toEqual([cols, ...cells])
        },
      ),
    )
  })

  it('writes the header first, \\n line endings, and finite numbers / booleans verbatim', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean()), { maxLength: 8 }), (pairs) => {
        const rows = pairs.map(([x, b]) => ({ x, ok: b }))
        const out = toCsv(['x', 'ok'], rows)
        if (E.isLeft(out)) throw out.left
        expect(out.right.endsWith('\n')).toBe(true)
        expect(out.right.includes('\r')).toBe(false)
        const parsed = parseCsv(out.right)
        expect(parsed[0]).toEqual(['x', 'ok'])
        expect(parsed.slice(1).map(([x, b]) => [Number(x), b === 'true'])).toEqual(pairs.map(([x, b]) => [x === 0 ? 0 : x, b]))
      }),
    )
  })

  it('rejects NaN and ±Infinity, naming the column and row', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
        fc.nat({ max: 4 }),
        fc.constantFrom('alpha', 'beta'),
        (bad, at, badCol) => {
          const rows = Array.from({ length: 5 }, (_, i) => ({ alpha: i, beta: i * 2 }))
          rows[at] = { ...rows[at]!, [badCol]: bad }
          const out = toCsv(['alpha', 'beta'], rows)
          expect(E.isLeft(out)).toBe(true)
          if (E.isRight(out)) return
          expect(out.left.message).toContain(`"${badCol}"`)
          expect(out.left.message).toContain(`row ${at}`)
        },
      ),
    )
  })

  it('rejects a row missing a column, and empty or duplicate column lists', () => {
    expect(E.isLeft(toCsv(['a', 'b'], [{ a: 1 }]))).toBe(true)
    expect(E.isLeft(toCsv([], []))).toBe(true)
    expect(E.isLeft(toCsv(['a', 'a'], []))).toBe(true)
  })

  it('quotes exactly the fields that need it', () => {
    expect(quoteField('plain text')).toBe('plain text')
    expect(quoteField('a,"b"')).toBe('"a,""b"""')
    expect(quoteField('line\nbreak')).toBe('"line\nbreak"')
    expect(toCsv(['n', 'label'], [{ n: 1, label: 'a,b' }])).toEqual(E.right('n,label\n1,"a,b"\n'))
  })
})
