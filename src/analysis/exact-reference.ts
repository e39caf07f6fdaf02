/**
 * The recursions of the exact analysis evaluated in exact rational arithmetic (proofs-notes §10.6,
 * §10.R): the same definitions as the double-precision analysis — the honest exploration laws, the
 * stint laws, the expectations under τ* (with the n = 3 convolution), the dynamic programmes of the
 * optimal deviation (the deviator told its top rival's sum) and the exact value of the achievable
 * deviation — with exact inputs (each probability `(m − x_lo)/R` and amount as a rational), exact
 * arithmetic and **no cut** (no exploration window, no trimmed or far-cut stint mass, no
 * state window, no saturation). The distance of each double the analysis reports to the number
 * computed here is what its error bound must cover; the property suite compares them.
 *
 * Numbers are finite decimals `n·10^(−a)` (bigint `n`): every input is one when the range width in
 * grid units has no prime factor other than 2 and 5 (then every probability is a finite decimal),
 * and sums and products of finite decimals are finite decimals, so no division and no gcd is ever
 * needed. Other ranges are refused. The cost is polynomial but large (numbers of a few thousand
 * digits at T = 300): a reference for small horizons, not a way to analyse.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { Decimal } from '../exact/decimal.ts'
import { type AnalysisContext, ranksAbove } from './context.ts'
import type { DpAction } from './instance.ts'

/** A finite decimal `n·10^(−a)`. */
export interface Dec {
  readonly n: bigint
  readonly a: number
}

const POW10: bigint[] = [1n]
const p10 = (k: number): bigint => {
  while (POW10.length <= k) POW10.push(POW10[POW10.length - 1]! * 10n)
  return POW10[k]!
}
const up = (x: Dec, a: number): bigint => x.n * p10(a - x.a)
const add = (x: Dec, y: Dec): Dec => {
  const a = Math.max(x.a, y.a)
  return { n: up(x, a) + up(y, a), a }
}
const sub = (x: Dec, y: Dec): Dec => {
  const a = Math.max(x.a, y.a)
  return { n: up(x, a) - up(y, a), a }
}
const mul = (x: Dec, y: Dec): Dec => ({ n: x.n * y.n, a: x.a + y.a })
const cmp = (x: Dec, y: Dec): number => {
  const a = Math.max(x.a, y.a)
  const d = up(x, a) - up(y, a)
  return d > 0n ? 1 : d < 0n ? -1 : 0
}
const dmaxQ = (x: Dec, y: Dec): Dec => (cmp(x, y) >= 0 ? x : y)
const ZERO: Dec = { n: 0n, a: 0 }
const ONE: Dec = { n: 1n, a: 0 }
const int = (k: number): Dec => ({ n: BigInt(k), a: 0 })
const sum = (xs: readonly Dec[]): Dec => xs.reduce(add, ZERO)

/** A decimal as an exact `Dec` (a finite decimal: every amount and probability the reference reads is one). */
const ofDecimal = (d: Decimal): Dec => {
  const a = Math.max(0, d.decimalPlaces())
  return { n: BigInt(d.times(new Decimal(10).pow(a)).toFixed(0)), a }
}

/** The number of bits of a non-negative bigint. */
const bits = (x: bigint): number => (x === 0n ? 0 : x.toString(2).length)

/**
 * An upper bound on `|q − x|` as a double (within a relative `10^(−15)` above the exact distance).
 *
 * @param q - the exact value.
 * @param x - a double.
 * @returns a double at least the exact distance.
 */
export const distance = (q: Dec, x: number): number => {
  // x = X·2^(−k) exactly (multiplying by 2 is exact).
  let k = 0
  let y = x
  while (!Number.isInteger(y)) {
    y *= 2
    k++
  }
  const num0 = q.n * 2n ** BigInt(k) - BigInt(y) * p10(q.a)
  const num = num0 < 0n ? -num0 : num0
  if (num === 0n) return 0
  const den = p10(q.a) * 2n ** BigInt(k)
  const shift = 64 - (bits(num) - bits(den))
  const quotient = shift >= 0 ? (num << BigInt(shift)) / den : num / (den << BigInt(-shift))
  return (Number(quotient) + 2) * 2 ** -shift * (1 + 1e-15)
}

/** A `Dec` as the nearest double (for display). */
export const toNumber = (q: Dec): number => new Decimal(q.n.toString()).div(new Decimal(10).pow(q.a)).toNumber()

/** What the reference computes. */
export interface ExactReference {
  /** `E[U]` under τ*. */
  readonly userUtility: Dec
  /** `E[Π_i]` under τ*. */
  readonly profits: readonly Dec[]
  /** The optimal deviation's value (the deviator told its top rival's sum), every `(h, v)`, no cut. */
  readonly optimalValues: readonly Dec[]
  /** The exact value of the achievable deviation exploring with `explore[i]`. */
  readonly achievableValues: readonly Dec[]
}

interface ExactAction {
  readonly p: Dec
  readonly q: Dec
  readonly m: Dec
  readonly F: Dec
}

/**
 * The exact reference of an analysis (see the module doc).
 *
 * @param ctx - the analysis context (its rules, thresholds and τ* actions are exact integers and decimals).
 * @param explore - per provider, the exploration action of its achievable deviation.
 * @param stintPolicy - per provider and target, the achievable deviation's action at `(j, k)` as the monitored winner.
 * @returns the exact values, or why the instance is out of the reference's scope.
 */
export const exactReference = (
  ctx: AnalysisContext,
  explore: readonly DpAction[],
  stintPolicy: (i: number, tau: bigint) => (j: number, k: number) => DpAction,
): E.Either<string, ExactReference> => {
  const { dp, rules, n } = ctx
  const { L, K, endgame } = rules
  const model = dp.model
  if (rules.targetUsesServer) return E.left('the exact reference covers targets that do not read the server’s own sum (SBD)')
  let RU = dp.range.R
  while (RU % 2n === 0n) RU /= 2n
  while (RU % 5n === 0n) RU /= 5n
  if (RU !== 1n) return E.left('the exact reference needs a range width whose grid units have no prime factor other than 2 and 5')
  const exactOf = new Map<DpAction, ExactAction>()
  const ex = (i: number, a: DpAction): ExactAction => {
    let e = exactOf.get(a)
    if (e === undefined) {
      const mean = a.mean
      const p = ofDecimal(mean.minus(model.xLo).div(model.R))
      e = { p, q: sub(ONE, p), m: ofDecimal(mean), F: ofDecimal(model.providers[i]!.profitOf({ kind: 'abstract', mean })) }
      exactOf.set(a, e)
    }
    return e
  }
  const R = ofDecimal(model.R)
  const providers = dp.providers
  // Actions given by a policy are DpActions whose `mean` may be a placeholder (interpolated
  // fixed plays); the achievable policy uses breakpoints and τ*'s actions only, whose means are exact.
  const binomial = (p: Dec, q: Dec): Dec[] => {
    let cur: Dec[] = [ONE]
    for (let t = 1; t <= L; t++) {
      const next: Dec[] = []
      for (let k = 0; k <= t; k++) next.push(add(k < t ? mul(q, cur[k]!) : ZERO, k > 0 ? mul(p, cur[k - 1]!) : ZERO))
      cur = next
    }
    return cur
  }
  const cdfOf = (pmf: readonly Dec[]): Dec[] => {
    const out: Dec[] = []
    let s = ZERO
    for (const x of pmf) {
      s = add(s, x)
      out.push(s)
    }
    return out
  }
  // Stint laws: fire[1..K], survive.
  const laws = new Map<string, { readonly fire: Dec[]; readonly survive: Dec }>()
  const lawOf = (server: number, tau: bigint): { readonly fire: Dec[]; readonly survive: Dec } => {
    const key = `${server}:${tau}`
    let law = laws.get(key)
    if (law === undefined) {
      const kappa = ctx.thresholds(tau)
      const a = ex(server, ctx.tauStar(server, tau).action)
      let d: Dec[] = [ONE]
      const fire: Dec[] = [ZERO]
      for (let j = 1; j <= K; j++) {
        const next: Dec[] = []
        for (let k = 0; k <= j; k++) next.push(add(k < j ? mul(a.q, d[k]!) : ZERO, k > 0 ? mul(a.p, d[k - 1]!) : ZERO))
        let fired = ZERO
        for (let k = 0; k < Math.min(kappa[j]!, j + 1); k++) {
          fired = add(fired, next[k]!)
          next[k] = ZERO
        }
        fire.push(fired)
        d = next
      }
      law = { fire, survive: sum(d) }
      laws.set(key, law)
    }
    return law
  }
  const expectedRounds = (law: { fire: Dec[]; survive: Dec }): Dec => {
    let s = mul(int(K), law.survive)
    for (let a = 1; a <= K; a++) s = add(s, mul(int(a), law.fire[a]!))
    return s
  }
  const orders =
    n === 2
      ? [
          [0, 1],
          [1, 0],
        ]
      : [
          [0, 1, 2],
          [0, 2, 1],
          [1, 0, 2],
          [1, 2, 0],
          [2, 0, 1],
          [2, 1, 0],
        ]
  const honestPmf = providers.map((p, i) => binomial(ex(i, p.honest).p, ex(i, p.honest).q))

  /** E[U] and E[Π] under τ*, provider `who` exploring with `x` (τ* otherwise). */
  const tauStar = (who: number, x: DpAction): { user: Dec; profits: Dec[]; pmf: Dec[][] } => {
    const pmf = providers.map((p, i) => (i === who && x !== p.honest ? binomial(ex(i, x).p, ex(i, x).q) : honestPmf[i]!))
    const cdf = pmf.map(cdfOf)
    let user = ZERO
    const profits = providers.map(() => ZERO)
    providers.forEach((p, i) => {
      const a = ex(i, i === who ? x : p.honest)
      const rebate = rules.rebate ? mul(mul(int(L), a.p), R) : ZERO
      user = add(user, sub(mul(int(L), a.m), rebate))
      profits[i] = add(profits[i]!, add(mul(int(L), a.F), rebate))
    })
    const beat = (a: number, b: number, sb: number): Dec => add(sub(ONE, cdf[a]![sb]!), a < b ? pmf[a]![sb]! : ZERO)
    for (const order of orders) {
      const [a, b, c] = order as [number, number, number | undefined]
      for (let sb = 0; sb <= L; sb++)
        for (let sc = 0; sc <= (c === undefined ? 0 : L); sc++) {
          if (c !== undefined && !ranksAbove(b, sb, c, sc)) continue
          const prob = mul(mul(beat(a, b, sb), pmf[b]![sb]!), c === undefined ? ONE : pmf[c]![sc]!)
          const sums = [-1, sb, sc]
          const servers = order.slice(0, n - 1)
          const stintLaws = servers.map((server, k) => lawOf(server, rules.targetUnits(sums[k]!, sums[k + 1]!)))
          const actions = servers.map((server, k) => ex(server, ctx.tauStar(server, rules.targetUnits(sums[k]!, sums[k + 1]!)).action))
          const first = stintLaws[0]!
          const e1 = expectedRounds(first)
          let rounds: Dec[]
          let blind: Dec
          let endg: Dec[]
          if (n === 2) {
            rounds = [e1]
            blind = sub(int(K), e1)
            endg = [first.survive, sub(ONE, first.survive)]
          } else {
            const second = stintLaws[1]!
            // P(N₂ > m) and G₂(m) = Σ_{b<m} P(N₂ > b).
            const surv: Dec[] = [ONE]
            const trunc: Dec[] = [ZERO]
            for (let m = 1; m <= K; m++) {
              trunc.push(add(trunc[m - 1]!, surv[m - 1]!))
              surv.push(sub(surv[m - 1]!, second.fire[m]!))
            }
            let e2 = ZERO
            let p2 = ZERO
            for (let t = 1; t <= K; t++) {
              e2 = add(e2, mul(first.fire[t]!, trunc[K - t]!))
              p2 = add(p2, mul(first.fire[t]!, surv[K - t]!))
            }
            rounds = [e1, e2]
            blind = sub(sub(int(K), e1), e2)
            endg = [first.survive, p2, sub(sub(ONE, first.survive), p2)]
          }
          let u = ZERO
          servers.forEach((server, k) => {
            u = add(u, mul(actions[k]!.m, rounds[k]!))
            profits[server] = add(profits[server]!, mul(prob, mul(actions[k]!.F, rounds[k]!)))
          })
          const last = order[n - 1]!
          const g = ex(last, providers[last]!.cheat)
          u = add(u, mul(g.m, blind))
          profits[last] = add(profits[last]!, mul(prob, mul(g.F, blind)))
          endg.forEach((pe, k) => {
            const gk = ex(order[k]!, providers[order[k]!]!.cheat)
            u = add(u, mul(mul(int(endgame), pe), gk.m))
            profits[order[k]!] = add(profits[order[k]!]!, mul(prob, mul(mul(int(endgame), pe), gk.F)))
          })
          user = add(user, mul(prob, u))
        }
    }
    return { user, profits, pmf }
  }

  /** A stint's value by backward induction: the max over `actions`, or the policy's action at `(j, k)`. */
  const stintValue = (i: number, tau: bigint, actions: readonly ExactAction[] | ((j: number, k: number) => ExactAction)): Dec => {
    const kappa = ctx.thresholds(tau)
    const end = mul(int(endgame), ex(i, providers[i]!.cheat).F)
    let next: Dec[] = []
    for (let k = 0; k <= K; k++) next.push(k >= kappa[K]! ? end : ZERO)
    for (let j = K - 1; j >= 0; j--) {
      const row: Dec[] = []
      for (let k = 0; k <= j; k++) {
        if (k < kappa[j]!) {
          row.push(ZERO)
          continue
        }
        const w0 = next[k]!
        const diff = sub(next[k + 1]!, w0)
        const options = typeof actions === 'function' ? [actions(j, k)] : actions
        let best: Dec | undefined
        for (const a of options) {
          const v = add(a.F, mul(a.p, diff))
          best = best === undefined ? v : dmaxQ(best, v)
        }
        row.push(add(w0, best!))
      }
      next = row
    }
    return next[0]!
  }

  const userAndProfits = tauStar(-1, providers[0]!.honest)
  const optimalValues = providers.map((me, i) => {
    const bps = me.breakpoints.map((b) => ex(i, b))
    const wins = new Map<bigint, Dec>()
    const win = (tau: bigint): Dec => {
      let v = wins.get(tau)
      if (v === undefined) {
        v = stintValue(i, tau, bps)
        wins.set(tau, v)
      }
      return v
    }
    const pBar = ex(i, me.cheat).F
    const lose = (h: number, tau: bigint): Dec => {
      const law = lawOf(h, tau)
      let v = ZERO
      for (let a = 1; a <= K; a++) v = add(v, mul(law.fire[a]!, add(mul(int(K - a), pBar), mul(int(endgame), pBar))))
      return v
    }
    const rewards = bps.map((b) => add(b.F, rules.rebate ? mul(b.p, R) : ZERO))
    const cdf = honestPmf.map(cdfOf)
    let total = ZERO
    const others = providers.map((p) => p.index).filter((k) => k !== i)
    for (const h of others) {
      const l = others.find((k) => k !== h)
      for (let v = 0; v <= L; v++) {
        const above = l === undefined ? ONE : sub(cdf[l]![v]!, h < l ? ZERO : honestPmf[l]![v]!)
        const prob = mul(honestPmf[h]![v]!, above)
        if (prob.n === 0n) continue
        let row: Dec[] = new Array<Dec>(L + 1)
        let bestLoss: Dec | undefined = n === 3 ? lose(h, rules.targetUnits(v, v)) : undefined
        for (let k = L; k >= 0; k--) {
          if (ranksAbove(i, k, h, v)) row[k] = win(rules.targetUnits(k, v))
          else if (n === 2) row[k] = lose(h, rules.targetUnits(v, k))
          else {
            bestLoss = dmaxQ(bestLoss!, lose(h, rules.targetUnits(v, k)))
            row[k] = bestLoss
          }
        }
        for (let t = L - 1; t >= 0; t--) {
          const prev: Dec[] = []
          for (let k = 0; k <= t; k++) {
            const w0 = row[k]!
            const diff = sub(row[k + 1]!, w0)
            let best: Dec | undefined
            bps.forEach((b, x) => {
              const val = add(rewards[x]!, mul(b.p, diff))
              best = best === undefined ? val : dmaxQ(best, val)
            })
            prev.push(add(w0, best!))
          }
          row = prev
        }
        total = add(total, mul(prob, row[0]!))
      }
    }
    return total
  })

  const achievableValues = providers.map((me, i) => {
    const x = explore[i]!
    const base = tauStar(i, x)
    const pmf = base.pmf
    const cdf = pmf.map(cdfOf)
    let value = base.profits[i]!
    const end = mul(int(endgame), ex(i, me.cheat).F)
    const gains = new Map<bigint, Dec>()
    for (const order of orders) {
      if (order[0] !== i) continue
      const [a, b, c] = order as [number, number, number | undefined]
      for (let sb = 0; sb <= L; sb++)
        for (let sc = 0; sc <= (c === undefined ? 0 : L); sc++) {
          if (c !== undefined && !ranksAbove(b, sb, c, sc)) continue
          const beat = add(sub(ONE, cdf[a]![sb]!), a < b ? pmf[a]![sb]! : ZERO)
          const prob = mul(mul(beat, pmf[b]![sb]!), c === undefined ? ONE : pmf[c]![sc]!)
          const tau = rules.targetUnits(-1, sb)
          let g = gains.get(tau)
          if (g === undefined) {
            const policy = stintPolicy(i, tau)
            const played = stintValue(i, tau, (j, k) => ex(i, policy(j, k)))
            const law = lawOf(i, tau)
            const star = add(mul(ex(i, ctx.tauStar(i, tau).action).F, expectedRounds(law)), mul(law.survive, end))
            g = sub(played, star)
            gains.set(tau, g)
          }
          value = add(value, mul(prob, g))
        }
    }
    return value
  })

  return E.right({ userUtility: userAndProfits.user, profits: userAndProfits.profits, optimalValues, achievableValues })
}
