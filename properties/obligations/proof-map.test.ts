/**
 * The proof map (proofs-notes §0.5) and the notes' "Obligations:" lines are current: the README's
 * table is exactly the one the catalogue writes, and every note lists, under each statement, the
 * obligations of that statement; every obligation and axiom name is unique.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { AXIOMS } from '../../src/obligations/axioms.ts'
import { NOTES } from '../../src/obligations/catalogue.ts'
import { PROOF_MAP_MARKERS, obligationsOf, proofMapTable } from '../../src/obligations/proof-map.ts'

const note = (file: string): string => readFileSync(new URL(`../../proofs-notes/${file}`, import.meta.url), 'utf8')

describe('the proof map (proofs-notes §0.5, §12)', () => {
  it('proofs-notes/README.md holds the table the catalogue writes (npx tsx scripts/write-proof-map.ts)', () => {
    const text = note('README.md')
    const start = text.indexOf(PROOF_MAP_MARKERS.start) + PROOF_MAP_MARKERS.start.length
    const end = text.indexOf(PROOF_MAP_MARKERS.end)
    expect(text.slice(start, end).trim()).toBe(proofMapTable())
  })

  it('each note has an "Obligations:" line listing exactly the obligations of each of its statements', () => {
    for (const n of NOTES) {
      const lines = note(n.note)
        .split('\n')
        .filter((l) => l.startsWith('Obligations:'))
        .map((l) => [...l.matchAll(/`([^`]+)`/g)].map((m) => m[1]))
      for (const statement of n.statements) {
        const names = obligationsOf(n, statement)
        if (names.length === 0) continue
        expect(lines, `${n.note}: ${statement}`).toContainEqual(names)
      }
      expect(lines.length, n.note).toBe(n.statements.length)
    }
  })

  it('obligation, control and axiom names are unique, and every cited axiom is stated', () => {
    const names = NOTES.flatMap((n) => [...n.obligations, ...n.controls].map((o) => o.name))
    expect(new Set(names).size).toBe(names.length)
    const axioms = new Set(AXIOMS.map((a) => a.name))
    expect(axioms.size).toBe(AXIOMS.length)
    for (const o of NOTES.flatMap((n) => n.obligations)) for (const a of o.axioms ?? []) expect(axioms.has(a), `${o.name}: ${a}`).toBe(true)
  })
})

describe('Z3 stays a development dependency (proofs-notes §12.1)', () => {
  it('no file under src/ imports z3-solver', () => {
    const root = new URL('../../src/', import.meta.url)
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(ts|mjs)$/.test(f))
    expect(files.length).toBeGreaterThan(50)
    const importing = files.filter((f) => /from\s+['"]z3-solver|import\(\s*['"]z3-solver/.test(readFileSync(new URL(f, root), 'utf8')))
    expect(importing).toStrictEqual([])
  })
})
