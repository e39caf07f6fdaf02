/**
 * The strategy families of proofs-notes §5 as fixed plays of the exact analysis, so that each
 * member's exact value can be set beside the optimum (proofs-notes §10.5). Each mirrors the
 * engine strategy of the same name in `src/strategy` on the `(j, k)` lattice: a stint's sum is
 * `S = j·x_lo + k·R`, its margin `S − (j·τ − D_j)` with `D_j` the tolerated deficit.
 *
 * @module
 */
import { Decimal } from '../exact/decimal.ts'
import type { AnalysisContext } from './context.ts'
import type { FixedPlay } from './deviation.ts'

/** The family members for provider `i` (recommended, honest, full cheat, slack riding, margins, mimicry, shading, endgame). */
export const familyPlays = (ctx: AnalysisContext, i: number): FixedPlay[] => {
  const { dp, rules } = ctx
  const me = dp.providers[i]!
  const { lo, R } = dp.range
  const h = me.honest
  const g = me.cheat
  const tauStar = (tau: bigint) => me.actionAt(dp.usd(tau))
  const sum = (j: number, k: number): bigint => BigInt(j) * lo + BigInt(k) * R
  const deficit = (j: number): bigint => (j === 0 ? 0n : rules.toleratedDeficit(j) ?? BigInt(Number.MAX_SAFE_INTEGER))
  const honestPlay = (): typeof h => h
  const members: FixedPlay[] = [
    { name: 'recommended', explore: honestPlay, serve: (tau) => tauStar(tau), blindProfit: g.profit, endgameProfit: g.profit },
    { name: 'honest', explore: honestPlay, serve: () => h, blindProfit: h.profit, endgameProfit: h.profit },
    { name: 'full-cheat', explore: () => g, serve: () => g, blindProfit: g.profit, endgameProfit: g.profit },
    { name: 'endgame', explore: honestPlay, serve: () => h, blindProfit: h.profit, endgameProfit: g.profit },
    {
      // The least mean that keeps the next round's sum at the threshold (exact-slack-riding).
      name: 'exact-slack-riding',
      explore: honestPlay,
      serve: (tau, j, k) => me.actionAt(dp.usd(BigInt(j + 1) * tau - deficit(j + 1) - sum(j, k))),
      blindProfit: g.profit,
      endgameProfit: g.profit,
    },
    ...[2, 5, 10].map(
      (m): FixedPlay => ({
        name: `margin-${m}R`,
        explore: honestPlay,
        serve: (tau, j, k) => (sum(j, k) - (BigInt(j) * tau - deficit(j)) > BigInt(m) * R ? g : h),
        blindProfit: g.profit,
        endgameProfit: g.profit,
      }),
    ),
  ]
  const mid = h.mean.plus(g.mean).div(2).toDecimalPlaces(6, Decimal.ROUND_CEIL)
  const capped = me.actionAt(mid)
  members.push({
    name: `mimic:${mid.toString()}`,
    explore: () => capped,
    serve: (tau) => (dp.usd(tau).lt(mid) ? tauStar(tau) : capped),
    blindProfit: g.profit,
    endgameProfit: g.profit,
  })
  const shadeWithhold = h.mean.minus(g.mean).div(4).toDecimalPlaces(6, Decimal.ROUND_FLOOR)
  const shaded = me.actionAt(h.mean.minus(shadeWithhold))
  members.push({
    name: `shade:${shadeWithhold.toString()}`,
    explore: () => shaded,
    serve: (tau) => tauStar(tau),
    blindProfit: g.profit,
    endgameProfit: g.profit,
  })
  return members
}
