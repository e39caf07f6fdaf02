/**
 * A check of GitHub-flavoured Markdown tables with the `marked` parser: `marked` finds the
 * tables, and each source row is split at its unescaped pipes. (`marked` itself pads or cuts
 * every row to the header's width, so its cells alone cannot show a broken row.)
 */
import { type Tokens, marked } from 'marked'

/** One table of a document: its header width and the cell count of every body row in the source. */
export interface TableShape {
  readonly header: number
  readonly rows: readonly number[]
  /** marked's cell texts, per body row (for comparing contents). */
  readonly cells: readonly (readonly string[])[]
  readonly raw: string
}

const sourceCells = (line: string): number => {
  let s = line.trim()
  if (s.startsWith('|')) s = s.slice(1)
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1)
  return s.split(/(?<!\\)\|/).length
}

/** Every table of `markdown` (tables inside lists and quotes included). */
export const tableShapes = (markdown: string): TableShape[] => {
  const out: TableShape[] = []
  marked.walkTokens(marked.lexer(markdown), (t) => {
    if (t.type !== 'table') return
    const table = t as Tokens.Table
    const lines = table.raw.split('\n').filter((l) => l.trim() !== '')
    out.push({
      header: sourceCells(lines[0]!),
      rows: lines.slice(2).map(sourceCells),
      cells: table.rows.map((r) => r.map((c) => c.text)),
      raw: table.raw,
    })
  })
  return out
}

/** The rows of `markdown`'s tables whose cell count differs from their header's (empty: all well-formed). */
export const brokenRows = (markdown: string): string[] =>
  tableShapes(markdown).flatMap((t) =>
    t.rows.flatMap((n, k) =>
      n === t.header ? [] : [`${t.raw.split('\n').filter((l) => l.trim() !== '')[k + 2]} (${n} cells, header ${t.header})`],
    ),
  )
