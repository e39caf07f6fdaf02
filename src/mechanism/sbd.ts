/**
 * SBD(ε): second-best delegation in four phases (proofs-notes §3.2), with the constants of §3.1 and
 * the exact arithmetic of §3.4.
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
 * (§4.4). Both are built by the internal factory `sbdMachine` from `SbdRules`; the property suites
 * build their deliberately broken variants from it on the test side.
 *
 * This is the fast path: regimes of rounds instead of a per-round phase dispatch, exact sums on the
 * money grid with float shadows, a float filter in front of the exact firing test. It is checked
 * against the transcription of proofs-notes §3.4 ("The transcription"), `src/reference/sbd.ts`,
 * which states §3.1–§3.3 line by line in `Decimal`: `properties/reference/sbd.test.ts` requires
 * identical allocations, phases, firings, transfers and ledgers on random abstract and LLM
 * instances under honest and deviating strategies.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { Decimal, ONE, ZERO, dmax } from '../exact/decimal.ts'
import {
  type ExactSum,
  addTrackedUnits,
  addUnits,
  newSum,
  newTrackedSum,
  resetTrackedSum,
  sumValue,
  trackedApprox,
} from '../exact/exact-sum.ts'
import { fromUnits, toUnits } from '../exact/grid.ts'
import type { BlockPlan, Mechanism, MechanismContext, MechanismRun } from '../sim/interfaces.ts'
import { type Phase, openView } from '../sim/public-view.ts'
import { bonusNameSuffix, checkBonus, paidWithBonus } from './bonus.ts'
import { sbdConstants } from './constants.ts'
import { type FiringTest, firesExactly, firingFilter, prepareFiringTest, quietRounds, slackFloat } from './firing-test.ts'

/**
 * The rules the SBD state machine runs. Internal (not part of the package's API): SBD and
 * TargetMix are its only production instances; the property suites build deliberately broken
 * rules from it to show their power.
 *
 * @internal
 */
export interface SbdRules {
  /** ε ∈ (0, ½). */
  readonly epsilon: Decimal
  /** Rebate exploration rounds (`Z_i += Σ (X_t − x_lo)`). */
  readonly rebate: boolean
  /** Rebate bonus δ ≥ 0 (proofs-notes §14.1): the rebate is paid `(1 + δ)` times; 0 without the rebate. */
  readonly bonus?: Decimal
  /** Weight of the server's own mean in its target (0: SBD; > 0: TargetMix(λ)). */
  readonly lambda: Decimal
  /** The exploitation test of a run (its slack is also the view's), from `R` in grid units and `ln(2T²)`. */
  readonly prepareTest: (rangeUnits: bigint, slackLog: Decimal) => FiringTest
  /** Whether the test's verdict fires the server. */
  readonly enforced: boolean
  /** Display name. */
  readonly name: string
  /**
   * Rounds added to a leaping block that ends because a firing may be due (0 in every production
   * rule): the deliberately wrong variant "a block one round too long near a firing" of
   * proofs-notes §13.6.
   */
  readonly leapSlip?: number
}

/**
 * SBD(ε) with the rebate on or off: the mechanism of proofs-notes §3.2; with a rebate bonus δ > 0,
 * the variant of proofs-notes §14.1 (exploration pays `(1 + δ)·Σ (X_t − x_lo)`).
 *
 * @param epsilon - ε ∈ (0, ½): the exploration length is `L = ⌈T^(1−ε)⌉` (§3.1).
 * @param rebate - whether exploration rounds are rebated above `x_lo` (§3.2).
 * @param bonus - the rebate bonus δ ≥ 0 (default 0, today's rebate; δ > 0 needs the rebate on, and a
 *   run refuses it otherwise with a message naming `bonus`). The name says δ when δ > 0.
 * @returns the mechanism SBD(ε) (a run refuses horizons below `(n+1)·L + 1`).
 *
 * @example Runnable from the repository root (the docs test runs it and compares its output).
 * ```ts
 * import { Decimal, payTheBill, postedTarget, sbd, targetMix } from 'second-best-delegation'
 *
 * for (const m of [sbd(new Decimal('0.25'), true), targetMix(new Decimal('0.5'), new Decimal('0.25'), false), postedTarget(new Decimal('0.6')), payTheBill(1)]) console.log(m.name)
 * ```
 *
 * ```text output
 * SBD(ε=0.25, rebate=on)
 * TargetMix(λ=0.5, ε=0.25)
 * PostedTarget(θ=0.6)
 * PayTheBill(provider=1)
 * ```
 */
export const sbd = (epsilon: Decimal, rebate: boolean, bonus: Decimal = ZERO): Mechanism =>
  sbdMachine({
    epsilon,
    rebate,
    bonus,
    lambda: ZERO,
    prepareTest: prepareFiringTest,
    enforced: true,
    name: `SBD(ε=${epsilon.toString()}, rebate=${rebate ? 'on' : 'off'}${bonusNameSuffix(bonus)})`,
  })

/**
 * TargetMix(λ): SBD whose target mixes the server's own mean with weight `λ ∈ [0, 1]` (proofs-notes §4.4).
 *
 * @param lambda - the weight λ ∈ [0, 1] of the top mean in the target (λ = 0 is SBD).
 * @param epsilon - ε ∈ (0, ½), as for {@link sbd}.
 * @param rebate - whether exploration rounds are rebated.
 * @param bonus - the rebate bonus δ ≥ 0, as for {@link sbd} (default 0; the name says δ when δ > 0).
 * @returns the mechanism TargetMix(λ) (§4.4).
 */
export const targetMix = (lambda: Decimal, epsilon: Decimal, rebate: boolean, bonus: Decimal = ZERO): Mechanism =>
  sbdMachine({
    epsilon,
    rebate,
    bonus,
    lambda,
    prepareTest: prepareFiringTest,
    enforced: true,
    name: `TargetMix(λ=${lambda.toString()}, ε=${epsilon.toString()}${bonusNameSuffix(bonus)})`,
  })

/**
 * The SBD state machine running `rules`. Internal: production code uses {@link sbd} and
 * {@link targetMix}.
 *
 * @internal
 */
export const sbdMachine = (v: SbdRules): Mechanism => ({
  name: v.name,
  start: (ctx) => {
    if (v.lambda.lt(0) || v.lambda.gt(1)) return E.left(`lambda: expected a value in [0, 1], got ${v.lambda.toString()}`)
    const bad = checkBonus(v.bonus ?? ZERO, v.rebate)
    if (E.isLeft(bad)) return bad
    return E.map((c: Parameters<typeof startSbd>[2]) => startSbd(v, ctx, c))(sbdConstants(ctx.T, ctx.model.n, v.epsilon, ctx.model.R))
  },
})

type Mode = 'exploring' | 'monitored' | 'fallback'

const startSbd = (
  v: SbdRules,
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
  const test = v.prepareTest(unitsOf(model.R), c.slackLog)
  const enforced = v.enforced
  const bonus = v.bonus ?? ZERO
  const explorationEnd = n * L
  const endgameStart = T - L + 1
  const explored: ExactSum[] = Array.from({ length: n }, newSum)
  const phases: Record<Phase, number> = { exploration: 0, exploitation: 0, blindTrustFallback: 0, blindTrustEndgame: 0, open: 0 }
  const fired: { provider: string; round: number; monitoredRounds: number }[] = []
  let ranking: number[] = []
  let targets: bigint[] = []
  let position = 0
  let mode: Mode = 'exploring'
  // The current stint: its exact sum S (with a float shadow for the test's fast filter) and its
  // number j of monitored rounds.
  const stint = newTrackedSum()
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
    resetTrackedSum(stint)
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

  // The allocation is piecewise constant: a regime is a run of rounds with one phase and one
  // server (round robin in exploration). Phase lengths are booked when a regime closes (and in
  // `finish` for the open one), so the per-round part of `allocate` (and of `observe`, which
  // dispatches on the regime's phase) stays small enough for the engine's loop to inline.
  let regimePhase: Phase = 'exploration'
  let regimeStart = 1
  let regimeEnd = 0 // last round of the current regime; 0 makes round 1 open the first one
  let regimeServer = -1 // −1: round robin
  // Round robin serves provider (t − 1) mod n in round t. The engine allocates rounds 1, 2, … in
  // order (this whole state machine relies on it), so the explorer is stepped instead of divided
  // out: an integer division by a variable is slow, and it heads the round's chain of dependent work.
  let explorer = n - 1

  const allocate = (t: number): number => {
    view.t = t
    if (t > regimeEnd) enterRegime(t)
    if (regimeServer >= 0) return regimeServer
    explorer = explorer === n - 1 ? 0 : explorer + 1
    return explorer
  }
  /** Closes the current regime before round `t` and opens the one `t` starts. */
  const enterRegime = (t: number): void => {
    phases[regimePhase] += t - regimeStart
    regimeStart = t
    if (t <= explorationEnd) {
      regimePhase = 'exploration'
      regimeEnd = explorationEnd
      regimeServer = -1
    } else {
      if (mode === 'exploring') rank()
      if (t >= endgameStart) {
        regimePhase = 'blindTrustEndgame'
        regimeEnd = T
        view.target = Number.NaN
      } else {
        // Until the endgame, unless a firing cuts the regime short (see `fire`).
        regimePhase = mode === 'monitored' ? 'exploitation' : 'blindTrustFallback'
        regimeEnd = endgameStart - 1
      }
      regimeServer = ranking[position]!
    }
    view.phase = regimePhase
  }

  const observe = (t: number, i: number, x: number): void => {
    view.lastServer = i
    view.lastX = x
    if (regimePhase === 'exploitation') monitor(t, i, x)
    else if (regimePhase === 'exploration') addUnits(explored[i]!, x)
  }
  /** Round `t` of the current stint, served by `i`: the running sum, its public statistics, the test. */
  const monitor = (t: number, i: number, x: number): void => {
    addTrackedUnits(stint, x)
    j++
    const sum = trackedApprox(stint)
    view.stintRounds = j
    view.stintSum = sum
    if (!enforced) return
    // The exact test `S < j·τ − c(j)`: the float filter decides unless the margin is within its
    // tolerance; only then the bigint comparison (out of line: it almost never runs).
    const verdict = firingFilter(test, j, view.target, sum)
    if (verdict > 0 || (verdict === 0 && firesExactlyNow())) fire(t, i)
  }
  /** The bigint comparison for the current stint (the float filter could not decide). */
  const firesExactlyNow = (): boolean => firesExactly(test, j, targets[position]!, sumValue(stint))
  /** Fires server `i` after round `t`: the next stint (or blind trust I) starts at round `t + 1`. */
  const fire = (t: number, i: number): void => {
    fired.push({ provider: model.providers[i]!.id, round: t, monitoredRounds: j })
    regimeEnd = t
    if (position >= n - 2) fallBack()
    else {
      position++
      startStint()
    }
  }

  // The leaping engine's interface (proofs-notes §13.3). A block from round t never crosses the
  // current regime's end (phase, server and target are constant inside a regime until a firing).
  // In exploration and blind trust nothing is decided inside a regime; in a stint, a firing is due
  // after monitored round j' iff its deficit j'·τ − S exceeds D(j') = ⌊√(R²·j'·ℓ/2)⌋, and every
  // round adds at most w = τ − x_lo to the deficit.
  const slip = v.leapSlip ?? 0
  /** The quiet rounds of the current stint (proofs-notes §13.4; {@link quietRounds}), at most `cap`. */
  const quietStintRounds = (cap: number): number =>
    quietRounds(test, j, targets[position]!, view.target, trackedApprox(stint), () => sumValue(stint), xLoUnits, cap)
  const safeRounds = (t: number, limit: number): BlockPlan => {
    const regimeLeft = regimeEnd - t + 1
    if (regimePhase === 'exploration') return { rounds: regimeLeft, roundRobin: true }
    if (regimePhase !== 'exploitation' || !enforced) return { rounds: regimeLeft, roundRobin: false }
    // Rounds 1..m* are quiet; the block may also hold round m* + 1, whose test is taken at its end.
    const quiet = quietStintRounds(Math.min(regimeLeft, Math.max(1, limit)))
    return { rounds: quiet + 1 >= regimeLeft ? regimeLeft : Math.min(regimeLeft, quiet + 1 + slip), roundRobin: false }
  }
  const observeBlock = (t: number, k: number, sumX: readonly bigint[], lastX: number): void => {
    const last = t + k - 1
    const i = regimeServer >= 0 ? regimeServer : (explorer + k - 1) % n
    view.t = last
    view.lastServer = i
    view.lastX = lastX
    if (regimePhase === 'exploration') {
      explorer = i
      for (let p = 0; p < n; p++) if (sumX[p]! !== 0n) explored[p]!.big += sumX[p]!
    } else if (regimePhase === 'exploitation') {
      stint.big += sumX[i]!
      stint.bigFloat = Number(stint.big)
      j += k
      view.stintRounds = j
      view.stintSum = trackedApprox(stint)
      if (enforced && firesExactly(test, j, targets[position]!, sumValue(stint))) fire(last, i)
    }
  }
  /** Debug mode: every round `t .. t+k−2` of the block keeps the regime and, at the worst outcomes, the server. */
  const verifyBlock = (t: number, k: number): string | undefined => {
    if (t + k - 1 > regimeEnd)
      return `leap debug: the block ${t}..${t + k - 1} crosses the end of the ${regimePhase} regime at round ${regimeEnd}`
    if (regimePhase !== 'exploitation' || !enforced) return undefined
    const tau = targets[position]!
    const S = sumValue(stint)
    for (let m = 1; m < k; m++) {
      const worst = S + BigInt(m) * xLoUnits
      if (firesExactly(test, j + m, tau, worst))
        return `leap debug: round ${t + m - 1} inside the block ${t}..${t + k - 1} fires at the worst outcomes (monitored round ${j + m})`
    }
    return undefined
  }

  const finish = () => ({
    // The rebate Σ (X_t − x_lo) in grid units, paid (1 + δ) times (§14.1): exactly on the grid, or by
    // the exact lottery of `paidWithBonus` on the mechanism's own stream (never drawn when δ = 0).
    transfers: explored.map((s) => (v.rebate ? paidWithBonus(sumValue(s) - BigInt(L) * xLoUnits, bonus, ctx.rng) : 0n)),
    // The open regime ran from its start through the last round allocated (`view.t`).
    phases: { ...phases, [regimePhase]: phases[regimePhase] + view.t + 1 - regimeStart },
    details: {
      epsilon: v.epsilon.toString(),
      rebate: v.rebate ? 'on' : 'off',
      lambda: v.lambda.toString(),
      ...(bonus.isZero() ? {} : { bonus: bonus.toString() }),
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

  return { view, allocate, observe, finish, safeRounds, observeBlock, verifyBlock }
}
