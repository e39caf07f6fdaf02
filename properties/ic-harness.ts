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
import { meanAndError, providerUsd, rightOrFail } from './assertions.ts'
import { type Replay, type SbdSpec, crnPairFailures, sbdPathwise, tracing } from './sbd-trace.ts'
import { exceedance, icFailure, icSeedBound } from './pathwise-rule.ts'
import type { SbdConstants } from '../src/mechanism/constants.ts'

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
export const profits = (
  model: InstanceModel,
  mech: Mechanism,
  profile: readonly Strategy[],
  i: number,
  T: number,
  seeds: readonly number[],
): Decimal[] => seeds.map((seed) => providerUsd(rightOrFail(simulate(model, mech, profile, { T, seed })), i))

/**
 * Pathwise checking of every run against SBD as the notes define it (`./sbd-trace.ts`): the
 * failures found are appended to `failures`, each naming provider, strategy and seed.
 */
export interface PathwiseCheck {
  readonly spec: SbdSpec
  readonly failures: string[]
}

/** Per-seed profits of provider `i`, each run replayed and checked pathwise; with the replays. */
const tracedProfits = (
  model: InstanceModel,
  mech: Mechanism,
  profile: readonly Strategy[],
  i: number,
  T: number,
  seeds: readonly number[],
  check: PathwiseCheck,
  label: string,
): { readonly profit: Decimal; readonly replay: Replay }[] =>
  seeds.map((seed) => {
    const traced = tracing(mech)
    const r = rightOrFail(simulate(model, traced.mechanism, profile, { T, seed }))
    const { failures, replay } = sbdPathwise(model, check.spec, r, traced.trace)
    for (const f of failures) check.failures.push(`${label}, seed ${seed}: ${f}`)
    return { profit: providerUsd(r, i), replay }
  })

/** One measured deviation: who, which strategy, per-seed gains. */
export interface Deviation {
  readonly provider: number
  readonly strategy: string
  readonly gains: readonly Decimal[]
}

/**
 * Gains of every deviation in `families(i)` for every provider, against τ* with common seeds.
 * With `check`, every run is also replayed pathwise and every deviation/τ* pair of one seed is
 * checked for the common-random-numbers comparisons (`crnPairFailures`).
 */
export const deviationGains = (
  model: InstanceModel,
  mech: Mechanism,
  T: number,
  seeds: readonly number[],
  families: (i: number) => readonly Strategy[] = (i) => deviationFamilies(model, i),
  check?: PathwiseCheck,
): Deviation[] => {
  const truthful = Array<Strategy>(model.n).fill(recommended)
  return model.providers.flatMap((_, i) => {
    if (check === undefined) {
      const base = profits(model, mech, truthful, i, T, seeds)
      return families(i).map((s) => {
        const profile = truthful.map((t, k) => (k === i ? s : t))
        const dev = profits(model, mech, profile, i, T, seeds)
        return { provider: i, strategy: s.name, gains: dev.map((x, k) => x.minus(base[k]!)) }
      })
    }
    const base = tracedProfits(model, mech, truthful, i, T, seeds, check, 'τ*')
    return families(i).map((s) => {
      const profile = truthful.map((t, k) => (k === i ? s : t))
      const label = `provider ${i} ${s.name}`
      const dev = tracedProfits(model, mech, profile, i, T, seeds, check, label)
      dev.forEach((x, k) => {
        for (const f of crnPairFailures(i, x.replay, base[k]!.replay)) check.failures.push(`${label}, seed ${seeds[k]} vs τ*: ${f}`)
      })
      return { provider: i, strategy: s.name, gains: dev.map((x, k) => x.profit.minus(base[k]!.profit)) }
    })
  })
}

/**
 * The deviations that gain more than `bound` on some seed: exact, for noise-free runs (one seed
 * decides them; proofs-notes §9.6). Runs with noise use {@link seedBoundViolations}.
 */
export const violations = (devs: readonly Deviation[], bound: Decimal): Deviation[] => devs.filter((d) => d.gains.some((g) => g.gt(bound)))

/** A readable line per violation. */
export const describeViolations = (devs: readonly Deviation[], bound: Decimal): string =>
  devs
    .map((d) => {
      const { mean, se } = meanAndError(d.gains)
      return `provider ${d.provider} ${d.strategy}: gain ${mean.toSignificantDigits(6).toString()} ± ${se.toSignificantDigits(3).toString()} > η = ${bound.toSignificantDigits(6).toString()}`
    })
    .join('\n')

/**
 * The deviations the exceedance rule flags (proofs-notes §9.6): too many seeds whose gain exceeds
 * Lemma 6.10's per-seed bound for the deviating provider (abstract Bernoulli instances).
 */
export const seedBoundViolations = (devs: readonly Deviation[], model: InstanceModel, c: SbdConstants, rebate: boolean): string[] =>
  devs.flatMap((dv) => {
    const bound = icSeedBound(model, c, dv.provider, rebate)
    const e = exceedance(dv.gains, bound, icFailure(c))
    return e.flagged
      ? [
          `provider ${dv.provider} ${dv.strategy}: ${e.count} of ${dv.gains.length} seeds gain more than the per-seed bound ${bound.toSignificantDigits(6).toString()} (critical count ${e.critical} at p_F = 4/T)`,
        ]
      : []
  })
