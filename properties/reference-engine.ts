/**
 * A slow reference for the engine's outcome computation, all in Decimal from the instance's own
 * formulas (proofs-notes §2.1), never from compiled outcome tables: the property suites replay a run with it
 * and compare totals exactly.
 */
import { Decimal } from '../src/exact/decimal.ts'
import { frontierAt } from '../src/model/abstract-model.ts'
import { TWO_32, billOf, costOf } from '../src/model/llm-model.ts'
import type { Action, Instance } from '../src/model/types.ts'

const below = (u: number, p: Decimal): boolean => new Decimal(u).lt(p.times(TWO_32))

/** Net utility and profit of one round, in USD, from the three uniforms. */
export const referenceOutcome = (
  inst: Instance,
  index: number,
  a: Action,
  u: number,
  v: number,
  z: number,
): { readonly x: Decimal; readonly y: Decimal } => {
  if (inst.kind === 'abstract' && a.kind === 'abstract') {
    const p = inst.providers[index]!
    const y = frontierAt(p, a.mean)
    if (inst.noise === 'none') return { x: a.mean, y }
    const prob = a.mean.minus(inst.xLo).div(inst.xHi.minus(inst.xLo))
    // The simulator rounds the probability up to a multiple of 2^-32.
    const thr = prob.times(TWO_32).ceil()
    return { x: new Decimal(u).lt(thr) ? inst.xHi : inst.xLo, y }
  }
  if (inst.kind === 'llm' && a.kind === 'llm') {
    const m = inst.market
    const p = inst.providers[index]!
    const substituted = p.substitute !== undefined && u < a.sigmaThreshold
    const model = substituted && p.substitute !== undefined ? p.substitute : p.premium
    const correct = below(v, model.quality)
    let cum = new Decimal(0)
    let tokens = m.outputLengths[m.outputLengths.length - 1]!.tokens
    for (const o of m.outputLengths) {
      cum = cum.plus(o.probability)
      if (below(z, cum)) {
        tokens = o.tokens
        break
      }
    }
    const bill = billOf(m, p.premium, a.beta, tokens)
    return { x: (correct ? m.valuePerCorrect : new Decimal(0)).minus(bill), y: bill.minus(costOf(m, model, tokens)) }
  }
  throw new TypeError('mismatched action')
}
