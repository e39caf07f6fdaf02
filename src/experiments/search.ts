/**
 * The best-response search behind every experiment: for a mechanism, a scenario and a horizon
 * (a {@link Cell}), providers pick from their strategy families the member with the largest mean
 * profit against the others' current strategies, on a fixed set of seeds (common random numbers:
 * every candidate is scored on the same seeds as the strategy it would replace).
 *
 * - **Pass 1** scores every family member of every provider against τ* (all others truthful).
 *   These are the deviation gains of Theorem 1 (experiment b). Each provider then adopts its
 *   best member, if its gain over τ* is significant (see {@link SearchOptions.significance}).
 * - **Pass 2** (optional) is one Gauss–Seidel sweep from there: providers in index order each
 *   re-pick their best member against the current profile, which already holds the earlier
 *   providers' new choices. A provider whose opponents still play what they played when it was
 *   last scored is not re-scored (its choice is still its best response). If pass 2 changes
 *   nothing, the profile is a mutual best response within the families (on these seeds):
 *   `converged`.
 * - The final profile is then run on the cell's re-measure seeds (disjoint from the search and
 *   filter seeds, which selected it: proofs-notes §11.2) with lever use recorded.
 *
 * A candidate is simulated only on the seeds where the path-equivalence probe (see
 * {@link RunTask}) could not show that it plays exactly like the strategy it would replace.
 * Batches combine all cells, so a runner with workers keeps every core busy.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { InstanceModel } from '../model/instance-model.ts'
import { checkSeedPlan } from './seed-plan.ts'
import type { Runner } from './pool.ts'
import { type MechanismSpec, type StrategySpec, specKey } from './specs.ts'
import type { RunSummary, RunTask } from './tasks.ts'

/** One point of an experiment: a scenario, a mechanism and a horizon, with the families and seeds to search. */
export interface Cell {
  /** Scenario id (a key of the runner's models). */
  readonly scenario: string
  readonly model: InstanceModel
  readonly mechanism: MechanismSpec
  readonly T: number
  /** Common random numbers: every profile of this cell is run on these seeds. */
  readonly seeds: readonly number[]
  /** Fresh seeds on which a proposed switch must be confirmed (replication: the significance filter). */
  readonly freshSeeds: readonly number[]
  /**
   * Seeds on which the final profile is measured (utilities, lever use): disjoint from `seeds`
   * and `freshSeeds`, which both took part in selecting it (proofs-notes §11.2).
   */
  readonly remeasureSeeds: readonly number[]
  /** Per provider, its strategy family (τ* first). */
  readonly families: readonly (readonly StrategySpec[])[]
}

/** A candidate's per-seed profits (grid units) and on how many seeds it had to be simulated. */
export interface CandidateOutcome {
  readonly strategy: StrategySpec
  /** Its profit on each seed. */
  readonly profits: readonly bigint[]
  /** Seeds on which it was simulated (on the others it played exactly like the current strategy). */
  readonly simulatedSeeds: number
}

/** One provider's best-response step. */
export interface SearchStep {
  /** 1: against τ*; 2: the Gauss–Seidel sweep. */
  readonly pass: 1 | 2
  readonly provider: number
  /** Its strategy before the step, and that strategy's per-seed profits. */
  readonly current: StrategySpec
  readonly currentProfits: readonly bigint[]
  /** Every other family member, scored on the same seeds. */
  readonly candidates: readonly CandidateOutcome[]
  /** The member with the largest significant gain on the common seeds, if any. */
  readonly proposed: StrategySpec | null
  /** Per fresh seed, the proposed member's gain over the current strategy (empty without a proposal). */
  readonly replication: readonly bigint[]
  /** What it plays after the step: the proposal if its gain is significant on the fresh seeds too, else the current strategy. */
  readonly chosen: StrategySpec
}

/** The search's outcome for one cell. */
export interface CellResult {
  readonly cell: Cell
  /** Runs of the truthful profile τ*, per seed. */
  readonly truthful: readonly RunSummary[]
  /** Pass-1 steps (one per provider), then pass-2 steps (if any). */
  readonly steps: readonly SearchStep[]
  /** The final profile. */
  readonly profile: readonly StrategySpec[]
  /** Passes run (1 or 2). */
  readonly passes: 1 | 2
  /** True iff the last pass changed nobody's strategy (with 1 pass: iff τ* was kept by everyone). */
  readonly converged: boolean
  /** Runs of the final profile, per re-measure seed, with lever use recorded. */
  readonly final: readonly RunSummary[]
}

/** Search settings. */
export interface SearchOptions {
  /** 1 (against τ* only) or 2 (plus one Gauss–Seidel sweep). */
  readonly passes: 1 | 2
  /**
   * A provider switches only to a candidate whose mean gain over its current strategy exceeds
   * this many standard errors (common seeds). Without it, candidates that are exactly as good in
   * expectation (e.g. any exploration play under the rebate with a pure-transfer frontier) would
   * be adopted on noise.
   */
  readonly significance: number
  /** Wraps each batch (e.g. a progress bar): `stage(label, tasks, run)`. */
  readonly stage?: <A>(label: string, tasks: number, work: (tick: (n?: number) => void) => A) => A
}

const RECOMMENDED: StrategySpec = { kind: 'recommended' }
const sum = (xs: readonly bigint[]): bigint => xs.reduce((a, b) => a + b, 0n)

interface Pending {
  readonly cell: number
  readonly provider: number
  readonly candidates: readonly StrategySpec[]
}

/**
 * Scores `provider`'s candidates in every cell of `pending` against `profiles` (per cell): one
 * probed baseline batch, then one batch of the candidates' non-equivalent seeds.
 */
const scoreCandidates = (
  runner: Runner,
  cells: readonly Cell[],
  profiles: readonly (readonly StrategySpec[])[],
  pending: readonly Pending[],
  stage: NonNullable<SearchOptions['stage']>,
  label: string,
): { readonly base: readonly (readonly RunSummary[])[]; readonly outcomes: readonly (readonly CandidateOutcome[])[] } => {
  // Probed baselines: per cell, per seed; every pending provider's candidates are probed at once.
  const probesByCell = new Map<number, (readonly StrategySpec[] | null)[]>()
  for (const p of pending) {
    const probe = probesByCell.get(p.cell) ?? cells[p.cell]!.model.providers.map(() => null)
    probe[p.provider] = p.candidates
    probesByCell.set(p.cell, probe)
  }
  const cellIds = [...probesByCell.keys()].sort((a, b) => a - b)
  const baseTasks: RunTask[] = cellIds.flatMap((c) =>
    cells[c]!.seeds.map((seed) => ({
      scenario: cells[c]!.scenario,
      mechanism: cells[c]!.mechanism,
      profile: profiles[c]!,
      T: cells[c]!.T,
      seed,
      probe: probesByCell.get(c)!,
    })),
  )
  const baseRuns = stage(`${label}: baselines`, baseTasks.length, (tick) => runner.run(baseTasks, tick))
  const base = new Map<number, RunSummary[]>()
  let k = 0
  for (const c of cellIds) {
    const runs = cells[c]!.seeds.map(() => baseRuns[k++]!)
    base.set(c, runs)
  }
  // Candidates on the seeds where the probe saw them differ.
  const devTasks: RunTask[] = []
  const slots: { readonly pending: number; readonly candidate: number; readonly seed: number }[] = []
  pending.forEach((p, pi) => {
    const cell = cells[p.cell]!
    const runs = base.get(p.cell)!
    p.candidates.forEach((cand, ci) => {
      cell.seeds.forEach((seed, si) => {
        if (runs[si]!.equivalent[p.provider]?.[ci] === true) return
        devTasks.push({
          scenario: cell.scenario,
          mechanism: cell.mechanism,
          profile: profiles[p.cell]!.map((s, j) => (j === p.provider ? cand : s)),
          T: cell.T,
          seed,
        })
        slots.push({ pending: pi, candidate: ci, seed: si })
      })
    })
  })
  const devRuns = stage(`${label}: candidates`, devTasks.length, (tick) => runner.run(devTasks, tick))
  const profits = pending.map((p) => p.candidates.map(() => base.get(p.cell)!.map((r) => r.profits[p.provider]!)))
  const simulated = pending.map((p) => p.candidates.map(() => 0))
  slots.forEach((s, j) => {
    const p = pending[s.pending]!
    profits[s.pending]![s.candidate]![s.seed] = devRuns[j]!.profits[p.provider]!
    simulated[s.pending]![s.candidate]!++
  })
  const outcomes = pending.map((p, pi) =>
    p.candidates.map((strategy, ci) => ({ strategy, profits: profits[pi]![ci]!, simulatedSeeds: simulated[pi]![ci]! })),
  )
  return { base: pending.map((p) => base.get(p.cell)!), outcomes }
}

/**
 * True iff per-seed gains `g` are significantly positive: mean `> z` standard errors of the mean
 * (with one seed: mean `> 0`). Decided exactly in integers: with `G = Σg`, `Q = Σg²` and `S`
 * seeds, `G > 0` and `G²·(S−1) > z²·(S·Q − G²)`.
 */
export const significantGain = (g: readonly bigint[], z: number): boolean => {
  const S = BigInt(g.length)
  const G = sum(g)
  if (G <= 0n) return false
  if (S < 2n) return true
  const Q = g.reduce((a, x) => a + x * x, 0n)
  const z2 = BigInt(Math.round(z * z * 1e6))
  return G * G * (S - 1n) * 1_000_000n > z2 * (S * Q - G * G)
}

/**
 * The proposal of a provider: among the candidates whose per-seed gains over the current
 * strategy are significantly positive ({@link significantGain} at `z`), the one with the largest
 * total profit (ties: the first in family order); `null` if none.
 */
const proposalOf = (currentProfits: readonly bigint[], candidates: readonly CandidateOutcome[], z: number): StrategySpec | null => {
  let best: StrategySpec | null = null
  let bestTotal = sum(currentProfits)
  for (const c of candidates) {
    const total = sum(c.profits)
    if (
      total > bestTotal &&
      significantGain(
        c.profits.map((x, k) => x - currentProfits[k]!),
        z,
      )
    ) {
      best = c.strategy
      bestTotal = total
    }
  }
  return best
}

/** A step before its replication on fresh seeds: what `SearchStep` holds except the outcome. */
type Draft = Omit<SearchStep, 'replication' | 'chosen'> & { readonly cell: number }

/**
 * Replication: every proposal is run again, against the same opponents, on the cell's fresh
 * seeds (current strategy and proposal, common random numbers), and adopted only if its gain is
 * significant there too. A maximum over many noisy candidates is otherwise adopted on noise.
 */
const replicate = (
  runner: Runner,
  cells: readonly Cell[],
  profiles: readonly (readonly StrategySpec[])[],
  drafts: readonly Draft[],
  z: number,
  stage: NonNullable<SearchOptions['stage']>,
  label: string,
): SearchStep[] => {
  const tasks: RunTask[] = []
  for (const d of drafts) {
    if (d.proposed === null) continue
    const cell = cells[d.cell]!
    const mine = profiles[d.cell]!
    const theirs = mine.map((s, j) => (j === d.provider ? d.proposed! : s))
    for (const seed of cell.freshSeeds)
      tasks.push(
        { scenario: cell.scenario, mechanism: cell.mechanism, profile: mine, T: cell.T, seed },
        { scenario: cell.scenario, mechanism: cell.mechanism, profile: theirs, T: cell.T, seed },
      )
  }
  const runs = stage(`${label}: replication`, tasks.length, (tick) => runner.run(tasks, tick))
  let k = 0
  return drafts.map(({ cell: _cell, ...d }) => {
    if (d.proposed === null) return { ...d, replication: [], chosen: d.current }
    const gains = cells[_cell]!.freshSeeds.map(() => {
      const base = runs[k++]!.profits[d.provider]!
      return runs[k++]!.profits[d.provider]! - base
    })
    return { ...d, replication: gains, chosen: significantGain(gains, z) ? d.proposed : d.current }
  })
}

/**
 * Runs the best-response search on every cell (see the module comment). Throws if a run fails or
 * a cell's search, filter and re-measure seeds are not pairwise disjoint (a bug of the caller).
 */
export const searchBestResponses = (runner: Runner, cells: readonly Cell[], options: SearchOptions): readonly CellResult[] => {
  for (const c of cells) {
    const ok = checkSeedPlan({ search: c.seeds, filter: c.freshSeeds, remeasure: c.remeasureSeeds })
    if (E.isLeft(ok)) throw new Error(`${c.scenario} T=${c.T}: ${ok.left}`)
  }
  const stage = options.stage ?? (<A>(_l: string, _n: number, work: (tick: (n?: number) => void) => A): A => work(() => undefined))
  const truthfulProfiles = cells.map((c) => c.model.providers.map(() => RECOMMENDED))
  const others = (family: readonly StrategySpec[], current: StrategySpec): StrategySpec[] =>
    family.filter((s) => specKey(s) !== specKey(current))

  // Pass 1: every provider of every cell against τ*.
  const pending1: Pending[] = cells.flatMap((c, ci) =>
    c.model.providers.map((_, i) => ({ cell: ci, provider: i, candidates: others(c.families[i] ?? [], RECOMMENDED) })),
  )
  const p1 = scoreCandidates(runner, cells, truthfulProfiles, pending1, stage, 'pass 1 (against τ*)')
  const steps: SearchStep[][] = cells.map(() => [])
  const truthful: (readonly RunSummary[])[] = cells.map(() => [])
  const drafts1: Draft[] = pending1.map((p, k) => {
    const base = p1.base[k]!
    truthful[p.cell] = base
    const currentProfits = base.map((r) => r.profits[p.provider]!)
    const candidates = p1.outcomes[k]!
    return {
      cell: p.cell,
      pass: 1,
      provider: p.provider,
      current: RECOMMENDED,
      currentProfits,
      candidates,
      proposed: proposalOf(currentProfits, candidates, options.significance),
    }
  })
  for (const [k, step] of replicate(runner, cells, truthfulProfiles, drafts1, options.significance, stage, 'pass 1 (against τ*)').entries())
    steps[drafts1[k]!.cell]!.push(step)
  const profiles: StrategySpec[][] = cells.map((c, ci) => c.model.providers.map((_, i) => steps[ci]![i]!.chosen))
  const changed1 = cells.map((_, ci) => steps[ci]!.some((s) => specKey(s.chosen) !== specKey(s.current)))

  // Pass 2: one Gauss–Seidel sweep.
  const changed2 = cells.map(() => false)
  if (options.passes === 2) {
    const maxN = Math.max(0, ...cells.map((c) => c.model.n))
    const othersKey = (ci: number, i: number): string => profiles[ci]!.map((s, j) => (j === i ? '' : specKey(s))).join('|')
    // The others' profile each provider was last scored against (pass 1: everyone else truthful).
    const scoredAgainst = cells.map((c, ci) =>
      c.model.providers.map((_, i) => truthfulProfiles[ci]!.map((s, j) => (j === i ? '' : specKey(s))).join('|')),
    )
    for (let i = 0; i < maxN; i++) {
      // A provider whose opponents have not changed since it was scored keeps its choice unscored.
      const pending: Pending[] = cells.flatMap((c, ci) =>
        i < c.model.n && othersKey(ci, i) !== scoredAgainst[ci]![i]
          ? [{ cell: ci, provider: i, candidates: others(c.families[i] ?? [], profiles[ci]![i]!) }]
          : [],
      )
      if (pending.length === 0) continue
      for (const p of pending) scoredAgainst[p.cell]![i] = othersKey(p.cell, i)
      const label = `pass 2 (provider ${i + 1} of ${maxN})`
      const scored = scoreCandidates(runner, cells, profiles, pending, stage, label)
      const drafts: Draft[] = pending.map((p, k) => {
        const currentProfits = scored.base[k]!.map((r) => r.profits[i]!)
        const candidates = scored.outcomes[k]!
        const current = profiles[p.cell]![i]!
        return {
          cell: p.cell,
          pass: 2,
          provider: i,
          current,
          currentProfits,
          candidates,
          proposed: proposalOf(currentProfits, candidates, options.significance),
        }
      })
      replicate(runner, cells, profiles, drafts, options.significance, stage, label).forEach((step, k) => {
        const ci = drafts[k]!.cell
        steps[ci]!.push(step)
        if (specKey(step.chosen) !== specKey(step.current)) {
          changed2[ci] = true
          profiles[ci]![i] = step.chosen
        }
      })
    }
  }

  // The final profile, recorded.
  const finalTasks: RunTask[] = cells.flatMap((c, ci) =>
    c.remeasureSeeds.map((seed) => ({ scenario: c.scenario, mechanism: c.mechanism, profile: profiles[ci]!, T: c.T, seed, record: true })),
  )
  const finalRuns = stage('final profiles', finalTasks.length, (tick) => runner.run(finalTasks, tick))
  let k = 0
  return cells.map((cell, ci) => ({
    cell,
    truthful: truthful[ci]!,
    steps: steps[ci]!,
    profile: profiles[ci]!,
    passes: options.passes,
    converged: options.passes === 2 ? !changed2[ci]! : !changed1[ci]!,
    final: cell.remeasureSeeds.map(() => finalRuns[k++]!),
  }))
}
