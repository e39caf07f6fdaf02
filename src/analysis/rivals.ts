/**
 * What a deviating provider is told in advance (proofs-notes §10.4): the rival ranked first among
 * the others and its exploration sum, `(h, v)`. The engine's public view shows the others' sums
 * only as exploration proceeds, so a deviator that knows `(h, v)` from the start can do at least as
 * well: values computed with this information are upper bounds on the optimal deviation.
 *
 * @module
 */
import type { AnalysisContext } from './context.ts'
import { UNDERFLOW, UNIT_ROUNDOFF, gamma } from './error-bound.ts'

/** The top rival `h` with exploration sum `v`, and its probability under honest exploration. */
export interface TopRival {
  readonly h: number
  readonly v: number
  readonly prob: number
}

/** Every kept `(h, v)` for deviator `i` (the left-out probability is at most the windows' tails). */
export const topRivals = (ctx: AnalysisContext, i: number): TopRival[] => {
  const others = ctx.dp.providers.map((p) => p.index).filter((k) => k !== i)
  const out: TopRival[] = []
  for (const h of others) {
    const l = others.find((k) => k !== h)
    const w = ctx.windows[h]!
    for (let v = w.from; v <= w.to; v++) {
      // h is the top rival iff it ranks above l: k_l < v, or k_l = v and h < l.
      const above = l === undefined ? 1 : ctx.cdf[l]![v]! - (h < l ? 0 : ctx.pmf[l]![v]!)
      const prob = ctx.pmf[h]![v]! * above
      if (prob > 0) out.push({ h, v, prob })
    }
  }
  return out
}

/** Bound on the exact probability of the `(h, v)` that {@link topRivals} leaves out (computed tails plus the pmfs' ℓ1 error). */
export const rivalsDropped = (ctx: AnalysisContext, i: number): number =>
  ctx.windows.reduce((s, w, k) => (k === i ? s : s + w.dropped * (1 + gamma(ctx.rules.L + 1)) + ctx.pmfError), 0)

/**
 * A bound on `Σ_(h,v) |prob computed − prob exact|` (proofs-notes §10.6): per top rival `h`, a pmf
 * entry times a ranking probability (a cdf entry, less a pmf entry), one rounding each.
 *
 * @param ctx - the analysis context.
 * @param count - the number of kept `(h, v)`.
 * @returns the bound.
 */
export const rivalsProbabilityError = (ctx: AnalysisContext, count: number): number => {
  const E = ctx.pmfError
  const above = ctx.cdfError + E + UNIT_ROUNDOFF * (1 + ctx.cdfError + E)
  return (ctx.n - 1) * (E * (1 + above) + (1 + E) * above + 1.000001 * UNIT_ROUNDOFF * (1 + E) * (1 + above)) + count * UNDERFLOW
}
