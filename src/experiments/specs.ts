/**
 * Plain-data descriptions of the mechanisms and provider strategies the experiments play.
 *
 * Experiments pass these descriptors (not closures) around, so that a run is a JSON-ready task
 * that can be recorded in the report and executed in a worker thread. {@link mechanismOf} and
 * {@link strategyOf} turn them into the simulator's objects.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { Decimal } from '../exact/decimal.ts'
import { BUILTIN_REGISTRY, type Registry, strategyIn } from '../plugin/registry.ts'
import { payTheBill, postedTarget, reputationUcb, sbd } from '../mechanism/index.ts'
import type { Mechanism, Strategy } from '../sim/interfaces.ts'
import { fullCheat, honest, recommended } from '../strategy/basic.ts'
import { explorationShading } from '../strategy/explore-shading.ts'
import { mimic } from '../strategy/mimicry.ts'
import { marginWithholding, slackRiding } from '../strategy/slack-riding.ts'
import { stationaryPerPhase } from '../strategy/stationary.ts'

/**
 * A mechanism of the study: SBD(ε) with the rebate on or off (and, with the rebate on, a rebate
 * bonus δ, proofs-notes §14.1), or one of the baselines of proofs-notes §4. Decimal parameters are
 * decimal strings.
 *
 * @example
 * ```ts
 * const m: MechanismSpec = { kind: 'sbd', epsilon: '0.25', rebate: true }
 * ```
 */
export type MechanismSpec =
  | { readonly kind: 'sbd'; readonly epsilon: string; readonly rebate: boolean; readonly bonus?: string }
  | { readonly kind: 'pay-the-bill'; readonly provider: number }
  | { readonly kind: 'reputation-ucb' }
  | { readonly kind: 'posted-target'; readonly theta: string }

/** The simulator's mechanism for `spec`. */
export const mechanismOf = (spec: MechanismSpec): Mechanism => {
  switch (spec.kind) {
    case 'sbd':
      return sbd(new Decimal(spec.epsilon), spec.rebate, new Decimal(spec.bonus ?? '0'))
    case 'pay-the-bill':
      return payTheBill(spec.provider)
    case 'reputation-ucb':
      return reputationUcb()
    case 'posted-target':
      return postedTarget(new Decimal(spec.theta))
  }
}

/** The rebate bonus δ of an SBD spec when it is not 0 (§14.1), else `undefined`. */
export const bonusOf = (spec: MechanismSpec): string | undefined =>
  spec.kind === 'sbd' && spec.bonus !== undefined && !new Decimal(spec.bonus).isZero() ? spec.bonus : undefined

/**
 * A short display label: `SBD(ε=0.25, rebate=on)`, `SBD(ε=0.25, rebate=on, δ=0.1)`, `PayTheBill`, `ReputationUCB`, `PostedTarget(θ=0.6)`.
 *
 * @example
 * ```ts
 * mechanismLabel({ kind: 'sbd', epsilon: '0.4', rebate: false }) // 'SBD(ε=0.4, rebate=off)'
 * ```
 */
export const mechanismLabel = (spec: MechanismSpec): string => {
  switch (spec.kind) {
    case 'sbd':
      return `SBD(ε=${spec.epsilon}, rebate=${spec.rebate ? 'on' : 'off'}${bonusOf(spec) === undefined ? '' : `, δ=${spec.bonus}`})`
    case 'pay-the-bill':
      return 'PayTheBill'
    case 'reputation-ucb':
      return 'ReputationUCB'
    case 'posted-target':
      return `PostedTarget(θ=${spec.theta})`
  }
}

/**
 * A provider strategy from the families of proofs-notes §5 (decimal parameters as strings, in USD):
 *
 * - `recommended` τ*, `honest`, `full-cheat`;
 * - `slack-riding` (as server, withhold what the test allows each round; means rounded up to `quantumR·R`);
 * - `margin` (full cheat while the running margin exceeds `thresholdR·R`, else honest);
 * - `shade` (τ*, but deliver `ū − withhold` in exploration);
 * - `mimic` (the recommended strategy of a weaker type capped at `cap`);
 * - `exploit-withhold` (honest in exploration, `ū − withhold` as server, full cheat in blind trust);
 * - `cheat-after-exploration` (honest in exploration, full cheat from then on).
 */
export type StrategySpec =
  | { readonly kind: 'recommended' }
  | { readonly kind: 'honest' }
  | { readonly kind: 'full-cheat' }
  | { readonly kind: 'slack-riding'; readonly quantumR: number }
  | { readonly kind: 'margin'; readonly thresholdR: number }
  | { readonly kind: 'shade'; readonly withhold: string }
  | { readonly kind: 'mimic'; readonly cap: string }
  | { readonly kind: 'exploit-withhold'; readonly withhold: string }
  | { readonly kind: 'cheat-after-exploration' }
  | { readonly kind: 'plugin'; readonly name: string }

/**
 * The simulator's strategy for `spec`.
 *
 * @param spec - the descriptor.
 * @param registry - where a plug-in strategy's name is resolved (default: built-in names only).
 * @returns the strategy; throws an `Error` for a plug-in name the registry does not resolve (names are checked before a study runs).
 */
export const strategyOf = (spec: StrategySpec, registry: Registry = BUILTIN_REGISTRY): Strategy => {
  switch (spec.kind) {
    case 'plugin': {
      const s = strategyIn(registry, spec.name)
      if (E.isLeft(s)) throw new Error(`strategy ${spec.name}: ${s.left}`)
      return s.right
    }
    case 'recommended':
      return recommended
    case 'honest':
      return honest
    case 'full-cheat':
      return fullCheat
    case 'slack-riding':
      return slackRiding({ quantumR: spec.quantumR })
    case 'margin':
      return marginWithholding(spec.thresholdR)
    case 'shade':
      return explorationShading(new Decimal(spec.withhold))
    case 'mimic':
      return mimic(new Decimal(spec.cap))
    case 'exploit-withhold':
      return stationaryPerPhase({
        exploitation: { withhold: new Decimal(spec.withhold) },
        blindTrustFallback: 'full-cheat',
        blindTrustEndgame: 'full-cheat',
      })
    case 'cheat-after-exploration':
      return stationaryPerPhase({ exploitation: 'full-cheat', blindTrustFallback: 'full-cheat', blindTrustEndgame: 'full-cheat' })
  }
}

/**
 * A short display label, e.g. `τ*`, `full-cheat`, `mimic(0.6)`, `shade(0.35)`, `margin-10R`.
 *
 * @example
 * ```ts
 * strategyLabel({ kind: 'mimic', cap: '0.6' }) // 'mimic(0.6)'
 * ```
 */
export const strategyLabel = (spec: StrategySpec): string => {
  switch (spec.kind) {
    case 'recommended':
      return 'τ*'
    case 'honest':
    case 'full-cheat':
    case 'cheat-after-exploration':
      return spec.kind
    case 'plugin':
      return spec.name
    case 'slack-riding':
      return `slack-riding(q=${spec.quantumR}R)`
    case 'margin':
      return `margin-${spec.thresholdR}R`
    case 'shade':
      return `shade(${spec.withhold})`
    case 'mimic':
      return `mimic(${spec.cap})`
    case 'exploit-withhold':
      return `exploit-withhold(${spec.withhold})`
  }
}

/** A canonical text of a descriptor (equal texts, equal behaviour): for maps and de-duplication. */
export const specKey = (spec: StrategySpec | MechanismSpec): string => JSON.stringify(spec)
