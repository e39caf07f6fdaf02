/**
 * The outcomes of exploration that matter to the rest of the game (proofs-notes §10.2): the
 * ranking and the sums that set targets. Under τ* every provider explores honestly, so sums are
 * independent binomials; the ranking sorts by sum (ties to the lower index). The winner's own sum
 * is summed out when the rules' target does not read it (SBD), which keeps the enumeration at
 * `O(L^(n−1))` configurations.
 *
 * @module
 */
import { type AnalysisContext, ranksAbove } from './context.ts'
import { UNDERFLOW, UNIT_ROUNDOFF, gamma } from './error-bound.ts'

/** One configuration: a ranking, the sums by rank (`−1`: summed out), and its probability. */
export interface Config {
  readonly order: readonly number[]
  readonly sums: readonly number[]
  readonly prob: number
}

const permutations = (n: number): number[][] =>
  n === 2
    ? [
        [0, 1],
        [1, 0],
      ]
    : [
        [0, 1, 2],
        [0, 2, 1],
        [1, 0, 2],
        [1, 2, 0],
        [2, 0, 1],
        [2, 1, 0],
      ]

/** `P(a ranks above b | k_b = sb)` under honest exploration. */
export const beatProbability = (ctx: AnalysisContext, a: number, b: number, sb: number): number =>
  1 - ctx.cdf[a]![sb]! + (a < b ? ctx.pmf[a]![sb]! : 0)

const range = (ctx: AnalysisContext, i: number): number[] => {
  const w = ctx.windows[i]!
  return Array.from({ length: w.to - w.from + 1 }, (_, k) => w.from + k)
}

/** Every kept configuration, in a fixed order (probability left out: at most `droppedMass`). */
export const configs = (ctx: AnalysisContext): Config[] => {
  const out: Config[] = []
  const pmf = ctx.pmf
  for (const order of permutations(ctx.n)) {
    const [a, b, c] = order as [number, number, number | undefined]
    const tails = c === undefined ? [[]] : range(ctx, c).map((sc) => [sc])
    for (const sb of range(ctx, b))
      for (const tail of tails) {
        if (c !== undefined && !ranksAbove(b, sb, c, tail[0]!)) continue
        const rest = c === undefined ? 1 : pmf[c]![tail[0]!]!
        const base = pmf[b]![sb]! * rest
        if (ctx.rules.targetUsesServer) {
          for (const sa of range(ctx, a))
            if (ranksAbove(a, sa, b, sb)) out.push({ order, sums: [sa, sb, ...tail], prob: pmf[a]![sa]! * base })
        } else out.push({ order, sums: [-1, sb, ...tail], prob: beatProbability(ctx, a, b, sb) * base })
      }
  }
  return out
}

/**
 * Bound on the exact probability of the configurations {@link configs} leaves out: the computed
 * tails plus the pmfs' ℓ1 error (the windows are chosen on the computed laws).
 */
export const droppedMass = (ctx: AnalysisContext): number =>
  ctx.windows.reduce((s, w) => s + w.dropped * (1 + gamma(ctx.rules.L + 1)) + ctx.pmfError, 0)

/**
 * `|P(a ranks above b | k_b = sb) computed − exact|` for every `a, b, sb`: the cdf's and the pmf's
 * entry errors and two roundings on magnitudes at most `1 + ` those errors.
 */
export const beatError = (ctx: AnalysisContext): number =>
  ctx.cdfError + ctx.pmfError + 2.000001 * UNIT_ROUNDOFF * (2 + ctx.cdfError + ctx.pmfError)

/**
 * A bound on `Σ_cfg |prob computed − prob exact|` over the kept configurations (proofs-notes
 * §10.6): per ranking order, a product of three factors (the ranking probability or a pmf entry, a
 * pmf entry, a pmf entry or 1) summed over entries whose exact laws have mass 1, each factor within
 * its ℓ1 error, two roundings per product.
 *
 * @param ctx - the analysis context.
 * @param count - the number of configurations (each product may underflow).
 * @returns the bound.
 */
export const configsProbabilityError = (ctx: AnalysisContext, count: number): number => {
  const E = ctx.pmfError
  const b = beatError(ctx)
  const orders = ctx.n === 2 ? 2 : 6
  return orders * (b * (1 + E) ** 2 + 2 * (1 + b) * (1 + E) * E + 2.000001 * UNIT_ROUNDOFF * (1 + b) * (1 + E) ** 2) + 2 * count * UNDERFLOW
}
