/**
 * Random adaptive strategies for fast-check (proofs-notes §5.6): a strategy is a short list of plain-data
 * rules, so that generated strategies shrink to small readable counterexamples.
 *
 * A rule fires when every condition it names holds (a rule with no condition always fires); the
 * first firing rule picks the action, and when none fires the provider plays τ*.
 *
 * @module
 */
import fc from 'fast-check'
import type { OutcomeTable } from '../model/outcome-table.ts'
import type { ProviderContext, Strategy } from '../sim/interfaces.ts'
import type { Phase, PublicView } from '../sim/public-view.ts'
import { rangeUnits, serverMargin } from './action-menu.ts'
import { recommended, untilPublicChange } from './basic.ts'
import { marginStableFor, rangeEnds } from './slack-riding.ts'

/** The conditions of a rule (all must hold; absent ones are not checked). */
export interface RuleCondition {
  /** The current phase is this one. */
  readonly phase?: Phase
  /** The provider is the monitored server and its running margin `S − (j·τ − c(j))` exceeds this many `R`. */
  readonly marginAboveR?: number
  /** The current round `t` is at least this fraction of `T`. */
  readonly roundFractionAtLeast?: number
  /** Whether the provider is (true) or is not (false) the mechanism's current server. */
  readonly isServer?: boolean
}

/**
 * What a rule plays: honest `h`, full cheat `g`, τ*'s action, or the frontier action delivering
 * `ū − f·(ū − μ^min)` for `f = withholdFractionOfRange ∈ [0, 1]` (clamped).
 */
export type RulePlay = 'honest' | 'full-cheat' | 'recommended' | { readonly withholdFractionOfRange: number }

/** One rule: a condition and the action it plays when the condition holds. */
export interface Rule {
  readonly when: RuleCondition
  readonly play: RulePlay
}

const holds = (c: RuleCondition, view: PublicView, index: number, rangeU: number): boolean => {
  if (c.phase !== undefined && view.phase !== c.phase) return false
  if (c.isServer !== undefined && (view.server === index) !== c.isServer) return false
  if (c.roundFractionAtLeast !== undefined && view.t < c.roundFractionAtLeast * view.T) return false
  if (c.marginAboveR !== undefined) {
    if (!(view.phase === 'exploitation' && view.server === index && Number.isFinite(view.target))) return false
    if (!(serverMargin(view) > c.marginAboveR * rangeU)) return false
  }
  return true
}

const playTable = (ctx: ProviderContext, play: RulePlay, h: OutcomeTable, g: OutcomeTable): OutcomeTable | 'recommended' => {
  if (play === 'honest') return h
  if (play === 'full-cheat') return g
  if (play === 'recommended') return 'recommended'
  const f = Math.min(1, Math.max(0, play.withholdFractionOfRange))
  const span = ctx.self.honestMean.minus(ctx.self.cheatMean)
  return ctx.table(ctx.self.deliver(ctx.self.honestMean.minus(span.times(f))))
}

/**
 * The strategy of a rule list: the first rule whose condition holds picks the action; τ* when
 * none does. Deterministic: it draws no randomness, so a run is fixed by the simulation seed.
 *
 * @param rules - the rules, first match wins.
 * @returns the strategy.
 */
export const ruleStrategy = (rules: readonly Rule[]): Strategy => ({
  name: `rules(${describeRules(rules)})`,
  start: (ctx) => {
    const rangeU = rangeUnits(ctx)
    const h = ctx.table(ctx.self.honest)
    const g = ctx.table(ctx.self.fullCheat)
    const base = recommended.start(ctx)
    const compiled = rules.map((r) => ({ when: r.when, table: playTable(ctx, r.play, h, g) }))
    const { lo, hi } = rangeEnds(ctx)
    /**
     * Rounds from `view.t` through which condition `c` keeps its truth value (proofs-notes §13.4):
     * phase and server are fixed inside a block; `t ≥ f·T` turns true once, at round ⌈f·T⌉; the
     * margin keeps its side of the threshold for `marginStableFor` rounds.
     */
    const conditionStableFor = (c: RuleCondition, view: PublicView): number => {
      let m = untilPublicChange(view)
      if (c.roundFractionAtLeast !== undefined && view.t < c.roundFractionAtLeast * view.T)
        m = Math.min(m, Math.ceil(c.roundFractionAtLeast * view.T) - view.t)
      if (c.marginAboveR !== undefined && view.phase === 'exploitation' && view.server === ctx.index && Number.isFinite(view.target))
        m = Math.min(m, marginStableFor(view, c.marginAboveR * rangeU, lo, hi))
      return Math.max(1, m)
    }
    return {
      act: (view) => {
        for (const r of compiled) if (holds(r.when, view, ctx.index, rangeU)) return r.table === 'recommended' ? base.act(view) : r.table
        return base.act(view)
      },
      // Every condition keeps its truth value, so the first rule that holds stays the same; its
      // play is a fixed table or τ*'s (stable to the next public change).
      stableFor: (view) => compiled.reduce((m, r) => Math.min(m, conditionStableFor(r.when, view)), base.stableFor?.(view) ?? 1),
    }
  },
})

const percent = (f: number): string => `${Math.round(f * 10000) / 100}%`

const describePlay = (p: RulePlay): string => (typeof p === 'string' ? p : `withhold ${percent(p.withholdFractionOfRange)} of range`)

const describeCondition = (c: RuleCondition): string => {
  const parts: string[] = []
  if (c.phase !== undefined) parts.push(c.phase)
  if (c.isServer !== undefined) parts.push(c.isServer ? 'serving' : 'not serving')
  if (c.marginAboveR !== undefined) parts.push(`margin > ${c.marginAboveR}R`)
  if (c.roundFractionAtLeast !== undefined) parts.push(`t ≥ ${c.roundFractionAtLeast}T`)
  return parts.length === 0 ? 'always' : `if ${parts.join(' & ')}`
}

/**
 * One line describing a rule list, e.g.
 * `if exploitation & margin > 10R: full-cheat; else recommended`.
 *
 * @param rules - a rule list.
 * @returns its one-line description.
 */
export const describeRules = (rules: readonly Rule[]): string =>
  [...rules.map((r) => `${describeCondition(r.when)}: ${describePlay(r.play)}`), 'else recommended'].join('; ')

/** The phases a generated rule may name. */
const RULE_PHASES: readonly Phase[] = ['exploration', 'exploitation', 'blindTrustFallback', 'blindTrustEndgame']

/** Arbitrary rule conditions from small choices (each condition present or absent). */
export const arbitraryCondition = (): fc.Arbitrary<RuleCondition> =>
  fc.record(
    {
      phase: fc.constantFrom(...RULE_PHASES),
      marginAboveR: fc.integer({ min: 0, max: 20 }),
      roundFractionAtLeast: fc.integer({ min: 0, max: 10 }).map((k) => k / 10),
      isServer: fc.boolean(),
    },
    { requiredKeys: [] },
  )

/** Arbitrary rule actions: the three named ones or a withholding fraction in quarters. */
export const arbitraryPlay = (): fc.Arbitrary<RulePlay> =>
  fc.oneof(
    fc.constantFrom<RulePlay>('recommended', 'honest', 'full-cheat'),
    fc.integer({ min: 0, max: 4 }).map((k): RulePlay => ({ withholdFractionOfRange: k / 4 })),
  )

/**
 * Arbitrary rule lists of 0–4 rules (they shrink toward fewer, simpler rules).
 *
 * @returns a fast-check arbitrary of rule lists.
 */
export const arbitraryRules = (): fc.Arbitrary<Rule[]> =>
  fc.array(fc.record({ when: arbitraryCondition(), play: arbitraryPlay() }), { maxLength: 4 })
