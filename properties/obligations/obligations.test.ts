/**
 * The proof obligations of proofs-notes §12, discharged by Z3: every obligation's negation is
 * `unsat` and its premises are `sat`; every negative control has a counterexample, printed in the
 * notes' notation. A timeout is a failure, not a proof. Prints the one-line summary of §12.7.
 */
import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { killThreads } from 'z3-solver'
import { afterAll, describe, expect, it } from 'vitest'
import { NOTES, countsOf } from '../../src/obligations/catalogue.ts'
import { discharge, z3 } from './z3.ts'

/** Per-call solver timeout (ms). */
const TIMEOUT_MS = 10_000

const proved: string[] = []

afterAll(async () => {
  const c = countsOf()
  const line = `proof obligations: ${proved.length}/${c.obligations} proved by Z3, ${c.axioms} axioms used, ${c.statementsFullyCovered}/${c.statements} statements fully covered, ${c.proseSteps} steps remain prose`
  process.stdout.write(`${line}\n`)
  // The global setup's teardown prints the line again at the end of `npm test` (proofs-notes §12.7).
  writeFileSync(path.join(tmpdir(), `sbd-obligations-${process.ppid}.txt`), line)
  const { api } = await z3()
  await killThreads(api.em)
})

for (const note of NOTES) {
  describe(`${note.section} (${note.note}): obligations`, () => {
    for (const o of note.obligations) {
      it(o.name, async () => {
        const d = await discharge(o, TIMEOUT_MS)
        const where = `${o.name} (${o.statement}): ${o.step}`
        expect(
          d.verdict,
          `${where}\n  Z3: ${d.verdict}${d.reason ? ` (${d.reason})` : ''}${d.counterexample ? `\n  counterexample: ${d.counterexample}` : ''}`,
        ).toBe('unsat')
        expect(
          d.premisesSatisfiable,
          `${where}\n  the premises are ${d.premisesSatisfiable}: a proof from contradictory premises proves nothing`,
        ).toBe('sat')
        proved.push(o.name)
      })
    }
  })
  if (note.controls.length > 0)
    describe(`${note.section} (${note.note}): negative controls`, () => {
      for (const o of note.controls) {
        it(`${o.name}: ${o.wrong}`, async () => {
          const d = await discharge(o, TIMEOUT_MS)
          expect(d.verdict, `${o.name}: expected a counterexample, Z3 said ${d.verdict}`).toBe('sat')
          process.stdout.write(`negative control ${o.name} (${o.wrong}): counterexample ${d.counterexample}\n`)
        })
      }
    })
}
