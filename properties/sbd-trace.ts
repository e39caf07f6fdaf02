/**
 * Pathwise checks of SBD(ε) on one recorded run (proofs-notes §6 Lemmas 6.7–6.9, §7 Lemma 7.2,
 * §9.6): the run is replayed from its allocations and outcomes alone, against the mechanism as
 * the notes define it (not against `src/mechanism`), and every statement the proofs make "on every
 * path" is checked exactly, in bigints on the money grid:
 *
 * - exploration is round robin; the ranking is by exploration sums (ties to the lower index);
 *   target k is `⌊max(x_lo, Û_{ρ_{k+1}} − r)⌋` (the second-best mean, never the server's own);
 * - each monitored round continues the stint iff the exact test `S_j ≥ j·τ − c(j)` passes, the
 *   mechanism's firings are exactly the replay's, and a fired provider never serves again (also in
 *   blind trust I and II); blind trust I starts exactly the round after ρ_{n−1} is fired;
 * - every stint withholds at most the allowance: `N·τ − S_N ≤ c(K_X) + R` (Lemma 6.7);
 * - the transfers are the rebate `Σ (X_t − x_lo)` over a provider's exploration rounds (or 0), and
 *   with the rebate on the user's exploration utility is exactly `nL·x_lo` (Lemma 7.2).
 */
import * as E from 'fp-ts/lib/Either.js'
import { Decimal } from '../src/exact/decimal.ts'
import {
  addTrackedUnits,
  addUnits,
  newSum,
  newTrackedSum,
  resetSum,
  resetTrackedSum,
  sumValue,
  trackedApprox,
} from '../src/exact/exact-sum.ts'
import { type SbdConstants, sbdConstants } from '../src/mechanism/constants.ts'
import type { InstanceModel } from '../src/model/instance-model.ts'
import type { RunResult } from '../src/sim/engine.ts'
import type { Mechanism, MechanismRun } from '../src/sim/interfaces.ts'
import { PHASES } from '../src/sim/public-view.ts'

/** The rounds of a run as the mechanism saw them: who served, the net utility X_t (grid units), the phase shown. */
export interface Trace {
  /** Rounds recorded so far. */
  length: number
  servers: Int32Array
  xs: Float64Array
  /** Index into {@link PHASES} per round. */
  phases: Uint8Array
}

/** `mechanism` plus the trace it writes every round into (tests only: O(T) memory). */
export const tracing = (mechanism: Mechanism): { readonly mechanism: Mechanism; readonly trace: Trace } => {
  const trace: Trace = { length: 0, servers: new Int32Array(0), xs: new Float64Array(0), phases: new Uint8Array(0) }
  const wrap = (run: MechanismRun, T: number): MechanismRun => {
    trace.length = 0
    trace.servers = new Int32Array(T)
    trace.xs = new Float64Array(T)
    trace.phases = new Uint8Array(T)
    return {
      view: run.view,
      allocate: (t) => {
        const i = run.allocate(t)
        trace.servers[t - 1] = i
        trace.phases[t - 1] = PHASES.indexOf(run.view.phase)
        trace.length = t
        return i
      },
      observe: (t, i, x) => {
        trace.xs[t - 1] = x
        run.observe(t, i, x)
      },
      finish: run.finish,
    }
  }
  return { trace, mechanism: { name: mechanism.name, start: (ctx) => E.map((r: MechanismRun) => wrap(r, ctx.T))(mechanism.start(ctx)) } }
}

/** SBD as the notes define it: the parameters the replay checks a run against. */
export interface SbdSpec {
  readonly epsilon: Decimal
  readonly rebate: boolean
}

/** What the replay derives from a run (for the cross-run checks). */
export interface Replay {
  /** Exploration sums per provider (grid units). */
  readonly sums: readonly bigint[]
  /** Provider indices by rank. */
  readonly ranking: readonly number[]
  /** Targets by position (grid units). */
  readonly targets: readonly bigint[]
  /** Firings: provider, round, monitored rounds. */
  readonly fired: readonly { readonly provider: number; readonly round: number; readonly monitoredRounds: number }[]
}

const units = (model: InstanceModel, d: Decimal): bigint => BigInt(d.times(model.grid.scaleDecimal).toFixed(0))

/** `ln(2T²)` (the 50-digit value the notes fix, proofs-notes §3.4) as an exact fraction. */
const logFraction = (k: SbdConstants): { num: bigint; den: bigint } => {
  const den = 10n ** BigInt(k.slackLog.decimalPlaces())
  return { num: BigInt(k.slackLog.times(den.toString()).toFixed(0)), den }
}

/** Exactly whether `D > c(j) = R·√(j·ℓ/2)` for `D` in grid units: `D > 0` and `2D² > R²·j·ℓ`. */
const exceedsSlack = (D: bigint, j: number, R: bigint, l: { num: bigint; den: bigint }): boolean =>
  D > 0n && 2n * D * D * l.den > R * R * BigInt(j) * l.num

/**
 * Replays `result` (recorded in `trace`) against SBD(`spec`) and returns every pathwise statement
 * that fails (empty when the run is SBD's on this path), with the replay itself.
 */
export const sbdPathwise = (
  model: InstanceModel,
  spec: SbdSpec,
  result: RunResult,
  trace: Trace,
): { readonly failures: string[]; readonly replay: Replay } => {
  const failures: string[] = []
  // Per-round failures repeat once a run diverges: keep the first few; every other kind is kept.
  let perRound = 0
  const fail = (msg: string): void => {
    if (!msg.startsWith('round ') || perRound++ < 6) failures.push(msg)
  }
  const T = result.ledger.T
  const k = E.getOrElseW((e: string) => {
    throw new Error(e)
  })(sbdConstants(T, model.n, spec.epsilon, model.R))
  const { n, L } = k
  const R = units(model, model.R)
  const xLo = units(model, model.xLo)
  const l = logFraction(k)
  if (trace.length !== T) fail(`trace has ${trace.length} rounds, T = ${T}`)

  // Exploration: round robin; sums per provider.
  const sums = new Array<bigint>(n).fill(0n)
  for (let t = 1; t <= n * L; t++) {
    const i = trace.servers[t - 1]!
    if (i !== (t - 1) % n || PHASES[trace.phases[t - 1]!] !== 'exploration')
      fail(`round ${t}: exploration is round robin, got provider ${i} in ${PHASES[trace.phases[t - 1]!]}`)
    sums[i]! += BigInt(trace.xs[t - 1]!)
  }
  const ranking = sums.map((_, i) => i).sort((a, b) => (sums[b]! > sums[a]! ? 1 : sums[b]! < sums[a]! ? -1 : a - b))
  const rUnits = k.r.times(model.grid.scaleDecimal)
  const targets = ranking.slice(0, n - 1).map((_, p) => {
    const next = new Decimal(sums[ranking[p + 1]!]!.toString()).div(L)
    return BigInt(Decimal.max(new Decimal(xLo.toString()), next.minus(rUnits)).floor().toFixed(0))
  })
  const d = result.outcome.details as {
    ranking?: string[]
    targets?: { target: string }[]
    fired?: { provider: string; round: number; monitoredRounds: number }[]
  }
  const ids = model.providers.map((p) => p.id)
  if (JSON.stringify((d.ranking ?? []).map((id) => ids.indexOf(id))) !== JSON.stringify(ranking))
    fail(`ranking ${JSON.stringify(d.ranking)} is not by exploration sums (ties to the lower index)`)
  ;(d.targets ?? []).forEach((tg, p) => {
    const got = units(model, new Decimal(tg.target))
    if (got !== targets[p]) fail(`target ${p + 1} is ${got} units, the notes give ⌊max(x_lo, Û_ρ${p + 2} − r)⌋ = ${targets[p]} units`)
  })

  // Exploitation and blind trust, replayed round by round.
  const endgameStart = T - L + 1
  const firedSet = new Set<number>()
  const fired: { provider: number; round: number; monitoredRounds: number }[] = []
  let position = 0
  let fallback = false
  let j = 0
  let S = 0
  const targetsF = targets.map(Number)
  const magnitude = (Math.abs(Number(xLo)) + Number(R)) * T + Math.max(0, ...targetsF.map(Math.abs)) * T
  // Sums stay exact in doubles below 2^53; beyond that (fine money grids of LLM instances) in an
  // exact sum (a double flushed into a bigint, proofs-notes §3.4), read as a double for the filter.
  const wide = !(magnitude < 2 ** 52)
  const Sb = newTrackedSum()
  const slackKx = (D: bigint): boolean => exceedsSlack(D - R, k.monitoredMax, R, l)
  const Rf = Number(R)
  const lf = Number(l.num) / Number(l.den)
  const slackFloat = (jj: number): number => Rf * Math.sqrt((jj * lf) / 2)
  for (let t = n * L + 1; t <= T; t++) {
    const i = trace.servers[t - 1]!
    const phase = PHASES[trace.phases[t - 1]!]!
    const x = trace.xs[t - 1]!
    const expected = ranking[position]!
    if (firedSet.has(i)) fail(`round ${t}: provider ${i} serves after being fired`)
    if (i !== expected) fail(`round ${t}: provider ${i} serves, the replay has ${expected}`)
    const expectedPhase = t >= endgameStart ? 'blindTrustEndgame' : fallback ? 'blindTrustFallback' : 'exploitation'
    if (phase !== expectedPhase)
      fail(
        `round ${t}: phase ${phase}, the replay has ${expectedPhase}${expectedPhase === 'exploitation' ? '' : ` (${fired.length} fired)`}`,
      )
    if (t >= endgameStart || fallback) continue
    j++
    let D: bigint
    if (wide) {
      addTrackedUnits(Sb, x)
      // Filter in doubles (relative error far below the 0.1% margin), decide in bigints.
      const Df = j * targetsF[position]! - trackedApprox(Sb)
      if (Df <= 0 || Df < 0.999 * slackFloat(j)) continue
      D = BigInt(j) * targets[position]! - sumValue(Sb)
      if (D <= 0n) continue
    } else {
      S += x
      // D = j·τ − S_j is an integer below 2^53 in magnitude, so exact in a double.
      const Df = j * targetsF[position]! - S
      // Filter: D ≤ 0 passes; D clearly below c(j) passes (the margin dwarfs rounding); else decide in bigints.
      if (Df <= 0 || Df < 0.999 * slackFloat(j)) continue
      D = BigInt(Df)
    }
    if (!exceedsSlack(D, j, R, l)) continue
    // Fired after round t: Lemma 6.7 bounds what the stint withheld.
    if (slackKx(D)) fail(`round ${t}: stint of provider ${i} withheld N·τ − S_N = ${D} units > c(K_X) + R`)
    fired.push({ provider: i, round: t, monitoredRounds: j })
    firedSet.add(i)
    // ρ_{n−1} fired: blind trust I with ρ_n; otherwise the next in rank takes over.
    if (position >= n - 2) fallback = true
    position++
    j = 0
    S = 0
    resetTrackedSum(Sb)
  }
  // The open stint at the endgame: it passed its last test, so it withheld at most c(j) ≤ c(K_X).
  if (!fallback && slackKx((wide ? BigInt(j) * targets[position]! - sumValue(Sb) : BigInt(j * targetsF[position]! - S)) + R))
    fail(`the last stint withheld more than c(K_X)`)
  // Lemma 6.7 on the stints as the mechanism actually ran them (consecutive exploitation rounds of one
  // server, with the target it reported for that position): what each withheld is at most c(K_X) + R.
  const reported = (d.targets ?? []).map((tg) => units(model, new Decimal(tg.target)))
  let stint = -1
  let stintServer = -1
  let sj = 0
  // The stint's sum, exact (as above).
  const sS = newSum()
  const closeStint = (): void => {
    const tau = reported[stint]
    const withheld = tau === undefined ? 0n : BigInt(sj) * tau - sumValue(sS)
    if (stint >= 0 && slackKx(withheld))
      fail(`stint ${stint + 1} (provider ${stintServer}, ${sj} rounds) withheld N·τ − S_N = ${withheld} units > c(K_X) + R (Lemma 6.7)`)
  }
  for (let t = n * L + 1; t <= T; t++) {
    if (PHASES[trace.phases[t - 1]!] !== 'exploitation') continue
    const i = trace.servers[t - 1]!
    if (i !== stintServer) {
      closeStint()
      stint++
      stintServer = i
      sj = 0
      resetSum(sS)
    }
    sj++
    addUnits(sS, trace.xs[t - 1]!)
  }
  closeStint()
  const got = (d.fired ?? []).map((f) => ({ provider: ids.indexOf(f.provider), round: f.round, monitoredRounds: f.monitoredRounds }))
  if (JSON.stringify(got) !== JSON.stringify(fired))
    fail(`firings ${JSON.stringify(got)} differ from the exact test's ${JSON.stringify(fired)}`)
  // Blind trust I starts exactly the round after ρ_{n−1} is fired.
  const firstFallback = trace.phases.indexOf(PHASES.indexOf('blindTrustFallback')) + 1
  const last = fired[n - 2]
  if (last === undefined ? firstFallback !== 0 : last.round + 1 < endgameStart && firstFallback !== last.round + 1)
    fail(`blind trust I starts at round ${firstFallback}, ρ_${n - 1} fired at ${last?.round ?? 'never'}`)

  // Transfers: the rebate, and the user's exploration utility nL·x_lo (rebate on).
  result.outcome.transfers.forEach((z, i) => {
    const want = spec.rebate ? sums[i]! - BigInt(L) * xLo : 0n
    if (z !== want) fail(`transfer to provider ${i} is ${z} units, the rebate gives ${want}`)
  })
  if (spec.rebate) {
    const userExploration = sums.reduce((a, b) => a + b, 0n) - result.outcome.transfers.reduce((a, b) => a + b, 0n)
    if (userExploration !== BigInt(n * L) * xLo) fail(`the user's exploration utility is ${userExploration} units, not nL·x_lo`)
  }
  return { failures, replay: { sums, ranking, targets, fired } }
}

/**
 * The comparisons a common-random-numbers pair must satisfy on every path (proofs-notes §6,
 * Lemma 6.9): provider `i` deviates in `dev`, everybody plays τ* in `base`, same seed. Exploration
 * means of the others are unchanged and i's can only fall (Assumption D as a coupling); so every
 * target weakly falls, i's rank weakly worsens, and if i still ranks first its target is unchanged.
 */
export const crnPairFailures = (i: number, dev: Replay, base: Replay): string[] => {
  const bad: string[] = []
  dev.sums.forEach((s, k) => {
    if (k !== i && s !== base.sums[k])
      bad.push(`provider ${k}'s exploration sum changed (${base.sums[k]} → ${s}) though only ${i} deviated`)
  })
  if (dev.sums[i]! > base.sums[i]!) bad.push(`deviator ${i}'s exploration sum rose above honest play's (${base.sums[i]} → ${dev.sums[i]})`)
  dev.targets.forEach((tau, p) => {
    if (tau > base.targets[p]!) bad.push(`target ${p + 1} rose under the deviation (${base.targets[p]} → ${tau})`)
  })
  if (dev.ranking.indexOf(i) < base.ranking.indexOf(i)) bad.push(`deviator ${i}'s rank improved`)
  if (dev.ranking[0] === i && dev.targets[0] !== base.targets[0])
    bad.push(`deviator ${i} ranks first but its target moved (${base.targets[0]} → ${dev.targets[0]})`)
  return bad
}
