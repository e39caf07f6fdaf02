/**
 * Provider strategies (proofs-notes §5): the basic profiles, the deviation families, and lookup by name.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { Decimal } from '../exact/decimal.ts'
import type { Strategy } from '../sim/interfaces.ts'
import { fullCheat, honest, recommended } from './basic.ts'
import { endgameCheating } from './endgame.ts'
import { explorationShading } from './explore-shading.ts'
import { mimic } from './mimicry.ts'
import { marginWithholding, slackRiding } from './slack-riding.ts'

export { deliverer, fullCheat, honest, recommended } from './basic.ts'
export {
  type ActionMenu,
  actionMenu,
  isMonitoredServer,
  quantumOfRange,
  rangeUnits,
  serverMargin,
} from './action-menu.ts'
export {
  type Rule,
  type RuleCondition,
  type RulePlay,
  arbitraryCondition,
  arbitraryPlay,
  arbitraryRules,
  describeRules,
  ruleStrategy,
} from './adaptive.ts'
export {
  type ExactSlackRidingOptions,
  type NoiseFreeBestResponse,
  type NoiseFreeOptions,
  bestResponseStrategy,
  exactSlackRiding,
  maxDeficitUnits,
  noiseFreeSlackRide,
} from './best-response.ts'
export { endgameCheating } from './endgame.ts'
export { explorationShading } from './explore-shading.ts'
export { mimic } from './mimicry.ts'
export { recommendedFallback } from './recommended-parts.ts'
export { type SlackRidingOptions, marginWithholding, slackRiding } from './slack-riding.ts'
export {
  type StationaryAction,
  type StationaryProfile,
  describeStationaryAction,
  stationaryPerPhase,
} from './stationary.ts'

/**
 * The fixed names {@link strategyByName} accepts (besides `margin-<k>R`, `mimic:<mean>`,
 * `shade:<withhold>` and `endgame:<name>`).
 */
export const STRATEGY_NAMES: readonly string[] = ['recommended', 'honest', 'full-cheat', 'slack-riding', 'margin-10R', 'endgame']

const FIXED: Readonly<Record<string, () => Strategy>> = {
  recommended: () => recommended,
  honest: () => honest,
  'full-cheat': () => fullCheat,
  'slack-riding': () => slackRiding(),
  endgame: () => endgameCheating(honest),
}

/** Longest accepted strategy name. */
export const MAX_STRATEGY_NAME_LENGTH = 200
/** The accepted spelling of a decimal parameter (as in scenario files: no exponent, no `+`). */
const DECIMAL_ARG = /^-?(0|[1-9]\d*)(\.\d+)?$/
/** Bounds of every decimal parameter of a name: |x| ≤ 10^6 with at most 6 places (the action grid, §3.4). */
const ARG_MAX = 1_000_000
const ARG_PLACES = 6

const decimalArg = (kind: string, raw: string, what: string): E.Either<string, Decimal> => {
  const d = raw.length <= 40 && DECIMAL_ARG.test(raw) ? new Decimal(raw) : undefined
  return d?.abs().lte(ARG_MAX) && d.decimalPlaces() <= ARG_PLACES
    ? E.right(d)
    : E.left(`${kind}: expected ${what} as a decimal in [-10^6, 10^6] with at most ${ARG_PLACES} places after "${kind}:", got "${raw}"`)
}

/** A strategy name without the `endgame:` wrapper. */
const baseStrategy = (name: string): E.Either<string, Strategy> => {
  const fixed = FIXED[name]
  if (fixed !== undefined) return E.right(fixed())
  const margin = /^margin-(.*)R$/.exec(name)
  if (margin !== null) {
    const raw = margin[1] ?? ''
    const k = /^(0|[1-9]\d*)(\.\d+)?$/.test(raw) && raw.length <= 40 ? new Decimal(raw) : undefined
    if (k === undefined || k.gt(ARG_MAX) || k.decimalPlaces() > ARG_PLACES)
      return E.left(`margin: expected a non-negative number of R (at most 10^6, ${ARG_PLACES} places) in "margin-<k>R", got "${raw}"`)
    return E.right(marginWithholding(k.toNumber()))
  }
  if (name.startsWith('mimic:')) return E.map(mimic)(decimalArg('mimic', name.slice('mimic:'.length), "a mean ū'"))
  if (name.startsWith('shade:')) {
    const w = decimalArg('shade', name.slice('shade:'.length), 'a withheld amount')
    if (E.isRight(w) && w.right.isNegative()) return E.left(`shade: expected a non-negative withheld amount, got "${name.slice(6)}"`)
    return E.map(explorationShading)(w)
  }
  return E.left(
    `strategy: unknown name "${name}" (expected one of ${STRATEGY_NAMES.join(', ')}, margin-<k>R, mimic:<mean>, shade:<withhold>, endgame:<name>)`,
  )
}

/**
 * The strategy named `name`: `recommended`, `honest`, `full-cheat`, `slack-riding`,
 * `margin-<k>R` (e.g. `margin-10R`), `mimic:<mean>` (e.g. `mimic:0.6`), `shade:<withhold>`
 * (e.g. `shade:0.05`), `endgame` (honest until the endgame, then full cheat: τ* already cheats
 * there, so `endgame` on τ* would be τ* itself) or `endgame:<name>` (any of the other names with
 * endgame cheating, §5.4). The grammar is flat: `endgame:` wraps once (a second wrap changes
 * nothing and is refused), decimals are written as in scenario files with at most 6 places, and a
 * name has at most {@link MAX_STRATEGY_NAME_LENGTH} characters. `Left` names the bad value.
 *
 * @param name - a strategy name of the grammar above.
 * @returns the strategy, or a message naming the bad part of the name.
 *
 * @example Runnable from the repository root (the docs test runs it and compares its output).
 * ```ts
 * import { Either as E, strategyByName } from 'second-best-delegation'
 *
 * for (const name of ['margin-10R', 'endgame:mimic:0.6', 'greedy']) {
 *   const s = strategyByName(name)
 *   console.log(E.isRight(s) ? s.right.name : s.left)
 * }
 * ```
 *
 * ```text output
 * margin-10R
 * endgame(mimic(ū'=0.6))
 * strategy: unknown name "greedy" (expected one of recommended, honest, full-cheat, slack-riding, margin-10R, endgame, margin-<k>R, mimic:<mean>, shade:<withhold>, endgame:<name>)
 * ```
 */
export const strategyByName = (name: string): E.Either<string, Strategy> => {
  if (name.length > MAX_STRATEGY_NAME_LENGTH)
    return E.left(`strategy: a name has at most ${MAX_STRATEGY_NAME_LENGTH} characters, got ${name.length}`)
  if (!name.startsWith('endgame:')) return baseStrategy(name)
  const inner = name.slice('endgame:'.length)
  if (inner === 'endgame' || inner.startsWith('endgame:'))
    return E.left(`endgame: wraps a strategy at most once, got "${name.length > 40 ? `${name.slice(0, 40)}…` : name}"`)
  return E.map(endgameCheating)(baseStrategy(inner))
}
