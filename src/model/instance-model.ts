/**
 * An instance made ready for play: provider models, the public range, the money grid, the
 * assumption verdicts (proofs-notes §1.3), and compiled outcome tables for actions.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { type Decimal, ZERO } from '../exact/decimal.ts'
import { type Grid, gridOf, toRoundUnits } from '../exact/grid.ts'
import { abstractProviderModel, bernoulliThreshold, frontierAt } from './abstract-model.ts'
import { type AssumptionReport, checkAssumptions } from './assumptions.ts'
import { TWO_32, billOf, costOf, llmProviderModel, maxBill } from './llm-model.ts'
import type { OutcomeTable } from './outcome-table.ts'
import type { ProviderModel } from './provider-model.ts'
import { gridPlaces } from './round-limits.ts'
import type { Action, Instance, LlmModel } from './types.ts'

/** An instance with everything the simulator and the theory read from it. */
export interface InstanceModel {
  readonly instance: Instance
  /** Number of providers. */
  readonly n: number
  /** Lower end of the public range of `X`, USD. */
  readonly xLo: Decimal
  /** Upper end of the public range of `X`, USD. */
  readonly xHi: Decimal
  /** Range width `R = x_hi − x_lo`. */
  readonly R: Decimal
  /** The money grid all per-round amounts live on. */
  readonly grid: Grid
  /** Provider models, in instance order. */
  readonly providers: readonly ProviderModel[]
  /** Assumptions A, D and IR. */
  readonly assumptions: AssumptionReport
  /** The outcome table of `action` for provider `index` (memoized per action). */
  readonly compile: (index: number, action: Action) => OutcomeTable
}

const probabilityThreshold = (p: Decimal): number => Math.min(TWO_32, p.times(TWO_32).ceil().toNumber())

const units = (grid: Grid, value: Decimal): number => {
  const u = toRoundUnits(grid, value)
  if (E.isLeft(u)) throw new RangeError(u.left) // unreachable: the grid is chosen to hold every amount
  return u.right
}

const compileFor =
  (inst: Instance, grid: Grid, index: number, pm: ProviderModel) =>
  (action: Action): OutcomeTable => {
    const key = pm.keyOf(action)
    if (inst.kind === 'abstract' && action.kind === 'abstract') {
      const p = inst.providers[index]!
      const profit = units(grid, frontierAt(p, action.mean))
      const bernoulli = inst.noise === 'bernoulli'
      const lo = units(grid, bernoulli ? inst.xLo : action.mean)
      const hi = units(grid, bernoulli ? inst.xHi : action.mean)
      return {
        key,
        branchThreshold: bernoulli ? bernoulliThreshold(inst, action.mean) : 0,
        correctThreshold: [0, 0],
        lengthThreshold: [TWO_32],
        x: Float64Array.from([lo, lo, hi, hi]),
        y: Float64Array.from([profit, profit, profit, profit]),
      }
    }
    if (inst.kind === 'llm' && action.kind === 'llm') {
      const m = inst.market
      const p = inst.providers[index]!
      const models: readonly [LlmModel, LlmModel] = [p.premium, p.substitute ?? p.premium]
      let cumulative = ZERO
      const lengthThreshold = m.outputLengths.map((o) => {
        cumulative = cumulative.plus(o.probability)
        return probabilityThreshold(cumulative)
      })
      lengthThreshold[lengthThreshold.length - 1] = TWO_32
      const x: number[] = []
      const y: number[] = []
      for (const branch of [0, 1] as const)
        for (const correct of [0, 1])
          for (const o of m.outputLengths) {
            const bill = billOf(m, p.premium, action.beta, o.tokens)
            x.push(units(grid, m.valuePerCorrect.times(correct).minus(bill)))
            y.push(units(grid, bill.minus(costOf(m, models[branch], o.tokens))))
          }
      return {
        key,
        branchThreshold: p.substitute === undefined ? 0 : action.sigmaThreshold,
        correctThreshold: [probabilityThreshold(models[0].quality), probabilityThreshold(models[1].quality)],
        lengthThreshold,
        x: Float64Array.from(x),
        y: Float64Array.from(y),
      }
    }
    throw new TypeError(`action of kind ${action.kind} for a provider of kind ${inst.kind}`)
  }

/**
 * Builds the instance model; `Left` with a message when an amount cannot live on a hot-loop grid.
 *
 * @param inst - a decoded instance ({@link parseScenarioText}).
 * @returns the model the engine runs on (range, money grid, provider models, assumption verdicts), or why it cannot be built.
 */
export const buildInstanceModel = (inst: Instance): E.Either<string, InstanceModel> => {
  const providers = inst.providers.map((_, i) => (inst.kind === 'abstract' ? abstractProviderModel(inst, i) : llmProviderModel(inst, i)))
  const xLo = inst.kind === 'abstract' ? inst.xLo : maxBill(inst).neg()
  const xHi = inst.kind === 'abstract' ? inst.xHi : inst.market.valuePerCorrect
  const grid = gridOf(gridPlaces(inst))
  for (const v of [xLo, xHi, xHi.minus(xLo)]) {
    const u = toRoundUnits(grid, v)
    if (E.isLeft(u)) return E.left(`instance ${inst.name}: ${u.left}`)
  }
  const caches = providers.map(() => new Map<string, OutcomeTable>())
  const compilers = providers.map((pm, i) => compileFor(inst, grid, i, pm))
  return E.right({
    instance: inst,
    n: providers.length,
    xLo,
    xHi,
    R: xHi.minus(xLo),
    grid,
    providers,
    assumptions: checkAssumptions(inst, providers),
    compile: (index, action) => {
      const cache = caches[index]!
      const key = providers[index]!.keyOf(action)
      const hit = cache.get(key)
      if (hit !== undefined) return hit
      const table = compilers[index]!(action)
      cache.set(key, table)
      return table
    },
  })
}

/**
 * First-best `FB = T·ū_(1)` and second-best `SB = T·ū_(2)` of an instance at horizon `T`.
 *
 * @param model - the instance's model.
 * @param T - the horizon.
 * @returns the first-best `ū_(1)·T` and the second-best `ū_(2)·T`, USD.
 */
export const benchmarks = (model: InstanceModel, T: number): { readonly firstBest: Decimal; readonly secondBest: Decimal } => {
  const sorted = model.providers.map((p) => p.honestMean).sort((a, b) => b.comparedTo(a))
  return {
    firstBest: sorted[0]!.times(T),
    secondBest: (sorted[1] ?? sorted[0]!).times(T),
  }
}
