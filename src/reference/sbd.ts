/**
 * A readable transcription of SBD(ε) and of the round loop, line by line as proofs-notes §3.1–§3.3
 * state them: pure functions over immutable state, exact `Decimal` money in USD, one function per
 * phase, and none of the fast engine's devices (no grid integers in the loop, no float filter, no
 * regimes, no banked sums). It plays the same strategies on the same seeded uniforms as `simulate`,
 * so a property can compare both round by round; it is a specification to read and to check
 * against, not a simulator to use (it keeps every round and is orders of magnitude slower).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { ceilPow } from '../exact/ceil-pow.ts'
import { Decimal, ONE, ZERO, dmax } from '../exact/decimal.ts'
import { fromUnits } from '../exact/grid.ts'
import type { InstanceModel } from '../model/instance-model.ts'
import { outcomeIndex } from '../model/outcome-table.ts'
import type { OutcomeTable } from '../model/outcome-table.ts'
import type { Action } from '../model/types.ts'
import type { Strategy } from '../sim/interfaces.ts'
import type { Phase, PublicView } from '../sim/public-view.ts'
import { nextUint32, streamOf } from '../sim/rng.ts'

/** The per-round outcome `(X_t, Y_t)` in USD of `provider` playing `action` on uniforms `(u, v, z)` (§2.1). */
export type RoundOutcome = (
  provider: number,
  action: Action,
  u: number,
  v: number,
  z: number,
) => { readonly x: Decimal; readonly y: Decimal }

/** A firing: `provider` (0-based) fired after round `round`, its `monitoredRounds`-th round of its stint. */
export interface Firing {
  readonly provider: number
  readonly round: number
  readonly monitoredRounds: number
}

/** One played round: its phase, who served, and the realized `X_t`, `Y_t` (USD). */
export interface Round {
  readonly phase: Phase
  readonly server: number
  readonly x: Decimal
  readonly y: Decimal
}

/** A transcribed run: every round, the ranking `ρ`, the targets `τ_k`, the firings and the exact ledger (USD). */
export interface Transcript {
  readonly rounds: readonly Round[]
  readonly ranking: readonly number[]
  readonly targets: readonly Decimal[]
  readonly firings: readonly Firing[]
  readonly roundsServed: readonly number[]
  readonly serviceProfit: readonly Decimal[]
  readonly transfers: readonly Decimal[]
  readonly totalX: Decimal
  readonly totalY: Decimal
}

/** The constants of §3.1, and for the test of §3.4 `R` in grid units and `ℓ = ln(2T²)` as the fraction of its decimal. */
interface Constants {
  readonly T: number
  readonly n: number
  readonly L: number
  readonly xLo: Decimal
  readonly r: Decimal
  readonly grid: InstanceModel['grid']
  readonly rangeUnits: bigint
  readonly ell: { readonly num: bigint; readonly den: bigint; readonly approx: number }
}

/** The mechanism's state between rounds. */
interface State {
  /** `Σ X_t` over each provider's exploration rounds. */
  readonly explored: readonly Decimal[]
  /** `ρ_1, …, ρ_n` (empty until exploration ends) and `τ_1, …, τ_{n−1}`. */
  readonly ranking: readonly number[]
  readonly targets: readonly Decimal[]
  /** The current server is `ρ_{position+1}`; `monitored` turns false in blind trust I. */
  readonly position: number
  readonly monitored: boolean
  /** The current stint: cumulative `S` and its `j` monitored rounds. */
  readonly S: Decimal
  readonly j: number
  readonly firings: readonly Firing[]
}

/** What a phase does in round `t`: who serves, and the state after observing `X_t`. */
interface PhaseRule {
  readonly server: (c: Constants, s: State, t: number) => number
  readonly observe: (c: Constants, s: State, t: number, x: Decimal) => State
}

const toGridFloor = (c: Constants, d: Decimal): Decimal => d.toDecimalPlaces(c.grid.k, Decimal.ROUND_FLOOR)
const gridUnits = (c: Constants, usd: Decimal): bigint => BigInt(usd.times(c.grid.scaleDecimal).toFixed(0))

/** Phase 1, exploration (§3.2): round robin; after round `nL`, rank by `Û` (ties to the lower index) and price. */
const exploration: PhaseRule = {
  server: (c, _s, t) => (t - 1) % c.n,
  observe: (c, s, t, x) => {
    const explored = s.explored.map((sum, i) => (i === (t - 1) % c.n ? sum.plus(x) : sum))
    return t === c.n * c.L ? rankAndPrice(c, { ...s, explored }) : { ...s, explored }
  },
}

/** `ρ` by `Û_i = ΣX/L` descending, and `τ_k = max(x_lo, Û_{ρ_{k+1}} − r)` rounded down to the money grid (§3.4). */
const rankAndPrice = (c: Constants, s: State): State => {
  const mean = (i: number): Decimal => s.explored[i]!.div(c.L)
  const ranking = s.explored.map((_, i) => i).sort((a, b) => mean(b).comparedTo(mean(a)) || a - b)
  const targets = ranking.slice(1).map((next) => toGridFloor(c, dmax(c.xLo, mean(next).minus(c.r))))
  return { ...s, ranking, targets }
}

/** The test `S < j·τ − c(j)`, `c(j) = R·√(j·ln(2T²)/2)`, without division (§3.4): `W = j·τ − S > 0` and `2·W² > R²·j·ℓ`. */
const fires = (c: Constants, S: Decimal, j: number, tau: Decimal): boolean => {
  const W = tau.times(j).minus(S)
  if (!W.gt(0)) return false
  // In integers: W and R in grid units, ℓ as the exact fraction of its decimal.
  return 2n * gridUnits(c, W) ** 2n * c.ell.den > c.rangeUnits ** 2n * BigInt(j) * c.ell.num
}

/** Phase 2, exploitation (§3.2): `ρ_k` serves against `τ_k`; fired, `ρ_{k+1}` takes over afresh — after `ρ_{n−1}`, blind trust I. */
const exploitation: PhaseRule = {
  server: (_c, s) => s.ranking[s.position]!,
  observe: (c, s, t, x) => {
    const S = s.S.plus(x)
    const j = s.j + 1
    if (!fires(c, S, j, s.targets[s.position]!)) return { ...s, S, j }
    const firings = [...s.firings, { provider: s.ranking[s.position]!, round: t, monitoredRounds: j }]
    return { ...s, firings, position: s.position + 1, monitored: s.position + 1 < c.n - 1, S: ZERO, j: 0 }
  },
}

/** Phase 3, blind trust I (§3.2): nobody is left to price or replace `ρ_n`; it serves unmonitored until `T − L`. */
const blindTrustI: PhaseRule = { server: (c, s) => s.ranking[c.n - 1]!, observe: (_c, s) => s }

/** Phase 4, blind trust II (§3.2): the last `L` rounds go unmonitored to whoever holds the position after round `T − L`. */
const blindTrustII: PhaseRule = { server: (_c, s) => s.ranking[s.position]!, observe: (_c, s) => s }

const phaseOf = (c: Constants, s: State, t: number): Phase =>
  t <= c.n * c.L ? 'exploration' : t > c.T - c.L ? 'blindTrustEndgame' : s.monitored ? 'exploitation' : 'blindTrustFallback'

const RULES: Readonly<Record<Exclude<Phase, 'open'>, PhaseRule>> = {
  exploration,
  exploitation,
  blindTrustFallback: blindTrustI,
  blindTrustEndgame: blindTrustII,
}

/**
 * The public view of round `t` in grid units (§1.4): floats for strategies, as `simulate` shows them
 * while a server is monitored. Outside exploitation there is no stint here (`j = S = 0`, `τ = NaN`;
 * strategies read them only when monitored); `server` is `ρ_{position+1}` once exploration is over.
 */
const viewOf = (c: Constants, s: State, phase: Phase, t: number, last: { readonly server: number; readonly x: number }): PublicView => {
  const monitored = phase === 'exploitation'
  const units = (d: Decimal): number => d.times(c.grid.scaleDecimal).toNumber()
  return {
    t,
    T: c.T,
    n: c.n,
    phase,
    server: s.ranking.length === 0 ? -1 : s.ranking[s.position]!,
    stintRounds: monitored ? s.j : 0,
    stintSum: monitored ? units(s.S) : 0,
    target: monitored ? units(s.targets[s.position]!) : Number.NaN,
    slackAt: (j) => Number(c.rangeUnits) * Math.sqrt(j * (c.ell.approx / 2)),
    endgameStart: c.T - c.L + 1,
    lastServer: last.server,
    lastX: last.x,
  }
}

/** The outcome read from the action's compiled table (the model's realization of §2.1). */
export const tableOutcome =
  (model: InstanceModel): RoundOutcome =>
  (i, a, u, v, z) => {
    const table = model.compile(i, a)
    const k = outcomeIndex(table, u, v, z)
    return { x: fromUnits(model.grid, table.x[k]!), y: fromUnits(model.grid, table.y[k]!) }
  }

/**
 * SBD(ε) with the rebate on or off, played for `T` rounds against `strategies` with `seed`, exactly
 * as the notes state it. `Left` names a bad parameter, or a strategy that played a table its context did not compile.
 */
export const transcribeSbd = (
  model: InstanceModel,
  mechanism: { readonly epsilon: Decimal; readonly rebate: boolean },
  strategies: readonly Strategy[],
  settings: { readonly T: number; readonly seed: number },
  outcome: RoundOutcome = tableOutcome(model),
): E.Either<string, Transcript> => {
  const { T, seed } = settings
  const { n, R } = model
  const { epsilon, rebate } = mechanism
  if (!(epsilon.gt(0) && epsilon.lt('0.5'))) return E.left(`epsilon: expected a value in (0, 1/2), got ${epsilon.toString()}`)
  if (strategies.length !== n || n < 2) return E.left(`strategies: expected one per provider (n = ${n} ≥ 2), got ${strategies.length}`)
  const L = ceilPow(T, ONE.minus(epsilon))
  if (T < (n + 1) * L + 1) return E.left(`horizon: T = ${T} < (n+1)·L + 1 = ${(n + 1) * L + 1}`)
  const r = R.times(
    new Decimal(2 * n)
      .times(T)
      .ln()
      .div(2 * L)
      .sqrt(),
  )
  const ell = new Decimal(T).times(T).times(2).ln()
  const den = 10n ** BigInt(ell.decimalPlaces())
  const c: Constants = {
    T,
    n,
    L,
    xLo: model.xLo,
    r,
    grid: model.grid,
    rangeUnits: BigInt(R.times(model.grid.scaleDecimal).toFixed(0)),
    ell: { num: BigInt(ell.times(den.toString()).toFixed(0)), den, approx: ell.toNumber() },
  }

  // The providers' contexts, as `simulate` builds them; each remembers which action a table realizes.
  const actionOf = new Map<OutcomeTable, Action>()
  const runs = strategies.map((st, index) =>
    st.start({
      index,
      T,
      model,
      self: model.providers[index]!,
      rng: streamOf(seed, { kind: 'provider', index }),
      table: (a) => {
        const table = model.compile(index, a)
        actionOf.set(table, a)
        return table
      },
    }),
  )
  const uniforms = streamOf(seed, { kind: 'outcomes' })
  let s: State = {
    explored: model.providers.map(() => ZERO),
    ranking: [],
    targets: [],
    position: 0,
    monitored: true,
    S: ZERO,
    j: 0,
    firings: [],
  }
  const rounds: Round[] = []
  for (let t = 1; t <= T; t++) {
    const phase = phaseOf(c, s, t)
    const rule = RULES[phase as Exclude<Phase, 'open'>]
    const i = rule.server(c, s, t)
    const previous = rounds[t - 2]
    const last =
      previous === undefined
        ? { server: -1, x: Number.NaN }
        : { server: previous.server, x: previous.x.times(c.grid.scaleDecimal).toNumber() }
    const action = actionOf.get(runs[i]!.act(viewOf(c, s, phase, t, last)))
    if (action === undefined) return E.left(`strategies[${i}]: played a table its context did not compile`)
    const { x, y } = outcome(i, action, nextUint32(uniforms), nextUint32(uniforms), nextUint32(uniforms))
    rounds.push({ phase, server: i, x, y })
    s = rule.observe(c, s, t, x)
  }

  const mine = (i: number) => rounds.filter((o) => o.server === i)
  return E.right({
    rounds,
    ranking: s.ranking,
    targets: s.targets,
    firings: s.firings,
    roundsServed: model.providers.map((_, i) => mine(i).length),
    serviceProfit: model.providers.map((_, i) => mine(i).reduce((a, o) => a.plus(o.y), ZERO)),
    // The rebate Z_i = Σ (X_t − x_lo) over i's L exploration rounds (§3.2, phase 1).
    transfers: s.explored.map((sum) => (rebate ? sum.minus(model.xLo.times(L)) : ZERO)),
    totalX: rounds.reduce((a, o) => a.plus(o.x), ZERO),
    totalY: rounds.reduce((a, o) => a.plus(o.y), ZERO),
  })
}
