/**
 * Type statistics and frontier actions of an abstract provider type (proofs-notes §1.2, §1.6).
 *
 * The frontier is the withholding schedule read leftward from `ū`; actions are means on a grid
 * of `10^(−6)` USD (the simulator's stand-in for the continuous strategy space).
 *
 * @module
 */
import { Decimal, ZERO, dmax, dmin } from '../exact/decimal.ts'
import type { ProviderModel } from './provider-model.ts'
import type { AbstractAction, AbstractInstance, AbstractProvider, Action } from './types.ts'

/** Decimal places of an abstract action's mean. */
export const ACTION_DP = 6

const totalLength = (p: AbstractProvider): Decimal => p.segments.reduce((acc, s) => acc.plus(s.length), ZERO)

/** `F(m)`: the largest expected profit at mean ≥ `m`, for `m` in `[μ^min, ū]` (clamped). */
export const frontierAt = (p: AbstractProvider, m: Decimal): Decimal => {
  let left = dmax(ZERO, p.honestMean.minus(m))
  let profit = p.honestProfit
  for (const s of p.segments) {
    const used = dmin(left, s.length)
    profit = profit.plus(used.times(s.slope))
    left = left.minus(used)
    if (left.isZero()) break
  }
  return profit
}

const meanOfAction = (a: Action): Decimal => {
  if (a.kind !== 'abstract') throw new TypeError('abstract provider given a non-abstract action')
  return a.mean
}

/**
 * Realized mean of a Bernoulli action: the probability `(m − x_lo)/R` is rounded up to a multiple
 * of `2^(−32)` (the uniform's resolution), so the realized mean is never below `m`.
 */
export const bernoulliThreshold = (inst: AbstractInstance, m: Decimal): number => {
  const R = inst.xHi.minus(inst.xLo)
  return m
    .minus(inst.xLo)
    .div(R)
    .times(2 ** 32)
    .ceil()
    .toNumber()
}

/** The provider model of abstract provider `index` of `inst`. */
export const abstractProviderModel = (inst: AbstractInstance, index: number): ProviderModel => {
  const p = inst.providers[index]
  if (p === undefined) throw new RangeError(`no provider ${index}`)
  const cheatMean = p.honestMean.minus(totalLength(p))
  const act = (mean: Decimal): AbstractAction => ({ kind: 'abstract', mean })
  const realizedMean = (m: Decimal): Decimal =>
    inst.noise === 'none'
      ? m
      : inst.xLo.plus(
          inst.xHi
            .minus(inst.xLo)
            .times(bernoulliThreshold(inst, m))
            .div(2 ** 32),
        )
  return {
    index,
    id: p.id,
    honestMean: p.honestMean,
    honestProfit: p.honestProfit,
    cheatMean,
    cheatProfit: frontierAt(p, cheatMean),
    honest: act(p.honestMean),
    fullCheat: act(cheatMean),
    meanOf: (a) => realizedMean(meanOfAction(a)),
    profitOf: (a) => frontierAt(p, meanOfAction(a)),
    deliver: (m) => act(dmin(p.honestMean, dmax(cheatMean, m.toDecimalPlaces(ACTION_DP, Decimal.ROUND_CEIL)))),
    keyOf: (a) => `m=${meanOfAction(a).toString()}`,
  }
}
