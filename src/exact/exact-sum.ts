/**
 * Exact running sums of per-round units without a bigint operation per round.
 *
 * A sum is `big + small`: `small` is a JS number that stays an exact integer because it is flushed
 * into the bigint `big` before it can leave the safe range (each addend is below 2^44, so 2^8 of
 * them fit under 2^52 before a check is even needed; we flush at 2^52). This keeps the ledger exact
 * while the hot loop does plain number additions.
 *
 * @module
 */

const FLUSH_AT = 2 ** 52

/** A mutable exact sum of integer units (mutated only inside one simulation run). */
export interface ExactSum {
  big: bigint
  small: number
}

/** A new sum equal to zero. */
export const newSum = (): ExactSum => ({ big: 0n, small: 0 })

/** Adds `units` (an integer with |units| < 2^44) to `sum`, in place. */
export const addUnits = (sum: ExactSum, units: number): void => {
  const s = sum.small + units
  if (s >= FLUSH_AT || s <= -FLUSH_AT) {
    sum.big += BigInt(s)
    sum.small = 0
  } else {
    sum.small = s
  }
}

/** The exact value of `sum`. */
export const sumValue = (sum: ExactSum): bigint => sum.big + BigInt(sum.small)

/** `sum` as a float (for decision rules and fast filters only; never for the ledger). */
export const sumApprox = (sum: ExactSum): number => Number(sum.big) + sum.small

/** Resets `sum` to zero, in place. */
export const resetSum = (sum: ExactSum): void => {
  sum.big = 0n
  sum.small = 0
}
