/**
 * ReputationUCB (proofs-notes §4.2): each round goes to the provider with the highest upper confidence
 * bound on its observed mean net utility; no firing, no transfers.
 *
 * Rounds `1..n` play each provider once, in index order. From round `t = n+1` on, with `n_i` the
 * rounds provider `i` has served and `S_i` their summed net utility (grid units), round `t` goes to
 *
 * ```
 * argmax_i  S_i/n_i + R·√(2·ln t / n_i)        (ties to the lower index)
 * ```
 *
 * **Exactness.** `ln t` is taken as its decimal at the project precision (50 significant digits,
 * correctly rounded), `ℓ_t`; everything else is rational. The argmax of the indices with `ℓ_t` is
 * decided *exactly*, by squaring out (no decimal square root is ever rounded):
 *
 * 1. a float pass computes every index and an error bound `e` far above the float error
 *    (`2^(−40)·max_i(|mean_i| + radius_i)`); the providers whose float index is within `e` of the
 *    float maximum are the only ones that can be the exact argmax;
 * 2. if there is one such provider it wins; otherwise they are compared pairwise with
 *    {@link ucbCompareExactly}, which reduces `index_a − index_b` to the sign of
 *    `P + √Q − √V` with integers `P, Q, V` and settles it by squaring (bigint arithmetic); equal
 *    counts have equal radii and compare their sums directly.
 *
 * The common path (step 1 alone) is O(n) per round and allocates nothing.
 *
 * **Leaping** (proofs-notes §13.8). A block from round `t`, served by the argmax `i` at `t`, of `k`
 * rounds is safe when `i` would win every round `t+1 .. t+k−1` whatever its outcomes in the public
 * range: sufficiently, when its index with all of them at `x_lo` and the smallest `ln` exceeds every
 * other index with the largest `ln` (Proposition 13.8), decided in floats with a margin far above
 * their error; the largest such `k` is found by galloping and bisection ({@link ucbSafeRounds}).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { Decimal, PRECISION } from '../exact/decimal.ts'
import { fromUnits, toUnits } from '../exact/grid.ts'
import type { BlockPlan, Mechanism } from '../sim/interfaces.ts'
import { openView } from '../sim/public-view.ts'

const FLUSH_AT = 2 ** 52

const sign = (x: bigint): -1 | 0 | 1 => (x > 0n ? 1 : x < 0n ? -1 : 0)

/** sign(a·√q + w) for integers `a`, `w` and `q ≥ 0`. */
const signLinearRoot = (a: bigint, q: bigint, w: bigint): -1 | 0 | 1 => {
  const sa = q === 0n ? 0 : sign(a)
  const sw = sign(w)
  if (sa >= 0 && sw >= 0) return sa > 0 || sw > 0 ? 1 : 0
  if (sa <= 0 && sw <= 0) return -1
  // Opposite signs: the larger magnitude wins; compare a²q with w².
  const d = sign(a * a * q - w * w)
  if (sa > 0) return d
  return d === 0 ? 0 : d > 0 ? -1 : 1
}

/**
 * The exact sign of `p + √q − √v` for integers `p` and `q, v ≥ 0` (squared out, no rounding).
 *
 * @example
 * ```ts
 * signOfRootExpression(0n, 4n, 9n) // -1  (0 + 2 − 3)
 * signOfRootExpression(1n, 4n, 9n) //  0  (1 + 2 − 3)
 * signOfRootExpression(-1n, 2n, 0n) // 1  (−1 + 1.414…)
 * ```
 */
export const signOfRootExpression = (p: bigint, q: bigint, v: bigint): -1 | 0 | 1 => {
  // x = p + √q
  const sx = p >= 0n ? (p > 0n || q > 0n ? 1 : 0) : sign(q - p * p)
  if (sx < 0) return -1
  if (sx === 0) return v > 0n ? -1 : 0
  // x > 0, √v ≥ 0: sign(x − √v) = sign(x² − v) = sign(2p·√q + (p² + q − v)).
  return signLinearRoot(2n * p, q, p * p + q - v)
}

/**
 * `ln t` at the project precision as an exact fraction `num/den`.
 *
 * @example
 * ```ts
 * const { num, den } = logFraction(2) // num/den = 0.69314718055994530941723212145817656807550013436026
 * ```
 */
export interface LogFraction {
  /** Numerator: the decimal `ℓ_t` times `den`. */
  readonly num: bigint
  /** Denominator, a power of ten. */
  readonly den: bigint
}

/**
 * `ln t` as its 50-significant-digit decimal, as an exact fraction.
 *
 * @example
 * ```ts
 * const l = logFraction(10) // ln 10 ≈ 2.3025850929940456840179914546843642076011014886288 (50 digits)
 * Number(l.num) / Number(l.den) // ≈ 2.302585092994046
 * ```
 */
export const logFraction = (t: number): LogFraction => {
  const l = new Decimal(t).ln()
  const den = 10n ** BigInt(l.decimalPlaces())
  return { num: BigInt(l.times(den.toString()).toFixed(0)), den }
}

/**
 * The exact sign of `index_a − index_b`, where `index_i = S_i/n_i + R·√(2·ℓ/n_i)` with `S_i`
 * (units) the summed net utility of `n_i ≥ 1` rounds, `R` the range width in units and `ℓ` the
 * fraction `log` (the decimal of `ln t`). With `D = n_a·n_b·den` it is the sign of
 * `P + √Q − √V` for `P = (S_a·n_b − S_b·n_a)·den`, `Q = 2·num·R²·n_a·n_b²·den` and
 * `V = 2·num·R²·n_a²·n_b·den`, settled by {@link signOfRootExpression}.
 *
 * @example
 * ```ts
 * // equal means (2/4 = 4/8 units): the less-tried provider has the larger index
 * ucbCompareExactly(2n, 4, 4n, 8, 1n, logFraction(20)) // 1
 * ucbCompareExactly(2n, 4, 2n, 4, 1n, logFraction(20)) // 0: identical statistics tie
 * ```
 */
export const ucbCompareExactly = (
  sumA: bigint,
  roundsA: number,
  sumB: bigint,
  roundsB: number,
  rangeUnits: bigint,
  log: LogFraction,
): -1 | 0 | 1 => {
  const na = BigInt(roundsA)
  const nb = BigInt(roundsB)
  if (na === nb) return sign(sumA - sumB) // equal radii
  const p = (sumA * nb - sumB * na) * log.den
  const g = 2n * log.num * rangeUnits * rangeUnits * na * nb * log.den
  return signOfRootExpression(p, g * nb, g * na)
}

/**
 * The exact sign of `index_a − index_b` when the two indices read different logarithms:
 * `index_a = S_a/n_a + R·√(2·ℓ_a/n_a)`, `index_b = S_b/n_b + R·√(2·ℓ_b/n_b)`. As in
 * {@link ucbCompareExactly}, times `n_a·n_b·den` (den the larger of the two powers of ten) it is
 * `P + √Q − √V`, with `Q = 2·num_a·R²·n_a·n_b²·den` and `V = 2·num_b·R²·n_a²·n_b·den`.
 */
const compareWithLogs = (
  sumA: bigint,
  roundsA: number,
  logA: LogFraction,
  sumB: bigint,
  roundsB: number,
  logB: LogFraction,
  rangeUnits: bigint,
): -1 | 0 | 1 => {
  // Both denominators are powers of ten: the larger is a multiple of the smaller (Math.max takes no bigints).
  let den = logA.den
  if (logB.den > den) den = logB.den
  const numA = logA.num * (den / logA.den)
  const numB = logB.num * (den / logB.den)
  const na = BigInt(roundsA)
  const nb = BigInt(roundsB)
  const r2 = rangeUnits * rangeUnits
  return signOfRootExpression((sumA * nb - sumB * na) * den, 2n * numA * r2 * na * nb * nb * den, 2n * numB * r2 * na * na * nb * den)
}

/**
 * The statistics a block plan of ReputationUCB reads (grid units; `rounds[p] ≥ 1` for every `p`).
 *
 * @example
 * ```ts
 * const arms: UcbArms = { sums: [790n, 300n], rounds: [1000, 500], rangeUnits: 1n, xLoUnits: 0n }
 * ```
 */
export interface UcbArms {
  /** The exact sum `S_p` of each provider's net utilities. */
  readonly sums: readonly bigint[]
  /** The rounds `n_p` each provider has served. */
  readonly rounds: readonly number[]
  /** The range width `R` in grid units. */
  readonly rangeUnits: bigint
  /** `x_lo` in grid units. */
  readonly xLoUnits: bigint
}

/**
 * Proposition 13.8's sufficient condition in floats, for a block of `k ≥ 2` rounds from round `t`
 * served by `i`: `LB_i − max_{j≠i} UB_j > 2^(−39)·scale`, where `LB_i` is `i`'s index after `k − 1`
 * more rounds all at `x_lo` with `ln t`, `UB_j` the index of `j` with `ln(t + k − 1)`, and `scale`
 * the largest `|mean| + radius` involved (the float error of each index is below `2^(−48)·scale`
 * under Assumption L and a correctly rounded `Math.sqrt`, proofs-notes §13.8). `sums[p]` is the
 * float nearest to `S_p` (or `S_p` itself), `rounds[p] = n_p`.
 */
const clearsInFloats = (
  sums: ArrayLike<number>,
  rounds: ArrayLike<number>,
  rangeFloat: number,
  xLo: number,
  i: number,
  t: number,
  k: number,
  logT: number,
): boolean => {
  const m = k - 1
  const nm = rounds[i]! + m
  const radius = rangeFloat * Math.sqrt((2 * logT) / nm)
  const lower = (sums[i]! + m * xLo) / nm + radius
  let scale = (Math.abs(sums[i]!) + m * Math.abs(xLo)) / nm + radius
  const twoLogEnd = 2 * Math.log(t + m)
  let upper = Number.NEGATIVE_INFINITY
  for (let j = 0; j < sums.length; j++) {
    if (j === i) continue
    const mean = sums[j]! / rounds[j]!
    const r = rangeFloat * Math.sqrt(twoLogEnd / rounds[j]!)
    if (mean + r > upper) upper = mean + r
    if (Math.abs(mean) + r > scale) scale = Math.abs(mean) + r
  }
  return lower - upper > 2 ** -39 * scale
}

/** {@link ucbSafeRounds} on float statistics (`sums[p]` the float nearest to `S_p`): the run's allocation-free path. */
const safeRoundsInFloats = (
  sums: ArrayLike<number>,
  rounds: ArrayLike<number>,
  rangeFloat: number,
  xLo: number,
  i: number,
  t: number,
  cap: number,
): number => {
  if (cap <= 1) return 1
  const logT = Math.log(t)
  const clears = (k: number): boolean => clearsInFloats(sums, rounds, rangeFloat, xLo, i, t, k, logT)
  // Two rounds first: near a switch (where most calls are) that settles it with one test.
  if (!clears(2)) return 1
  if (clears(cap)) return cap
  let lo = 2 // invariant: clears(lo); not clears(hi)
  let hi = cap
  for (let k = 4; k < cap; k *= 2) {
    if (!clears(k)) {
      hi = k
      break
    }
    lo = k
  }
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2)
    if (clears(mid)) lo = mid
    else hi = mid
  }
  return lo
}

/**
 * The block plan of ReputationUCB (proofs-notes §13.8, Proposition 13.8): the largest `k ≤ cap`
 * (at least 1) for which the block `t..t+k−1` served by `i`, the argmax at round `t`, is safe by
 * the float test with its margin: two rounds, the whole cap, then galloping and bisection (the
 * exact condition is monotone in `k`; the float test is only ever trusted where it holds).
 *
 * @param arms - the providers' statistics before round `t`.
 * @param i - the provider allocated round `t`.
 * @param t - the block's first round (`t > n`).
 * @param cap - the most rounds asked for.
 * @returns the block's rounds `k`, `1 ≤ k ≤ max(1, cap)`.
 */
export const ucbSafeRounds = (arms: UcbArms, i: number, t: number, cap: number): number =>
  safeRoundsInFloats(
    Float64Array.from(arms.sums, (s) => Number(s)),
    arms.rounds,
    Number(arms.rangeUnits),
    Number(arms.xLoUnits),
    i,
    t,
    cap,
  )

/** Inner rounds of a block up to which the debug check of ReputationUCB tests every round's argmax directly. */
const DIRECT_CHECK_ROUNDS = 4

/**
 * Debug mode of ReputationUCB's leaping (proofs-notes §13.8): whether `i` wins the exact argmax at
 * rounds `t+1 .. t+k−1` with every outcome of its rounds in the block at `x_lo` (the worst case: its
 * index increases with its sum), by exact comparisons with `ln` of each round checked. Up to
 * `DIRECT_CHECK_ROUNDS` inner rounds every one is checked directly; beyond, the rounds `t+1` and
 * `t+k−1` directly, and all of them at once by the exact interval bound (`i`'s worst index after
 * `k − 1` rounds with `ln(t+1)` against the others' with `ln(t+k−1)`), which bounds every inner
 * round by monotonicity (Proposition 13.8). `ln` is costly at 50 digits: two per long block.
 *
 * @param arms - the providers' statistics before round `t`.
 * @param i - the provider allocated round `t`.
 * @param t - the block's first round.
 * @param k - the block's rounds.
 * @param logAt - `ln` at a round as its exact 50-digit fraction.
 * @returns `undefined` when the block is safe, else what fails.
 */
export const ucbVerifyBlock = (arms: UcbArms, i: number, t: number, k: number, logAt: (t: number) => LogFraction): string | undefined => {
  if (arms.rounds.some((c) => c < 1))
    return `leap debug: the block ${t}..${t + k - 1} starts before every provider has served its first round`
  const others = arms.sums.map((_, j) => j).filter((j) => j !== i)
  const worst = (m: number): bigint => arms.sums[i]! + BigInt(m) * arms.xLoUnits
  const winsAt = (m: number, log: LogFraction): string | undefined => {
    for (const j of others) {
      const c = ucbCompareExactly(worst(m), arms.rounds[i]! + m, arms.sums[j]!, arms.rounds[j]!, arms.rangeUnits, log)
      // Ties go to the lower index.
      if (c < 0 || (c === 0 && j < i))
        return `leap debug: round ${t + m} inside the block ${t}..${t + k - 1} goes to provider ${j} at the worst outcomes, not to ${i}`
    }
    return undefined
  }
  const inner = k - 1
  if (inner <= DIRECT_CHECK_ROUNDS) {
    for (let m = 1; m <= inner; m++) {
      const f = winsAt(m, logAt(t + m))
      if (f !== undefined) return f
    }
    return undefined
  }
  const low = logAt(t + 1)
  const high = logAt(t + inner)
  const direct = winsAt(1, low) ?? winsAt(inner, high)
  if (direct !== undefined) return direct
  for (const j of others)
    if (compareWithLogs(worst(inner), arms.rounds[i]! + inner, low, arms.sums[j]!, arms.rounds[j]!, high, arms.rangeUnits) <= 0)
      return `leap debug: the block ${t}..${t + k - 1} fails the interval bound of Proposition 13.8 against provider ${j}`
  return undefined
}

/**
 * ReputationUCB: UCB1 on observed net utility, scaled to the public range width `R`. Rounds
 * `1..n` try each provider once in index order; round `t > n` goes to the provider maximizing
 * `mean_i + R·√(2·ln t / n_i)`, ties to the lower index, decided exactly with `ln t` at 50
 * significant digits (float filter, squared-out bigint fallback; see the module notes). No
 * monitoring, no firing, no transfers; every round is in phase `open`.
 *
 * `finish().details` records `R`, the index formula, the precision of `ln t`, per provider its
 * rounds and observed mean, and how many rounds the exact fallback decided.
 *
 * @returns the mechanism ReputationUCB (§4.2).
 *
 * @example
 * ```ts
 * const r = simulate(model, reputationUcb(), [honest, honest, honest], { T: 5000, seed: 1 })
 * // r.right.outcome.details.plays: [{ provider: 'a', rounds: 4790, mean: '0.8' }, …]
 * ```
 */
export const reputationUcb = (): Mechanism => ({
  name: 'ReputationUCB',
  start: ({ model, T }) => {
    const rUnits = toUnits(model.grid, model.R)
    if (E.isLeft(rUnits)) return E.left(`range: ${rUnits.left}`)
    const rangeUnits = rUnits.right
    const rangeFloat = Number(rangeUnits)
    const n = model.n
    const view = openView(T, n)
    // Exact per-provider sums: big + small (small an exact integer below 2^52), and float shadows.
    const big: bigint[] = Array.from({ length: n }, () => 0n)
    const bigFloat = new Float64Array(n)
    const small = new Float64Array(n)
    const count = new Float64Array(n)
    const index = new Float64Array(n)
    let exactDecisions = 0
    let rounds = 0
    // The provider allocated the current round (the server of a block that starts there).
    let chosen = -1
    let cachedLogT = -1
    let cachedLog: LogFraction = { num: 0n, den: 1n }
    const logAt = (t: number): LogFraction => {
      if (t !== cachedLogT) {
        cachedLogT = t
        cachedLog = logFraction(t)
      }
      return cachedLog
    }
    const exactSum = (i: number): bigint => big[i]! + BigInt(small[i]!)
    const xLo = toUnits(model.grid, model.xLo)
    const xLoUnits = E.isRight(xLo) ? xLo.right : 0n
    const arms = (): UcbArms => ({ sums: big.map((_, p) => exactSum(p)), rounds: Array.from(count), rangeUnits, xLoUnits })
    const xLoFloat = Number(xLoUnits)
    // The floats nearest to the exact sums, for the block plan: `small` alone while nothing was
    // flushed (an exact integer), else the rounded exact sum.
    const nearestSums = new Float64Array(n)
    const fillNearestSums = (): Float64Array => {
      for (let p = 0; p < n; p++) nearestSums[p] = big[p] === 0n ? small[p]! : Number(exactSum(p))
      return nearestSums
    }

    const choose = (t: number): number => {
      const twoLog = 2 * Math.log(t)
      let best = 0
      let top = -Infinity
      let scale = 0
      for (let i = 0; i < n; i++) {
        const c = count[i]!
        const mean = (bigFloat[i]! + small[i]!) / c
        const radius = rangeFloat * Math.sqrt(twoLog / c)
        const v = mean + radius
        index[i] = v
        if (v > top) {
          top = v
          best = i
        }
        const size = Math.abs(mean) + radius
        if (size > scale) scale = size
      }
      // Float error of each index is below 2^(−48)·(|mean| + radius): anything within the bound of
      // the float maximum may be the exact argmax.
      const floor = top - 2 ** -40 * scale
      let candidates = 0
      for (let i = 0; i < n; i++) if (index[i]! >= floor) candidates++
      if (candidates === 1) return best
      exactDecisions++
      let champion = -1
      for (let i = 0; i < n; i++) {
        if (index[i]! < floor) continue
        if (champion < 0) champion = i
        else if (count[i] === count[champion]) {
          // Equal radii: the sums decide (and `ln t` is not needed).
          if (exactSum(i) > exactSum(champion)) champion = i
        } else if (ucbCompareExactly(exactSum(i), count[i]!, exactSum(champion), count[champion]!, rangeUnits, logAt(t)) > 0) champion = i
      }
      return champion
    }

    return E.right({
      view,
      allocate: (t) => {
        view.t = t
        rounds++
        chosen = t <= n ? t - 1 : choose(t)
        return chosen
      },
      observe: (_t, i, x) => {
        view.lastServer = i
        view.lastX = x
        count[i]!++
        const s = small[i]! + x
        if (s >= FLUSH_AT || s <= -FLUSH_AT) {
          big[i] = big[i]! + BigInt(s)
          bigFloat[i] = Number(big[i]!)
          small[i] = 0
        } else small[i] = s
      },
      // The leaping engine's interface (proofs-notes §13.8): the first n rounds one by one, then
      // blocks served by the round's argmax while Proposition 13.8 keeps it the argmax.
      safeRounds: (t: number, limit: number): BlockPlan => {
        if (t <= n) return { rounds: 1, roundRobin: false }
        return {
          rounds: safeRoundsInFloats(fillNearestSums(), count, rangeFloat, xLoFloat, chosen, t, Math.min(T - t + 1, limit)),
          roundRobin: false,
        }
      },
      observeBlock: (t: number, k: number, sumX: readonly bigint[], lastX: number): void => {
        const i = chosen
        view.t = t + k - 1
        view.lastServer = i
        view.lastX = lastX
        rounds += k - 1
        count[i]! += k
        big[i] = big[i]! + sumX[i]!
        bigFloat[i] = Number(big[i]!)
      },
      verifyBlock: (t: number, k: number): string | undefined => ucbVerifyBlock(arms(), chosen, t, k, logFraction),
      finish: () => ({
        transfers: model.providers.map(() => 0n),
        phases: { exploration: 0, exploitation: 0, blindTrustFallback: 0, blindTrustEndgame: 0, open: rounds },
        details: {
          range: model.R.toString(),
          index: 'mean_i + R·√(2·ln t / n_i), t the current round; first each provider once; ties to the lower index',
          logPrecision: PRECISION,
          plays: model.providers.map((p, i) => ({
            provider: p.id,
            rounds: count[i]!,
            mean: count[i]! > 0 ? fromUnits(model.grid, exactSum(i)).div(count[i]!).toString() : null,
          })),
          exactDecisions,
        },
      }),
    })
  },
})
