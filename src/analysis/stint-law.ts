/**
 * A stint's firing time under a stationary success probability (proofs-notes §10.2): the law of
 * `(j, k)` is propagated forward with firing absorbing, giving `P(fired after monitored round a)`
 * for `a = 1..K` and the probability of surviving all `K` rounds. Only the window of `k` that
 * carries mass is kept; mass trimmed off its top (below {@link TRIM} per entry, where a stint is
 * far above its threshold, or off its bottom) is counted in `lost` and charged to the error bound.
 *
 * @module
 */

/** Entries of the propagated law below this are trimmed off the top of the window. */
export const TRIM = 1e-30

/** The firing time of one stint. */
export interface StintLaw {
  /** `fire[a] = P(fired after its a-th monitored round)`, `a = 1..K` (`fire[0] = 0`). */
  readonly fire: Float64Array
  /** `P(not fired in K rounds)`. */
  readonly survive: number
  /** Probability trimmed off (its fate unknown: a bound on the law's error). */
  readonly lost: number
  /** States visited (for the complexity report). */
  readonly states: number
}

/** The firing time of a stint with thresholds `kappa` (see `thresholds.ts`) and success probability `p`. */
export const stintLaw = (kappa: Int32Array, K: number, p: number): StintLaw => {
  const d = new Float64Array(K + 2)
  const fire = new Float64Array(K + 1)
  const q = 1 - p
  d[0] = 1
  let a = 0
  let b = 0
  let lost = 0
  let states = 0
  for (let j = 1; j <= K; j++) {
    d[b + 1] = p * d[b]!
    for (let k = b; k > a; k--) d[k] = p * d[k - 1]! + q * d[k]!
    d[a] = q * d[a]!
    b++
    const cut = kappa[j]!
    let fired = 0
    while (a < cut && a <= b) {
      fired += d[a]!
      d[a++] = 0
    }
    if (a < cut) a = cut
    fire[j] = fired
    while (b >= a && d[b]! < TRIM) {
      lost += d[b]!
      d[b--] = 0
    }
    while (a <= b && d[a]! < TRIM) {
      lost += d[a]!
      d[a++] = 0
    }
    states += b - a + 1
    if (a > b) return { fire, survive: 0, lost, states }
  }
  let survive = 0
  for (let k = a; k <= b; k++) survive += d[k]!
  return { fire, survive, lost, states }
}

/** `Σ_a a·fire[a] + K·survive`: the expected number of monitored rounds served. */
export const expectedRounds = (law: StintLaw, K: number): number => {
  let s = K * law.survive
  for (let a = 1; a <= K; a++) s += a * law.fire[a]!
  return s
}

/**
 * `G(m) = E[min(N, m)]` for `m = 0..K`, with `N` the stint's firing time (`∞` if it survives):
 * `G(m) = Σ_{b<m} P(N > b)`. Used when a stint starts after `K − m` rounds of an earlier one.
 */
export const truncatedMeans = (law: StintLaw, K: number): Float64Array => {
  const g = new Float64Array(K + 1)
  let alive = 1
  for (let m = 1; m <= K; m++) {
    g[m] = g[m - 1]! + alive
    alive -= law.fire[m]!
  }
  return g
}

/** `P(N > m)` for `m = 0..K`. */
export const survivalCurve = (law: StintLaw, K: number): Float64Array => {
  const s = new Float64Array(K + 1)
  let alive = 1
  s[0] = 1
  for (let m = 1; m <= K; m++) {
    alive -= law.fire[m]!
    s[m] = alive
  }
  return s
}
