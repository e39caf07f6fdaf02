/**
 * The proof map of proofs-notes §0.5: statement → obligations → axioms → how it is checked,
 * written from the catalogue (`scripts/write-proof-map.ts` puts it into proofs-notes/README.md,
 * and the obligations suite checks that the README holds exactly this text).
 *
 * @module
 */
import { NOTES } from './catalogue.ts'
import type { NoteObligations } from './proposition.ts'

/** The markers around the generated table in proofs-notes/README.md. */
export const PROOF_MAP_MARKERS = { start: '<!-- proof-map:start -->', end: '<!-- proof-map:end -->' } as const

/** The obligations of one statement, as the notes' "Obligations:" line lists them. */
export const obligationsOf = (note: NoteObligations, statement: string): readonly string[] =>
  note.obligations.filter((o) => o.statement === statement).map((o) => o.name)

/** The proof map as a Markdown table (one row per statement, in section order). */
export const proofMapTable = (notes: readonly NoteObligations[] = NOTES): string => {
  const rows = notes.flatMap((note) =>
    note.statements.map((statement) => {
      const names = obligationsOf(note, statement)
      const axioms = [...new Set(note.obligations.filter((o) => o.statement === statement).flatMap((o) => o.axioms ?? []))]
      const prose = note.prose.filter((p) => p.statement === statement).length
      const checked =
        names.length === 0
          ? 'prose ([§12.8](obligations.md#128-what-remains-prose))'
          : prose === 0
            ? `Z3, every step (${names.length})`
            : `Z3 (${names.length}); ${prose} step${prose === 1 ? '' : 's'} prose ([§12.8](obligations.md#128-what-remains-prose))`
      const list = names.length === 0 ? '—' : names.map((n) => `\`${n}\``).join(', ')
      return `| [${statement}](${note.note}) | ${list} | ${axioms.length === 0 ? '—' : axioms.join(', ')} | ${checked} |`
    }),
  )
  return ['| statement | obligations | axioms | checked |', '|---|---|---|---|', ...rows].join('\n')
}
