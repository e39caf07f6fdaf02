/** Plain-text tables sized to their contents (src/report/text-table.ts). */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { COLUMN_GAP, alignedTable } from '../../src/report/text-table.ts'

describe('alignedTable', () => {
  it('keeps wide numbers apart (the analyze table once printed 263.90008850.00000001246064585)', () => {
    const lines = alignedTable(['provider', 'optimal value', 'gain'], [['a', '263.9000885', '0.00000001246064585']])
    expect(lines).toEqual(['provider  optimal value                 gain', 'a           263.9000885  0.00000001246064585'])
  })

  it('every cell is recovered by splitting on runs of two spaces, whatever the widths', () => {
    const cell = fc.stringMatching(/^[0-9.a-z-]{1,30}$/)
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 6 }), (rows) => {
        const lines = alignedTable(['id', 'x', 'y'], rows)
        for (const [k, row] of rows.entries()) expect(lines[k + 1]!.trim().split(new RegExp(` {${COLUMN_GAP},}`))).toEqual(row)
      }),
    )
  })
})
