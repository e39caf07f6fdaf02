/**
 * The whole exact analysis of one instance, horizon, ε and rebate (proofs-notes §10): the
 * expectations under τ*, every provider's optimal deviation and its gain, the bounds the notes
 * prove (η, G_i, Δ, the upper bound under Assumption U) and one absolute error bound that covers
 * every double reported. Amounts are returned as exact decimals of the doubles (USD).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { Decimal } from '../exact/decimal.ts'
import type { SbdConstants } from '../mechanism/constants.ts'
import { benchmarks, type InstanceModel } from '../model/instance-model.ts'
import { eta, provenBoundOf, secondBestExcess, secondBestShortfall } from '../theory/bounds.ts'
import { type AnalysisContext, analysisContext } from './context.ts'
import { droppedMass } from './configs.ts'
import { deviationValue, profitCeiling } from './deviation.ts'
import { UNIT_ROUNDOFF, floatingPointError, widen } from './error-bound.ts'
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
  /** Upper bound on `sup_σ E[Π_i(σ, τ*_{−i})]`. */
  readonly optimalValue: number
  /** `optimalValue − expectedProfit`. */
  readonly gain: number
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
  /** Absolute bound on the error of every double above (USD). */
  readonly errorBound: number
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
 * @returns the analysis.
 */
export const analyzeWith = (ctx: AnalysisContext, constants: SbdConstants): Analysis => {
  const { model } = ctx.dp
  const tau = tauStarExpectations(ctx)
  let states = 0
  let truncation = 0
  const providers = model.providers.map((p, i): ProviderAnalysis => {
    const dev = deviationValue(ctx, i)
    states += dev.states
    truncation = Math.max(truncation, dev.truncationError)
    return {
      id: p.id,
      expectedProfit: tau.profits[i]!,
      provenBound: provenBound(model, constants, i, ctx.rules.rebate),
      optimalValue: dev.value,
      gain: dev.value - tau.profits[i]!,
    }
  })
  const vMax = Math.max(ctx.T * ctx.dp.R + Math.abs(ctx.dp.lo) * ctx.T, ...model.providers.map((_, i) => profitCeiling(ctx, i)))
  const userTruncation = (droppedMass(ctx) + ctx.lostMass()) * 2 * vMax
  const fp = floatingPointError(vMax, ctx.T, ctx.rules.L, ctx.n, tau.configurations)
  const { secondBest } = benchmarks(model, ctx.T)
  return {
    constants,
    expectedUserUtility: tau.userUtility,
    secondBest,
    shortfallBound: secondBestShortfall(constants),
    excessBound: secondBestExcess(constants),
    eta: eta(constants, ctx.rules.rebate),
    // Gains are differences of two values: twice the bound of one.
    errorBound: 2 * (fp + Math.max(truncation, userTruncation)),
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
 * @param bonus - the rebate bonus δ (proofs-notes §14; default 0, only with the rebate on).
 * @returns the analysis context, SBD's constants and rules, or why the instance is out of scope.
 */
export const sbdContext = (
  model: InstanceModel,
  T: number,
  epsilon: Decimal,
  rebate: boolean,
  bonus: Decimal = new Decimal(0),
): E.Either<string, { readonly ctx: AnalysisContext; readonly constants: SbdConstants; readonly rules: MechanismRules }> => {
  if (T > MAX_HORIZON)
    return E.left(`horizon: the exact analysis keeps about T^(3/2) states per target; T = ${T} is above its limit ${MAX_HORIZON}`)
  const dp = dpInstance(model)
  if (E.isLeft(dp)) return dp
  const built = sbdRules(T, model.n, epsilon, rebate, dp.right.range, model.R, model.grid.scaleDecimal, bonus)
  if (E.isLeft(built)) return built
  return E.right({ ctx: analysisContext(dp.right, built.right.rules, T), ...built.right })
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
    providers: a.providers.map((p, i) => ({
      id: p.id,
      expectedProfit: p.expectedProfit.toNumber(),
      provenBound: provenBound(model, c, i, rebate),
      optimalValue: p.optimalValue.toNumber(),
      gain: p.gain.toNumber(),
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
 * @param bonus - the rebate bonus δ (proofs-notes §14; default 0).
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
 * if (E.isRight(a)) console.log(`E[U] ≈ ${a.right.expectedUserUtility.toFixed(4)} USD; a's best deviation gains ≈ ${a.right.providers[0]!.gain.toFixed(4)} USD ≤ η = ${a.right.eta.toSignificantDigits(6)} USD`)
 * ```
 *
 * ```text output
 * E[U] ≈ 261.8711 USD; a's best deviation gains ≈ 52.3900 USD ≤ η = 61.1422 USD
 * ```
 */
export const analyze = (
  model: InstanceModel,
  T: number,
  epsilon: Decimal,
  rebate: boolean,
  bonus: Decimal = new Decimal(0),
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
