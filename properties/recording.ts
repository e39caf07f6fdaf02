/**
 * A mechanism wrapper that records the allocation sequence (tests only: it is O(T) in memory).
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Mechanism, MechanismRun } from '../src/sim/interfaces.ts'

/** `mechanism` plus the list it appends every round's provider to. */
export const recording = (mechanism: Mechanism): { readonly mechanism: Mechanism; readonly allocations: number[] } => {
  const allocations: number[] = []
  const wrap = (run: MechanismRun): MechanismRun => ({
    view: run.view,
    allocate: (t) => {
      const i = run.allocate(t)
      allocations.push(i)
      return i
    },
    observe: run.observe,
    finish: run.finish,
  })
  return { allocations, mechanism: { name: mechanism.name, start: (ctx) => E.map(wrap)(mechanism.start(ctx)) } }
}
