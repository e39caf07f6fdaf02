/**
 * The deviation search behind the incentive-compatibility suites: for a mechanism, an instance
 * and a horizon, the gain `Π_i(σ_i, τ*_{−i}) − Π_i(τ*)` of every strategy family member for every
 * provider, measured with common random numbers (the same seeds for the deviation and for τ*).
 */
import { Decimal } from '../src/exact/decimal.ts'
import type { InstanceModel } from '../src/model/instance-model.ts'
import { simulate } from '../src/sim/engine.ts'
import type { Mechanism, Strategy } from '../src/sim/interfaces.ts'
import { fullCheat, honest, recommended } from '../src/strategy/basic.ts'
import { endgameCheating } from '../src/strategy/endgame.ts'
import { explorationShading } from '../src/strategy/explore-shading.ts'
import { mimic } from '../src/strategy/mimicry.ts'
import { marginWithholding, slackRiding } from '../src/strategy/slack-riding.ts'
import { stationaryPerPhase } from '../src/strategy/stationary.ts'
import { meanAndError, providerUsd, rightOrFail, significantlyAbove } from './assertions.ts'

/** The deviation families of proofs-notes §5 for provider `i` of `model` (random adaptive ones come from fast-check). */
export const deviationFamilies = (model: InstanceModel, i: number): Strategy[] => {
  const p = model.providers[i]!
  const spread = p.honestMean.minus(p.cheatMean)
  const levels = [1, 2, 3].map((k) => p.honestMean.minus(spread.times(k).div(4)).toDecimalPlaces(6, Decimal.ROUND_DOWN))
  const otherMeans = model.providers.filter((q) => q.index !== i && q.honestMean.lt(p.honestMean)).map((q) => q.honestMean)
  return [
    fullCheat,
    honest,
    slackRiding(),
    marginWithholding(10),
    marginWithholding(3),
    endgameCheating(recommended),
    explorationShading(spread.div(2).toDecimalPlaces(6, Decimal.ROUND_DOWN)),
    stationaryPerPhase({ exploitation: { withhold: spread.div(2).toDecimalPlaces(6, Decimal.ROUND_DOWN) } }),
    stationaryPerPhase({ exploitation: 'full-cheat', blindTrustFallback: 'full-cheat', blindTrustEndgame: 'full-cheat' }),
    ...[...levels, ...otherMeans].map((m) => mimic(m)),
  ]
}

/** Per-seed profits of provider `i` under a profile, in USD. */
export const profits = (model: InstanceModel, mech: Mechanism, profile: readonly Strategy[], i: number, T: number, seeds: readonly number[]): Decimal[] =>
  seeds.map((seed) => providerUsd(rightOrFail(simulate(model, mech, profile, { T, seed })), i))

/** One measured deviation: who, which strategy, per-seed gains. */
export interface Deviation {
  readonly provider: number
  readonly strategy: string
  readonly gains: readonly Decimal[]
}

/** Gains of every deviation in `families(i)` for every provider, against τ* with common seeds. */
export const deviationGains = (
  model: InstanceModel,
  mech: Mechanism,
  T: number,
  seeds: readonly number[],
  families: (i: number) => readonly Strategy[] = (i) => deviationFamilies(model, i),
): Deviation[] => {
  const truthful = Array<Strategy>(model.n).fill(recommended)
  return model.providers.flatMap((_, i) => {
    const base = profits(model, mech, truthful, i, T, seeds)
    return families(i).map((s) => {
      const profile = truthful.map((t, k) => (k === i ? s : t))
      const dev = profits(model, mech, profile, i, T, seeds)
      return { provider: i, strategy: s.name, gains: dev.map((x, k) => x.minus(base[k]!)) }
    })
  })
}

/** The deviations whose mean gain exceeds `bound` significantly (beyond 4 standard errors). */
export const violations = (devs: readonly Deviation[], bound: Decimal): Deviation[] =>
  devs.filter((d) => significantlyAbove(d.gains, bound))

/** A readable line per violation. */
export const describeViolations = (devs: readonly Deviation[], bound: Decimal): string =>
  devs
    .map((d) => {
      const { mean, se } = meanAndError(d.gains)
      return `provider ${d.provider} ${d.strategy}: gain ${mean.toSignificantDigits(6).toString()} ± ${se.toSignificantDigits(3).toString()} > η = ${bound.toSignificantDigits(6).toString()}`
    })
    .join('\n')
