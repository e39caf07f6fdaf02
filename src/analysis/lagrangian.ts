/**
 * The Lagrangian dynamic programmes of the harm (proofs-notes §14.9): for a multiplier `λ ≥ 0`, the
 * deviator minimizes `E[U − λ·Π_i]`, the user's utility less `λ` times its own profit. Every round
 * pays the user the delivered mean `m` and the deviator `F_i(m)` (plus, in exploration, the rebate
 * `(1 + δ)·(m − x_lo)` moved from the user to it), all affine in `m` on each piece of the frontier,
 * as is the success probability; so the minimum over a piece is at one of its ends and only the
 * breakpoints are tried (the argument of §10.3 with `min` for `max`). The programmes carry the two
 * components `U` and `Π` of the minimizing policy's value separately, so that the policy's exact
 * user utility and profit come out of the same pass.
 *
 * @module
 */
import type { DpAction } from './instance.ts'

/** Standard deviations of headroom above `j·p_max` kept in the stint's window (as in `stint-value.ts`). */
export const HEADROOM = 6

/** A value split into the user's utility and the deviator's profit. */
export interface Split {
  /** `E[U]` (USD). */
  readonly user: number
  /** `E[Π_i]` (USD). */
  readonly profit: number
}

/** One stint problem of the deviating winner. */
export interface LagrangianStint {
  readonly K: number
  /** Success thresholds `κ_j` of the target (`thresholds.ts`). */
  readonly kappa: Int32Array
  /** The deviator's breakpoints (honest first, full cheat last). */
  readonly actions: readonly DpAction[]
  readonly lambda: number
  /** Value of surviving all `K` rounds (the endgame, served at `g`). */
  readonly survive: Split
  /** User's utility per round after a firing (blind trust I and the endgame of the rival, at its `g`). */
  readonly firedUserPerRound: number
  /** Rounds after the monitored ones that go to the rival after a firing (the endgame's length). */
  readonly endgame: number
  /** Record the minimizing choices. */
  readonly record?: boolean
}

/** The result of a stint problem. */
export interface LagrangianStintValue {
  /** `(U, Π)` of the minimizing policy from `(0, 0)`. */
  readonly value: Split
  /** The minimizing breakpoint's index at `(j, k)`, or `−1` outside the window (play `g` there). */
  readonly choice?: (j: number, k: number) => number
  /** States evaluated. */
  readonly states: number
}

const window = (j: number, pMax: number): number => Math.min(j, Math.ceil(j * pMax + HEADROOM * Math.sqrt(j)))

/**
 * One row of the minimizing stint recursion over `k ∈ [from, to]` from row `j + 1` (`cu`, `cp`,
 * boundary entries written by the caller) into `pu`, `pp`, recording choices in `chunk` if given.
 */
const stintRow = (
  cu: Float64Array,
  cp: Float64Array,
  pu: Float64Array,
  pp: Float64Array,
  from: number,
  to: number,
  ms: Float64Array,
  fs: Float64Array,
  ps: Float64Array,
  lambda: number,
  chunk: Uint8Array | null,
): void => {
  const na = ms.length
  if (na === 2 && chunk === null) {
    // The common case (a one-piece frontier), specialized.
    const l0 = ms[0]! - lambda * fs[0]!
    const l1 = ms[1]! - lambda * fs[1]!
    const p0 = ps[0]!
    const p1 = ps[1]!
    for (let k = from; k <= to; k++) {
      const u0 = cu[k]!
      const q0 = cp[k]!
      const du = cu[k + 1]! - u0
      const dq = cp[k + 1]! - q0
      const dl = du - lambda * dq
      if (l1 + p1 * dl < l0 + p0 * dl) {
        pu[k] = u0 + ms[1]! + p1 * du
        pp[k] = q0 + fs[1]! + p1 * dq
      } else {
        pu[k] = u0 + ms[0]! + p0 * du
        pp[k] = q0 + fs[0]! + p0 * dq
      }
    }
    return
  }
  for (let k = from; k <= to; k++) {
    const u0 = cu[k]!
    const p0 = cp[k]!
    const du = cu[k + 1]! - u0
    const dp = cp[k + 1]! - p0
    const dl = du - lambda * dp
    let best = 0
    let bestValue = ms[0]! - lambda * fs[0]! + ps[0]! * dl
    for (let a = 1; a < na; a++) {
      const v = ms[a]! - lambda * fs[a]! + ps[a]! * dl
      if (v < bestValue) {
        bestValue = v
        best = a
      }
    }
    if (chunk !== null) chunk[k - from] = best
    pu[k] = u0 + ms[best]! + ps[best]! * du
    pp[k] = p0 + fs[best]! + ps[best]! * dp
  }
}

/**
 * The deviating winner's monitored stint under the Lagrangian `U − λ·Π_i`, by backward induction over
 * `(j, k)`: a firing after round `j` hands the remaining `K − j` rounds and the endgame to the rival
 * (τ*: its `g`), surviving gives the deviator the endgame. States above `j·p_max + 6√j` successes
 * (probability at most `e^(−72)` per round under any policy, by Hoeffding and the monotone
 * coupling of §10.3) are given the value of playing `g` unmonitored to the end; the error this
 * causes is charged by the caller.
 *
 * @param s - the stint problem.
 * @returns the minimizing policy's `(U, Π)` from `(0, 0)` and, when asked, its choices.
 */
export const lagrangianStint = (s: LagrangianStint): LagrangianStintValue => {
  const { K, kappa, actions, lambda, survive, firedUserPerRound, endgame } = s
  const g = actions[actions.length - 1]!
  const pMax = actions.reduce((m, a) => Math.max(m, a.p), 0)
  const ms = Float64Array.from(actions, (a) => a.m)
  const fs = Float64Array.from(actions, (a) => a.profit)
  const ps = Float64Array.from(actions, (a) => a.p)
  let cu = new Float64Array(K + 3)
  let cp = new Float64Array(K + 3)
  let pu = new Float64Array(K + 3)
  let pp = new Float64Array(K + 3)
  const firedUser = (j: number): number => (K - j + endgame) * firedUserPerRound
  // reach[j] = max_{j' ≥ j} κ_{j'}: from k ≥ reach[j + 1] no later round can fire (successes never
  // decrease), so nothing depends on the actions any more and g to the end is exactly optimal there.
  const reach = new Int32Array(K + 2)
  for (let j = K; j >= 1; j--) reach[j] = Math.max(reach[j + 1]!, kappa[j]!)
  const top = (j: number): number => Math.min(window(j, pMax), Math.max(reach[j + 1]!, kappa[j]!))
  // Row K: surviving entries [κ_K, top(K)].
  let nTo = window(K, pMax)
  for (let k = kappa[K]!; k <= nTo; k++) {
    cu[k] = survive.user
    cp[k] = survive.profit
  }
  const offsets = s.record === true ? new Int32Array(K + 1) : null
  const chunks: Uint8Array[] = []
  let states = 0
  for (let j = K - 1; j >= 0; j--) {
    const from = kappa[j]!
    const to = top(j)
    const nFrom = kappa[j + 1]!
    // Boundary of row j + 1: below κ_{j+1} fired; above its window, `g` unmonitored to the end
    // (exact at and above reach[j + 2], an approximation charged to the error bound above the window).
    for (let k = Math.max(nTo + 1, from); k <= to + 1; k++) {
      cu[k] = (K - j - 1) * g.m + survive.user
      cp[k] = (K - j - 1) * g.profit + survive.profit
    }
    const fu = firedUser(j + 1)
    for (let k = from, end = Math.min(nFrom - 1, to + 1); k <= end; k++) {
      cu[k] = fu
      cp[k] = 0
    }
    const chunk = offsets !== null && to >= from ? new Uint8Array(to - from + 1) : null
    if (offsets !== null) offsets[j] = from
    stintRow(cu, cp, pu, pp, from, to, ms, fs, ps, lambda, chunk)
    if (chunk !== null) chunks[j] = chunk
    states += Math.max(0, to - from + 1)
    nTo = to
    ;[cu, pu] = [pu, cu]
    ;[cp, pp] = [pp, cp]
  }
  const value: Split = kappa[0]! > 0 ? { user: firedUser(0), profit: 0 } : { user: cu[0]!, profit: cp[0]! }
  if (offsets === null) return { value, states }
  return {
    value,
    states,
    choice: (j, k) => {
      const c = chunks[j]
      const i = k - offsets[j]!
      if (c === undefined || i < 0 || i >= c.length) return -1
      return c[i]!
    },
  }
}

/** One exploration problem of the deviator told its rival's sum (proofs-notes §10.4's relaxation). */
export interface LagrangianExploration {
  readonly L: number
  /** `(U, Π)` of ending exploration with `k` successes, `k = 0..L`. */
  readonly terminalUser: Float64Array
  readonly terminalProfit: Float64Array
  readonly actions: readonly DpAction[]
  /** `(1 + δ)·R` with the rebate on, else 0: the rebate moves `p·rebateR` per round from the user to the deviator. */
  readonly rebateR: number
  readonly lambda: number
}

/**
 * The deviator's exploration under the Lagrangian, closed-loop in its own `(t, k)` (own rounds
 * played, own successes), minimizing `U − λ·Π_i` with the given terminal values.
 *
 * @param e - the exploration problem.
 * @returns the minimizing policy's `(U, Π)` from `(0, 0)`.
 */
export const lagrangianExploration = (e: LagrangianExploration): Split => {
  const { L, actions, rebateR, lambda } = e
  const ms = Float64Array.from(actions, (a) => a.m - a.p * rebateR)
  const fs = Float64Array.from(actions, (a) => a.profit + a.p * rebateR)
  const ps = Float64Array.from(actions, (a) => a.p)
  let cu = Float64Array.from(e.terminalUser)
  let cp = Float64Array.from(e.terminalProfit)
  let pu = new Float64Array(L + 1)
  let pp = new Float64Array(L + 1)
  for (let t = L - 1; t >= 0; t--) {
    stintRow(cu, cp, pu, pp, 0, t, ms, fs, ps, lambda, null)
    ;[cu, pu] = [pu, cu]
    ;[cp, pp] = [pp, cp]
  }
  return { user: cu[0]!, profit: cp[0]! }
}

/** A playable exploration: the shading breakpoint for the first `rounds` own rounds, honest after. */
export interface ShadedExploration {
  /** Index of the shading breakpoint (0: honest throughout). */
  readonly action: number
  /** Own exploration rounds played with it. */
  readonly rounds: number
}

/** The best playable exploration of {@link shadedExplorations} and its value. */
export interface ShadedChoice {
  readonly play: ShadedExploration
  readonly value: Split
}

/**
 * The exploration plays the engine lets a deviator carry out whatever it cannot observe (its own
 * outcomes are not in the public view, proofs-notes §14.9): a breakpoint `b` for the first `s` own
 * rounds, then honest, for every `b` and `s ∈ 0..L`. Each play's `(U, Π)` is computed exactly (up
 * to the doubles' error): the law of the own count is `Bin(s, p_b) ⊛ Bin(L − s, p_h)`, evaluated by
 * the backward table of `m` honest rounds left (`O(L²)` time and memory) and a forward law of the
 * shaded rounds. Returns the play minimizing `U − λ·Π_i`.
 *
 * @param e - the exploration problem (terminal values averaged over the rival's sum, which is
 *   independent of the deviator's own count).
 * @returns the minimizing play and its value.
 */
export const shadedExplorations = (e: LagrangianExploration): ShadedChoice => {
  const { L, actions, rebateR, lambda } = e
  const h = actions[0]!
  const hm = h.m - h.p * rebateR
  const hf = h.profit + h.p * rebateR
  // hu[m][k], hp[m][k]: (U, Π) with m honest rounds left and k successes so far (k ≤ L − m).
  const hu: Float64Array[] = [Float64Array.from(e.terminalUser)]
  const hp: Float64Array[] = [Float64Array.from(e.terminalProfit)]
  for (let m = 1; m <= L; m++) {
    const nu = hu[m - 1]!
    const np = hp[m - 1]!
    const u = new Float64Array(L - m + 1)
    const p = new Float64Array(L - m + 1)
    for (let k = 0; k <= L - m; k++) {
      u[k] = hm + nu[k]! + h.p * (nu[k + 1]! - nu[k]!)
      p[k] = hf + np[k]! + h.p * (np[k + 1]! - np[k]!)
    }
    hu.push(u)
    hp.push(p)
  }
  let best: ShadedChoice = { play: { action: 0, rounds: 0 }, value: { user: hu[L]![0]!, profit: hp[L]![0]! } }
  let bestValue = best.value.user - lambda * best.value.profit
  for (let b = 1; b < actions.length; b++) {
    const a = actions[b]!
    const am = a.m - a.p * rebateR
    const af = a.profit + a.p * rebateR
    const q = 1 - a.p
    let law = new Float64Array(L + 1)
    let next = new Float64Array(L + 1)
    law[0] = 1
    for (let s = 1; s <= L; s++) {
      next[0] = q * law[0]!
      for (let k = 1; k <= s; k++) next[k] = q * law[k]! + a.p * law[k - 1]!
      ;[law, next] = [next, law]
      const u = hu[L - s]!
      const p = hp[L - s]!
      let eu = s * am
      let ep = s * af
      for (let k = 0; k <= s; k++) {
        eu += law[k]! * u[k]!
        ep += law[k]! * p[k]!
      }
      const v = eu - lambda * ep
      if (v < bestValue) {
        bestValue = v
        best = { play: { action: b, rounds: s }, value: { user: eu, profit: ep } }
      }
    }
  }
  return best
}
