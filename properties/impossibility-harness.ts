/**
 * The machinery behind the Theorem 3 suite (proofs-notes §8): the family
 * `I_a` on a grid of types, provider 1's best response within the strategy families of proofs-notes §5
 * computed level by level from the weakest type up, with the note's **exact replay** among the
 * candidates, and the exact per-level accounts (`N`, `Π_1`, `Π_2`, `U`, `Ũ`) that the chain uses.
 *
 * Everything is kept as exact sums over a common seed set (no division): the seed average of a
 * quantity is its sum over the `S` seeds divided by `S`, and every inequality of the note is linear,
 * so it holds for the averages iff it holds for the sums with `SB`, `FB` scaled by `S`.
 */
import { type Decimal, ZERO } from '../src/exact/decimal.ts'
import type { Mechanism, Strategy } from '../src/sim/interfaces.ts'
import { type InstanceModel, buildInstanceModel } from '../src/model/instance-model.ts'
import type { NoiseModel } from '../src/model/types.ts'
import { simulate } from '../src/sim/engine.ts'
import { usd } from '../src/sim/ledger.ts'
import { fullCheat, honest, recommended } from '../src/strategy/basic.ts'
import { mimic } from '../src/strategy/mimicry.ts'
import { marginWithholding, slackRiding } from '../src/strategy/slack-riding.ts'
import { type FamilyGrid, familyInstance } from '../src/theory/impossibility.ts'
import { providerUsd, rightOrFail, userUsd } from './assertions.ts'
import { type Exceedance, bandExceedance, hoeffdingWidth, unionFailure } from './pathwise-rule.ts'

/** The instance model of `I_a` for every type of the grid (index k ↦ `I_{a_k}`). */
export const familyModels = (grid: FamilyGrid, noise: NoiseModel): InstanceModel[] =>
  grid.types.map((a) => rightOrFail(buildInstanceModel(rightOrFail(familyInstance(a, grid.b, noise)))))

/**
 * Lemma B's deviation "type `a` plays the strategy `s` of type `a'`": `s` is started with the
 * weaker type's model and type statistics (so it chooses exactly the means type `a'` would), but
 * its actions are compiled for the real provider (so the profits are `a − m`). The user, the
 * mechanism and provider 2 see the same history as in `I_{a'}` on every seed.
 */
export const asType = (weaker: InstanceModel, s: Strategy, name: string): Strategy => ({
  name,
  start: (ctx) => s.start({ ...ctx, model: weaker, self: weaker.providers[ctx.index]! }),
})

/** Exact sums over the seeds of one profile on one instance. */
export interface Accounts {
  /** Σ rounds served by provider 1. */
  readonly N: number
  /** Σ Π_1 (USD). */
  readonly pi1: Decimal
  /** Σ Π_2 (USD). */
  readonly pi2: Decimal
  /** Σ realized U (USD). */
  readonly U: Decimal
  /** Σ Ũ = Σ_t m_t − Z_1 − Z_2 with nominal action means (USD): the note's exact sample version. */
  readonly Utilde: Decimal
  /** Per-seed realized U (USD). */
  readonly perSeedU: readonly Decimal[]
  /** Per-seed Ũ (USD): realized U minus Ũ is the seed's noise, checked per seed (proofs-notes §9.6). */
  readonly perSeedUtilde: readonly Decimal[]
}

/** Runs `profile` on `model` for every seed and sums the accounts exactly. */
export const accounts = (
  model: InstanceModel,
  mech: Mechanism,
  profile: readonly Strategy[],
  T: number,
  seeds: readonly number[],
): Accounts => {
  let N = 0
  let pi1 = ZERO
  let pi2 = ZERO
  let U = ZERO
  let Utilde = ZERO
  const perSeedU: Decimal[] = []
  const perSeedUtilde: Decimal[] = []
  for (const seed of seeds) {
    const r = rightOrFail(simulate(model, mech, profile, { T, seed }))
    const l = r.ledger
    N += l.roundsServed[0]!
    pi1 = pi1.plus(providerUsd(r, 0))
    pi2 = pi2.plus(providerUsd(r, 1))
    const u = userUsd(r)
    U = U.plus(u)
    perSeedU.push(u)
    // Σ_t m_t over provider i's rounds = ū_i·N_i − Σ(ū_i − m_t) (pure-transfer frontier, π^h = 0).
    const delivered = model.providers.reduce(
      (acc, p, i) => acc.plus(p.honestMean.times(l.roundsServed[i]!)).minus(usd(l, l.serviceProfit[i]!)),
      ZERO,
    )
    const utilde = delivered.minus(
      usd(
        l,
        l.transfers.reduce((a, z) => a + z, 0n),
      ),
    )
    Utilde = Utilde.plus(utilde)
    perSeedUtilde.push(utilde)
  }
  return { N, pi1, pi2, U, Utilde, perSeedU, perSeedUtilde }
}

/** One level of the chain: type `a_k`, provider 1's chosen strategy and the exact accounts. */
export interface ChainLevel {
  readonly k: number
  /** Type `a_k`. */
  readonly a: Decimal
  /** Gap `x_k = a_k − b`. */
  readonly gap: Decimal
  /** The chosen (best-responding) strategy of provider 1. */
  readonly strategy: Strategy
  /** Accounts of the chosen profile. */
  readonly accounts: Accounts
  /** How many candidate strategies were compared. */
  readonly candidates: number
  /** Σ Π_1 of the replay of level k+1's choice, simulated (`undefined` at k = K). */
  readonly replayPayoff: Decimal | undefined
  /** The same, predicted without simulation: `Σ Π_1(a_{k+1}) + (a_k − a_{k+1})·Σ N(a_{k+1})`. */
  readonly replayPredicted: Decimal | undefined
}

/**
 * Quantum of slack riding's chosen means, as a fraction of `R`: `10^(−3)` keeps the number of
 * compiled actions per run small (a fresh mean every round costs a table each), at a cost of at
 * most `10^(−3)·R` per monitored round against unquantized riding.
 */
export const SLACK_QUANTUM = 1e-3

/**
 * The strategy families of proofs-notes §5 that provider 1 of type `a_k` best-responds over (the replay
 * is added by {@link bestResponseChain}): truthful τ*, honest, slack riding, full cheat,
 * margin-10R, and mimicry of every grid type below `a_k`.
 */
export const familyCandidates = (grid: FamilyGrid, k: number): Strategy[] => [
  recommended,
  honest,
  slackRiding({ quantumR: SLACK_QUANTUM }),
  fullCheat,
  marginWithholding(10),
  ...grid.types.slice(k + 1).map((a) => mimic(a)),
]

/**
 * Provider 1's best response on every level of the grid, from `k = K` down to `0` (provider 2
 * plays τ*). At level `k < K` the candidates include the exact replay of the strategy chosen at
 * `a_{k+1}` ({@link asType}); the choice is the first candidate with the largest `Σ Π_1` over the
 * seeds, so `Π_1(a_k) ≥ Π_1(a_{k+1}) + (a_k − a_{k+1})·N(a_{k+1})` holds exactly ((B_k) with `η = 0`).
 */
export const bestResponseChain = (
  mech: Mechanism,
  grid: FamilyGrid,
  models: readonly InstanceModel[],
  T: number,
  seeds: readonly number[],
  candidates: (k: number) => readonly Strategy[] = (k) => familyCandidates(grid, k),
): ChainLevel[] => {
  const K = grid.types.length - 1
  const levels: ChainLevel[] = []
  let above: ChainLevel | undefined
  for (let k = K; k >= 0; k--) {
    const model = models[k]!
    const replay =
      above === undefined ? undefined : asType(models[k + 1]!, above.strategy, `replay(a=${above.a.toString()}: ${above.strategy.name})`)
    const pool = [...candidates(k), ...(replay === undefined ? [] : [replay])]
    let best: { strategy: Strategy; acc: Accounts } | undefined
    let replayPayoff: Decimal | undefined
    for (const s of pool) {
      const acc = accounts(model, mech, [s, recommended], T, seeds)
      if (s === replay) replayPayoff = acc.pi1
      if (best === undefined || acc.pi1.gt(best.acc.pi1)) best = { strategy: s, acc }
    }
    const level: ChainLevel = {
      k,
      a: grid.types[k]!,
      gap: grid.gaps[k]!,
      strategy: best!.strategy,
      accounts: best!.acc,
      candidates: pool.length,
      replayPayoff,
      replayPredicted: above === undefined ? undefined : above.accounts.pi1.plus(grid.types[k]!.minus(above.a).times(above.accounts.N)),
    }
    levels.unshift(level)
    above = level
  }
  return levels
}

/** The profile `profile` at every level of the grid (no best response), e.g. τ* of both providers. */
export const profileChain = (
  mech: Mechanism,
  grid: FamilyGrid,
  models: readonly InstanceModel[],
  T: number,
  seeds: readonly number[],
  profile: readonly Strategy[] = [recommended, recommended],
): ChainLevel[] =>
  models.map((model, k) => ({
    k,
    a: grid.types[k]!,
    gap: grid.gaps[k]!,
    strategy: profile[0]!,
    accounts: accounts(model, mech, profile, T, seeds),
    candidates: 1,
    replayPayoff: undefined,
    replayPredicted: undefined,
  }))

/**
 * The measured mimicry slack of a chain, `η_eff = max_{k<K} (Π_1(a_{k+1}) + (a_k − a_{k+1})·N(a_{k+1}) − Π_1(a_k))⁺`,
 * per seed average (sums divided by the seed count).
 */
export const effectiveSlack = (levels: readonly ChainLevel[], seedCount: number): Decimal =>
  levels.slice(0, -1).reduce((worst, lv, k) => {
    const up = levels[k + 1]!
    const mimicPayoff = up.accounts.pi1.plus(lv.a.minus(up.a).times(up.accounts.N))
    const slack = mimicPayoff.minus(lv.accounts.pi1).div(seedCount)
    return slack.gt(worst) ? slack : worst
  }, ZERO)

/** The normalized gain `(U − SB)/(FB − SB)` of a level as an exact numerator/denominator pair (sums over `S` seeds). */
export const normalizedGain = (
  lv: ChainLevel,
  b: Decimal,
  T: number,
  seedCount: number,
  which: 'U' | 'Utilde' = 'Utilde',
): { readonly numerator: Decimal; readonly denominator: Decimal } => ({
  numerator: lv.accounts[which].minus(b.times(T).times(seedCount)),
  denominator: lv.gap.times(T).times(seedCount),
})

/** Builds a readable table of a chain: k, a_k, chosen strategy, N, normalized gain. */
export const describeChain = (levels: readonly ChainLevel[], b: Decimal, T: number, seedCount: number): string =>
  levels
    .map((lv) => {
      const g = normalizedGain(lv, b, T, seedCount)
      return `k=${lv.k} a=${lv.a.toString()} N=${lv.accounts.N / seedCount} γ=${g.numerator.div(g.denominator).toSignificantDigits(6).toString()} ← ${lv.strategy.name}`
    })
    .join('\n')

/**
 * The realized-U check of the Bernoulli chain (proofs-notes §9.6): on each seed and level,
 * `U − Ũ = Σ_t (X_t − m_t)`: `T` martingale increments `X_t − E[X_t | past]`, each in an interval of
 * length `R`, plus the rounding of the Bernoulli probabilities up to `2^(−32)` (at most `T·R·2^(−32)`,
 * upward). Every one of the `levels·seeds` values must lie within Azuma–Hoeffding's width at
 * `p = α/(levels·seeds)` plus that rounding: the exceedance rule with critical count 1, a union bound
 * (the levels share their seeds, so no independence is used).
 */
export const realizedNoiseCheck = (levels: readonly ChainLevel[], T: number, R: Decimal): NoiseBand =>
  noiseBand(
    levels.flatMap((lv) => lv.accounts.perSeedU),
    levels.flatMap((lv) => lv.accounts.perSeedUtilde),
    T,
    R,
  )

/** The verdict of {@link noiseBand}: the exceedance count and the band's half-width. */
export type NoiseBand = Exceedance & { readonly width: Decimal }

/** {@link realizedNoiseCheck} on flat lists: realized `us` against their `Ũ` values `centers`, `T` rounds of range `R` each. */
export const noiseBand = (us: readonly Decimal[], centers: readonly Decimal[], T: number, R: Decimal): NoiseBand => {
  const p = unionFailure(us.length)
  const width = hoeffdingWidth(R, T, p).plus(R.times(T).div(2 ** 32))
  return { ...bandExceedance(us, centers, width, p), width }
}
