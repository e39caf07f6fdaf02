/**
 * One simulation run of the study as plain data: a {@link RunTask} goes in, a {@link RunSummary}
 * comes out. Tasks are pure (same task, same summary), so they can run in any order, in this
 * thread or in a worker, and the study stays reproducible.
 *
 * Two optional instruments ride along a run without changing it:
 *
 * - **probe** (path equivalence): beside provider `i`'s strategy, each candidate strategy of
 *   `probe[i]` is started and asked for its action in every round `i` serves, on the same public
 *   view. A candidate that picks the same action as the played strategy in every such round
 *   would have produced exactly the same run (the engine's state depends only on the actions
 *   chosen), so its profit on this seed is known without simulating it. Once a candidate picks a
 *   different action it is dropped from the probe. Under the leaping engine the path also depends
 *   on how long each strategy says its action is stable (`stableFor`, which sets the blocks), so
 *   there a candidate must give the same answer to that question too, whenever the engine asks it
 *   (proofs-notes §13.5): the engine's path is a function of the seed and of these answers.
 * - **record** (lever use): counts, per provider and phase, the rounds served and the actions
 *   played (the engine reports them: a round, or under the leaping engine a block, at a time), and sums the net utility withheld through each lever (LLM: inflation `β·O^H` and
 *   substitution `σ·w·Δq`; abstract: `ū − m`).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { Decimal, ZERO } from '../exact/decimal.ts'
import type { InstanceModel } from '../model/instance-model.ts'
import { TWO_32, meanOutputTokens } from '../model/llm-model.ts'
import type { OutcomeTable } from '../model/outcome-table.ts'
import { simulate, type EngineKind } from '../sim/engine.ts'
import type { Strategy, StrategyRun } from '../sim/interfaces.ts'
import { providerUtility, userUtility } from '../sim/ledger.ts'
import { PHASES, type Phase } from '../sim/public-view.ts'
import { streamOf } from '../sim/rng.ts'
import { BUILTIN_REGISTRY, type Registry } from '../plugin/registry.ts'
import { type MechanismSpec, type StrategySpec, mechanismOf, strategyOf } from './specs.ts'

/** One simulation run: scenario id, mechanism, one strategy per provider, horizon and seed. */
export interface RunTask {
  /** Id of the scenario (a key of the models the runner was given). */
  readonly scenario: string
  readonly mechanism: MechanismSpec
  /** One strategy per provider. */
  readonly profile: readonly StrategySpec[]
  readonly T: number
  readonly seed: number
  /** The engine (proofs-notes §13.3); absent: `rounds`. */
  readonly engine?: EngineKind
  /** Per provider, candidate strategies to test for path equivalence (`null`/absent: none). */
  readonly probe?: readonly (readonly StrategySpec[] | null)[]
  /** Record lever use per provider and phase. */
  readonly record?: boolean
}

/** Lever use of one provider in one phase, summed over the rounds it served there. */
export interface PhaseUsage {
  readonly provider: number
  readonly phase: Phase
  /** Rounds served in this phase. */
  readonly rounds: number
  /** Rounds whose action withheld anything (`μ(a) < ū`). */
  readonly manipulatedRounds: number
  /** Σ net utility withheld by inflation (LLM: `β·O^H`), USD, exact. */
  readonly inflationWithheld: string
  /** Σ net utility withheld by substitution (LLM: `σ·w·Δq`), USD, exact. */
  readonly substitutionWithheld: string
  /** Σ net utility withheld in total (`ū − μ(a)`), USD, exact. */
  readonly totalWithheld: string
  /** Rounds with inflation `β > 0` (LLM). */
  readonly inflatedRounds: number
  /** Rounds with substitution probability `σ > 0` (LLM). */
  readonly substitutedRounds: number
}

/** What a run reports back (utilities in grid units of the scenario's model). */
export interface RunSummary {
  /** User utility `U`, grid units. */
  readonly user: bigint
  /** Provider utilities `Π_i`, grid units. */
  readonly profits: readonly bigint[]
  /** Rounds served per provider. */
  readonly served: readonly number[]
  /** Rounds per phase. */
  readonly phases: Readonly<Record<Phase, number>>
  /** Per provider, per probe candidate: whether it chose the played action in every round (empty without a probe). */
  readonly equivalent: readonly (readonly boolean[])[]
  /** Lever use (empty unless `record`). */
  readonly usage: readonly PhaseUsage[]
}

/**
 * Wraps `played` so that every candidate is asked too; `flags[k]` turns false once candidate k
 * answers differently: another table from `act`, or (leaping engine) another number of rounds from
 * `stableFor`. The answers the engine receives are always the played strategy's.
 */
const probed = (played: Strategy, candidates: readonly Strategy[], flags: boolean[], seed: number): Strategy => ({
  name: played.name,
  start: (ctx) => {
    const base = played.start(ctx)
    const runs: StrategyRun[] = candidates.map((c) => c.start({ ...ctx, rng: streamOf(seed, { kind: 'provider', index: ctx.index }) }))
    let alive: number[] = runs.map((_, k) => k)
    /** Keeps the candidates whose answer `same(k)` holds; drops (and flags) the others. */
    const keep = (same: (k: number) => boolean): void => {
      let kept = 0
      for (const k of alive) {
        if (same(k)) alive[kept++] = k
        else flags[k] = false
      }
      if (kept < alive.length) alive = alive.slice(0, kept)
    }
    return {
      act: (view) => {
        const table = base.act(view)
        if (alive.length > 0) keep((k) => runs[k]!.act(view) === table)
        return table
      },
      // The engine's default for a strategy without `stableFor` is one round: compare the answers as it reads them.
      stableFor: (view) => {
        const rounds = base.stableFor?.(view) ?? 1
        if (alive.length > 0) keep((k) => (runs[k]!.stableFor?.(view) ?? 1) === rounds)
        return rounds
      },
    }
  },
})

type Tally = Map<Phase, Map<OutcomeTable, number>>

/** A listener that counts, per provider and phase, the rounds each table was played, in `tallies` (either engine: single rounds or whole blocks). */
const tallying =
  (tallies: readonly Tally[]) =>
  (provider: number, table: OutcomeTable, rounds: number, phase: Phase): void => {
    const tally = tallies[provider]!
    let byTable = tally.get(phase)
    if (byTable === undefined) {
      byTable = new Map()
      tally.set(phase, byTable)
    }
    byTable.set(table, (byTable.get(table) ?? 0) + rounds)
  }

const LLM_KEY = /^s=(\d+),b=(.+)$/
const ABSTRACT_KEY = /^m=(.+)$/

/** Lever use of provider `i` from its tally (Left if an action key cannot be read). */
const usageOf = (model: InstanceModel, i: number, tally: Tally): E.Either<string, PhaseUsage[]> => {
  const inst = model.instance
  const pm = model.providers[i]!
  const out: PhaseUsage[] = []
  for (const phase of PHASES) {
    const byTable = tally.get(phase)
    if (byTable === undefined) continue
    let rounds = 0
    let manipulated = 0
    let inflated = 0
    let substituted = 0
    let inflation = ZERO
    let substitution = ZERO
    let total = ZERO
    for (const [table, count] of byTable) {
      rounds += count
      if (inst.kind === 'llm') {
        const m = LLM_KEY.exec(table.key)
        if (m === null) return E.left(`record: cannot read LLM action key ${JSON.stringify(table.key)}`)
        const p = inst.providers[i]!
        const beta = new Decimal(m[2]!)
        const sigma = new Decimal(table.branchThreshold).div(TWO_32)
        const outputPart = p.premium.outputPrice.times(meanOutputTokens(inst.market)).div(1_000_000)
        const qualityGap = p.substitute === undefined ? ZERO : p.premium.quality.minus(p.substitute.quality)
        const inf = beta.times(outputPart).times(count)
        const sub = sigma.times(inst.market.valuePerCorrect).times(qualityGap).times(count)
        inflation = inflation.plus(inf)
        substitution = substitution.plus(sub)
        if (beta.gt(0)) inflated += count
        if (table.branchThreshold > 0) substituted += count
        if (beta.gt(0) || table.branchThreshold > 0) manipulated += count
        total = total.plus(inf).plus(sub)
      } else {
        const m = ABSTRACT_KEY.exec(table.key)
        if (m === null) return E.left(`record: cannot read abstract action key ${JSON.stringify(table.key)}`)
        const w = pm.honestMean.minus(new Decimal(m[1]!)).times(count)
        if (w.gt(0)) manipulated += count
        total = total.plus(w)
      }
    }
    out.push({
      provider: i,
      phase,
      rounds,
      manipulatedRounds: manipulated,
      inflationWithheld: inflation.toString(),
      substitutionWithheld: substitution.toString(),
      totalWithheld: total.toString(),
      inflatedRounds: inflated,
      substitutedRounds: substituted,
    })
  }
  return E.right(out)
}

/**
 * Runs one task on `models` (scenario id → model). `Left` with a message when the scenario is
 * unknown, the profile has the wrong length, or the simulation rejects its inputs.
 */
export const executeTask = (
  models: ReadonlyMap<string, InstanceModel>,
  task: RunTask,
  registry: Registry = BUILTIN_REGISTRY,
): E.Either<string, RunSummary> => {
  const model = models.get(task.scenario)
  if (model === undefined) return E.left(`task: unknown scenario ${JSON.stringify(task.scenario)}`)
  if (task.profile.length !== model.n) return E.left(`task: profile has ${task.profile.length} strategies for ${model.n} providers`)
  const flags: boolean[][] = model.providers.map((_, i) => (task.probe?.[i] ?? []).map(() => true))
  const tallies: Tally[] = model.providers.map(() => new Map())
  const strategies = task.profile.map((spec, i) => {
    let s = strategyOf(spec, registry)
    const candidates = task.probe?.[i]
    if (candidates !== undefined && candidates !== null && candidates.length > 0)
      s = probed(
        s,
        candidates.map((c) => strategyOf(c, registry)),
        flags[i]!,
        task.seed,
      )
    return s
  })
  const run = simulate(model, mechanismOf(task.mechanism), strategies, {
    T: task.T,
    seed: task.seed,
    ...(task.engine === undefined ? {} : { engine: task.engine }),
    ...(task.record === true ? { onServed: tallying(tallies) } : {}),
  })
  if (E.isLeft(run)) return run
  const l = run.right.ledger
  const usage: PhaseUsage[] = []
  if (task.record === true)
    for (let i = 0; i < model.n; i++) {
      const u = usageOf(model, i, tallies[i]!)
      if (E.isLeft(u)) return u
      usage.push(...u.right)
    }
  return E.right({
    user: userUtility(l),
    profits: model.providers.map((_, i) => providerUtility(l, i)),
    served: [...l.roundsServed],
    phases: { ...run.right.outcome.phases },
    equivalent: flags,
    usage,
  })
}
