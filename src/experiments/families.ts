/**
 * The strategy families a provider's best response is searched in (proofs-notes §5), per mechanism.
 *
 * The family always starts with τ* (so that ties keep the recommended profile) and is free of
 * duplicates. Members that cannot differ from τ* under a mechanism are left out: under a
 * mechanism without phases (PayTheBill, ReputationUCB) τ*, slack riding, margin withholding and
 * exploration shading are all honest service, so only honest, full cheat and fixed withholding
 * levels (mimicry) remain.
 *
 * @module
 */
import type { Decimal } from '../exact/decimal.ts'
import type { InstanceModel } from '../model/instance-model.ts'
import { type MechanismSpec, type StrategySpec, specKey } from './specs.ts'

/** Quantum of slack riding, in units of `R`: coarser on LLM instances (fewer compiled actions). */
const slackQuantum = (model: InstanceModel): number => (model.instance.kind === 'llm' ? 1e-4 : 1e-5)

/**
 * Mimicry levels of provider `i`: `ū − k·(ū − μ^min)/4` for `k = 1, 2, 3`, and every other
 * provider's best service strictly inside `(μ^min, ū)` (mimicking a weaker competitor).
 */
export const mimicLevels = (model: InstanceModel, i: number): readonly Decimal[] => {
  const p = model.providers[i]
  if (p === undefined) return []
  const spread = p.honestMean.minus(p.cheatMean)
  const own = [1, 2, 3].map((k) => p.honestMean.minus(spread.times(k).div(4)))
  const others = model.providers
    .filter((q) => q.index !== i && q.honestMean.lt(p.honestMean) && q.honestMean.gt(p.cheatMean))
    .map((q) => q.honestMean)
  return spread.isZero() ? [] : [...own, ...others]
}

const dedupe = (xs: readonly StrategySpec[]): StrategySpec[] => {
  const seen = new Set<string>()
  return xs.filter((s) => {
    const k = specKey(s)
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}

/**
 * The family of provider `i` under `mechanism` (τ* first):
 *
 * - SBD: τ*, honest, full cheat, slack riding, margin withholding at 10R and 3R, exploration
 *   shading by half and by all of the manipulation range, withholding half the range as server,
 *   cheating after exploration, and mimicry at every {@link mimicLevels} level;
 * - PostedTarget: the same without the exploration deviations;
 * - PayTheBill, ReputationUCB: τ* (honest), full cheat and mimicry;
 *
 * and, after these, the `extra` members (the plug-in strategies of `sbd experiment study --plugin`).
 */
export const familyFor = (
  model: InstanceModel,
  mechanism: MechanismSpec,
  i: number,
  extra: readonly StrategySpec[] = [],
): readonly StrategySpec[] => {
  const p = model.providers[i]
  if (p === undefined) return []
  if (extra.length > 0) return dedupe([...familyFor(model, mechanism, i), ...extra])
  const spread = p.honestMean.minus(p.cheatMean)
  const half = spread.div(2).toString()
  const mimics = mimicLevels(model, i).map((m): StrategySpec => ({ kind: 'mimic', cap: m.toString() }))
  const basics: StrategySpec[] = [{ kind: 'recommended' }, { kind: 'honest' }, { kind: 'full-cheat' }]
  const server: StrategySpec[] = [
    { kind: 'slack-riding', quantumR: slackQuantum(model) },
    { kind: 'margin', thresholdR: 10 },
    { kind: 'margin', thresholdR: 3 },
    { kind: 'exploit-withhold', withhold: half },
  ]
  switch (mechanism.kind) {
    case 'sbd':
      return dedupe([
        ...basics,
        ...server,
        { kind: 'shade', withhold: half },
        { kind: 'shade', withhold: spread.toString() },
        { kind: 'cheat-after-exploration' },
        ...mimics,
      ])
    case 'posted-target':
      return dedupe([...basics, ...server, ...mimics])
    case 'pay-the-bill':
    case 'reputation-ucb':
      return dedupe([{ kind: 'recommended' }, { kind: 'full-cheat' }, ...mimics])
  }
}
