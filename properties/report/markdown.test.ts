/**
 * GFM tables (src/report/markdown.ts): whatever the cells hold, every row parses (with `marked`)
 * into exactly the header's number of cells, with the cell texts intact.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { markdownTable } from '../../src/report/markdown.ts'
import { SEED, runs } from '../settings.ts'
import { brokenRows, tableShapes } from './markdown-tables.ts'

const cell = fc.string({ maxLength: 12, unit: fc.constantFrom('a', 'b', ' ', '|', '-', 'ε', '*', '`', '\n', '\\', '1') })

describe('markdownTable', () => {
  it("every row has the header's cell count, whatever the cells hold (pipes, line breaks, backslashes)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.array(cell, { minLength: 5, maxLength: 5 }), { minLength: 1, maxLength: 6 }),
        (w, rows) => {
          const header = Array.from({ length: w }, (_, k) => `h${k}`)
          const md = markdownTable(
            header,
            rows.map((r) => r.slice(0, w)),
          )
          expect(brokenRows(md)).toStrictEqual([])
          const shapes = tableShapes(md)
          expect(shapes).toHaveLength(1)
          expect(shapes[0]!.rows).toHaveLength(rows.length)
        },
      ),
      { numRuns: runs(300), seed: SEED },
    )
  })

  it('keeps the text of cells with pipes: "τ* | full-cheat" stays one cell', () => {
    const md = markdownTable(['mechanism', 'profile', 'converged'], [['SBD', 'τ* | full-cheat', 'yes']])
    const [t] = tableShapes(md)
    expect(t!.cells).toStrictEqual([['SBD', 'τ* | full-cheat', 'yes']])
  })

  it('the checker sees a row that a pipe split (marked alone would hide it)', () => {
    const broken = '| a | b |\n| --- | --- |\n| x | y | z |\n'
    expect(brokenRows(broken)).toHaveLength(1)
    expect(tableShapes(broken)[0]!.cells).toStrictEqual([['x', 'y']])
  })

  it('a row longer than the header is refused', () => {
    expect(() => markdownTable(['a'], [['x', 'y']])).toThrow(RangeError)
  })
})
