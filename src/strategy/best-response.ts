/**
 * The exact best response against SBD(ε) in the noise-free case (proofs-notes §5.7, §6).
 *
 * When `X` is deterministic (an abstract instance with noise `none`) and the frontier is linear
 * (one slope-1 segment), a first-ranked provider facing τ* of the others maximizes its profit by
 *
 * 1. **exploration**: with the rebate, honest service (the rebate hands back `X − x_lo`, so the
 *    round pays `s(a) − x_lo`, largest at `h` under Assumption A); without it, the lowest mean on
 *    the action grid that keeps it ranked first (its own `Û` sets nobody's target);
 * 2. **exploitation** (greedy slack riding): with `D_j` the largest deficit the test tolerates after
 *    `j` rounds (`D_j = max{D ∈ ℤ : D ≤ 0 or 2D²·den ≤ R²·j·num}` in grid units, where `num/den`
 *    is the mechanism's decimal `ln(2T²)`), the threshold is `θ_j = j·τ − D_j` and it delivers
 *
 *        x_j = min(ū, max(μ^min, ⌈θ_j − S_{j−1}⌉_a)),   S_j = S_{j−1} + x_j,
 *
 *    `⌈·⌉_a` rounding up to the action grid (10^(−6) USD). Each `S_j` is the least reachable sum
 *    that survives round `j`, so `S_{K}` is minimal and the withheld `Σ(ū − x_j)` maximal; while
 *    `μ^min` binds, the slack banked is spent later ("exploiting a lucky running sum"). When
 *    `μ^min` lies on the action grid this is `S_j = max(S_{j−1} + μ^min, ⌈θ_j⌉_a)`, i.e. in closed
 *    form `S_K = max_{0≤k≤K}(⌈θ_k⌉_a + (K−k)·μ^min)` with `θ_0 = 0`;
 * 3. **blind trust II**: full cheat `g` for the last `L` rounds.
 *
 * Its profit is `L·F(m_expl) + [rebate] L·(m_expl − x_lo) + Σ_j F(x_j) + L·π̄`. Being fired never
 * pays: the last rounds it could save are worth at most one round's range, the endgame it loses is
 * worth `L·π̄ ≥ L·(ū − μ^min)`.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { Decimal, ZERO, dmax } from '../exact/decimal.ts'
import { fromUnits, toUnits } from '../exact/grid.ts'
import type { SbdConstants } from '../mechanism/constants.ts'
import { slackLogOf } from '../mechanism/constants.ts'
import { type FiringTest, prepareFiringTest } from '../mechanism/firing-test.ts'
import { ACTION_DP } from '../model/abstract-model.ts'
import type { InstanceModel } from '../model/instance-model.ts'
import type { Strategy } from '../sim/interfaces.ts'
import { actionMenu, isMonitoredServer, rangeUnits } from './action-menu.ts'

/** The exact outcome of the noise-free best response of one first-ranked provider. */
export interface NoiseFreeBestResponse {
  /** The provider's index. */
  readonly index: number
  /** Mean it delivers in each exploration round, USD. */
  readonly explorationMean: Decimal
  /** Its exploitation target `τ`, USD (on the money grid). */
  readonly target: Decimal
  /** Monitored exploitation rounds it serves: `K_X = T − (n+1)·L`. */
  readonly rounds: number
  /** Its stint sum `S_K` after the last monitored round, USD. */
  readonly stintSum: Decimal
  /** Net utility withheld against the target over the stint: `K·τ − S_K` (≤ `c(K)`), USD. */
  readonly withheld: Decimal
  /** Profit of its `L` exploration rounds, USD (without the rebate). */
  readonly explorationProfit: Decimal
  /** Exploration rebate it receives, USD (0 with the rebate off). */
  readonly rebate: Decimal
  /** Profit of its monitored stint `Σ F(x_j)`, USD. */
  readonly stintProfit: Decimal
  /** Profit of the endgame `L·π̄`, USD. */
  readonly endgameProfit: Decimal
  /** Its total utility `Π_i` (service profit plus rebate), USD. */
  readonly profit: Decimal
}

/**
 * The largest deficit `j·τ − S` (grid units) that SBD's test tolerates after `j` rounds: `0` if
 * none is, else the largest `D` with `2D²·den ≤ R²·j·num` — decided in integers, as the mechanism does.
 *
 * @param test - SBD's prepared firing test.
 * @param j - the number of completed stint rounds.
 * @returns the largest tolerated deficit, in grid units.
 */
export const maxDeficitUnits = (test: FiringTest, j: number): bigint => {
  if (j <= 0) return 0n
  const bound = test.rangeUnits * test.rangeUnits * BigInt(j) * test.logNum
  const fits = (d: bigint): boolean => 2n * d * d * test.logDen <= bound
  let d = BigInt(Math.max(0, Math.floor(test.rangeFloat * Math.sqrt((j * test.logFloat) / 2))))
  while (d > 0n && !fits(d)) d--
  while (fits(d + 1n)) d++
  return d
}

const ceilDiv = (a: bigint, b: bigint): bigint => (a >= 0n ? (a + b - 1n) / b : -(-a / b))

const unitsOf = (model: InstanceModel, d: Decimal): E.Either<string, bigint> => toUnits(model.grid, d)

/** Options of {@link noiseFreeSlackRide}. */
export interface NoiseFreeOptions {
  /** SBD's rebate (`Z_i += Σ(X_t − x_lo)` over exploration). */
  readonly rebate: boolean
}

/**
 * The exact best response of provider `index` against SBD with constants `constants` when every
 * other provider plays τ* (only their honest exploration matters: `Û_k = ū_k`). `Left` unless the
 * instance is abstract and noise-free and the provider can be ranked first. Exact in decimal; it
 * replicates the simulator round by round (action grid, money grid, the integer firing test).
 *
 * @param model - an abstract noise-free instance.
 * @param constants - SBD's constants.
 * @param index - the first-ranked provider's index.
 * @param options - SBD's rebate.
 * @returns the exact best response and its profit, or why it does not apply.
 */
export const noiseFreeSlackRide = (
  model: InstanceModel,
  constants: SbdConstants,
  index: number,
  options: NoiseFreeOptions,
): E.Either<string, NoiseFreeBestResponse> => {
  const inst = model.instance
  if (inst.kind !== 'abstract' || inst.noise !== 'none')
    return E.left(
      `instance: the exact best response needs an abstract noise-free instance, got ${inst.kind}${inst.kind === 'abstract' ? `/${inst.noise}` : ''}`,
    )
  const pm = model.providers[index]
  if (pm === undefined) return E.left(`index: no provider ${index}`)
  if (constants.n !== model.n) return E.left(`constants: built for n = ${constants.n}, instance has n = ${model.n}`)
  const { L } = constants
  const K = constants.monitoredMax
  const grid = model.grid
  const actionStep = grid.scale / 10n ** BigInt(ACTION_DP)
  const tick = new Decimal(10).pow(-ACTION_DP)

  // 1. Exploration: honest with the rebate; else the lowest mean that keeps it ranked first.
  const others = model.providers.filter((_, k) => k !== index)
  const needed = others.reduce((m, p) => dmax(m, p.index < index ? p.honestMean.plus(tick) : p.honestMean), pm.cheatMean)
  const explorationAction = pm.deliver(options.rebate ? pm.honestMean : needed)
  const explorationMean = pm.meanOf(explorationAction)
  const firstRanked = others.every((p) => (p.index < index ? explorationMean.gt(p.honestMean) : explorationMean.gte(p.honestMean)))
  if (!firstRanked)
    return E.left(`index: provider ${pm.id} (ū = ${pm.honestMean.toString()}) cannot be ranked first against honest exploration`)

  // 2. The target: τ = max(x_lo, Û_{ρ2} − r), floored to the money grid as SBD does.
  const runnerUp = [...others].sort((a, b) => b.honestMean.comparedTo(a.honestMean) || a.index - b.index)[0]!
  const tauUnitsDec = dmax(
    model.xLo.times(grid.scaleDecimal),
    runnerUp.honestMean.times(grid.scaleDecimal).minus(constants.r.times(grid.scaleDecimal)),
  ).floor()
  const tau = BigInt(tauUnitsDec.toFixed(0))
  const lo = unitsOf(model, pm.cheatMean)
  const hi = unitsOf(model, pm.honestMean)
  const R = unitsOf(model, model.R)
  if (E.isLeft(lo)) return lo
  if (E.isLeft(hi)) return hi
  if (E.isLeft(R)) return R
  const test = prepareFiringTest(R.right, constants.slackLog)

  // 3. Greedy slack riding over the K monitored rounds.
  const counts = new Map<bigint, number>()
  let S = 0n
  for (let j = 1; j <= K; j++) {
    const threshold = BigInt(j) * tau - maxDeficitUnits(test, j)
    let x = ceilDiv(threshold - S, actionStep) * actionStep
    if (x < lo.right) x = lo.right
    if (x > hi.right) {
      if (threshold - S > hi.right)
        return E.left(`target: τ exceeds what ${pm.id} can deliver; it would be fired at round ${j} of its stint`)
      x = hi.right
    }
    S += x
    counts.set(x, (counts.get(x) ?? 0) + 1)
  }
  let stintProfit = ZERO
  for (const [x, count] of counts) {
    const action = pm.deliver(fromUnits(grid, x))
    if (!pm.meanOf(action).eq(fromUnits(grid, x))) return E.left(`grid: mean ${fromUnits(grid, x).toString()} is not an action of ${pm.id}`)
    stintProfit = stintProfit.plus(pm.profitOf(action).times(count))
  }
  const explorationProfit = pm.profitOf(explorationAction).times(L)
  const rebate = options.rebate ? explorationMean.minus(model.xLo).times(L) : ZERO
  const endgameProfit = pm.cheatProfit.times(L)
  const target = fromUnits(grid, tau)
  const stintSum = fromUnits(grid, S)
  return E.right({
    index,
    explorationMean,
    target,
    rounds: K,
    stintSum,
    withheld: target.times(K).minus(stintSum),
    explorationProfit,
    rebate,
    stintProfit,
    endgameProfit,
    profit: explorationProfit.plus(rebate).plus(stintProfit).plus(endgameProfit),
  })
}

/** Options of {@link exactSlackRiding}. */
export interface ExactSlackRidingOptions {
  /** Mean to deliver in exploration (default: honest `ū`). */
  readonly explorationMean?: Decimal
}

/**
 * Greedy slack riding against SBD's exact test: as monitored server with `j` rounds done and sum
 * `S`, deliver the least mean (rounded up to the action grid, clamped to `[μ^min, ū]`) that keeps
 * `S` at or above the threshold `(j+1)·τ − D_{j+1}` (see {@link maxDeficitUnits}); `g` in blind
 * trust; `explorationMean` (default honest) in exploration and under mechanisms without phases.
 * On noise-free instances it is the best response of {@link noiseFreeSlackRide}; on noisy ones it
 * rides its luck and is fired by the first bad draw.
 *
 * @param options - the mean delivered in exploration (default: honest).
 * @returns the strategy.
 */
export const exactSlackRiding = (options: ExactSlackRidingOptions = {}): Strategy => ({
  name:
    options.explorationMean === undefined ? 'exact-slack-riding' : `exact-slack-riding(exploration=${options.explorationMean.toString()})`,
  start: (ctx) => {
    const menu = actionMenu(ctx, 1)
    const explore = options.explorationMean === undefined ? menu.honest : ctx.table(ctx.self.deliver(options.explorationMean))
    const test = prepareFiringTest(BigInt(rangeUnits(ctx)), slackLogOf(ctx.T))
    return {
      act: (view) => {
        if (view.phase === 'blindTrustFallback' || view.phase === 'blindTrustEndgame') return menu.fullCheat
        if (!isMonitoredServer(view, ctx.index)) return explore
        const j = view.stintRounds + 1
        const threshold = j * view.target - Number(maxDeficitUnits(test, j))
        return menu.atLeast(threshold - Math.round(view.stintSum))
      },
    }
  },
})

/**
 * The strategy that plays {@link noiseFreeSlackRide}'s best response `br` in the simulator.
 *
 * @param br - the best response (its exploration mean is what the strategy needs).
 * @returns the strategy that plays it.
 */
export const bestResponseStrategy = (br: Pick<NoiseFreeBestResponse, 'explorationMean'>): Strategy =>
  exactSlackRiding({ explorationMean: br.explorationMean })
