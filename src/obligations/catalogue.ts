/**
 * Every note's obligations, negative controls and prose steps (proofs-notes §12), and the counts
 * `npm test` summarizes.
 *
 * @module
 */
import { AXIOMS } from './axioms.ts'
import type { AxiomName, NoteObligations } from './proposition.ts'
import { MECHANISM } from './mechanism.ts'
import { MODEL } from './model.ts'
import { ROBUST } from './robust.ts'
import { THEOREM_1 } from './theorem-1.ts'
import { THEOREM_2 } from './theorem-2.ts'
import { THEOREM_3 } from './theorem-3.ts'

/** The notes with obligations, in section order. */
export const NOTES: readonly NoteObligations[] = [MODEL, MECHANISM, THEOREM_1, THEOREM_2, THEOREM_3, ROBUST]

/** The counts of the summary line. */
export interface CatalogueCounts {
  /** Obligations in all notes. */
  readonly obligations: number
  /** Distinct axioms cited. */
  readonly axioms: number
  /** Statements in all notes. */
  readonly statements: number
  /** Statements with no step left as prose. */
  readonly statementsFullyCovered: number
  /** Steps that remain prose. */
  readonly proseSteps: number
}

/** The axioms the obligations cite. */
export const citedAxioms = (notes: readonly NoteObligations[] = NOTES): readonly AxiomName[] =>
  AXIOMS.map((a) => a.name).filter((name) => notes.some((n) => n.obligations.some((o) => o.axioms?.includes(name))))

/** The counts for `notes`. */
export const countsOf = (notes: readonly NoteObligations[] = NOTES): CatalogueCounts => {
  const statements = notes.flatMap((n) => n.statements)
  const withProse = new Set(notes.flatMap((n) => n.prose.map((p) => p.statement)))
  return {
    obligations: notes.reduce((k, n) => k + n.obligations.length, 0),
    axioms: citedAxioms(notes).length,
    statements: statements.length,
    statementsFullyCovered: statements.filter((s) => !withProse.has(s)).length,
    proseSteps: notes.reduce((k, n) => k + n.prose.length, 0),
  }
}
