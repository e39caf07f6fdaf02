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
export const TRIM = 1e-22

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

/**
 * One round of the walk on the live window `[a, b]`: `d'[k] = q·d[k] + p·d[k−1]`, in place, upwards.
 */
const advance = (d: Float64Array, a: number, b: number, p: number, q: number): void => {
  let below = d[a]!
  d[a] = q * below
  for (let k = a + 1; k <= b; k++) {
    const here = d[k]!
    d[k] = q * here + p * below
    below = here
  }
  d[b + 1] = p * below
}

/** Probability below which later firings are treated as impossible (and charged to `lost`). */
export const FAR = 1e-22

/** Rounds between two tries of {@link laterFiringBound}. */
const FAR_CHECK_EVERY = 256

/**
 * A bound on the probability that a walk at `k ≥ a` after round `j` is fired later: by the union
 * bound and Hoeffding's inequality, `Σ_{m ≥ 1} exp(−2x_m²/m)` with `x_m = a + 1 + m·p − κ_{j+m}`
 * (`P(a + Bin(m, p) < κ) = P(Bin(m, p) ≤ m·p − x_m)`), or `Infinity` once some `x_m ≤ 0` or the
 * sum passes {@link FAR} (the caller only asks whether it is below).
 */
export const laterFiringBound = (kappa: Int32Array, K: number, p: number, j: number, a: number): number => {
  let bound = 0
  for (let m = 1; j + m <= K; m++) {
    const x = a + 1 + m * p - kappa[j + m]!
    if (x <= 0) return Infinity
    bound += Math.exp((-2 * x * x) / m)
    if (bound >= FAR) return Infinity
  }
  return bound
}

/** The firing time of a stint with thresholds `kappa` (see `thresholds.ts`) and success probability `p`. */
export const stintLaw = (kappa: Int32Array, K: number, p: number): StintLaw => {
  const d = new Float64Array(K + 2)
  const fire = new Float64Array(K + 1)
  const q = 1 - p
  d[0] = 1
  // `reach[j] = max_{j' ≥ j} κ_{j'}`: once the lowest live k is at least that, successes never
  // decrease, so no later round can fire and the rest of the stint is survived (exactly).
  const reach = new Int32Array(K + 2)
  for (let j = K; j >= 1; j--) reach[j] = Math.max(reach[j + 1]!, kappa[j]!)
  let a = 0
  let b = 0
  let lost = 0
  let states = 0
  for (let j = 1; j <= K; j++) {
    advance(d, a, b, p, q)
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
    if (a >= reach[j + 1]!) break
    if (j % FAR_CHECK_EVERY === 0 && laterFiringBound(kappa, K, p, j, a) < FAR) {
      // Every live state survives the rest with probability at least 1 − bound: count it as
      // surviving and charge the bound to the trimmed mass.
      let alive = 0
      for (let k = a; k <= b; k++) alive += d[k]!
      lost += alive * FAR
      break
    }
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
