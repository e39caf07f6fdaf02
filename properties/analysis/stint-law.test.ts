/**
 * The stint law's cuts (proofs-notes §10.6): against a plain forward propagation of the same walk
 * (no trimming, no early stop), the law's firing times and survival differ in total by at most
 * the mass it reports as trimmed (plus rounding). Thresholds `κ_j = max(0, ⌈j·τ − c·√j⌉)` with
 * `τ` below, near and above the success probability, so that stints are fired early, late or never.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { stintLaw } from '../../src/analysis/stint-law.ts'
import { SEED, runs } from '../settings.ts'

/** `P(fired after round a)` for `a = 1..K` and `P(survive)`, by propagating every state. */
const plainLaw = (kappa: Int32Array, K: number, p: number): { fire: Float64Array; survive: number } => {
  let d = new Float64Array(K + 2)
  d[0] = 1
  const fire = new Float64Array(K + 1)
  for (let j = 1; j <= K; j++) {
    const next = new Float64Array(K + 2)
    for (let k = 0; k < j; k++) {
      next[k] = next[k]! + (1 - p) * d[k]!
      next[k + 1] = next[k + 1]! + p * d[k]!
    }
    for (let k = 0; k < Math.min(kappa[j]!, j + 1); k++) {
      fire[j] = fire[j]! + next[k]!
      next[k] = 0
    }
    d = next
  }
  return { fire, survive: d.reduce((s, x) => s + x, 0) }
}

describe('stint law', () => {
  it(`differs from the plain propagation by at most its trimmed mass (${runs(100)} cases, seed ${SEED})`, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 1500 }),
        fc.integer({ min: 1, max: 999 }),
        fc.integer({ min: -300, max: 300 }),
        fc.integer({ min: 0, max: 40 }),
        (K, pMille, shiftMille, slackTenths) => {
          const p = pMille / 1000
          const tau = p + shiftMille / 1000
          const kappa = Int32Array.from({ length: K + 1 }, (_, j) =>
            j === 0 ? 0 : Math.max(0, Math.ceil(j * tau - (slackTenths / 10) * Math.sqrt(j))),
          )
          const law = stintLaw(kappa, K, p)
          const ref = plainLaw(kappa, K, p)
          let distance = Math.abs(law.survive - ref.survive)
          for (let a = 1; a <= K; a++) distance += Math.abs(law.fire[a]! - ref.fire[a]!)
          expect(distance, `K=${K} p=${p} τ=${tau} lost=${law.lost}`).toBeLessThanOrEqual(law.lost + 1e-12)
        },
      ),
      { seed: SEED, numRuns: runs(100) },
    )
  })
})
