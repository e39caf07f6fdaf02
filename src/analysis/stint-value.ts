/**
 * The monitored stint of a deviating winner by backward induction over `(j, k)` (proofs-notes
 * §10.3): `V(j, k)` is the most a server with `k` successes after `j` monitored rounds can still
 * earn, `V(K, k)` the value of surviving (the endgame), a firing ends its earnings. On each linear
 * piece of the frontier the Bellman objective `F(m) + V(j+1, k) + p(m)·(V(j+1, k+1) − V(j+1, k))`
 * is affine in `m`, so the maximum over a piece is at one of its ends: only breakpoints are tried.
 * Two rolling layers: `O(K)` memory. States above `j·p_max + 6√j` successes (reached with
 * probability at most `e^(−72)` per round by any strategy) are given the upper bound
 * `(K−j)·max F + V(K)`, so the value is an upper bound within `K·e^(−72)·V_max` of the exact one.
 * A fixed policy is evaluated by the same recursion (the family members of §5).
 *
 * @module
 */
import { UNIT_ROUNDOFF, backwardRowError } from './error-bound.ts'
import type { DpAction } from './instance.ts'

/** Standard deviations of headroom above `j·p_max` kept in the window. */
const HEADROOM = 6

/** A recorded optimal policy: the index of the breakpoint to play at `(j, k)`. */
export interface StintPolicy {
  /** The action index at `(j, k)` (`j` rounds done, `k` successes), or `−1` outside the window. */
  readonly choice: (j: number, k: number) => number
}

/** Inputs of one stint problem. */
export interface StintProblem {
  readonly K: number
  readonly kappa: Int32Array
  /** Choice set (the breakpoints) — or, with `policy`, the action set a policy indexes into. */
  readonly actions: readonly DpAction[]
  /** Value of surviving all `K` rounds. */
  readonly endValue: number
  /** A fixed policy `(j, k) → action` (or one action throughout) to evaluate instead of maximizing. */
  readonly policy?: DpAction | ((j: number, k: number) => DpAction)
  /** Record the maximizing choices. */
  readonly record?: boolean
}

/** The result of a stint problem. */
export interface StintValue {
  /** `V(0, 0)`. */
  readonly value: number
  /** The recorded policy (when asked). */
  readonly policy?: StintPolicy
  /** States evaluated. */
  readonly states: number
  /** Bound on the window's overestimate of `value` (a probability argument: proofs-notes §10.3). */
  readonly windowError: number
  /**
   * Bound on `|value − V|` where `V` is the same recursion with the window's states given the exact
   * ceiling, in exact arithmetic: rounding (Lemma 10.8 per row) and the saturation cut (the sum of
   * the distances to the ceiling it skipped).
   */
  readonly error: number
}

const top = (j: number, pMax: number): number => Math.min(j, Math.ceil(j * pMax + HEADROOM * Math.sqrt(j)))

/** Relative distance to the ceiling `(K−j)·max F + V(K)` below which a row counts as saturated. */
const SATURATION = 1e-15

/**
 * One row of the two-action recursion over `k ∈ [from, to]` (`cur` holds the next row, boundary
 * values included), written to `prev`; returns the row's new top (cut where it saturates; the
 * distance to the ceiling left there is written to `saturated[0]`, else 0). `w₁` of `k` is `w₀`
 * of `k + 1`. Kept beside {@link maximizingRow} for speed: at T = 10^4 on the two-provider
 * example the optimal deviations took 16.7 s with it and 20.8 s through the general row.
 */
const twoActionRow = (
  cur: Float64Array,
  prev: Float64Array,
  from: number,
  to: number,
  f0: number,
  p0: number,
  f1: number,
  p1: number,
  ceiling: number,
  tolerance: number,
  saturated: Float64Array,
): number => {
  saturated[0] = 0
  let w0 = cur[from]!
  for (let k = from; k <= to; k++) {
    const w1 = cur[k + 1]!
    const diff = w1 - w0
    const a = f0 + p0 * diff
    const b = f1 + p1 * diff
    const best = w0 + Math.max(a, b)
    prev[k] = best
    if (ceiling - best <= tolerance && k < to) {
      saturated[0] = ceiling - best
      prev[k] = ceiling
      return k
    }
    w0 = w1
  }
  return to
}

/** {@link twoActionRow}, also recording the maximizing action (0 on ties, as {@link maximizingRow}) in `chunk`. */
const twoActionRecordingRow = (
  cur: Float64Array,
  prev: Float64Array,
  from: number,
  to: number,
  f0: number,
  p0: number,
  f1: number,
  p1: number,
  ceiling: number,
  tolerance: number,
  saturated: Float64Array,
  chunk: Uint8Array,
): number => {
  saturated[0] = 0
  let w0 = cur[from]!
  for (let k = from; k <= to; k++) {
    const w1 = cur[k + 1]!
    const diff = w1 - w0
    const a = f0 + p0 * diff
    const b = f1 + p1 * diff
    chunk[k - from] = b > a ? 1 : 0
    const best = w0 + Math.max(a, b)
    prev[k] = best
    if (ceiling - best <= tolerance && k < to) {
      saturated[0] = ceiling - best
      prev[k] = ceiling
      return k
    }
    w0 = w1
  }
  return to
}

/**
 * One row of the maximizing recursion over any number of actions, as {@link twoActionRow}, also
 * recording the maximizing action's index in `chunk` when given.
 */
const maximizingRow = (
  cur: Float64Array,
  prev: Float64Array,
  from: number,
  to: number,
  fs: Float64Array,
  ps: Float64Array,
  ceiling: number,
  tolerance: number,
  saturated: Float64Array,
  chunk: Uint8Array | null,
): number => {
  saturated[0] = 0
  const last = fs.length - 1
  for (let k = from; k <= to; k++) {
    const w0 = cur[k]!
    const diff = cur[k + 1]! - w0
    // The frontier is concave, so f_i + p_i·diff is unimodal in i (breakpoints honest first):
    // walk up while the next line is higher. diff varies slowly with k, so the walk's branches are
    // predictable, unlike a scan over every action; it stops at the first maximum.
    let best = fs[0]! + ps[0]! * diff
    let i = 0
    let next = last > 0 ? fs[1]! + ps[1]! * diff : best
    while (next > best) {
      best = next
      i++
      if (i === last) break
      next = fs[i + 1]! + ps[i + 1]! * diff
    }
    if (chunk !== null) chunk[k - from] = i
    const value = w0 + best
    prev[k] = value
    // Values are non-decreasing in k and at most the ceiling: once within SATURATION of it, the
    // rest of the row is the ceiling (an overestimate by at most that much).
    if (ceiling - value <= tolerance && k < to) {
      saturated[0] = ceiling - value
      prev[k] = ceiling
      return k
    }
  }
  return to
}

/**
 * One row of a backward recursion under one fixed action with reward `f` and success probability
 * `p`, over `k ∈ [from, to]`, from `cur` into `prev` (the stint's and the exploration's alike).
 */
export const constantRow = (cur: Float64Array, prev: Float64Array, from: number, to: number, f: number, p: number): void => {
  for (let k = from; k <= to; k++) {
    const w0 = cur[k]!
    prev[k] = w0 + (f + p * (cur[k + 1]! - w0))
  }
}

/** Solves (or, with `policy`, evaluates) one stint. */
export const stintValue = (s: StintProblem): StintValue => {
  const { K, kappa, actions, endValue } = s
  const pMax = actions.reduce((m, a) => Math.max(m, a.p), 0)
  const fMax = actions.reduce((m, a) => Math.max(m, a.profit), 0)
  const ps = Float64Array.from(actions, (a) => a.p)
  const fs = Float64Array.from(actions, (a) => a.profit)
  const na = actions.length
  const policy = s.policy
  // Error bookkeeping (Lemma 10.8): |F| and its error over every action the recursion may use (a
  // policy's actions lie on the frontier between the breakpoints, so |F| ≤ the breakpoints' largest).
  const reward = actions.reduce((m, a) => Math.max(m, Math.abs(a.profit)), 0)
  const rewardError =
    policy === undefined
      ? actions.reduce((m, a) => Math.max(m, a.profitError), 0)
      : typeof policy === 'function'
        ? Math.max(12 * UNIT_ROUNDOFF * reward, ...actions.map((a) => a.profitError))
        : policy.profitError
  const magnitude = K * reward + Math.abs(endValue)
  let error = 3 * UNIT_ROUNDOFF * Math.abs(endValue)
  let cur = new Float64Array(K + 2)
  let prev = new Float64Array(K + 2)
  // Highest k of the next layer held in `cur`; above it the layer's value is its ceiling.
  let nTo = Math.min(top(K, pMax), K)
  for (let k = kappa[K]!; k <= nTo; k++) cur[k] = endValue
  const offsets = s.record === true ? new Int32Array(K + 1) : null
  const chunks: Uint8Array[] = []
  let states = 0
  let saturationError = 0
  const saturated = new Float64Array(1)
  for (let j = K - 1; j >= 0; j--) {
    const from = kappa[j]!
    // Above the next row's top every entry it reads is its ceiling, so this row is its own
    // ceiling there too (w₀ = w₁): no need to go further than one past it.
    let to = Math.min(top(j, pMax), nTo + 1)
    const nFrom = kappa[j + 1]!
    const vTop = (K - j - 1) * fMax + endValue
    const ceiling = vTop + fMax
    const chunk = offsets !== null && to >= from ? new Uint8Array(to - from + 1) : null
    if (offsets !== null) offsets[j] = from
    // Write the next layer's boundary values into the entries this row reads outside the kept
    // window [nFrom, nTo] — above it the ceiling, below it 0 (fired; it wins where both apply) —
    // so that the loops below read `cur` without branching.
    for (let k = Math.max(nTo + 1, from); k <= to + 1; k++) cur[k] = vTop
    for (let k = from, end = Math.min(nFrom - 1, to + 1); k <= end; k++) cur[k] = 0
    const tolerance = SATURATION * ceiling
    error = backwardRowError(error, magnitude, reward, rewardError)
    if (policy === undefined && chunk === null && na === 2) {
      // The common case (a one-piece frontier), specialized.
      to = twoActionRow(cur, prev, from, to, fs[0]!, ps[0]!, fs[1]!, ps[1]!, ceiling, tolerance, saturated)
      saturationError += saturated[0]!
      states += Math.max(0, to - from + 1)
      nTo = to
      ;[cur, prev] = [prev, cur]
      continue
    }
    if (policy === undefined && chunk !== null && na === 2) {
      to = twoActionRecordingRow(cur, prev, from, to, fs[0]!, ps[0]!, fs[1]!, ps[1]!, ceiling, tolerance, saturated, chunk)
      saturationError += saturated[0]!
    } else if (policy === undefined) {
      to = maximizingRow(cur, prev, from, to, fs, ps, ceiling, tolerance, saturated, chunk)
      saturationError += saturated[0]!
    } else if (typeof policy === 'function')
      for (let k = from; k <= to; k++) {
        const w0 = cur[k]!
        const a = policy(j, k)
        prev[k] = w0 + (a.profit + a.p * (cur[k + 1]! - w0))
      }
    else constantRow(cur, prev, from, to, policy.profit, policy.p)
    if (chunk !== null) chunks[j] = chunk.subarray(0, Math.max(0, to - from + 1))
    states += Math.max(0, to - from + 1)
    nTo = to
    ;[cur, prev] = [prev, cur]
  }
  // A path leaves the window with probability at most K·e^(−72); there the value moves by at most
  // twice the largest magnitude (the ceiling's own rounding included).
  const windowError = K * Math.exp(-2 * HEADROOM * HEADROOM) * 2 * (magnitude + fMax)
  const value = kappa[0]! > 0 ? 0 : cur[0]!
  // The saturated entries were at most their distance below the ceiling (plus the row's error, already counted).
  error += saturationError
  if (offsets === null) return { value, states, windowError, error }
  return {
    value,
    states,
    windowError,
    error,
    policy: {
      choice: (j, k) => {
        const c = chunks[j]
        const i = k - offsets[j]!
        // Above a saturated row's top the ceiling was taken: full cheat (the last breakpoint).
        if (c === undefined || i < 0) return -1
        return i >= c.length ? na - 1 : c[i]!
      },
    },
  }
}
