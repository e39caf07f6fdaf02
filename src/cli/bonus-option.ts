/**
 * `--bonus δ`: the rebate bonus of proofs-notes §14.1, parsed in one place for `simulate` and
 * `analyze` (and the same bounds as the sweep grid's field `bonus`). δ > 0 needs the rebate on.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { DecimalSpec } from '../codec/decimal-leaf.ts'
import type { Decimal } from '../exact/decimal.ts'
import { MAX_BONUS, MAX_BONUS_PLACES } from '../mechanism/bonus.ts'
import { type Checked, decimalInOption } from './options.ts'

/** `--bonus`: a decimal in `[0, 10]` with at most 6 decimal places (§14.1). */
export const BONUS_OPTION: DecimalSpec = {
  min: '0',
  max: MAX_BONUS,
  maxPlaces: MAX_BONUS_PLACES,
  name: `a rebate bonus δ in [0, ${MAX_BONUS}] such as 0.1, with at most ${MAX_BONUS_PLACES} decimal places (needs --rebate on)`,
}

/**
 * The checked `--bonus`: `undefined` when absent; a message naming `--bonus` when it is not a decimal
 * of {@link BONUS_OPTION} or when δ > 0 comes with the rebate off.
 *
 * @param raw - the option as given (`undefined`: absent).
 * @param rebate - the checked `--rebate` (`undefined` when the mechanism does not read it, or it is bad).
 * @returns δ, `undefined`, or the messages.
 *
 * @example
 * ```ts
 * bonusOption('0.1', 'off') // Left(['--bonus: δ = 0.1 needs --rebate on (§14.1)'])
 * ```
 */
export const bonusOption = (raw: string | undefined, rebate: 'on' | 'off' | undefined): Checked<Decimal | undefined> => {
  if (raw === undefined) return E.right(undefined)
  const d = decimalInOption('bonus', raw, BONUS_OPTION)
  if (E.isLeft(d)) return d
  return d.right.gt(0) && rebate === 'off' ? E.left([`--bonus: δ = ${d.right.toString()} needs --rebate on (§14.1)`]) : d
}
