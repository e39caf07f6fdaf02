/**
 * Exact running sums of per-round units without a bigint operation per round (proofs-notes §3.4).
 *
 * A sum is `big + small`: `small` is a JS number that stays an exact integer because it is flushed
 * into the bigint `big` before it can leave the safe range (each addend is below 2^44, so 2^8 of
 * them fit under 2^52 before a check is even needed; we flush at 2^52). This keeps the ledger exact
 * while the hot loop does plain number additions.
 *
 * Three forms: {@link ExactSum} tests for a flush on every addition; {@link TrackedSum} also keeps
 * a float shadow of its bigint part (for float filters read every round); a {@link SumBank} holds
 * several sums whose flush tests are batched (for the engine's ledger).
 *
 * @module
 */
import { MAX_ROUND_UNITS } from './grid.ts'

const FLUSH_AT = 2 ** 52

/** A mutable exact sum of integer units (mutated only inside one simulation run). */
export interface ExactSum {
  big: bigint
  small: number
}

/**
 * A new sum equal to zero.
 *
 * @returns a sum equal to zero.
 */
export const newSum = (): ExactSum => ({ big: 0n, small: 0 })

/**
 * Adds `units` (an integer with |units| < 2^44) to `sum`, in place.
 *
 * @param sum - the sum, changed in place.
 * @param units - an integer with |units| < 2^44.
 * @returns nothing.
 */
export const addUnits = (sum: ExactSum, units: number): void => {
  const s = sum.small + units
  // The flush is rare and kept out of line, so that hot loops inline this function cheaply.
  if (s < FLUSH_AT && s > -FLUSH_AT) sum.small = s
  else flush(sum, s)
}

/** Moves `s` (the would-be `small`, an exact integer) into `sum.big`. */
const flush = (sum: ExactSum, s: number): void => {
  sum.big += BigInt(s)
  sum.small = 0
}

/**
 * The exact value of `sum`.
 *
 * @param sum - an exact sum.
 * @returns its value, exactly.
 */
export const sumValue = (sum: ExactSum): bigint => sum.big + BigInt(sum.small)

/** `sum` as a float (for decision rules and fast filters only; never for the ledger). */
export const sumApprox = (sum: ExactSum): number => Number(sum.big) + sum.small

/** Resets `sum` to zero, in place. */
export const resetSum = (sum: ExactSum): void => {
  sum.big = 0n
  sum.small = 0
}

/**
 * An {@link ExactSum} that also keeps `Number(big)`, for hot loops that read the sum as a float
 * every round (a firing test's float filter) and must not convert a bigint to do so. The float
 * fields are object fields, not closure variables: V8 updates a double field in place, whereas a
 * closure variable holding a double beyond the small-integer range gets a fresh heap number on
 * every write.
 */
export interface TrackedSum extends ExactSum {
  /** `Number(big)`, refreshed on every flush. */
  bigFloat: number
}

/** A new tracked sum equal to zero. */
export const newTrackedSum = (): TrackedSum => ({ big: 0n, small: 0, bigFloat: 0 })

/** Adds `units` (an integer with |units| < 2^44) to `sum`, in place (as {@link addUnits}). */
export const addTrackedUnits = (sum: TrackedSum, units: number): void => {
  const s = sum.small + units
  if (s < FLUSH_AT && s > -FLUSH_AT) sum.small = s
  else flushTracked(sum, s)
}

/** `flush` for a tracked sum: also refreshes its float shadow. */
const flushTracked = (sum: TrackedSum, s: number): void => {
  flush(sum, s)
  sum.bigFloat = Number(sum.big)
}

/** `sum` as a float, within `2^(−50)·|sum| + 1` of its exact value (no bigint operation). */
export const trackedApprox = (sum: TrackedSum): number => sum.bigFloat + sum.small

/** Resets `sum` to zero, in place. */
export const resetTrackedSum = (sum: TrackedSum): void => {
  sum.big = 0n
  sum.bigFloat = 0
  sum.small = 0
}

/**
 * Additions a {@link SumBank} slot takes between two {@link settleBank} calls (2^8): each addend is
 * below the grid's `MAX_ROUND_UNITS` (2^44), so that many move a slot by less than 2^52, and a
 * slot settled below 2^52 stays below 2^53, where every integer is an exact double.
 */
export const BANK_ADDS_PER_SETTLE = FLUSH_AT / MAX_ROUND_UNITS

/**
 * Several exact sums for a hot loop that adds to them without a test per addition: slot `k` is
 * `settled[k] + pending[k]`. The loop adds integer units (each below `MAX_ROUND_UNITS`) straight
 * into `pending[k]`, a plain double, and calls {@link settleBank} at least once every
 * {@link BANK_ADDS_PER_SETTLE} additions to a slot, which keeps every pending part an exact integer.
 * (An {@link ExactSum} tests for a flush on every addition instead.)
 */
export interface SumBank {
  /** Per slot, the part not yet settled (an exact integer below 2^53 in magnitude). */
  readonly pending: Float64Array
  /** Per slot, the settled part. */
  readonly settled: bigint[]
}

/** A bank of `size` sums, all zero. */
export const newBank = (size: number): SumBank => ({
  pending: new Float64Array(size),
  settled: new Array<bigint>(size).fill(0n),
})

/** Moves every pending part that has reached 2^52 in magnitude into its settled part, in place. */
export const settleBank = (bank: SumBank): void => {
  const { pending, settled } = bank
  for (let k = 0; k < pending.length; k++) {
    const s = pending[k]!
    if (s >= FLUSH_AT || s <= -FLUSH_AT) {
      settled[k] = settled[k]! + BigInt(s)
      pending[k] = 0
    }
  }
}

/** The exact value of slot `k`. */
export const bankValue = (bank: SumBank, k: number): bigint => bank.settled[k]! + BigInt(bank.pending[k]!)
