/**
 * SBD(ε): second-best delegation in four phases (SPEC §3.1).
 *
 * 1. **Exploration** — rounds `1..nL`, round robin; `Û_i` is provider i's mean over its `L` rounds.
 * 2. **Exploitation** — the best-ranked provider serves against the *second-best* mean minus the
 *    confidence radius, and is fired as soon as its cumulative net utility falls below
 *    `j·τ − c(j)`; the next-ranked provider then takes over against the mean ranked after it.
 * 3. **Blind trust I** — once `ρ_{n−1}` is fired nobody can price or replace `ρ_n`: it serves
 *    unmonitored until `T − L`.
 * 4. **Blind trust II** — the last `L` rounds go unmonitored to the current server.
 *
 * The same state machine, with a mixing weight `λ` on the server's own mean, is TargetMix(λ)
 * (SPEC §3.2); {@link SbdVariant} also exposes the deliberately broken variants that the property
 * suites use to show their power.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { Decimal, ONE, ZERO, dmax } from '../exact/decimal.ts'
import { type ExactSum, addUnits, newSum, sumValue } from '../exact/exact-sum.ts'
import { fromUnits, toUnits } from '../exact/grid.ts'
import type { Mechanism, MechanismContext, MechanismRun } from '../sim/interfaces.ts'
import { type Phase, openView } from '../sim/public-view.ts'
import { sbdConstants } from './constants.ts'
import { fires, prepareFiringTest, slackFloat } from './firing-test.ts'

/** Parameters of SBD(ε) and of its variants. */
export interface SbdVariant {
  /** ε ∈ (0, ½). */
  readonly epsilon: Decimal
  /** Rebate exploration rounds (`Z_i += Σ (X_t − x_lo)`). */
  readonly rebate: boolean
  /** Weight of the server's own mean in its target (0: SBD; > 0: TargetMix(λ)). */
  readonly lambda: Decimal
  /** 1: the slack `c(j)`; 0: no slack (a broken variant). */
  readonly slackScale: 0 | 1
  /** Whether the test fires at all (false: a broken variant). */
  readonly firing: boolean
  /** Display name. */
  readonly name: string
}

/** SBD(ε) with the rebate on or off: the mechanism of SPEC §3.1. */
export const sbd = (epsilon: Decimal, rebate: boolean): Mechanism =>
  sbdVariant({ epsilon, rebate, lambda: ZERO, slackScale: 1, firing: true, name: `SBD(ε=${epsilon.toString()}, rebate=${rebate ? 'on' : 'off'})` })

/** TargetMix(λ): SBD whose target mixes the server's own mean with weight `λ ∈ [0, 1]` (SPEC §3.2). */
export const targetMix = (lambda: Decimal, epsilon: Decimal, rebate: boolean): Mechanism =>
  sbdVariant({ epsilon, rebate, lambda, slackScale: 1, firing: true, name: `TargetMix(λ=${lambda.toString()}, ε=${epsilon.toString()})` })

/** Any SBD variant (see {@link SbdVariant}). */
export const sbdVariant = (v: SbdVariant): Mechanism => ({
  name: v.name,
  start: (ctx) => {
    if (v.lambda.lt(0) || v.lambda.gt(1)) return E.left(`lambda: expected a value in [0, 1], got ${v.lambda.toString()}`)
    return E.map((c: Parameters<typeof startSbd>[2]) => startSbd(v, ctx, c))(
      sbdConstants(ctx.T, ctx.model.n, v.epsilon, ctx.model.R),
    )
  },
})

type Mode = 'exploring' | 'monitored' | 'fallback'

const startSbd = (
  v: SbdVariant,
  ctx: MechanismContext,
  c: Extract<ReturnType<typeof sbdConstants>, { _tag: 'Right' }>['right'],
): MechanismRun => {
  const { model, T } = ctx
  const { n, L } = c
  const grid = model.grid
  const unitsOf = (d: Decimal): bigint => {
    const u = toUnits(grid, d)
    return E.isRight(u) ? u.right : 0n
  }
  const xLoUnits = unitsOf(model.xLo)
  const test = prepareFiringTest(unitsOf(model.R), c.slackLog, v.slackScale)
  const explorationEnd = n * L
  const endgameStart = T - L + 1
  const explored: ExactSum[] = Array.from({ length: n }, newSum)
  const phases: Record<Phase, number> = { exploration: 0, exploitation: 0, blindTrustFallback: 0, blindTrustEndgame: 0, open: 0 }
  const fired: { provider: string; round: number; monitoredRounds: number }[] = []
  let ranking: number[] = []
  let targets: bigint[] = []
  let position = 0
  let mode: Mode = 'exploring'
  // The current stint's exact sum S = big + small, and a float shadow of `big` for the fast filter.
  let big = 0n
  let bigFloat = 0
  let small = 0
  let j = 0
  const view = openView(T, n)
  view.endgameStart = endgameStart
  view.slackAt = (k: number) => slackFloat(test, k)

  const rank = (): void => {
    const sums = explored.map(sumValue)
    // Means share the denominator L: rank by sums, exactly (ties to the lower index).
    ranking = sums.map((_, i) => i).sort((a, b) => (sums[b]! > sums[a]! ? 1 : sums[b]! < sums[a]! ? -1 : a - b))
    const mean = (i: number): Decimal => new Decimal(sums[i]!.toString()).div(L)
    const rUnits = c.r.times(grid.scaleDecimal)
    targets = ranking.slice(0, n - 1).map((server, k) => {
      const next = ranking[k + 1]!
      const mixed = v.lambda.times(mean(server)).plus(ONE.minus(v.lambda).times(mean(next)))
      const tau = dmax(new Decimal(xLoUnits.toString()), mixed.minus(rUnits))
      return BigInt(tau.floor().toFixed(0))
    })
    mode = 'monitored'
    startStint()
  }
  const startStint = (): void => {
    big = 0n
    bigFloat = 0
    small = 0
    j = 0
    view.server = ranking[position]!
    view.target = Number(targets[position]!)
    view.stintRounds = 0
    view.stintSum = 0
  }
  const fallBack = (): void => {
    mode = 'fallback'
    position = n - 1
    view.server = ranking[position]!
    view.target = Number.NaN
  }

  const allocate = (t: number): number => {
    view.t = t
    if (t <= explorationEnd) {
      phases.exploration++
      view.phase = 'exploration'
      return (t - 1) % n
    }
    if (mode === 'exploring') rank()
    if (t >= endgameStart) {
      phases.blindTrustEndgame++
      view.phase = 'blindTrustEndgame'
      view.target = Number.NaN
      return ranking[position]!
    }
    if (mode === 'monitored') {
      phases.exploitation++
      view.phase = 'exploitation'
    } else {
      phases.blindTrustFallback++
      view.phase = 'blindTrustFallback'
    }
    return ranking[position]!
  }

  const observe = (t: number, i: number, x: number): void => {
    view.lastServer = i
    view.lastX = x
    if (t <= explorationEnd) {
      addUnits(explored[i]!, x)
      return
    }
    if (mode !== 'monitored' || t >= endgameStart) return
    const s = small + x
    if (s >= 2 ** 52 || s <= -(2 ** 52)) {
      big += BigInt(s)
      bigFloat = Number(big)
      small = 0
    } else small = s
    j++
    view.stintRounds = j
    view.stintSum = bigFloat + small
    if (!v.firing) return
    if (!fires(test, j, view.target, bigFloat + small, () => big + BigInt(small))) return
    fired.push({ provider: model.providers[i]!.id, round: t, monitoredRounds: j })
    if (position >= n - 2) fallBack()
    else {
      position++
      startStint()
    }
  }

  const finish = () => ({
    transfers: explored.map((s) => (v.rebate ? sumValue(s) - BigInt(L) * xLoUnits : 0n)),
    phases: { ...phases },
    details: {
      epsilon: v.epsilon.toString(),
      rebate: v.rebate ? 'on' : 'off',
      lambda: v.lambda.toString(),
      L,
      r: c.r.toString(),
      slackLog: c.slackLog.toString(),
      monitoredMax: c.monitoredMax,
      explorationMeans: explored.map((s, i) => ({
        provider: model.providers[i]!.id,
        mean: new Decimal(sumValue(s).toString()).div(L).div(grid.scaleDecimal).toString(),
      })),
      ranking: ranking.map((i) => model.providers[i]!.id),
      targets: targets.map((u, k) => ({ server: model.providers[ranking[k]!]!.id, target: fromUnits(grid, u).toString() })),
      fired,
      finalServer: ranking.length > 0 ? model.providers[ranking[position]!]!.id : null,
    },
  })

  return { view, allocate, observe, finish }
}
