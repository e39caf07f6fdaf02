/**
 * The strategy families of proofs-notes §5 as fixed plays of the exact analysis, so that each
 * member's exact value can be set beside the optimum (proofs-notes §10.R). Each mirrors the
 * engine strategy of the same name in `src/strategy` on the `(j, k)` lattice: a stint's sum is
 * `S = j·x_lo + k·R`, its margin `S − (j·τ − D_j)` with `D_j` the tolerated deficit.
 *
 * @module
 */
import { Decimal } from '../exact/decimal.ts'
import type { AnalysisContext } from './context.ts'
import type { FixedPlay } from './deviation.ts'

/**
 * The family members for provider `i` (recommended, honest, full cheat, slack riding, margins, mimicry, shading, endgame).
 *
 * @param ctx - the analysis context.
 * @param i - the provider's index.
 * @returns the fixed plays of its family.
 */
export const familyPlays = (ctx: AnalysisContext, i: number): FixedPlay[] => {
  const { dp, rules } = ctx
  const me = dp.providers[i]!
  const lo = Number(dp.range.lo)
  const R = Number(dp.range.R)
  const h = me.honest
  const g = me.cheat
  const K = rules.K
  // D_j as doubles (exact integers); never-firing rules tolerate any deficit.
  const D = Float64Array.from({ length: K + 2 }, (_, j) => {
    const d = j === 0 ? 0n : rules.toleratedDeficit(j)
    return d === null ? Number.MAX_SAFE_INTEGER / 4 : Number(d)
  })
  const tauStar = (tau: bigint) => me.actionAt(dp.usd(tau))
  const margin = (m: number) => (tauBig: bigint) => {
    const tau = Number(tauBig)
    // Full cheat iff S − (jτ − D_j) > m·R, i.e. k > (jτ − D_j − j·x_lo + m·R)/R.
    const cut = Int32Array.from({ length: K + 1 }, (_, j) => Math.floor((j * tau - D[j]! - j * lo + m * R) / R))
    return (j: number, k: number) => (k > cut[j]! ? g : h)
  }
  const members: FixedPlay[] = [
    { name: 'recommended', explore: h, serve: tauStar, blindProfit: g.profit, endgameProfit: g.profit },
    { name: 'honest', explore: h, serve: () => h, blindProfit: h.profit, endgameProfit: h.profit },
    { name: 'full-cheat', explore: g, serve: () => g, blindProfit: g.profit, endgameProfit: g.profit },
    { name: 'endgame', explore: h, serve: () => h, blindProfit: h.profit, endgameProfit: g.profit },
    {
      // The least mean that keeps the next round's sum at the threshold (exact-slack-riding).
      name: 'exact-slack-riding',
      explore: h,
      serve: (tauBig) => {
        const tau = Number(tauBig)
        return (j, k) => me.actionAtUnits((j + 1) * tau - D[j + 1]! - j * lo - k * R)
      },
      blindProfit: g.profit,
      endgameProfit: g.profit,
    },
    ...[2, 10].map(
      (m): FixedPlay => ({ name: `margin-${m}R`, explore: h, serve: margin(m), blindProfit: g.profit, endgameProfit: g.profit }),
    ),
  ]
  const mid = h.mean.plus(g.mean).div(2).toDecimalPlaces(6, Decimal.ROUND_CEIL)
  const capped = me.actionAt(mid)
  members.push({
    name: `mimic:${mid.toString()}`,
    explore: capped,
    serve: (tau) => (dp.usd(tau).lt(mid) ? me.actionAt(dp.usd(tau)) : capped),
    blindProfit: g.profit,
    endgameProfit: g.profit,
  })
  const shadeWithhold = h.mean.minus(g.mean).div(4).toDecimalPlaces(6, Decimal.ROUND_FLOOR)
  const shaded = me.actionAt(h.mean.minus(shadeWithhold))
  members.push({
    name: `shade:${shadeWithhold.toString()}`,
    explore: shaded,
    serve: tauStar,
    blindProfit: g.profit,
    endgameProfit: g.profit,
  })
  return members
}
