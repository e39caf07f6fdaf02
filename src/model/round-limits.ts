/**
 * The per-round limit of the money grid, checked on the instance itself (§3.4). The hot loop
 * keeps each per-round amount (a net utility `x`, a profit `y`, the range ends and the width `R`)
 * as an integer number of grid units below 2^44 in magnitude; the grid is `10^(−k)` USD with `k`
 * the decimal places the instance's amounts need. {@link roundLimitIssues} finds every amount an
 * instance could produce beyond that limit and names the field that causes it, with the limit in
 * USD, so decoding rejects such a scenario instead of the run failing later.
 *
 * @module
 */
import { Decimal, ZERO, dmax } from '../exact/decimal.ts'
import { MAX_ROUND_UNITS, gridOf } from '../exact/grid.ts'
import { ACTION_DP } from './abstract-model.ts'
import { billOf, costOf, llmAmountPlaces } from './llm-model.ts'
import type { AbstractInstance, Instance, LlmInstance } from './types.ts'

/** A field of the instance's JSON form (path of keys and indices) and what is wrong there. */
export interface RoundLimitIssue {
  readonly path: readonly (string | number)[]
  readonly message: string
}

/** Decimal places of the money grid of `inst` (the finest its per-round amounts need). */
export const gridPlaces = (inst: Instance): number => {
  if (inst.kind === 'llm') return llmAmountPlaces(inst)
  const slopes = inst.providers.flatMap((p) => p.segments.map((s) => s.slope.decimalPlaces()))
  return Math.max(
    inst.xLo.decimalPlaces(),
    inst.xHi.decimalPlaces(),
    ACTION_DP,
    ...inst.providers.map((p) => p.honestProfit.decimalPlaces()),
    ...slopes.map((d) => d + ACTION_DP),
  )
}

/** The largest magnitude in USD one per-round amount may have on the grid of `k` places. */
export const roundLimitUsd = (k: number): Decimal => new Decimal(MAX_ROUND_UNITS - 1).div(gridOf(k).scaleDecimal)

const over =
  (k: number, limit: Decimal) =>
  (path: readonly (string | number)[], what: string, amount: Decimal): RoundLimitIssue[] =>
    amount.abs().gt(limit)
      ? [
          {
            path,
            message:
              `${what} is ${amount.toString()} USD, above the per-round limit of ${limit.toString()} USD ` +
              `(2^44 units of this scenario's money grid of 1e-${k} USD, set by its decimal places)`,
          },
        ]
      : []

const abstractIssues = (inst: AbstractInstance, check: ReturnType<typeof over>): RoundLimitIssue[] => [
  ...check(['range', 'xLo'], 'range.xLo', inst.xLo),
  ...check(['range', 'xHi'], 'range.xHi', inst.xHi),
  ...check(['range'], 'the range width xHi − xLo', inst.xHi.minus(inst.xLo)),
  ...inst.providers.flatMap((p, i) => {
    // Profit grows with what is withheld: largest at the full cheat, Σ slope·length above ȳ.
    const top = p.segments.reduce((acc, s) => acc.plus(s.slope.times(s.length)), p.honestProfit)
    return check(
      ['providers', i, p.segments.length > 0 ? 'segments' : 'honestProfit'],
      'the full-cheat profit honestProfit + Σ slope·length',
      top,
    )
  }),
]

const llmIssues = (inst: LlmInstance, check: ReturnType<typeof over>): RoundLimitIssue[] => {
  const m = inst.market
  const nMax = Math.max(...m.outputLengths.map((o) => o.tokens))
  const bills = inst.providers.map((p) => billOf(m, p.premium, m.maxInflation, nMax))
  const maxBill = bills.reduce((a, b) => dmax(a, b), ZERO)
  return [
    ...check(['market', 'valuePerCorrect'], 'market.valuePerCorrect', m.valuePerCorrect),
    ...inst.providers.flatMap((p, i) => [
      ...check(['providers', i, 'premium'], 'the largest bill (at maxInflation and the longest output)', bills[i]!),
      ...(p.substitute === undefined
        ? []
        : check(['providers', i, 'substitute'], 'the largest cost of the substitute', costOf(m, p.substitute, nMax))),
    ]),
    ...check(['market'], 'the range width valuePerCorrect + largest bill', m.valuePerCorrect.plus(maxBill)),
  ]
}

/** Every per-round amount of `inst` beyond the grid's limit, by field; empty when the instance runs. */
export const roundLimitIssues = (inst: Instance): readonly RoundLimitIssue[] => {
  const k = gridPlaces(inst)
  const check = over(k, roundLimitUsd(k))
  return inst.kind === 'abstract' ? abstractIssues(inst, check) : llmIssues(inst, check)
}
