/**
 * A small RFC 4180 CSV reader: comma-separated fields, records ended by LF or CRLF (the last one
 * may omit it), fields optionally in double quotes, in which commas, line breaks and doubled
 * quotes (`""`) are literal.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'

/** One data record: its 1-based line number in the text and its cells by column name. */
export interface CsvRecord {
  /** 1-based line the record starts on. */
  readonly line: number
  /** Cell text by column name (empty string for an empty cell). */
  readonly cells: Readonly<Record<string, string>>
}

/** One record as a list of fields, with the 1-based line it starts on. */
export interface CsvRow {
  /** 1-based line the record starts on. */
  readonly line: number
  /** The fields, unquoted. */
  readonly fields: readonly string[]
}

/** The records of `text` as lists of fields; `Left` names the line of a malformed quote. */
export const readCsvRows = (text: string): E.Either<string, readonly CsvRow[]> => {
  const rows: CsvRow[] = []
  let row: string[] = []
  let field = ''
  let line = 1
  let rowLine = 1
  let i = 0
  const endRow = (): void => {
    row.push(field)
    rows.push({ line: rowLine, fields: row })
    row = []
    field = ''
  }
  while (i < text.length) {
    const ch = text[i]!
    if (ch === '"' && field === '') {
      const start = line
      for (i++; ; i++) {
        if (i >= text.length) return E.left(`line ${start}: unterminated quoted field`)
        if (text[i] === '"' && text[i + 1] === '"') [field, i] = [`${field}"`, i + 1]
        else if (text[i] === '"') break
        else {
          if (text[i] === '\n') line++
          field += text[i]
        }
      }
      i++
      if (i < text.length && text[i] !== ',' && text[i] !== '\n' && text.slice(i, i + 2) !== '\r\n')
        return E.left(`line ${line}: unexpected character after a closing quote`)
    } else if (ch === '"') return E.left(`line ${line}: a quote inside an unquoted field`)
    else if (ch === ',') {
      row.push(field)
      field = ''
      i++
    } else if (ch === '\n' || (ch === '\r' && text[i + 1] === '\n')) {
      endRow()
      i += ch === '\n' ? 1 : 2
      rowLine = ++line
    } else {
      field += ch
      i++
    }
  }
  if (field !== '' || row.length > 0) endRow()
  return E.right(rows)
}

/** The records of `text` keyed by its header row; `Left` on a malformed text or a row of the wrong width. */
export const readCsv = (text: string): E.Either<string, { readonly columns: readonly string[]; readonly records: readonly CsvRecord[] }> =>
  E.chain((rows: readonly CsvRow[]) => {
    const [header, ...body] = rows
    if (header === undefined) return E.left('empty CSV: no header row')
    const columns = header.fields
    const records: CsvRecord[] = []
    for (const { line, fields } of body) {
      if (fields.length !== columns.length)
        return E.left(`line ${line}: ${fields.length} fields, expected ${columns.length} (${columns.join(', ')})`)
      records.push({ line, cells: Object.fromEntries(columns.map((c, j) => [c, fields[j]!])) })
    }
    return E.right({ columns, records })
  })(readCsvRows(text))
