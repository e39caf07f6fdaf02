/**
 * The extremal chain of Theorem 3's argument on an arbitrary strictly decreasing grid of gaps
 * (proofs-notes §8, "Formula used by the check"), built from the note's definitions alone in exact
 * rationals, independently of `src/theory/impossibility.ts`: given a candidate constant `c` and a
 * level `J`, it sets `ψ_J = 0` and every (B_k), k < J, to equality,
 * `ψ_k = ψ_{k+1} + (1 − x_{k+1}/x_k)·c·T − η/x_k`, with `N̄_k = c·T + ψ_k` ((A_k) with equality) and
 * `Π_1,k = x_k·ψ_k`. If `c` is the true chain bound of the grid `x_0..x_J` and `J` its minimizing
 * level, this chain is feasible, uses the whole horizon at the top level (`N̄_0 = T`), and every
 * level's normalized gain is exactly `c`: the bound is attained.
 */

/** An exact rational (den > 0). */
export interface Q {
  readonly n: bigint
  readonly d: bigint
}
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b))
/** `n/d` in lowest terms with a positive denominator. */
export const q = (n: bigint, d = 1n): Q => {
  const s = d < 0n ? -1n : 1n
  const g = gcd(n, d) || 1n
  return { n: (s * n) / g, d: (s * d) / g }
}
export const add = (a: Q, b: Q): Q => q(a.n * b.d + b.n * a.d, a.d * b.d)
export const sub = (a: Q, b: Q): Q => q(a.n * b.d - b.n * a.d, a.d * b.d)
export const mul = (a: Q, b: Q): Q => q(a.n * b.n, a.d * b.d)
export const div = (a: Q, b: Q): Q => q(a.n * b.d, a.d * b.n)
export const cmp = (a: Q, b: Q): number => {
  const x = a.n * b.d - b.n * a.d
  return x < 0n ? -1 : x > 0n ? 1 : 0
}

/**
 * One level of the chain: share `N̄_k`, profit `Π_1,k`, rent `ψ_k`, normalized gain `γ_k`, and the
 * normalized gain with the slack added back, `(U_k − SB + Δ′)/(FB − SB)` (= `γ_k` when `Δ′ = 0`).
 */
export interface ChainLevel {
  readonly n: Q
  readonly p: Q
  readonly h: Q
  readonly gamma: Q
  readonly slackGamma: Q
}

/**
 * The chain with every (A_k) and (B_k), k < J, at equality, for gaps `xs[0..J]` (J = xs.length − 1).
 * With an additive slack `Δ′` (proofs-notes §8.10) the guarantee `U_k − SB = c·x_k·T − Δ′` is met
 * with equality: `N̄_k = c·T + ψ_k − Δ′/x_k` and
 * `ψ_k = ψ_{k+1} + (1 − x_{k+1}/x_k)·c·T − η/x_k − Δ′·(1/x_{k+1} − 1/x_k)`.
 */
export const extremalChain = (T: bigint, eta: Q, xs: readonly Q[], c: Q, slack: Q = q(0n)): ChainLevel[] => {
  const J = xs.length - 1
  const h: Q[] = new Array(J + 1)
  h[J] = q(0n)
  const cT = mul(c, q(T))
  for (let k = J - 1; k >= 0; k--) {
    const ratio = div(xs[k + 1]!, xs[k]!)
    const slackStep = mul(slack, sub(div(q(1n), xs[k + 1]!), div(q(1n), xs[k]!)))
    h[k] = sub(sub(add(h[k + 1]!, mul(sub(q(1n), ratio), cT)), div(eta, xs[k]!)), slackStep)
  }
  return h.map((hk, k) => {
    const n = sub(add(cT, hk), div(slack, xs[k]!))
    const p = mul(xs[k]!, hk)
    // U − SB = x_k·N̄_k − Π_1,k (Lemma A with Π_2 = 0), FB − SB = x_k·T.
    const gain = sub(mul(xs[k]!, n), p)
    const gamma = div(gain, mul(xs[k]!, q(T)))
    const slackGamma = div(add(gain, slack), mul(xs[k]!, q(T)))
    return { n, p, h: hk, gamma, slackGamma }
  })
}

/** Every premise of the chain argument, checked on a built chain; the failed ones by name. */
export const chainPremiseFailures = (T: bigint, eta: Q, xs: readonly Q[], chain: readonly ChainLevel[]): string[] => {
  const bad: string[] = []
  chain.forEach((lv, k) => {
    if (cmp(lv.h, q(0n)) < 0) bad.push(`ψ_${k} < 0`)
    if (cmp(lv.n, q(0n)) < 0 || cmp(lv.n, q(T)) > 0) bad.push(`N̄_${k} outside [0, T]`)
    // (A_k): γ_k ≤ (N̄_k − ψ_k)/T.
    if (cmp(lv.gamma, div(sub(lv.n, lv.h), q(T))) > 0) bad.push(`(A_${k})`)
    const next = chain[k + 1]
    // (B_k): Π_1,k ≥ Π_1,k+1 + (x_k − x_{k+1})·N̄_{k+1} − η.
    if (next !== undefined && cmp(lv.p, sub(add(next.p, mul(sub(xs[k]!, xs[k + 1]!), next.n)), eta)) < 0) bad.push(`(B_${k})`)
  })
  return bad
}
