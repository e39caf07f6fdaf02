/**
 * PostedTarget(θ) (proofs-notes §4.3): an SLA with a fixed target `θ`. Providers serve in index order,
 * each monitored by the exploitation test of SBD (proofs-notes §3.2) against `θ`: after its `j`-th round,
 * with `S` its cumulative net utility over its stint, it is fired iff `S < j·θ − c(j)` with
 * `c(j) = R·√(j·ln(2T²)/2)`. A fired provider never returns; the last one serves blind.
 *
 * The same state machine — an order of providers, a target per monitored position, the last
 * serving blind — is exported as `startSequentialSla` and reused by FirstBestOracle.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Decimal } from '../exact/decimal.ts'
import { MAX_ROUND_UNITS, floorUnits, fromUnits, toUnits } from '../exact/grid.ts'
import type { BlockPlan, Mechanism, MechanismContext, MechanismRun } from '../sim/interfaces.ts'
import { type Phase, openView } from '../sim/public-view.ts'
import { slackLogOf } from './constants.ts'
import { fires, firesExactly, prepareFiringTest, quietRounds, slackFloat } from './firing-test.ts'

/**
 * A firing event, as recorded in `details.fired`.
 *
 * @example
 * ```ts
 * const f: SlaFiring = { provider: 'p0', round: 59, monitoredRounds: 59 } // p0 fired after its 59th round
 * ```
 */
export interface SlaFiring {
  /** Id of the fired provider. */
  readonly provider: string
  /** Round (1-based) after which it was fired. */
  readonly round: number
  /** Its monitored rounds `j` when fired. */
  readonly monitoredRounds: number
}

/**
 * The plan of a sequential SLA.
 *
 * @example
 * ```ts
 * // three providers in index order, each of the first two asked for 600 units (0.6 on a 10^-3 grid)
 * const plan: SlaPlan = { order: [0, 1, 2], targets: [600n, 600n], details: { theta: '0.6' } }
 * ```
 */
export interface SlaPlan {
  /** Providers in serving order (each index once); the last serves blind. */
  readonly order: readonly number[]
  /** Target in grid units of each monitored position (`order.length − 1` entries, each |τ| < 2^44). */
  readonly targets: readonly bigint[]
  /** Extra JSON-ready entries for `details` (parameters of the mechanism). */
  readonly details: Readonly<Record<string, unknown>>
}

/**
 * Runs a sequential SLA: `order[0]` serves from round 1, monitored against `targets[0]` with the
 * SBD test `S < j·τ − c(j)` (decided exactly by {@link fires}); when `order[k]` is fired,
 * `order[k+1]` takes over with fresh `S, j` and target `targets[k+1]`; once `order[n−2]` is fired
 * (or from the start when `n = 1`), `order[n−1]` serves every remaining round unmonitored.
 * Monitored rounds are phase `exploitation`, blind ones `blindTrustFallback`; there is no
 * endgame. The view exposes `server`, `target`, `stintRounds`, `stintSum` and `slackAt` as SBD's
 * does. `details` holds `plan.details`, `slackLog`, `targets`, `fired` and `finalServer`.
 *
 * Under the leaping engine (proofs-notes §13.8) a monitored stint leaps by SBD's quiet rounds
 * (§13.4: no firing possible before the block's last round, whatever the outcomes) and the blind
 * stretch in one block to the horizon.
 *
 * @example
 * ```ts
 * // PostedTarget(θ) is this with order 0..n−1 and θ in units at every position
 * // (here θ = 0.6 on a 10^-3 grid):
 * const run = startSequentialSla(ctx, { order: [0, 1, 2], targets: [600n, 600n], details: { theta: '0.6' } })
 * ```
 */
export const startSequentialSla = (ctx: MechanismContext, plan: SlaPlan): MechanismRun => {
  const { model, T } = ctx
  const { order, targets } = plan
  const n = order.length
  const grid = model.grid
  const rangeUnits = toUnits(grid, model.R)
  const slackLog = slackLogOf(T)
  const test = prepareFiringTest(E.isRight(rangeUnits) ? rangeUnits.right : 0n, slackLog)
  const xLo = toUnits(grid, model.xLo)
  const xLoUnits = E.isRight(xLo) ? xLo.right : 0n
  const phases: Record<Phase, number> = { exploration: 0, exploitation: 0, blindTrustFallback: 0, blindTrustEndgame: 0, open: 0 }
  const fired: SlaFiring[] = []
  let position = 0
  let monitored = n > 1
  // The stint's exact sum S = big + small, with a float shadow of `big` for the fast filter.
  let big = 0n
  let bigFloat = 0
  let small = 0
  let j = 0
  const view = openView(T, model.n)
  view.slackAt = (k: number) => slackFloat(test, k)

  const startStint = (): void => {
    big = 0n
    bigFloat = 0
    small = 0
    j = 0
    view.server = order[position]!
    view.target = monitored ? Number(targets[position]!) : Number.NaN
    view.stintRounds = 0
    view.stintSum = 0
  }
  startStint()

  const allocate = (t: number): number => {
    view.t = t
    if (monitored) {
      phases.exploitation++
      view.phase = 'exploitation'
    } else {
      phases.blindTrustFallback++
      view.phase = 'blindTrustFallback'
    }
    return order[position]!
  }

  const observe = (t: number, i: number, x: number): void => {
    view.lastServer = i
    view.lastX = x
    if (!monitored) return
    const s = small + x
    if (s >= 2 ** 52 || s <= -(2 ** 52)) {
      big += BigInt(s)
      bigFloat = Number(big)
      small = 0
    } else small = s
    j++
    view.stintRounds = j
    view.stintSum = bigFloat + small
    if (fires(test, j, view.target, bigFloat + small, () => big + BigInt(small))) fire(t, i)
  }
  /** Fires server `i` after round `t`: the next position takes over at round `t + 1`. */
  const fire = (t: number, i: number): void => {
    fired.push({ provider: model.providers[i]!.id, round: t, monitoredRounds: j })
    position++
    if (position >= n - 1) monitored = false
    startStint()
  }

  // The leaping engine's interface (proofs-notes §13.8). A monitored block ends at most one round
  // after the stint's quiet rounds (SBD's, §13.4), so only its last round can fire; a blind block
  // runs to the horizon.
  const safeRounds = (t: number, limit: number): BlockPlan => {
    const left = T - t + 1
    if (!monitored) return { rounds: left, roundRobin: false }
    const cap = Math.min(left, Math.max(1, limit))
    const quiet = quietRounds(test, j, targets[position]!, view.target, bigFloat + small, () => big + BigInt(small), xLoUnits, cap)
    return { rounds: Math.min(left, quiet + 1), roundRobin: false }
  }
  const observeBlock = (t: number, k: number, sumX: readonly bigint[], lastX: number): void => {
    const last = t + k - 1
    const i = order[position]!
    view.t = last
    view.lastServer = i
    view.lastX = lastX
    if (!monitored) {
      phases.blindTrustFallback += k - 1
      return
    }
    phases.exploitation += k - 1
    // The block's sum goes to the exact part; the small part keeps its invariant |small| < 2^52.
    big += sumX[i]!
    bigFloat = Number(big)
    j += k
    view.stintRounds = j
    view.stintSum = bigFloat + small
    if (firesExactly(test, j, targets[position]!, big + BigInt(small))) fire(last, i)
  }
  /** Debug mode: no monitored round `j + 1 .. j + k − 1` of the block fires at the worst outcomes (all `x_lo`). */
  const verifyBlock = (t: number, k: number): string | undefined => {
    if (t + k - 1 > T) return `leap debug: the block ${t}..${t + k - 1} runs past the horizon ${T}`
    if (!monitored) return undefined
    const tau = targets[position]!
    const S = big + BigInt(small)
    for (let m = 1; m < k; m++)
      if (firesExactly(test, j + m, tau, S + BigInt(m) * xLoUnits))
        return `leap debug: round ${t + m - 1} inside the block ${t}..${t + k - 1} fires at the worst outcomes (monitored round ${j + m})`
    return undefined
  }

  const finish = () => ({
    transfers: model.providers.map(() => 0n),
    phases: { ...phases },
    details: {
      ...plan.details,
      slackLog: slackLog.toString(),
      order: order.map((i) => model.providers[i]!.id),
      targets: targets.map((u, k) => ({ server: model.providers[order[k]!]!.id, target: fromUnits(grid, u).toString() })),
      fired: fired.map((f) => ({ ...f })),
      finalServer: model.providers[order[position]!]!.id,
    },
  })

  return { view, allocate, observe, finish, safeRounds, observeBlock, verifyBlock }
}

/**
 * PostedTarget(θ): providers in index order, each monitored against the fixed target `θ`
 * (rounded down to the money grid) with the SBD test `S < j·θ − c(j)`; fired providers never
 * return and the last one serves blind (see `startSequentialSla`). No transfers. `Left` if
 * `θ` is not finite or is too large for the grid (|θ| ≥ 2^44 units). `finish().details` records
 * `theta` (as given), `target` (on the grid), `slackLog`, the firings and the final server.
 *
 * @param theta - the posted per-query target θ in USD.
 * @returns the mechanism PostedTarget(θ) (§4.3).
 *
 * @example
 * ```ts
 * const r = simulate(model, postedTarget(new Decimal('0.6')), [recommended, recommended], { T: 10_000, seed: 3 })
 * // r.right.outcome.details.fired: [] when provider 0 delivers at least 0.6
 * ```
 */
export const postedTarget = (theta: Decimal): Mechanism => ({
  name: `PostedTarget(θ=${theta.toString()})`,
  start: (ctx) => {
    if (!theta.isFinite()) return E.left(`theta: expected a finite decimal, got ${theta.toString()}`)
    const units = floorUnits(ctx.model.grid, theta)
    if (units >= BigInt(MAX_ROUND_UNITS) || units <= -BigInt(MAX_ROUND_UNITS))
      return E.left(`theta: ${theta.toString()} is too large for the money grid of 1e-${ctx.model.grid.k} USD`)
    const order = ctx.model.providers.map((_, i) => i)
    return E.right(
      startSequentialSla(ctx, {
        order,
        targets: order.slice(0, -1).map(() => units),
        details: { theta: theta.toString(), target: fromUnits(ctx.model.grid, units).toString() },
      }),
    )
  },
})
