/**
 * GitHub-flavoured Markdown tables whose rows always have as many cells as the header: a `|` in
 * a cell is escaped (`\|`), line breaks become spaces, so no cell can split into two.
 *
 * @module
 */

/** A cell's text made safe inside a GFM table row. */
export const escapeCell = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')

/**
 * A GFM table: header row, delimiter row, one row per entry (cells escaped with
 * {@link escapeCell}). Rows shorter than the header are padded with empty cells; longer rows
 * are a caller bug and throw a `RangeError`.
 */
export const markdownTable = (header: readonly string[], rows: readonly (readonly string[])[]): string => {
  const line = (cells: readonly string[]): string => `| ${cells.map(escapeCell).join(' | ')} |`
  for (const r of rows)
    if (r.length > header.length) throw new RangeError(`markdown table: a row has ${r.length} cells for ${header.length} columns`)
  return [
    line(header),
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => line([...r, ...header.slice(r.length).map(() => '')])),
  ].join('\n')
}

/** `text` with Markdown's emphasis markers escaped, for text set in italics (a caption's `τ*` would end them). */
export const escapeEmphasis = (text: string): string => text.replace(/([*_])/g, '\\$1')
