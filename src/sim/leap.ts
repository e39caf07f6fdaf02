/**
 * The leaping engine (proofs-notes §13.3–§13.6): plays a run by blocks of rounds in which nothing
 * can be decided, drawing each block's outcomes from their exact law at once.
 *
 * At round `t` the mechanism is allocated as in the per-round engine; then it declares how many
 * rounds from `t` are safe (`safeRounds`: the allocation fixed or round robin, and no round but the
 * last able to change its state except by adding to sums, whatever the outcomes), and the servers'
 * strategies declare how long their action stays fixed (`stableFor`). The block is the smallest of
 * these; a block of one round is played as the per-round engine plays it (three uniforms). A longer
 * block draws, for each provider serving in it, the counts of every outcome of its action over its
 * rounds (a {@link BlockSampler}), books `ΣX` and `ΣY` exactly (bigint), draws the last round's
 * outcome from the counts (the rounds of a block are exchangeable), and hands the mechanism the sums
 * (`observeBlock`), which takes at the block's last round every decision due there. Every decision
 * therefore happens at the round where the per-round engine would make it, in law; the path of a
 * seed differs from the per-round engine's (§13.5). Memory is O(n) plus the outcome tables.
 *
 * @module
 */
import { BANK_ADDS_PER_SETTLE, type SumBank, settleBank } from '../exact/exact-sum.ts'
import { type OutcomeTable, outcomeIndex } from '../model/outcome-table.ts'
import { type BlockSampler, type Uint32Source, exactSums } from '../sampling/index.ts'
import type { MechanismRun, StrategyRun } from './interfaces.ts'
import type { PublicView } from './public-view.ts'

/** What the leaping engine reports beside the ledger. */
export interface LeapStats {
  /** Steps of the run: blocks of two or more rounds and single rounds. */
  readonly blocks: number
  /** Rounds played inside blocks of two or more rounds. */
  readonly roundsLeapt: number
}

/** Options of a leaping run (the sampler and the debug mode are injectable for the checks of §13.6). */
export interface LeapOptions {
  /** The block sampler. */
  readonly sampler: BlockSampler
  /** Verify every block pathwise before booking it (§13.6); a failure ends the run with its message. */
  readonly debug: boolean
  /** The public range `[x_lo, x_hi]` in grid units (for the debug mode's check of the strategies). */
  readonly xLoUnits: number
  /** `x_hi` in grid units. */
  readonly xHiUnits: number
  /** The shortest block leapt ({@link SHORT_BLOCK} by default; 2 leaps every block of two rounds or more). */
  readonly shortBlock?: number
  /** Told each provider's table and rounds per step (see `ServedListener` in the engine). */
  readonly onServed?: (provider: number, table: OutcomeTable, rounds: number, phase: PublicView['phase']) => void
}

/**
 * The shortest block worth leaping: a shorter one costs more to draw (a sampler call, bigint sums,
 * the mechanism's exact test) than its rounds played one at a time. When the block at a round would
 * be shorter, that round and the next `SHORT_BLOCK − 2` are played one at a time without asking for
 * stability (each round as the per-round engine plays it, so the law is untouched: §13.3), which keeps
 * a strategy that re-decides every round (margin withholding at its threshold) near the per-round
 * engine's speed.
 */
export const SHORT_BLOCK = 16

/** Slots of the ledger's sums, as in the per-round engine. */
const TOTAL_X = 0
const TOTAL_Y = 1
const PROFIT = 2

/** The number of rounds provider `p` serves in a round-robin block of `k` rounds starting at provider `first`. */
const roundRobinCount = (p: number, first: number, k: number, n: number): number =>
  Math.floor(k / n) + ((p - first + n) % n < k % n ? 1 : 0)

/** A uniform integer in `[0, m)`, `1 ≤ m ≤ 2^32`, exact (rejection of the top partial range). */
const uniformBelow = (bits: Uint32Source, m: number): number => {
  const limit = 2 ** 32 - (2 ** 32 % m)
  for (;;) {
    const u = bits()
    if (u < limit) return u % m
  }
}

/** The outcome index of the `r`-th counted round (0-based) when counts are laid out in index order. */
const indexAt = (counts: ArrayLike<number>, r: number): number => {
  let left = r
  for (let o = 0; o < counts.length; o++) {
    const c = counts[o]!
    if (left < c) return o
    left -= c
  }
  return counts.length - 1
}

/** A copy of `view` as it would read at round `t + m`, with the stint moved by `m` rounds summing `dS` (debug mode). */
const viewAfter = (view: PublicView, m: number, monitored: boolean, dS: number): PublicView => ({
  ...view,
  t: view.t + m,
  stintRounds: monitored ? view.stintRounds + m : view.stintRounds,
  stintSum: monitored ? view.stintSum + dS : view.stintSum,
})

/**
 * Debug mode (§13.6): the strategy of `p` returns `table` at each of its rounds `t + m` of the block,
 * at both extremes of the stint's sum (all outcomes `x_lo`, all `x_hi`).
 */
const verifyStrategy = (run: StrategyRun, view: PublicView, p: number, offsets: readonly number[], o: LeapOptions): string | undefined => {
  const table = run.act(view)
  const monitored = view.phase === 'exploitation' && view.server >= 0
  for (const m of offsets)
    for (const x of [o.xLoUnits, o.xHiUnits]) {
      const seen = run.act(viewAfter(view, m, monitored, m * x))
      if (seen !== table)
        return `leap debug: provider ${p}'s action changes at round ${view.t + m} inside the block from round ${view.t} (stableFor too long)`
    }
  return undefined
}

/**
 * Rounds `1..T` by blocks: counts rounds served into `served`, books `ΣX`, `ΣY` and the profits into
 * `sums`, draws from `bits` (the run's outcome stream). Returns the statistics, or the debug mode's
 * message when a block fails its check.
 *
 * @param T - the horizon.
 * @param mech - the started mechanism.
 * @param runs - the started strategies, one per provider.
 * @param bits - the outcome stream's uniforms.
 * @param served - rounds served per provider (updated in place).
 * @param sums - the ledger's exact sums (updated in place).
 * @param o - the sampler, the debug switch and the public range.
 * @returns the block statistics, or the debug mode's message.
 */
export const playLeaping = (
  T: number,
  mech: MechanismRun,
  runs: readonly StrategyRun[],
  bits: Uint32Source,
  served: number[],
  sums: SumBank,
  o: LeapOptions,
): { readonly stats: LeapStats } | { readonly failure: string } => {
  const n = runs.length
  const view = mech.view
  const sumX = new Array<bigint>(n).fill(0n)
  const counts = new Array<number>(n).fill(0)
  let blocks = 0
  let roundsLeapt = 0
  let t = 1
  const pending = sums.pending
  let unsettled = 0
  const shortBlock = Math.max(2, o.shortBlock ?? SHORT_BLOCK)
  // Rounds still to play one at a time before stability is asked again (see SHORT_BLOCK).
  let stretch = 0
  while (t <= T) {
    const i = mech.allocate(t)
    let k = 1
    let roundRobin = false
    if (stretch > 0) stretch--
    else {
      // The server's own stability first: when it is short (an adaptive strategy near its
      // threshold), the mechanism's plan is not needed (in round robin the block is also bounded by it).
      const own = mech.observeBlock === undefined ? 1 : (runs[i]!.stableFor?.(view) ?? 1)
      const plan = own >= shortBlock ? mech.safeRounds?.(t, own) : undefined
      if (plan !== undefined) {
        k = Math.min(plan.rounds, own, T - t + 1)
        roundRobin = plan.roundRobin
        if (roundRobin) for (let p = 0; p < n && k >= shortBlock; p++) if (p !== i) k = Math.min(k, runs[p]!.stableFor?.(view) ?? 1)
      }
      if (k < shortBlock) {
        k = 1
        stretch = shortBlock - 2
      }
    }
    blocks++
    if (k === 1) {
      // One round, as the per-round engine plays it; its sums go to the bank's pending parts,
      // settled every BANK_ADDS_PER_SETTLE rounds as in the per-round engine.
      const table = runs[i]!.act(view)
      o.onServed?.(i, table, 1, view.phase)
      const u = bits()
      const v = bits()
      const z = bits()
      const idx = outcomeIndex(table, u, v, z)
      const x = table.x[idx]!
      const y = table.y[idx]!
      served[i]!++
      pending[TOTAL_X]! += x
      pending[TOTAL_Y]! += y
      pending[PROFIT + i]! += y
      if (++unsettled === BANK_ADDS_PER_SETTLE) {
        settleBank(sums)
        unsettled = 0
      }
      mech.observe(t, i, x)
      t++
      continue
    }
    for (let p = 0; p < n; p++) counts[p] = roundRobin ? roundRobinCount(p, i, k, n) : p === i ? k : 0
    if (o.debug) {
      const failure =
        mech.verifyBlock?.(t, k) ??
        runs
          .map((run, p) => {
            if (counts[p] === 0) return undefined
            const offsets: number[] = []
            for (let m = 1; m < k; m++) if (!roundRobin || (i + m) % n === p) offsets.push(m)
            return verifyStrategy(run, view, p, offsets, o)
          })
          .find((f) => f !== undefined)
      if (failure !== undefined) return { failure }
    }
    const last = roundRobin ? (i + k - 1) % n : i
    let lastX = 0
    for (let p = 0; p < n; p++) {
      const c = counts[p]!
      if (c === 0) {
        sumX[p] = 0n
        continue
      }
      const table = runs[p]!.act(view)
      o.onServed?.(p, table, c, view.phase)
      const drawn = o.sampler(table, c, bits)
      const s = exactSums(table, drawn)
      sumX[p] = s.x
      served[p]! += c
      sums.settled[TOTAL_X] = sums.settled[TOTAL_X]! + s.x
      sums.settled[TOTAL_Y] = sums.settled[TOTAL_Y]! + s.y
      sums.settled[PROFIT + p] = sums.settled[PROFIT + p]! + s.y
      // The block's rounds are exchangeable given the counts: its last round is a uniform pick among them.
      if (p === last) lastX = table.x[indexAt(drawn, uniformBelow(bits, c))]!
    }
    mech.observeBlock!(t, k, sumX, lastX)
    roundsLeapt += k
    t += k
  }
  return { stats: { blocks, roundsLeapt } }
}
