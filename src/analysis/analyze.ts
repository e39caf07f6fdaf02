/**
 * The whole exact analysis of one instance, horizon, ε and rebate (proofs-notes §10): the
 * expectations under τ*, every provider's optimal deviation (an upper bound) and its achievable
 * deviation (a playable strategy's exact value, a lower bound), the bounds the notes prove (η, G_i,
 * Δ, the upper bound under Assumption U) and error bounds, computed alongside, that cover every
 * double reported (proofs-notes §10.6).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { Decimal, ZERO } from '../exact/decimal.ts'
import type { SbdConstants } from '../mechanism/constants.ts'
import { benchmarks, type InstanceModel } from '../model/instance-model.ts'
import { eta, provenBoundOf, secondBestExcess, secondBestShortfall } from '../theory/bounds.ts'
import { type AnalysisContext, analysisContext } from './context.ts'
import { achievableValue } from './achievable.ts'
import { deviationValue } from './deviation.ts'
import { UNIT_ROUNDOFF, widen } from './error-bound.ts'
import { type NoiseFreeAnalysis, noiseFreeAnalysis } from './noise-free.ts'
import { dpInstance } from './instance.ts'
import { type MechanismRules, sbdRules } from './rules.ts'
import { tauStarExpectations } from './tau-star.ts'

/** Largest `T` the analysis accepts (the state budget: about `T^(3/2)` states per target). */
export const MAX_HORIZON = 30_000

/** One provider's exact results. */
export interface ProviderAnalysis {
  readonly id: string
  /** `E[Π_i(τ*)]`. */
  readonly expectedProfit: number
  /** `G_i` (proofs-notes §6): `c(K_X) + R + 1.5·π̄_i` (+ `L·(ū_i − μ^min_i)` with the rebate off). */
  readonly provenBound: Decimal
  /** Upper bound on `sup_σ E[Π_i(σ, τ*_{−i})]` (proofs-notes Proposition 10.2: the deviator is told its top rival's sum). */
  readonly optimalValue: number
  /** `optimalValue − expectedProfit`: an upper bound on the optimal gain. */
  readonly gain: number
  /** Bounds on the errors of `expectedProfit` and `optimalValue` (a gain's: the sum of the two). */
  readonly errors: { readonly expectedProfit: number; readonly optimalValue: number }
  /**
   * A deviation the engine can play, valued exactly (proofs-notes §10.5): one action in every
   * exploration round, then the dynamic programme's stint policy. Absent only when the analysis was
   * asked not to compute it.
   */
  readonly achievable?: AchievableDeviation
}

/** The achievable deviation of one provider (proofs-notes §10.5). */
export interface AchievableDeviation {
  /** Its exact value `E[Π_i]` (a double within `error`). */
  readonly value: number
  /** `value − expectedProfit`: a gain a playable strategy attains, a lower bound on the optimal gain. */
  readonly gain: number
  /** Bound on the error of `value` (the gain's: this plus `errors.expectedProfit`). */
  readonly error: number
  /**
   * The mean it delivers in every exploration round (a breakpoint; `ū_i` is honest). Absent on
   * noise-free instances, where the achievable deviation is the named best response.
   */
  readonly exploration?: Decimal
}

/** The analysis. */
export interface Analysis {
  readonly constants: SbdConstants
  readonly expectedUserUtility: number
  readonly secondBest: Decimal
  /** `Δ(T)`. */
  readonly shortfallBound: Decimal
  /** `L·R + 2rT + 2R`: the excess allowed above `SB` under Assumption U. */
  readonly excessBound: Decimal
  readonly eta: Decimal
  /** Absolute bound on the error of every double above and below, gains included (USD; proofs-notes §10.6). */
  readonly errorBound: number
  /** Bound on the error of `expectedUserUtility`. */
  readonly userUtilityError: number
  readonly providers: readonly ProviderAnalysis[]
  /** Stint states evaluated (complexity report). */
  readonly states: number
  /**
   * On noise-free instances (proofs-notes §10.8) the exact decimals the doubles above were rounded
   * from; `errorBound` then only covers that rounding.
   */
  readonly exact?: NoiseFreeAnalysis
}

/**
 * `G_i` of proofs-notes §6 for provider `i`.
 *
 * @param model - the instance's model.
 * @param c - SBD's constants.
 * @param i - the provider's index.
 * @param rebate - the exploration rebate.
 * @returns `G_i` in USD.
 */
export const provenBound = (model: InstanceModel, c: SbdConstants, i: number, rebate: boolean): Decimal =>
  provenBoundOf(c, model.providers[i]!, rebate)

/**
 * Runs the analysis on prepared rules (SBD's, or a variant built by a test).
 *
 * @param ctx - the analysis context.
 * @param constants - SBD's constants for the same horizon and ε.
 * @param options - `achievable: false` skips the achievable deviation (its cost is about that of the rest).
 * @returns the analysis.
 */
export const analyzeWith = (ctx: AnalysisContext, constants: SbdConstants, options: { readonly achievable?: boolean } = {}): Analysis => {
  const { model } = ctx.dp
  const tau = tauStarExpectations(ctx)
  let states = 0
  const eps = UNIT_ROUNDOFF
  const providers = model.providers.map((p, i): ProviderAnalysis => {
    const dev = deviationValue(ctx, i)
    const ach = options.achievable === false ? undefined : achievableValue(ctx, i, tau)
    states += dev.states
    const profit = tau.profits[i]!
    return {
      id: p.id,
      expectedProfit: profit,
      provenBound: provenBound(model, constants, i, ctx.rules.rebate),
      optimalValue: dev.value,
      gain: dev.value - profit,
      ...(ach === undefined
        ? {}
        : {
            achievable: {
              value: ach.value,
              gain: ach.value - profit,
              error: widen(ach.error + eps * (Math.abs(ach.value) + Math.abs(profit))),
              exploration: ach.explore.mean,
            },
          }),
      errors: {
        expectedProfit: widen(tau.profitErrors[i]!),
        // (the subtraction of a gain rounds once more: ε_fl of its magnitude, added here)
        optimalValue: widen(dev.error + eps * (Math.abs(dev.value) + Math.abs(profit))),
      },
    }
  })
  const { secondBest } = benchmarks(model, ctx.T)
  const userUtilityError = widen(tau.userUtilityError)
  const gainErrors = providers.flatMap((p) => [
    p.errors.optimalValue + p.errors.expectedProfit,
    ...(p.achievable === undefined ? [] : [p.achievable.error + p.errors.expectedProfit]),
  ])
  return {
    constants,
    expectedUserUtility: tau.userUtility,
    secondBest,
    shortfallBound: secondBestShortfall(constants),
    excessBound: secondBestExcess(constants),
    eta: eta(constants, ctx.rules.rebate),
    errorBound: Math.max(userUtilityError, ...gainErrors),
    userUtilityError,
    providers,
    states,
  }
}

/**
 * The rules and context of SBD(ε) on `model` at horizon `T`. `Left` says why it is out of scope.
 *
 * @param model - the instance's model.
 * @param T - the horizon.
 * @param epsilon - ε of SBD(ε).
 * @param rebate - the exploration rebate.
 * @param bonus - the rebate bonus δ ≥ 0 (§14.1; default 0), handed to the context.
 * @returns the analysis context, SBD's constants and rules, or why the instance is out of scope.
 */
export const sbdContext = (
  model: InstanceModel,
  T: number,
  epsilon: Decimal,
  rebate: boolean,
  bonus: Decimal = ZERO,
): E.Either<string, { readonly ctx: AnalysisContext; readonly constants: SbdConstants; readonly rules: MechanismRules }> => {
  if (T > MAX_HORIZON)
    return E.left(`horizon: the exact analysis keeps about T^(3/2) states per target; T = ${T} is above its limit ${MAX_HORIZON}`)
  const dp = dpInstance(model)
  if (E.isLeft(dp)) return dp
  const built = sbdRules(T, model.n, epsilon, rebate, dp.right.range, model.R, model.grid.scaleDecimal, bonus)
  if (E.isLeft(built)) return built
  return E.right({ ctx: analysisContext(dp.right, built.right.rules, T, bonus), ...built.right })
}

/**
 * A noise-free analysis in the shape of the DP's, its amounts rounded to doubles (the error bound covers the rounding).
 *
 * @param model - the instance's model.
 * @param a - the exact noise-free analysis.
 * @param rebate - the exploration rebate.
 * @returns the analysis in the dynamic program's shape.
 */
export const fromNoiseFree = (model: InstanceModel, a: NoiseFreeAnalysis, rebate: boolean): Analysis => {
  const c = a.constants
  const amounts = [a.userUtility, ...a.providers.flatMap((p) => [p.expectedProfit, p.optimalValue, p.gain])]
  const largest = amounts.reduce((m, x) => Math.max(m, Math.abs(x.toNumber())), 0)
  return {
    constants: c,
    expectedUserUtility: a.userUtility.toNumber(),
    secondBest: benchmarks(model, c.T).secondBest,
    shortfallBound: secondBestShortfall(c),
    excessBound: secondBestExcess(c),
    eta: eta(c, rebate),
    // Each double is the correctly rounded decimal: within one unit roundoff of the largest magnitude.
    errorBound: widen(UNIT_ROUNDOFF * largest),
    userUtilityError: widen(UNIT_ROUNDOFF * largest),
    // Noise-free: the optimum is attained by a named strategy (Proposition 6.6), so it is achievable.
    providers: a.providers.map((p, i) => ({
      id: p.id,
      expectedProfit: p.expectedProfit.toNumber(),
      provenBound: provenBound(model, c, i, rebate),
      optimalValue: p.optimalValue.toNumber(),
      gain: p.gain.toNumber(),
      achievable: { value: p.optimalValue.toNumber(), gain: p.gain.toNumber(), error: widen(UNIT_ROUNDOFF * largest) },
      errors: {
        expectedProfit: widen(UNIT_ROUNDOFF * largest),
        optimalValue: widen(UNIT_ROUNDOFF * largest),
        achievableValue: widen(UNIT_ROUNDOFF * largest),
      },
    })),
    states: 0,
    exact: a,
  }
}

/**
 * The exact analysis of SBD(ε) on `model`: on a noise-free instance the exact decimals of
 * proofs-notes §10.8, on a Bernoulli one the dynamic programs.
 *
 * @param model - an abstract instance with 2 or 3 providers (Bernoulli noise, or noise-free with linear frontiers).
 * @param T - the horizon.
 * @param epsilon - ε of SBD(ε).
 * @param rebate - the exploration rebate.
 * @param bonus - the rebate bonus δ ≥ 0 (§14.1; default 0), handed to the analysis context.
 * @returns the exact expectations and optimal deviations, or why the instance is out of scope (with the limit).
 *
 * @example Runnable from the repository root (the docs test runs it and compares its output).
 * ```ts
 * import { readFileSync } from 'node:fs'
 * import { Decimal, Either as E, analyze, buildInstanceModel, parseScenarioText } from 'second-best-delegation'
 *
 * const model = E.chainW(buildInstanceModel)(parseScenarioText(readFileSync('examples/two-provider-abstract.json', 'utf8')))
 * if (E.isLeft(model)) throw new Error(String(model.left))
 * const a = analyze(model.right, 1000, new Decimal('0.25'), true)
 * if (E.isRight(a)) {
 *   const p = a.right.providers[0]!
 *   // The optimal gain lies between a playable deviation's exact gain and the DP's upper bound (§10.4–§10.5).
 *   console.log(`E[U] ≈ ${a.right.expectedUserUtility.toFixed(4)} USD; a's optimal gain ∈ [${p.achievable!.gain.toFixed(4)}, ${p.gain.toFixed(4)}] USD ≤ η = ${a.right.eta.toSignificantDigits(6)} USD`)
 * }
 * ```
 *
 * ```text output
 * E[U] ≈ 261.8711 USD; a's optimal gain ∈ [52.3900, 52.3900] USD ≤ η = 61.1422 USD
 * ```
 */
export const analyze = (
  model: InstanceModel,
  T: number,
  epsilon: Decimal,
  rebate: boolean,
  bonus: Decimal = ZERO,
): E.Either<string, Analysis> => {
  const inst = model.instance
  if (inst.kind === 'abstract' && inst.noise === 'none')
    return bonus.isZero()
      ? E.map((a: NoiseFreeAnalysis) => fromNoiseFree(model, a, rebate))(noiseFreeAnalysis(model, T, epsilon, rebate))
      : E.left('bonus: the noise-free analysis (proofs-notes §10.8) covers SBD without the rebate bonus')
  return E.map((s: { ctx: AnalysisContext; constants: SbdConstants }) => analyzeWith(s.ctx, s.constants))(
    sbdContext(model, T, epsilon, rebate, bonus),
  )
}

/** A double as an exact decimal. */
export const decimalOf = (x: number): Decimal => new Decimal(x)
