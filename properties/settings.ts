/**
 * Run settings shared by every property suite: the seed (printed at start, replayable with
 * `SEED=… npm test`) and the size switch (`THOROUGH=1 npm test` runs 10× more cases).
 */

/** Default seed of the property suites. */
export const DEFAULT_SEED = 20_251_102

/** The seed of this run: `SEED` from the environment, else {@link DEFAULT_SEED}. */
export const SEED: number = (() => {
  const raw = process.env.SEED
  if (raw === undefined || raw === '') return DEFAULT_SEED
  const n = Number(raw)
  if (!Number.isSafeInteger(n)) throw new Error(`SEED: expected an integer, got ${raw}`)
  return n | 0
})()

/** True when `THOROUGH=1`: every suite runs 10× its default cases. */
export const THOROUGH: boolean = process.env.THOROUGH === '1'

/** The number of cases for a suite whose default run has `base` cases. */
export const runs = (base: number): number => (THOROUGH ? 10 * base : base)
