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
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { Decimal, PRECISION } from '../exact/decimal.ts'
import { fromUnits, toUnits } from '../exact/grid.ts'
import type { Mechanism } from '../sim/interfaces.ts'
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
        return t <= n ? t - 1 : choose(t)
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
