/**
 * The exact analysis of a noise-free abstract instance with linear frontiers (proofs-notes §10.8).
 * With `X = m` every run is deterministic: `E[U]` and `E[Π_i]` under τ* are one engine run's exact
 * decimals, and each provider's optimal deviation over all strategies is Proposition 6.6's best
 * response — slack riding as the first-ranked server, or the full cheat in exploration (losing the
 * rank when the rebate is off) — whose value is computed in decimal, round by round, by
 * `noiseFreeSlackRide`. No dynamic program and no error bound: every amount is exact.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { type Decimal, ZERO } from '../exact/decimal.ts'
import { fromUnits } from '../exact/grid.ts'
import { type SbdConstants, sbdConstants } from '../mechanism/constants.ts'
import { sbd } from '../mechanism/sbd.ts'
import type { InstanceModel } from '../model/instance-model.ts'
import { simulate } from '../sim/engine.ts'
import { providerUtility, userUtility } from '../sim/ledger.ts'
import { recommended } from '../strategy/basic.ts'
import { noiseFreeSlackRide } from '../strategy/best-response.ts'
import { MAX_PROVIDERS } from './instance.ts'

/** One provider's exact noise-free results (USD). */
export interface NoiseFreeProvider {
  readonly id: string
  /** `Π_i(τ*)`. */
  readonly expectedProfit: Decimal
  /** `max_σ Π_i(σ, τ*_{−i})` (Proposition 6.6). */
  readonly optimalValue: Decimal
  /** `optimalValue − expectedProfit`. */
  readonly gain: Decimal
  /** Which of Proposition 6.6's options attains the optimum. */
  readonly bestResponse: 'recommended' | 'slack-riding' | 'full-cheat-exploration'
}

/** The exact noise-free analysis (USD). */
export interface NoiseFreeAnalysis {
  readonly constants: SbdConstants
  /** `U(τ*)`. */
  readonly userUtility: Decimal
  readonly providers: readonly NoiseFreeProvider[]
}

/**
 * `Right` when Proposition 6.6 covers `model`: abstract, noise-free, 2 or 3 providers, each
 * frontier linear (at most one segment) with slope at most 1. `Left` says why not.
 *
 * @param model - the instance's model.
 * @returns the model if the noise-free analysis covers it, else why not.
 */
export const noiseFreeScope = (model: InstanceModel): E.Either<string, InstanceModel> => {
  const inst = model.instance
  if (inst.kind !== 'abstract' || inst.noise !== 'none') return E.left('scenario: not an abstract noise-free instance')
  if (model.n < 2 || model.n > MAX_PROVIDERS) return E.left(`scenario: the exact analysis covers n = 2 or 3 providers, got n = ${model.n}`)
  const curved = inst.providers.find((p) => p.segments.length > 1 || p.segments.some((s) => s.slope.gt(1)))
  if (curved !== undefined)
    return E.left(
      `scenario: on noise-free instances the exact analysis needs a linear frontier (one segment, slope ≤ 1), where Proposition 6.6 gives the best response; provider ${curved.id} has ${curved.segments.length} segments`,
    )
  return E.right(model)
}

/** Largest `T` of a noise-free analysis (a run and a best response of `T` rounds each, in exact arithmetic). */
export const NOISE_FREE_MAX_HORIZON = 1_000_000

/**
 * The exact analysis of SBD(ε) on a noise-free instance within {@link noiseFreeScope}.
 *
 * @param model - a noise-free instance within {@link noiseFreeScope}.
 * @param T - the horizon.
 * @param epsilon - ε of SBD(ε).
 * @param rebate - the exploration rebate.
 * @returns the exact analysis, or why it does not apply.
 */
export const noiseFreeAnalysis = (
  model: InstanceModel,
  T: number,
  epsilon: Decimal,
  rebate: boolean,
): E.Either<string, NoiseFreeAnalysis> => {
  if (T > NOISE_FREE_MAX_HORIZON)
    return E.left(
      `horizon: the noise-free analysis replays T rounds in exact arithmetic; T = ${T} is above its limit ${NOISE_FREE_MAX_HORIZON}`,
    )
  const inScope = noiseFreeScope(model)
  if (E.isLeft(inScope)) return inScope
  const constants = sbdConstants(T, model.n, epsilon, model.R)
  if (E.isLeft(constants)) return constants
  const k = constants.right
  // The seed is irrelevant: no draw changes a noise-free run.
  const run = simulate(
    model,
    sbd(epsilon, rebate),
    model.providers.map(() => recommended),
    { T, seed: 0 },
  )
  if (E.isLeft(run)) return E.left(`scenario: ${run.left}`)
  const usd = (units: bigint): Decimal => fromUnits(model.grid, units)
  const providers = model.providers.map((p, i): NoiseFreeProvider => {
    const truthful = usd(providerUtility(run.right.ledger, i))
    // Full cheat in exploration, then no service: nobody is fired on a noise-free path, so a
    // provider not ranked first never serves again (proofs-notes §6.6).
    const cheatExploration = p.cheatProfit.times(k.L).plus(rebate ? p.cheatMean.minus(model.xLo).times(k.L) : ZERO)
    const ride = noiseFreeSlackRide(model, k, i, { rebate })
    const riding = E.isRight(ride) ? ride.right.profit : undefined
    type Option = readonly [NoiseFreeProvider['bestResponse'], Decimal]
    const options: readonly Option[] = [
      ['recommended', truthful],
      ...(riding === undefined ? [] : [['slack-riding', riding] satisfies Option]),
      ['full-cheat-exploration', cheatExploration],
    ]
    const [bestResponse, optimalValue] = options.reduce((best, o) => (o[1].gt(best[1]) ? o : best))
    return { id: p.id, expectedProfit: truthful, optimalValue, gain: optimalValue.minus(truthful), bestResponse }
  })
  return E.right({ constants: k, userUtility: usd(userUtility(run.right.ledger)), providers })
}
