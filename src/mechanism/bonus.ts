/**
 * The rebate bonus δ of proofs-notes §14.1: with the rebate on, exploration pays provider i
 * `(1 + δ)·Σ (X_t − x_lo)` over its exploration rounds instead of `Σ (X_t − x_lo)`.
 *
 * **Booking, exactly.** δ is a finite decimal `p / 10^d` (`d ≤` {@link MAX_BONUS_PLACES}); the rebate
 * `B` is an integer number of money-grid units, so `(1 + δ)·B = B + ⌊p·B / 10^d⌋ + f / 10^d` units with
 * an integer remainder `0 ≤ f < 10^d`. When `f = 0` (always when `δ·B` is on the grid, e.g. on Bernoulli
 * instances whose `δ·R` is on the grid) the transfer is exactly `(1 + δ)·B`. Otherwise the one unit
 * the grid cannot hold is paid by an exact lottery: one more unit with probability exactly `f / 10^d`,
 * from a uniform integer on `[0, 10^d)` drawn by rejection from the mechanism's own seeded stream.
 * Every booked amount stays on the grid (so the accounting identity of §9.1 is exact on every run),
 * the expected transfer given `B` is exactly `(1 + δ)·B`, and the payment is non-decreasing in `B` for
 * each draw (`B + ⌊δB − v⌋ + 1` for a uniform `v`), which keeps honest exploration pathwise best under
 * the monotone coupling (§14.2). Nothing is rounded silently; with δ = 0 nothing is drawn, so
 * today's runs are unchanged byte for byte.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator'
import type { Decimal } from '../exact/decimal.ts'
import { nextUint32 } from '../sim/rng.ts'

/** The most decimal places a bonus δ may have (so that `10^d < 2^32` and the lottery's uniform is exact). */
export const MAX_BONUS_PLACES = 6

/** The largest bonus accepted (a bonus of 10 already pays exploration eleven times its rebate). */
export const MAX_BONUS = '10'

/**
 * Whether `bonus` is a valid rebate bonus for a mechanism with the rebate `rebate`: a finite decimal in
 * `[0, 10]` with at most {@link MAX_BONUS_PLACES} places, and 0 unless the rebate is on.
 *
 * @param bonus - the bonus δ.
 * @param rebate - whether the exploration rebate is on.
 * @returns `Right(δ)`, or a message that starts with `bonus:`.
 *
 * @example
 * ```ts
 * checkBonus(new Decimal('0.1'), false) // Left('bonus: δ = 0.1 needs the rebate on (rebate=on, §14.1)')
 * ```
 */
export const checkBonus = (bonus: Decimal, rebate: boolean): E.Either<string, Decimal> => {
  if (!bonus.isFinite() || bonus.lt(0) || bonus.gt(MAX_BONUS) || bonus.decimalPlaces() > MAX_BONUS_PLACES)
    return E.left(`bonus: expected a decimal in [0, ${MAX_BONUS}] with at most ${MAX_BONUS_PLACES} decimal places, got ${bonus.toString()}`)
  if (bonus.gt(0) && !rebate) return E.left(`bonus: δ = ${bonus.toString()} needs the rebate on (rebate=on, §14.1)`)
  return E.right(bonus)
}

/**
 * The part a mechanism's name adds for `bonus`: empty for δ = 0 (today's names), `, δ=0.1` otherwise.
 *
 * @param bonus - the bonus δ.
 * @returns the suffix, e.g. `SBD(ε=0.25, rebate=on` + `, δ=0.1` + `)`.
 */
export const bonusNameSuffix = (bonus: Decimal): string => (bonus.isZero() ? '' : `, δ=${bonus.toString()}`)

/** A uniform integer on `[0, q)`, exactly (rejection of the top `2^32 mod q` values), for `1 ≤ q ≤ 2^32`. */
const uniformBelow = (rng: RandomGenerator, q: number): number => {
  const limit = 2 ** 32 - (2 ** 32 % q)
  for (;;) {
    const u = nextUint32(rng)
    if (u < limit) return u % q
  }
}

/**
 * The transfer `(1 + δ)·B` in grid units, booked as the module doc says: exact when `δ·B` is on the
 * grid, else `B + ⌊δ·B⌋` plus one unit with probability exactly the fraction left (drawn from `rng`).
 *
 * @param rebateUnits - the rebate `B = Σ (X_t − x_lo) ≥ 0` in grid units.
 * @param bonus - δ, a decimal in `[0, 10]` with at most {@link MAX_BONUS_PLACES} places ({@link checkBonus}).
 * @param rng - the mechanism's own seeded stream (drawn from only when the fraction is not 0).
 * @returns the transfer in grid units.
 *
 * @example
 * ```ts
 * paidWithBonus(1_000_000n, new Decimal('0.1'), rng) // 1_100_000n, nothing drawn
 * ```
 */
export const paidWithBonus = (rebateUnits: bigint, bonus: Decimal, rng: RandomGenerator): bigint => {
  if (bonus.isZero()) return rebateUnits
  const places = bonus.decimalPlaces()
  const q = 10n ** BigInt(places)
  const p = BigInt(bonus.times(q.toString()).toFixed(0))
  const extra = p * rebateUnits
  const whole = extra / q
  const fraction = extra % q
  if (fraction === 0n) return rebateUnits + whole
  return rebateUnits + whole + (BigInt(uniformBelow(rng, Number(q))) < fraction ? 1n : 0n)
}
