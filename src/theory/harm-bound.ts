/**
 * The harm bound of proofs-notes §14 (Theorem 4): how far below its outcome under τ* a provider can push
 * the user's expected utility by a unilateral deviation that costs it at most ζ, under SBD(ε) with the
 * rebate on and a rebate bonus δ ≥ 0 (§14.1); what the bonus costs the user; and the δ that minimizes
 * the worst case. Everything is exact `Decimal` arithmetic (50 significant digits; the one irrational
 * inputs are `r` and `c(K_X)`, correctly rounded as in §3.4, and a square root in the stationary point).
 *
 * **Scope.** Theorem 4 is proved for two providers (§14.3): its proof uses that after a firing of the
 * first-ranked server the other serves in blind trust. The functions return `Left` for `n ≠ 2`, for
 * LLM instances, and for instances that violate Assumption A, D or IR (the proof uses all three).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { Decimal, ONE, ZERO, dmax, dmin } from '../exact/decimal.ts'
import { type SbdConstants, sbdConstants, slackAfter } from '../mechanism/constants.ts'
import { ACTION_DP, frontierAt } from '../model/abstract-model.ts'
import type { InstanceModel } from '../model/instance-model.ts'

/** What the harm bound reads: the instance and SBD's constants at one horizon and ε. */
export interface HarmBoundContext {
  /** An abstract instance with two providers satisfying A, D and IR. */
  readonly model: InstanceModel
  /** SBD's constants (`T`, `L`, `K_X`, `r`, `ln(2T²)`, …). */
  readonly constants: SbdConstants
}

/**
 * The context of the harm bound for `model` at horizon `T` and ε: `Left` (a message) outside Theorem 4's
 * scope (not two providers, not abstract, A, D or IR violated) or outside SBD's domain (`T < 3L + 1`).
 *
 * @param model - the instance's model.
 * @param T - the horizon.
 * @param epsilon - ε ∈ (0, ½).
 * @returns the context, or why the bound does not apply.
 */
export const harmBoundContext = (model: InstanceModel, T: number, epsilon: Decimal): E.Either<string, HarmBoundContext> => {
  if (model.instance.kind !== 'abstract') return E.left('harm bound: Theorem 4 (§14.3) is stated for abstract instances')
  if (model.n !== 2) return E.left(`harm bound: Theorem 4 (§14.3) is proved for n = 2 providers, got n = ${model.n}`)
  const failed = (['A', 'D', 'IR'] as const).filter((k) => !model.assumptions[k].holds)
  if (failed.length > 0) return E.left(`harm bound: Theorem 4 (§14.3) assumes A, D and IR; this instance violates ${failed.join(', ')}`)
  return E.map((constants: SbdConstants) => ({ model, constants }))(sbdConstants(T, model.n, epsilon, model.R))
}

/** Theorem 4's bound on `H_i(ζ)` for one provider, with its terms (USD, exact). */
export interface HarmBound {
  /** The bound on `H_i(ζ)`: {@link HarmBound.fixed} + {@link HarmBound.channels}. */
  readonly value: Decimal
  /** `[win_i]·(c(K_X) + R) + K_X·([lose_i]·g + δ_a) + 2R`: withholding allowance, rounding, failure events. */
  readonly fixed: Decimal
  /** The linear programme's value: the target channel and the firing channel sharing the budget `𝓑_i`. */
  readonly channels: Decimal
  /** `𝓑_i(ζ) = ζ + [win_i]·(c(K_X) + R) + 3π̄_i`: the most the deviation can spend on the two channels. */
  readonly budget: Decimal
  /** The expected exploration withholding `W` the programme's optimum uses (≤ `𝓑_i/δ` and ≤ `L·(ū_i − μ^min_i)`). */
  readonly withholding: Decimal
  /** Whether `i` can be ranked first on the good event `G` (`ū_i + 2r ≥ ū_k`). */
  readonly canWin: boolean
  /** Whether `i` can be ranked second on `G` (`ū_k + 2r ≥ ū_i`). */
  readonly canLose: boolean
  /** `φ_i = F_i(min(ū_i, ū_k))`, the least per-round profit of `i` as a τ* winner on `G` (0 when it cannot win). */
  readonly rent: Decimal
}

/** `g`, the money-grid step, and `δ_a`, the delivered-mean step of τ* above a target (0 when targets lie on the action grid). */
const steps = (model: InstanceModel): { readonly g: Decimal; readonly actionStep: Decimal } => {
  const g = ONE.div(model.grid.scaleDecimal)
  return { g, actionStep: model.grid.k <= ACTION_DP ? ZERO : new Decimal(10).pow(-ACTION_DP) }
}

/**
 * Theorem 4's upper bound on the harm `H_i(ζ) = E[U(τ*)] − inf{E[U(σ, τ*₋ᵢ)] : E[Π_i(σ, τ*₋ᵢ)] ≥ E[Π_i(τ*)] − ζ}`
 * that provider `provider` can do at tolerance `zeta`, under SBD(ε) with the rebate on and bonus `delta`
 * (proofs-notes §14.3). With `i` the provider, `k` the other, `K = K_X`, `c = c(K_X)`:
 *
 * `H_i(ζ) ≤ [win_i]·(c + R) + K·([lose_i]·g + δ_a) + 2R + max{ ([lose_i]·K/L − δ)·W + [win_i]·(R/φ_i)·X : δW + X ≤ 𝓑_i, 0 ≤ W ≤ L(ū_i − μ^min_i), X ≥ 0 }`
 *
 * with `𝓑_i = ζ + [win_i]·(c + R) + 3π̄_i`. It holds over the continuous strategy space, for every
 * history-dependent randomized σ; the engine's Bernoulli uniforms (realized means up to `R·2^−32` above
 * nominal, §1.6) may move it by at most `T·R·2^−31`, which is not included. With δ = 0 it is
 * `Θ(T)` (the lower bounds of §14.5 show that this is the truth there); with δ > 0 and a provider that
 * cannot win on `G`, `O(K·ζ/(δL))`.
 *
 * @param context - the instance and constants ({@link harmBoundContext}).
 * @param provider - the provider's index (0 or 1).
 * @param zeta - the tolerance ζ ≥ 0, USD.
 * @param delta - the bonus δ ≥ 0.
 * @returns the bound and its terms; `Left` for a bad index, ζ < 0, δ < 0, or when `i` can win on `G` and
 *   `φ_i = 0` (then no bound holds: §14.4 gives the counterexample, a winner that earns nothing there).
 *
 * @example
 * ```ts
 * const ctx = harmBoundContext(model, 100_000, new Decimal('0.25'))  // the two-provider example
 * E.map((c) => harmBound(c, 1, new Decimal(1), new Decimal('0.1')).value)(ctx)  // ≈ 347 USD; with δ = 0 ≈ 33,253
 * ```
 */
export const harmBound = (context: HarmBoundContext, provider: number, zeta: Decimal, delta: Decimal): E.Either<string, HarmBound> => {
  const { model, constants: c } = context
  if (!Number.isInteger(provider) || provider < 0 || provider >= model.n) return E.left(`provider: expected 0 or 1, got ${provider}`)
  if (!zeta.isFinite() || zeta.lt(0)) return E.left(`tolerance: expected ζ ≥ 0, got ${zeta.toString()}`)
  if (!delta.isFinite() || delta.lt(0)) return E.left(`bonus: expected δ ≥ 0, got ${delta.toString()}`)
  const inst = model.instance
  if (inst.kind !== 'abstract') return E.left('harm bound: abstract instances only')
  const self = model.providers[provider]!
  const other = model.providers[1 - provider]!
  const R = model.R
  const K = new Decimal(c.monitoredMax)
  const L = new Decimal(c.L)
  const slack = slackAfter(c, c.monitoredMax)
  const twoR = c.r.times(2)
  const canWin = self.honestMean.plus(twoR).gte(other.honestMean)
  const canLose = other.honestMean.plus(twoR).gte(self.honestMean)
  const rent = canWin ? frontierAt(inst.providers[provider]!, dmin(self.honestMean, other.honestMean)) : ZERO
  if (canWin && rent.lte(0))
    return E.left(
      `harm bound: provider ${self.id} can be ranked first and earns φ = F(min(ū_i, ū_k)) = 0 there: no bound on H_i(ζ) holds (§14.4)`,
    )
  const { g, actionStep } = steps(model)
  const fixed = (canWin ? slack.plus(R) : ZERO).plus(K.times((canLose ? g : ZERO).plus(actionStep))).plus(R.times(2))
  const budget = zeta.plus(canWin ? slack.plus(R) : ZERO).plus(self.cheatProfit.times(3))
  const cap = L.times(self.honestMean.minus(self.cheatMean))
  // Harm per unit of exploration withholding (target channel, net of the bonus the user no longer pays)
  // and per unit of cost spent on firings or on giving up the first rank (firing channel).
  const perWithheld = (canLose ? K.div(L) : ZERO).minus(delta)
  const perCost = canWin ? R.div(rent) : ZERO
  // The programme max{aW + bX : δW + X ≤ β, 0 ≤ W ≤ W̄, X ≥ 0}: W is worth buying iff a > 0 and a > b·δ.
  const withholding =
    perWithheld.lte(0) || perWithheld.lte(perCost.times(delta)) ? ZERO : delta.isZero() ? cap : dmin(cap, budget.div(delta))
  const channels = perWithheld.times(withholding).plus(perCost.times(dmax(ZERO, budget.minus(delta.times(withholding)))))
  return E.right({ value: fixed.plus(channels), fixed, channels, budget, withholding, canWin, canLose, rent })
}

/**
 * What the bonus costs the user at τ*: `δ·L·Σ_k (ū_k − x_lo)`, exactly `E[U_0(τ*)] − E[U_δ(τ*)]` (the
 * expected rebate `Σ_k L(ū_k − x_lo)` paid δ times more; the lottery of §14.1 is exact in expectation).
 *
 * @param context - the instance and constants.
 * @param delta - the bonus δ ≥ 0.
 * @returns the cost in USD.
 */
export const bonusCost = (context: HarmBoundContext, delta: Decimal): Decimal =>
  delta.times(context.constants.L).times(context.model.providers.reduce((s, p) => s.plus(p.honestMean.minus(context.model.xLo)), ZERO))

/** The bonus that minimizes the worst case, with the worst case it leaves. */
export interface BonusChoice {
  /** The bonus δ (at most 6 decimal places). */
  readonly delta: Decimal
  /** `bonusCost(δ) + max_i harmBound(i, ζ, δ)`: the user's worst-case loss against `E[U_0(τ*)]`, USD. */
  readonly worstCase: Decimal
  /** `harmBound(i, ζ, δ).value` per provider. */
  readonly harm: readonly Decimal[]
  /** `bonusCost(δ)`. */
  readonly cost: Decimal
}

/** The worst case at δ, or `Left` if a provider's bound does not exist. */
const worstCaseAt = (context: HarmBoundContext, zeta: Decimal, delta: Decimal): E.Either<string, BonusChoice> => {
  const harm: Decimal[] = []
  for (let i = 0; i < context.model.n; i++) {
    const h = harmBound(context, i, zeta, delta)
    if (E.isLeft(h)) return h
    harm.push(h.right.value)
  }
  const cost = bonusCost(context, delta)
  return E.right({ delta, worstCase: cost.plus(harm.reduce((m, h) => dmax(m, h), ZERO)), harm, cost })
}

/**
 * The stationary point `δ* = √(K·𝓑_i / (L²·Σ_k(ū_k − x_lo)))` of `bonusCost(δ) + ` provider `i`'s target
 * channel `(K/L − δ)·𝓑_i/δ` (§14.6), for each provider; the point where the bonus and the harm it buys off balance.
 *
 * @param context - the instance and constants.
 * @param zeta - the tolerance ζ ≥ 0.
 * @returns one stationary point per provider (those that can win include `c(K_X) + R` in `𝓑_i`).
 */
export const stationaryBonuses = (context: HarmBoundContext, zeta: Decimal): readonly Decimal[] => {
  const { model, constants: c } = context
  const spread = model.providers.reduce((s, p) => s.plus(p.honestMean.minus(model.xLo)), ZERO)
  const L = new Decimal(c.L)
  const slack = slackAfter(c, c.monitoredMax)
  return model.providers.map((self, i) => {
    const other = model.providers[1 - i]!
    const canWin = self.honestMean.plus(c.r.times(2)).gte(other.honestMean)
    const budget = zeta.plus(canWin ? slack.plus(model.R) : ZERO).plus(self.cheatProfit.times(3))
    return spread.isZero() ? ZERO : new Decimal(c.monitoredMax).times(budget).div(L.times(L).times(spread)).sqrt()
  })
}

/**
 * The bonus δ that minimizes the user's worst case `bonusCost(δ) + max_i harmBound(i, ζ, δ)` over the
 * candidates `{k/1000 : 0 ≤ k ≤ 1000} ∪ {1 + k/100 : 1 ≤ k ≤ 900}` (δ ∈ [0, 1] in steps of 0.001,
 * then to 10 in steps of 0.01) and the stationary points of
 * {@link stationaryBonuses} rounded down and up to 6 decimal places; ties to the smaller δ. Exact
 * evaluation at every candidate; the minimum over the candidates, not a proof of the minimum over every
 * real δ (the objective is piecewise of the form `A/δ + B + Cδ`, whose minima the stationary points cover).
 *
 * @param context - the instance and constants.
 * @param zeta - the tolerance ζ ≥ 0, USD.
 * @returns the choice, or `Left` if a provider's bound does not exist (§14.4).
 */
export const bonusMinimizingWorstCase = (context: HarmBoundContext, zeta: Decimal): E.Either<string, BonusChoice> => {
  const candidates: Decimal[] = []
  for (let k = 0; k <= 1000; k++) candidates.push(new Decimal(k).div(1000))
  for (let k = 1; k <= 900; k++) candidates.push(new Decimal(k).div(100).plus(1))
  for (const s of stationaryBonuses(context, zeta))
    if (s.lte(10)) candidates.push(s.toDecimalPlaces(6, Decimal.ROUND_DOWN), s.toDecimalPlaces(6, Decimal.ROUND_UP))
  let best: BonusChoice | undefined
  for (const delta of candidates) {
    const w = worstCaseAt(context, zeta, delta)
    if (E.isLeft(w)) return w
    if (best === undefined || w.right.worstCase.lt(best.worstCase) || (w.right.worstCase.eq(best.worstCase) && delta.lt(best.delta)))
      best = w.right
  }
  return E.right(best!)
}

/** Exact bounds on one exploration-shading deviation (`shade:x` of §5.5) by the provider that cannot win. */
export interface ShadeBounds {
  /** A lower bound on `E[U(τ*)] − E[U(shade:x, τ*₋ᵢ)]` (Proposition 14.5); may be negative (then it says nothing). */
  readonly harmLower: Decimal
  /** An upper bound on the shade's cost `E[Π_i(τ*)] − E[Π_i(shade:x, τ*₋ᵢ)]` (negative: the shade pays). */
  readonly costUpper: Decimal
}

/**
 * Proposition 14.5's bounds for `shade:x` played by `shader` (τ* for the other provider `w`), under SBD(ε)
 * with the rebate on and bonus δ, or with the rebate off (`rebate = false`, δ must be 0). With
 * `m_σ = max(x_lo, ū_s − x, μ^min_w)` (the most `w` delivers against the shaded target):
 *
 * - harm ≥ `K·(ū_s − 2r − g − δ_a − m_σ) − 3R − δ·x·L` (rebate on), `… − 3R + x·L` (rebate off);
 * - cost ≤ `L·((1+δ)·x − (F_s(ū_s − x) − π^h_s)) + 1.5·π̄_s` (rebate on), `−L·(F_s(ū_s − x) − π^h_s) + 1.5·π̄_s` (off).
 *
 * Requires `ū_w − ū_s > 2r` (the shader cannot win on `G`) and `0 ≤ x ≤ ū_s − μ^min_s`.
 *
 * @param context - the instance and constants ({@link harmBoundContext}).
 * @param shader - the index of the shading provider.
 * @param withhold - `x`, withheld per exploration round.
 * @param delta - the bonus δ ≥ 0.
 * @param rebate - the rebate (off needs δ = 0).
 * @returns the two bounds, or why they do not apply.
 */
export const shadeBounds = (
  context: HarmBoundContext,
  shader: number,
  withhold: Decimal,
  delta: Decimal,
  rebate: boolean,
): E.Either<string, ShadeBounds> => {
  const { model, constants: c } = context
  const inst = model.instance
  if (inst.kind !== 'abstract') return E.left('harm bound: abstract instances only')
  if (shader !== 0 && shader !== 1) return E.left(`provider: expected 0 or 1, got ${shader}`)
  if (!rebate && !delta.isZero()) return E.left('bonus: needs the rebate on (§14.1)')
  const s = model.providers[shader]!
  const w = model.providers[1 - shader]!
  if (!w.honestMean.minus(s.honestMean).gt(c.r.times(2))) return E.left('shade bounds: need ū_w − ū_s > 2r (the shader cannot win on G)')
  if (withhold.lt(0) || withhold.gt(s.honestMean.minus(s.cheatMean))) return E.left('withhold: expected x in [0, ū_s − μ^min_s]')
  const { g, actionStep } = steps(model)
  const K = new Decimal(c.monitoredMax)
  const L = new Decimal(c.L)
  const R = model.R
  const delivered = dmax(dmax(model.xLo, s.honestMean.minus(withhold)), w.cheatMean)
  const continuation = K.times(s.honestMean.minus(c.r.times(2)).minus(g).minus(actionStep).minus(delivered)).minus(R.times(3))
  const exploration = L.times(withhold)
  const frontierGain = frontierAt(inst.providers[shader]!, s.honestMean.minus(withhold)).minus(s.honestProfit)
  const failure = s.cheatProfit.times('1.5')
  return E.right(
    rebate
      ? {
          harmLower: continuation.minus(delta.times(exploration)),
          costUpper: L.times(ONE.plus(delta).times(withhold).minus(frontierGain)).plus(failure),
        }
      : { harmLower: continuation.plus(exploration), costUpper: L.times(frontierGain).neg().plus(failure) },
  )
}
