/**
 * Plain-text tables whose columns are sized to their contents: every column is as wide as its
 * widest cell (header included), and columns are separated by at least two spaces, so numbers of
 * any length never run together.
 *
 * @module
 */

/** How a column's cells are aligned: text left, numbers right. */
export type Alignment = 'left' | 'right'

/** The gap between two columns, in spaces. */
export const COLUMN_GAP = 2

/**
 * The lines of a table (no final newline).
 *
 * @param header - the column titles.
 * @param rows - the cells, one array per row, as many cells as titles.
 * @param align - per column; default: the first column left, the others right.
 * @returns one line per header and row, trailing spaces removed.
 *
 * @example
 * ```ts
 * alignedTable(['provider', 'gain'], [['a', '0.00000001246064585'], ['b', '263.9000885']]).join('\n')
 * // provider                 gain
 * // a         0.00000001246064585
 * // b                 263.9000885
 * ```
 */
export const alignedTable = (
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align?: readonly Alignment[],
): readonly string[] => {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)))
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, c) => {
        const w = widths[c] ?? cell.length
        const a = align?.[c] ?? (c === 0 ? 'left' : 'right')
        return a === 'left' ? cell.padEnd(w) : cell.padStart(w)
      })
      .join(' '.repeat(COLUMN_GAP))
      .trimEnd()
  return [line(header), ...rows.map(line)]
}
