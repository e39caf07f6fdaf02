/**
 * `⌈T^e⌉` for a positive integer `T` and a decimal exponent `e ∈ (0, 1]`, exactly (proofs-notes §3.4).
 *
 * `T^e` is computed at 50 significant digits. Far from an integer, its ceiling is then certain.
 * Near an integer the ceiling could be off by one, so it is settled with integers: with `e = p/q`
 * in lowest terms, `⌈T^e⌉ = L` iff `(L−1)^q < T^p ≤ L^q`.
 *
 * @module
 */
import { Decimal } from './decimal.ts'

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b))

/** `e` as a fraction `p/q` in lowest terms (every finite decimal is one). */
export const asFraction = (e: Decimal): { readonly p: bigint; readonly q: bigint } => {
  const q0 = 10n ** BigInt(e.decimalPlaces())
  const p0 = BigInt(e.times(q0.toString()).toFixed(0))
  const g = gcd(p0, q0)
  return { p: p0 / g, q: q0 / g }
}

/** True iff `⌈T^(p/q)⌉ = L`, decided with integers only. */
export const isCeilPow = (T: bigint, p: bigint, q: bigint, L: bigint): boolean => L >= 1n && (L - 1n) ** q < T ** p && T ** p <= L ** q

/**
 * `⌈T^e⌉`. The integer check runs only when `T^e` lies within `10^(−30)` of an integer, where
 * 50 digits could not decide; its exponents are then at most the denominator of `e`.
 *
 * @param T - a positive integer.
 * @param e - the exponent, a decimal.
 * @returns `⌈T^e⌉`, exactly.
 */
export const ceilPow = (T: number, e: Decimal): number => {
  const x = new Decimal(T).pow(e)
  const nearest = x.round()
  if (x.minus(nearest).abs().gt(new Decimal('1e-30'))) return x.ceil().toNumber()
  const { p, q } = asFraction(e)
  const n = BigInt(nearest.toFixed(0))
  return isCeilPow(BigInt(T), p, q, n) ? Number(n) : Number(n + 1n)
}
