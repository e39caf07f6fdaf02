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

const decimalArg = (kind: string, raw: string, what: string): E.Either<string, Decimal> => {
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(raw))
    return E.left(`${kind}: expected ${what} as a decimal number after "${kind}:", got "${raw}"`)
  return E.right(new Decimal(raw))
}

/**
 * The strategy named `name`: `recommended`, `honest`, `full-cheat`, `slack-riding`,
 * `margin-<k>R` (e.g. `margin-10R`), `mimic:<mean>` (e.g. `mimic:0.6`), `shade:<withhold>`
 * (e.g. `shade:0.05`), `endgame` (honest until the endgame, then full cheat: τ* already cheats
 * there, so `endgame` on τ* would be τ* itself) or `endgame:<name>` (any named strategy with
 * endgame cheating). `Left` names the bad value.
 */
export const strategyByName = (name: string): E.Either<string, Strategy> => {
  const fixed = FIXED[name]
  if (fixed !== undefined) return E.right(fixed())
  const margin = /^margin-(.*)R$/.exec(name)
  if (margin !== null) {
    // A plain non-negative decimal only: Number(' ') is 0, so Number alone would accept blanks.
    const k = Number(margin[1])
    if (!/^\d+(\.\d+)?$/.test(margin[1] ?? '') || !Number.isFinite(k))
      return E.left(`margin: expected a non-negative number of R in "margin-<k>R", got "${margin[1] ?? ''}"`)
    return E.right(marginWithholding(k))
  }
  if (name.startsWith('endgame:')) return E.map(endgameCheating)(strategyByName(name.slice('endgame:'.length)))
  if (name.startsWith('mimic:'))
    return E.map(mimic)(decimalArg('mimic', name.slice('mimic:'.length), "a mean ū'"))
  if (name.startsWith('shade:')) {
    const w = decimalArg('shade', name.slice('shade:'.length), 'a withheld amount')
    if (E.isRight(w) && w.right.isNegative()) return E.left(`shade: expected a non-negative withheld amount, got "${name.slice(6)}"`)
    return E.map(explorationShading)(w)
  }
  return E.left(
    `strategy: unknown name "${name}" (expected one of ${STRATEGY_NAMES.join(', ')}, margin-<k>R, mimic:<mean>, shade:<withhold>, endgame:<name>)`,
  )
}
