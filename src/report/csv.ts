/**
 * Tidy CSV serialisation (RFC 4180 quoting, `\n` line endings).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'

/** A CSV cell value. Numbers must be finite. */
export type CsvValue = string | number | boolean

/** One CSV data row: column name to value. */
export type CsvRow = Readonly<Record<string, CsvValue>>

/**
 * Quote one field per RFC 4180: fields containing a comma, a double quote,
 * CR or LF are wrapped in double quotes, with inner quotes doubled.
 *
 * @example
 * ```ts
 * quoteField('a,"b"') // => '"a,""b"""'
 * quoteField('plain') // => 'plain'
 * ```
 */
export function quoteField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

function cell(value: CsvValue | undefined, column: string, row: number): E.Either<Error, string> {
  if (value === undefined) return E.left(new Error(`CSV: missing value for column "${column}" in row ${row}`))
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return E.left(new Error(`CSV: non-finite number ${String(value)} in column "${column}", row ${row}`))
  }
  return E.right(quoteField(String(value)))
}

/**
 * Serialise rows to a tidy CSV string: the header line first, then one line
 * per row with cells in `columns` order; every line ends with `\n`.
 *
 * Returns `Left` (naming the column and the 0-based data-row index) when a
 * number is `NaN`/`±Infinity` or a row lacks one of the columns, and when
 * `columns` is empty or has duplicates.
 *
 * @example
 * ```ts
 * toCsv(['n', 'label'], [{ n: 1, label: 'a,b' }])
 * // => Right('n,label\n1,"a,b"\n')
 * ```
 */
export function toCsv(columns: readonly string[], rows: readonly CsvRow[]): E.Either<Error, string> {
  if (columns.length === 0) return E.left(new Error('CSV: no columns'))
  if (new Set(columns).size !== columns.length) return E.left(new Error('CSV: duplicate column names'))
  const lines: string[] = [columns.map(quoteField).join(',')]
  for (const [i, row] of rows.entries()) {
    const cells: string[] = []
    for (const column of columns) {
      const c = cell(Object.hasOwn(row, column) ? row[column] : undefined, column, i)
      if (E.isLeft(c)) return c
      cells.push(c.right)
    }
    lines.push(cells.join(','))
  }
  return E.right(lines.map((l) => `${l}\n`).join(''))
}
