/**
 * A stint's firing time under a stationary success probability (proofs-notes §10.2): the law of
 * `(j, k)` is propagated forward with firing absorbing, giving `P(fired after monitored round a)`
 * for `a = 1..K` and the probability of surviving all `K` rounds. Only the window of `k` that
 * carries mass is kept; mass trimmed off its top (below {@link TRIM} per entry, where a stint is
 * far above its threshold, or off its bottom) is counted in `lost` and charged to the error bound.
 *
 * @module
 */
import { dotError, forwardStepError } from './error-bound.ts'

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
  /**
   * A bound on the ℓ1 distance between `(fire[1..K], survive)` and the exact law of the same walk
   * (exact `p`, exact arithmetic, no cut): rounding (Lemmas 10.6–10.7), the trimmed mass and twice
   * the far cut's charge (proofs-notes §10.6).
   */
  readonly error: number
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
  // ℓ1 error of (live entries, fire[1..j]) against the exact law after round j (Lemma 10.7).
  let error = 0
  for (let j = 1; j <= K; j++) {
    error += forwardStepError(1 + error, 2 * (b - a + 1))
    advance(d, a, b, p, q)
    b++
    const cut = kappa[j]!
    let fired = 0
    const firstLive = a
    while (a < cut && a <= b) {
      fired += d[a]!
      d[a++] = 0
    }
    if (a < cut) a = cut
    fire[j] = fired
    error += dotError(a - firstLive, fired)
    // A trimmed entry leaves the law: the ℓ1 distance grows by exactly its (double) value.
    while (b >= a && d[b]! < TRIM) {
      lost += d[b]!
      d[b--] = 0
    }
    while (a <= b && d[a]! < TRIM) {
      lost += d[a]!
      d[a++] = 0
    }
    states += b - a + 1
    if (a > b) return { fire, survive: 0, lost, error: error + lost, states }
    if (a >= reach[j + 1]!) break
    if (j % FAR_CHECK_EVERY === 0 && laterFiringBound(kappa, K, p, j, a) < FAR) {
      // Every live state survives the rest with probability at least 1 − bound: count it as
      // surviving and charge the bound to the trimmed mass. Moving mass x from `survive` to the
      // firing times moves the law by 2x in ℓ1; a second factor 2 covers the rounding of the
      // exponentials and of x_m in the bound (relative 10^(−12) at most).
      let alive = 0
      for (let k = a; k <= b; k++) alive += d[k]!
      lost += alive * FAR
      error += 3 * alive * FAR
      break
    }
  }
  let survive = 0
  for (let k = a; k <= b; k++) survive += d[k]!
  error += dotError(Math.max(0, b - a + 1), survive)
  return { fire, survive, lost, error: error + lost, states }
}

/**
 * A bound on the error of {@link expectedRounds}: weights at most `K` on a law within `law.error`
 * in ℓ1, and the rounding of a `K + 1`-term inner product (Lemma 10.6).
 */
export const expectedRoundsError = (law: StintLaw, K: number): number => K * law.error + dotError(K + 1, K * (1 + law.error))

/**
 * Bounds on the errors of {@link survivalCurve} (each entry, by repeated subtraction from 1) and of
 * {@link truncatedMeans} (each entry, a running sum of the former), uniform in `m ≤ K` (Lemma 10.6).
 */
export const curveErrors = (law: StintLaw, K: number): { readonly survival: number; readonly truncated: number } => {
  const survival = law.error + dotError(K + 1, 2 + law.error)
  return { survival, truncated: K * survival + dotError(K, K * (1 + survival)) }
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
