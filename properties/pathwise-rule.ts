/**
 * The statistical rule that replaces "mean beyond the bound by more than 4 standard errors" in the
 * Monte Carlo suites (proofs-notes §9.6). The proofs of Theorems 1 and 2 bound each seed's outcome
 * on every path outside failure events whose total probability per seed is at most a stated
 * `p_F` (Lemmas 6.10 and 7.4). Seeds are independent (proofs-notes §9.2), so the number `m` of
 * seeds out of `k` that exceed the per-seed bound is stochastically below Binomial(k, p_F), and
 * `P(m ≥ μ) ≤ C(k, μ)·p_F^μ`. The rule flags a violation when `m` reaches the smallest `μ` with
 * `C(k, μ)·p_F^μ ≤ α` (α = 10⁻⁹): an exact false-alarm bound, and a violation concentrated on a
 * few seeds — bimodal, as when τ* is fired by noise on some seeds only — is flagged however large
 * its spread, unlike a rule that divides by the sample's own standard error.
 */
import { Decimal } from '../src/exact/decimal.ts'
import type { SbdConstants } from '../src/mechanism/constants.ts'
import { slackAfter } from '../src/mechanism/constants.ts'
import type { InstanceModel } from '../src/model/instance-model.ts'

/** The rule's false-alarm probability per checked quantity. */
export const RULE_ALPHA = new Decimal('1e-9')

/** The smallest count μ ∈ [1, k] with C(k, μ)·p^μ ≤ α, or k + 1 when none is (the rule then cannot fire). */
export const criticalCount = (k: number, p: Decimal, alpha: Decimal = RULE_ALPHA): number => {
  let binom = new Decimal(1)
  for (let mu = 1; mu <= k; mu++) {
    binom = binom.times(k - mu + 1).div(mu)
    if (binom.times(p.pow(mu)).lte(alpha)) return mu
  }
  return k + 1
}

/** How many of `xs` exceed `bound`, the critical count, and whether the rule flags it. */
export interface Exceedance {
  readonly count: number
  readonly critical: number
  readonly flagged: boolean
}

/** The exceedance rule for per-seed values `xs` against a per-seed bound holding off an event of probability ≤ `p`. */
export const exceedance = (xs: readonly Decimal[], bound: Decimal, p: Decimal): Exceedance => {
  const count = xs.filter((x) => x.gt(bound)).length
  const critical = criticalCount(xs.length, p)
  return { count, critical, flagged: count >= critical }
}

/**
 * The `p_F` at which the exceedance rule over `k` values flags on the first exceedance: `α/k`
 * (`C(k, 1)·p_F = α`, so `μ* = 1`). The false-alarm bound is then a union bound and needs no
 * independence between the values (proofs-notes §9.6).
 */
export const unionFailure = (k: number): Decimal => RULE_ALPHA.div(k)

/**
 * Hoeffding (Azuma–Hoeffding for martingale increments): a sum of `n` increments, each in an
 * interval of length `range` given the past, leaves its (conditional) mean by more than
 * `range·√(n·ln(2/p)/2)` with probability at most `p`, either way (proofs-notes §9.6).
 */
export const hoeffdingWidth = (range: Decimal, n: number, p: Decimal): Decimal =>
  range.times(new Decimal(2).div(p).ln().times(n).div(2).sqrt())

/**
 * Bernstein, for `n` independent increments of known variance `variance` each, every one within
 * `range` of its mean: the sum leaves its mean by more than `t = ℓ·range/3 + √((ℓ·range/3)² + 2ℓ·n·variance)`,
 * `ℓ = ln(2/p)`, with probability at most `p`, either way (proofs-notes §9.6). The variance is the
 * model's, not the sample's: a bimodal sample cannot widen it.
 */
export const bernsteinWidth = (range: Decimal, variance: Decimal, n: number, p: Decimal): Decimal => {
  const l = new Decimal(2).div(p).ln()
  const a = l.times(range).div(3)
  return a.plus(
    a
      .pow(2)
      .plus(l.times(2 * n).times(variance))
      .sqrt(),
  )
}

/** The exceedance rule for two-sided per-seed bounds: `xs[s]` counts when `|xs[s] − centers[s]| > width`. */
export const bandExceedance = (xs: readonly Decimal[], centers: readonly Decimal[], width: Decimal, p: Decimal): Exceedance =>
  exceedance(
    xs.map((x, s) => x.minus(centers[s]!).abs()),
    width,
    p,
  )

/** The verdict of {@link iidSumCheck}. */
export interface SumCheck {
  /** The per-seed exceedance rule (two-sided). */
  readonly perSeed: Exceedance
  /** `|Σ_s U_s − k·T·μ|` and the width it must stay within. */
  readonly pooled: { readonly deviation: Decimal; readonly width: Decimal }
  /** The per-seed width. */
  readonly seedWidth: Decimal
  /** True iff the per-seed rule flags or the pooled sum leaves its width. */
  readonly flagged: boolean
}

/**
 * Per-seed sums `us` of `T` independent rounds, each of mean `mean` and within an interval of
 * length `range` (and of variance `variance`, when the model gives it): each seed must lie within
 * `min(Hoeffding, Bernstein)` of `T·mean`, and the sum over the `k` seeds within its own width of
 * `k·T·mean`, every one of the `k + 1` bounds at `p = α/(k + 1)` (proofs-notes §9.6). A violation
 * carried by one seed fails the first; one spread thinly over every seed fails the second.
 */
export const iidSumCheck = (us: readonly Decimal[], T: number, mean: Decimal, range: Decimal, variance?: Decimal): SumCheck => {
  const k = us.length
  const p = unionFailure(k + 1)
  const width = (n: number): Decimal =>
    variance === undefined ? hoeffdingWidth(range, n, p) : Decimal.min(hoeffdingWidth(range, n, p), bernsteinWidth(range, variance, n, p))
  const seedWidth = width(T)
  const center = mean.times(T)
  const perSeed = bandExceedance(
    us,
    us.map(() => center),
    seedWidth,
    p,
  )
  const deviation = us
    .reduce((a, u) => a.plus(u), new Decimal(0))
    .minus(center.times(k))
    .abs()
  const pooledWidth = width(k * T)
  return { perSeed, pooled: { deviation, width: pooledWidth }, seedWidth, flagged: perSeed.flagged || deviation.gt(pooledWidth) }
}

/** `R·√(j·ln T / 2)`: Azuma–Hoeffding's deviation for `j` increments of range `R` at probability `1/T`. */
const noise = (c: SbdConstants, j: number): Decimal => c.R.times(new Decimal(c.T).ln().times(j).div(2).sqrt())

/** `T·R·2^(−31)`: what realizing probabilities within `2^(−32)` (from above) can move a sum by, twice over. */
const resolution = (c: SbdConstants): Decimal => c.R.times(c.T).div(2 ** 31)

/** The action grid's step in delivered mean on abstract instances (proofs-notes §3.4; frontier slopes ≤ 1). */
const ACTION_STEP = new Decimal('1e-6')

/**
 * Lemma 6.10's per-seed bound on provider `i`'s gain `Π_i(σ, τ*_{−i}) − Π_i(τ*)` under common seeds,
 * for abstract Bernoulli instances (profit per round deterministic given the action):
 * `[R√(L·ln T/2) | L·(ū_i − μ^min_i)] + c(K_X) + R + R√(K_X·ln T/2) + K_X·δ_a + T·R·2^(−31)`.
 */
export const icSeedBound = (m: InstanceModel, c: SbdConstants, i: number, rebate: boolean): Decimal => {
  const p = m.providers[i]!
  const exploration = rebate ? noise(c, c.L) : p.honestMean.minus(p.cheatMean).times(c.L)
  return exploration
    .plus(slackAfter(c, c.monitoredMax))
    .plus(c.R)
    .plus(noise(c, c.monitoredMax))
    .plus(ACTION_STEP.times(c.monitoredMax))
    .plus(resolution(c))
}

/** Lemma 6.10's failure probability per seed: `4/T`. */
export const icFailure = (c: SbdConstants): Decimal => new Decimal(4).div(c.T)

/** Lemma 7.4's per-seed bounds on the user's utility under τ*, with their failure probabilities. */
export interface SeedBounds {
  readonly lower: Decimal
  readonly pLower: Decimal
  /** Under Assumption U, abstract instances only. */
  readonly upper: Decimal
  readonly pUpper: Decimal
}

/**
 * Lemma 7.4: off `not G` and a firing of the τ* winner (probability ≤ 1/T + K_X/(2T²)),
 * `U ≥ SB − E_x − K_X·(2r + g) − c(K_X) − L·(ū_(2) − x_lo) − T·R·2^(−31)`, with
 * `E_x = nL·(ū_(2) − x_lo)` (rebate on) or `L·Σ_k (ū_(2) − ū_k) + nL·r` (off). Off those and two
 * Hoeffding events more (probability ≤ 4/T in all), under Assumption U,
 * `U ≤ SB + E'_x + K_X·δ_a + R√(K_X·ln T/2) + R√(L·ln T/2) + T·R·2^(−31)`, with
 * `E'_x = −nL·(ū_(2) − x_lo)` (on) or `L·Σ_k (ū_k − ū_(2)) + nL·r` (off).
 */
export const secondBestSeedBounds = (m: InstanceModel, c: SbdConstants, rebate: boolean): SeedBounds => {
  const us = m.providers.map((p) => p.honestMean).sort((a, b) => b.comparedTo(a))
  const second = us[1]!
  const n = m.n
  const L = c.L
  const sb = second.times(c.T)
  const g = new Decimal(10).pow(-m.grid.k)
  const spreadOff = us.reduce((a, u) => a.plus(u.minus(second)), new Decimal(0)).times(L)
  const exLower = rebate ? second.minus(m.xLo).times(n * L) : spreadOff.neg().plus(c.r.times(n * L))
  const exUpper = rebate
    ? second
        .minus(m.xLo)
        .times(n * L)
        .neg()
    : spreadOff.plus(c.r.times(n * L))
  const lower = sb
    .minus(exLower)
    .minus(c.r.times(2).plus(g).times(c.monitoredMax))
    .minus(slackAfter(c, c.monitoredMax))
    .minus(second.minus(m.xLo).times(L))
    .minus(resolution(c))
  const upper = sb
    .plus(exUpper)
    .plus(ACTION_STEP.times(c.monitoredMax))
    .plus(noise(c, c.monitoredMax))
    .plus(noise(c, L))
    .plus(resolution(c))
  const t = new Decimal(c.T)
  return {
    lower,
    pLower: new Decimal(1).div(t).plus(new Decimal(c.monitoredMax).div(t.pow(2).times(2))),
    upper,
    pUpper: new Decimal(4).div(t),
  }
}
