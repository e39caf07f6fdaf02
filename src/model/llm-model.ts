/**
 * Type statistics and frontier actions of an LLM provider (proofs-notes §2.1–§2.2).
 *
 * Expected values average over the honest output-length distribution. A provider withholds
 * net utility with two levers: inflation (a pure transfer: one USD of profit per USD withheld)
 * and substitution (`κ·Δc` of profit per `w·Δq` withheld). The frontier pulls the lever with the
 * better profit per USD withheld first: under Assumption A that is inflation.
 *
 * @module
 */
import { Decimal, ONE, ZERO, dmax, dmin } from '../exact/decimal.ts'
import type { ProviderModel } from './provider-model.ts'
import type { Action, LlmAction, LlmInstance, LlmMarket, LlmModel } from './types.ts'

/** Decimal places of the inflation `β` on the action grid. */
export const BETA_DP = 4
/** `2^32`: substitution probabilities are multiples of `2^(−32)`. */
export const TWO_32 = 2 ** 32
const MEGA = new Decimal(1_000_000)

/** Expected honest output tokens `E[n_out]`. */
export const meanOutputTokens = (m: LlmMarket): Decimal => m.outputLengths.reduce((acc, o) => acc.plus(o.probability.times(o.tokens)), ZERO)

/** The bill for one query at inflation `beta` and `nOut` honest output tokens (premium prices). */
export const billOf = (m: LlmMarket, premium: LlmModel, beta: Decimal, nOut: Decimal | number): Decimal =>
  premium.inputPrice
    .times(m.inputTokens)
    .plus(premium.outputPrice.times(ONE.plus(beta)).times(nOut))
    .div(MEGA)

/** The provider's true cost of serving one query with `model` and `nOut` output tokens. */
export const costOf = (m: LlmMarket, model: LlmModel, nOut: Decimal | number): Decimal =>
  m.costRatio.times(model.inputPrice.times(m.inputTokens).plus(model.outputPrice.times(nOut))).div(MEGA)

/** The largest possible bill `B_max` (at `β̄` and the largest output length). */
export const maxBill = (inst: LlmInstance): Decimal => {
  const nMax = Math.max(...inst.market.outputLengths.map((o) => o.tokens))
  return inst.providers.reduce((acc, p) => dmax(acc, billOf(inst.market, p.premium, inst.market.maxInflation, nMax)), ZERO)
}

const asLlm = (a: Action): LlmAction => {
  if (a.kind !== 'llm') throw new TypeError('LLM provider given a non-LLM action')
  return a
}

/** The provider model of LLM provider `index` of `inst`. */
export const llmProviderModel = (inst: LlmInstance, index: number): ProviderModel => {
  const p = inst.providers[index]
  if (p === undefined) throw new RangeError(`no provider ${index}`)
  const m = inst.market
  const nBar = meanOutputTokens(m)
  const sub = p.substitute
  const sigmaOf = (a: LlmAction): Decimal => new Decimal(a.sigmaThreshold).div(TWO_32)
  const meanOf = (action: Action): Decimal => {
    const a = asLlm(action)
    const s = sigmaOf(a)
    const q = sub === undefined ? p.premium.quality : ONE.minus(s).times(p.premium.quality).plus(s.times(sub.quality))
    return m.valuePerCorrect.times(q).minus(billOf(m, p.premium, a.beta, nBar))
  }
  const profitOf = (action: Action): Decimal => {
    const a = asLlm(action)
    const s = sigmaOf(a)
    const costH = costOf(m, p.premium, nBar)
    const cost =
      sub === undefined
        ? costH
        : ONE.minus(s)
            .times(costH)
            .plus(s.times(costOf(m, sub, nBar)))
    return billOf(m, p.premium, a.beta, nBar).minus(cost)
  }
  const act = (sigmaThreshold: number, beta: Decimal): LlmAction => ({ kind: 'llm', sigmaThreshold, beta })
  // Lever capacities (USD of mean withheld at full use) and profit per USD withheld.
  const inflationPerBeta = p.premium.outputPrice.times(nBar).div(MEGA)
  const subCap = sub === undefined ? ZERO : m.valuePerCorrect.times(p.premium.quality.minus(sub.quality))
  const subGain = sub === undefined ? ZERO : costOf(m, p.premium, nBar).minus(costOf(m, sub, nBar))
  const substitutionUseful = sub !== undefined && subCap.gt(0) && subGain.gt(0)
  const substituteFirst = substitutionUseful && subGain.gt(subCap) // profit per USD withheld > 1
  const inflate = (w: Decimal): Decimal =>
    inflationPerBeta.isZero() ? ZERO : dmin(m.maxInflation, w.div(inflationPerBeta)).toDecimalPlaces(BETA_DP, Decimal.ROUND_FLOOR)
  const substitute = (w: Decimal): number => (substitutionUseful ? Math.min(TWO_32, w.div(subCap).times(TWO_32).floor().toNumber()) : 0)
  const deliver = (target: Decimal): Action => {
    const budget = dmax(
      ZERO,
      p.premium.quality
        .times(m.valuePerCorrect)
        .minus(billOf(m, p.premium, ZERO, nBar))
        .minus(target),
    )
    if (substituteFirst) {
      const sigma = substitute(budget)
      const rest = dmax(ZERO, budget.minus(subCap.times(sigma).div(TWO_32)))
      return act(sigma, inflate(rest))
    }
    const beta = inflate(budget)
    const rest = dmax(ZERO, budget.minus(inflationPerBeta.times(beta)))
    return act(substitute(rest), beta)
  }
  const honest = act(0, ZERO)
  const fullCheat = act(sub !== undefined && subGain.gt(0) ? TWO_32 : 0, m.maxInflation)
  return {
    index,
    id: p.id,
    honestMean: meanOf(honest),
    honestProfit: profitOf(honest),
    cheatMean: meanOf(fullCheat),
    cheatProfit: profitOf(fullCheat),
    honest,
    fullCheat,
    meanOf,
    profitOf,
    deliver,
    keyOf: (a) => `s=${asLlm(a).sigmaThreshold},b=${asLlm(a).beta.toString()}`,
  }
}

/** Decimal places of the per-round amounts the grid must hold exactly for this instance. */
export const llmAmountPlaces = (inst: LlmInstance): number => {
  const m = inst.market
  const models = inst.providers.flatMap((p) => (p.substitute === undefined ? [p.premium] : [p.premium, p.substitute]))
  const pricePlaces = Math.max(...models.flatMap((x) => [x.inputPrice.decimalPlaces(), x.outputPrice.decimalPlaces()]))
  return Math.max(m.valuePerCorrect.decimalPlaces(), pricePlaces + BETA_DP + 6, m.costRatio.decimalPlaces() + pricePlaces + 6)
}
