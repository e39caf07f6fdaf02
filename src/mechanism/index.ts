/**
 * The mechanisms of proofs-notes §3–§4: SBD(ε) and its variants, and the baselines of §4, with a lookup by
 * name for the command line and experiment files.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { type Decimal, ZERO } from '../exact/decimal.ts'
import type { Mechanism } from '../sim/interfaces.ts'
import { firstBestOracle } from './first-best-oracle.ts'
import { payTheBill } from './pay-the-bill.ts'
import { postedTarget } from './posted-target.ts'
import { reputationUcb } from './reputation-ucb.ts'
import { checkBonus } from './bonus.ts'
import { sbd, targetMix } from './sbd.ts'

export { sbd, targetMix } from './sbd.ts'
export { checkBonus, paidWithBonus, MAX_BONUS, MAX_BONUS_PLACES } from './bonus.ts'
export { payTheBill } from './pay-the-bill.ts'
export { reputationUcb, ucbCompareExactly, signOfRootExpression, logFraction, type LogFraction } from './reputation-ucb.ts'
export { postedTarget, startSequentialSla, type SlaPlan, type SlaFiring } from './posted-target.ts'
export { firstBestOracle } from './first-best-oracle.ts'

/**
 * The names {@link mechanismByName} accepts, in display order.
 *
 * @example
 * ```ts
 * MECHANISM_NAMES.join(', ') // 'sbd, pay-the-bill, reputation-ucb, posted-target, target-mix, first-best-oracle'
 * ```
 */
export const MECHANISM_NAMES = ['sbd', 'pay-the-bill', 'reputation-ucb', 'posted-target', 'target-mix', 'first-best-oracle'] as const

/**
 * A name {@link mechanismByName} accepts.
 *
 * @example
 * ```ts
 * const name: MechanismName = 'posted-target'
 * ```
 */
export type MechanismName = (typeof MECHANISM_NAMES)[number]

/**
 * Parameters shared by the named mechanisms (each reads the ones it needs).
 *
 * @example
 * ```ts
 * const params: MechanismParams = { epsilon: new Decimal('0.25'), rebate: true, lambda: new Decimal('0.5') }
 * ```
 */
export interface MechanismParams {
  /** ε ∈ (0, ½) of SBD and TargetMix. */
  readonly epsilon: Decimal
  /** Rebate of exploration rounds (SBD and TargetMix). */
  readonly rebate: boolean
  /** The posted target of PostedTarget (required there). */
  readonly theta?: Decimal
  /** The mixing weight λ ∈ [0, 1] of TargetMix (required there). */
  readonly lambda?: Decimal
  /** The rebate bonus δ ≥ 0 of SBD and TargetMix (§14.1; absent: 0; δ > 0 needs the rebate on). */
  readonly bonus?: Decimal
}

const checkEpsilon = (epsilon: Decimal): E.Either<string, Decimal> =>
  epsilon.gt(0) && epsilon.lt('0.5') ? E.right(epsilon) : E.left(`epsilon: expected a value in (0, 1/2), got ${epsilon.toString()}`)

/**
 * The mechanism called `name` with `params`. `Left` names the bad option: an unknown name
 * (`mechanism: unknown "foo" (expected one of: …)`), a missing parameter (`theta: required for
 * posted-target`, `lambda: required for target-mix`) or one out of range (ε ∉ (0, ½), λ ∉ [0, 1], a
 * bonus δ ∉ [0, 10] or δ > 0 with the rebate off: `bonus: …`).
 * Horizon-dependent checks (e.g. `T ≥ (n+1)·L + 1` for SBD) happen when a run starts.
 *
 * @param name - one of {@link MECHANISM_NAMES}.
 * @param params - the parameters; each mechanism reads the ones it needs.
 * @returns the mechanism, or a message that starts with the bad option's name.
 *
 * @example
 * ```ts
 * mechanismByName('posted-target', { epsilon: new Decimal('0.25'), rebate: false, theta: new Decimal('0.6') })
 * // Right(PostedTarget(θ=0.6))
 * mechanismByName('foo', { epsilon: new Decimal('0.25'), rebate: false })
 * // Left('mechanism: unknown "foo" (expected one of: sbd, pay-the-bill, …)')
 * ```
 */
export const mechanismByName = (name: string, params: MechanismParams): E.Either<string, Mechanism> => {
  switch (name) {
    case 'sbd':
      return E.chain((eps: Decimal) =>
        E.map((bonus: Decimal) => sbd(eps, params.rebate, bonus))(checkBonus(params.bonus ?? ZERO, params.rebate)),
      )(checkEpsilon(params.epsilon))
    case 'pay-the-bill':
      return E.right(payTheBill())
    case 'reputation-ucb':
      return E.right(reputationUcb())
    case 'posted-target': {
      const theta = params.theta
      if (theta === undefined) return E.left('theta: required for posted-target')
      if (!theta.isFinite()) return E.left(`theta: expected a finite decimal, got ${theta.toString()}`)
      return E.right(postedTarget(theta))
    }
    case 'target-mix': {
      const lambda = params.lambda
      if (lambda === undefined) return E.left('lambda: required for target-mix')
      if (!(lambda.isFinite() && lambda.gte(0) && lambda.lte(1)))
        return E.left(`lambda: expected a value in [0, 1], got ${lambda.toString()}`)
      return E.chain((eps: Decimal) =>
        E.map((bonus: Decimal) => targetMix(lambda, eps, params.rebate, bonus))(checkBonus(params.bonus ?? ZERO, params.rebate)),
      )(checkEpsilon(params.epsilon))
    }
    case 'first-best-oracle':
      return E.right(firstBestOracle())
    default:
      return E.left(`mechanism: unknown ${JSON.stringify(name)} (expected one of: ${MECHANISM_NAMES.join(', ')})`)
  }
}
