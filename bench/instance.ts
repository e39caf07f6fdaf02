/**
 * The benchmark's instances and configuration (bench only).
 *
 * Abstract instance, Bernoulli noise, range [0, 1], `n` providers with `ū_i = 0.9 − 0.6·i/(n−1)`
 * (rounded to the 10^(−6) action grid), `π^h = 0.05`, one withholding segment of slope 1 reaching
 * down to `μ^min = 0.1`. Mechanism: SBD(ε = 0.25), rebate off; every provider plays the
 * recommended profile τ*.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { Decimal } from '../src/exact/decimal.ts'
import { sbdConstants } from '../src/mechanism/constants.ts'
import { sbd } from '../src/mechanism/sbd.ts'
import { type InstanceModel, buildInstanceModel } from '../src/model/instance-model.ts'
import type { AbstractInstance, AbstractProvider } from '../src/model/types.ts'
import type { Mechanism } from '../src/sim/interfaces.ts'
import type { FloatConfig } from './float-reference.ts'

/** ε of the benchmarked SBD. */
export const EPSILON = new Decimal('0.25')
/** Rebate setting of the benchmarked SBD. */
export const REBATE = false

const d = (x: string | number): Decimal => new Decimal(x)

/**
 * The benchmark instance with `n` providers. With `flat`, every provider has `ū = 0.6` (used only by
 * an extra honesty check: the ranking then depends on the noise, and exact ties in the exploration
 * sums happen, so the tie rule is exercised).
 */
export const benchInstance = (n: number, flat = false): AbstractInstance => {
  const providers: AbstractProvider[] = Array.from({ length: n }, (_, i) => {
    const mean = flat
      ? d('0.6')
      : d('0.9')
          .minus(
            d('0.6')
              .times(i)
              .div(n - 1),
          )
          .toDecimalPlaces(6, Decimal.ROUND_HALF_EVEN)
    return {
      kind: 'abstract',
      id: `p${i}`,
      honestMean: mean,
      honestProfit: d('0.05'),
      segments: [{ length: mean.minus('0.1'), slope: d(1) }],
    }
  })
  return { kind: 'abstract', name: `bench-n${n}${flat ? '-flat' : ''}`, xLo: d(0), xHi: d(1), noise: 'bernoulli', providers }
}

/** The instance model of {@link benchInstance} (throws if it cannot be built: a bench bug). */
export const benchModel = (n: number, flat = false): InstanceModel => {
  const m = buildInstanceModel(benchInstance(n, flat))
  if (E.isLeft(m)) throw new Error(m.left)
  return m.right
}

/** The benchmarked mechanism. */
export const benchMechanism = (): Mechanism => sbd(EPSILON, REBATE)

/** `L` for `(T, n)`, or the reason SBD rejects the horizon. */
export const phaseLength = (model: InstanceModel, T: number): E.Either<string, number> =>
  E.map((c: { readonly L: number }) => c.L)(sbdConstants(T, model.n, EPSILON, model.R))

/**
 * The float reference's configuration for `model` at horizon `T`: plain numbers only. `L` comes
 * from `sbdConstants` (a float `T^0.75` can land on the wrong side of an integer); everything
 * else the reference recomputes in float itself.
 */
export const floatConfigOf = (model: InstanceModel, T: number, L: number, profile: FloatConfig['profile'] = 'recommended'): FloatConfig => {
  const inst = model.instance
  if (inst.kind !== 'abstract' || inst.noise !== 'bernoulli') throw new Error('float reference: abstract Bernoulli instances only')
  const scale = model.grid.scaleDecimal.toNumber()
  const units = (x: Decimal): number => x.times(model.grid.scaleDecimal).toNumber()
  return {
    n: model.n,
    T,
    L,
    xLo: model.xLo.toNumber(),
    xHi: model.xHi.toNumber(),
    scale,
    xLoUnits: units(model.xLo),
    rangeUnits: units(model.R),
    honestMeanUnits: inst.providers.map((p) => units(p.honestMean)),
    cheatMeanUnits: model.providers.map((p) => units(p.cheatMean)),
    honestMean: inst.providers.map((p) => p.honestMean.toNumber()),
    honestProfit: inst.providers.map((p) => p.honestProfit.toNumber()),
    slope: inst.providers.map((p) => {
      if (p.segments.length !== 1) throw new Error('float reference: one withholding segment per provider')
      return p.segments[0]!.slope.toNumber()
    }),
    rebate: REBATE,
    profile,
  }
}
