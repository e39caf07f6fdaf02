/**
 * Replications and the deviation check with strategy and mechanism *objects* (written by the user,
 * not registered by name): the same runs as `sbd simulate --reps`, played in this thread, and the
 * question Theorem 1 answers (proofs-notes §6.1, §1.5) — does this strategy gain more than η over
 * τ* against SBD(ε)? For names, or for worker threads, use a {@link Registry} (`src/plugin/`).
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Decimal } from '../exact/decimal.ts'
import { fromUnits } from '../exact/grid.ts'
import { sbdConstants } from '../mechanism/constants.ts'
import { sbd } from '../mechanism/sbd.ts'
import type { InstanceModel } from '../model/instance-model.ts'
import { BUILTIN_REGISTRY, type Registry, strategyIn } from '../plugin/registry.ts'
import { simulate } from '../sim/engine.ts'
import type { Mechanism, Strategy } from '../sim/interfaces.ts'
import { type Estimate, estimate } from '../stats/interval.ts'
import { recommended } from '../strategy/basic.ts'
import { eta } from '../theory/bounds.ts'
import { MAX_REPS, MAX_SEED, type ReplicationSummary, summarizeOutcomes } from './replicate.ts'
import { type RunOutcome, outcomeOf } from './run.ts'

/** Horizon, first seed and number of seeds of a replication. */
export interface ReplicationRange {
  /** Horizon `T`. */
  readonly T: number
  /** The first seed `s` (seeds `s, …, s+reps−1`). */
  readonly seed: number
  /** Number of seeds, in `[1, MAX_REPS]`. */
  readonly reps: number
}

const checkRange = (r: ReplicationRange): E.Either<string, ReplicationRange> => {
  if (!Number.isSafeInteger(r.reps) || r.reps < 1 || r.reps > MAX_REPS)
    return E.left(`reps: expected an integer in [1, ${MAX_REPS}], got ${r.reps}`)
  if (!Number.isSafeInteger(r.seed) || r.seed < 0 || r.seed + r.reps - 1 > MAX_SEED)
    return E.left(`seed: seeds ${r.seed}..${r.seed + r.reps - 1} leave [0, ${MAX_SEED}]`)
  return E.right(r)
}

/**
 * Plays `mechanism` against `profile` on the seeds `s, …, s+reps−1` in this thread and summarizes
 * the outcomes exactly as `sbd simulate --reps` does (mean, SE, 95 % interval of `U`, every `Π_i`,
 * firings and phase lengths).
 *
 * @param model - the scenario's model.
 * @param mechanism - any mechanism object (e.g. `sbd(ε, true)` or one of your own).
 * @param profile - one strategy object per provider.
 * @param range - horizon, first seed, number of seeds.
 * @returns the summary, or the first run's error.
 *
 *
 * @example Runnable from the repository root (the docs test runs it and compares its output).
 * ```ts
 * import { readFileSync } from 'node:fs'
 * import { Decimal, Either as E, buildInstanceModel, fullCheat, parseScenarioText, recommended, replicateObjects, sbd } from 'second-best-delegation'
 *
 * const model = E.chainW(buildInstanceModel)(parseScenarioText(readFileSync('examples/two-provider-abstract.json', 'utf8')))
 * if (E.isRight(model)) {
 *   const s = replicateObjects(model.right, sbd(new Decimal('0.25'), true), [fullCheat, recommended], { T: 5000, seed: 1, reps: 4 })
 *   if (E.isRight(s)) console.log(`U: mean ${s.right.user.mean}, 95% CI [${s.right.user.low}, ${s.right.user.high}] USD; firings ${s.right.firings.mean}`)
 * }
 * ```
 *
 * ```text output
 * U: mean 835, 95% CI [714.956, 955.044] USD; firings 0
 * ```
 */
export const replicateObjects = (
  model: InstanceModel,
  mechanism: Mechanism,
  profile: readonly Strategy[],
  range: ReplicationRange,
): E.Either<string, ReplicationSummary> => {
  const r = checkRange(range)
  if (E.isLeft(r)) return r
  const outcomes: RunOutcome[] = []
  for (let k = 0; k < range.reps; k++) {
    const run = simulate(model, mechanism, profile, { T: range.T, seed: range.seed + k })
    if (E.isLeft(run)) return run
    outcomes.push(outcomeOf(model, run.right))
  }
  return E.right(summarizeOutcomes(model.grid, outcomes))
}

/** What {@link deviationCheck} measures. */
export interface DeviationCheckOptions extends ReplicationRange {
  /** ε of SBD(ε). */
  readonly epsilon: Decimal
  /** The exploration rebate (η depends on it: §6.1). */
  readonly rebate: boolean
  /** The deviating provider's index; the others play τ*. */
  readonly provider: number
  /** Where a strategy *name* is resolved (default: built-in names only). */
  readonly registry?: Registry
}

/** The answer of {@link deviationCheck}. */
export interface DeviationVerdict {
  /** The deviating provider's id. */
  readonly provider: string
  /** The strategy's name. */
  readonly strategy: string
  /** The gain per seed `Π_i(σ, τ*_{−i}) − Π_i(τ*)` (common random numbers: the same seed for both), estimated over the seeds, USD. */
  readonly gain: Estimate
  /** Theorem 1's bound `η` for this horizon, ε and rebate (§6.1), USD. */
  readonly eta: Decimal
  /**
   * True when the gain exceeds `η` beyond its 95 % interval (`low > η`; with one seed, `mean > η`):
   * evidence against Theorem 1 on this instance (check its assumptions with `sbd validate`).
   */
  readonly gainsMoreThanEta: boolean
}

/**
 * Does `strategy` gain more than η? Plays provider `provider` with `strategy` and everyone else
 * with τ*, then everyone with τ*, against SBD(ε) on the same seeds, and compares the estimated
 * gain with Theorem 1's η (§1.5, §6.1).
 *
 * @param model - the scenario's model.
 * @param strategy - a strategy object, or a name of `options.registry` (built in or plug-in).
 * @param options - ε, rebate, the deviating provider, horizon and seeds.
 * @returns the verdict, or a message naming the bad input.
 *
 *
 * @example Runnable from the repository root (the docs test runs it and compares its output).
 * ```ts
 * import { readFileSync } from 'node:fs'
 * import { Decimal, Either as E, buildInstanceModel, deviationCheck, fullCheat, parseScenarioText } from 'second-best-delegation'
 *
 * const model = E.chainW(buildInstanceModel)(parseScenarioText(readFileSync('examples/two-provider-abstract.json', 'utf8')))
 * if (E.isRight(model)) {
 *   const v = deviationCheck(model.right, fullCheat, { epsilon: new Decimal('0.25'), rebate: true, provider: 0, T: 5000, seed: 1, reps: 4 })
 *   if (E.isRight(v)) console.log(`gain ${v.right.gain.mean} USD, η ${v.right.eta.toSignificantDigits(6)} USD, gains more than η: ${v.right.gainsMoreThanEta}`)
 * }
 * ```
 *
 * ```text output
 * gain -1473.27599875 USD, η 171.811 USD, gains more than η: false
 * ```
 */
export const deviationCheck = (
  model: InstanceModel,
  strategy: Strategy | string,
  options: DeviationCheckOptions,
): E.Either<string, DeviationVerdict> => {
  const r = checkRange(options)
  if (E.isLeft(r)) return r
  const id = model.providers[options.provider]?.id
  if (id === undefined || !Number.isInteger(options.provider))
    return E.left(`provider: expected an index in [0, ${model.n - 1}], got ${options.provider}`)
  const sigma =
    typeof strategy === 'string'
      ? E.mapLeft((m: string) => `strategy: ${m}`)(strategyIn(options.registry ?? BUILTIN_REGISTRY, strategy))
      : E.right(strategy)
  if (E.isLeft(sigma)) return sigma
  const constants = sbdConstants(options.T, model.n, options.epsilon, model.R)
  if (E.isLeft(constants)) return constants
  const mechanism = sbd(options.epsilon, options.rebate)
  const deviated = model.providers.map((_, i) => (i === options.provider ? sigma.right : recommended))
  const gains: Decimal[] = []
  for (let k = 0; k < options.reps; k++) {
    const settings = { T: options.T, seed: options.seed + k }
    const base = simulate(
      model,
      mechanism,
      model.providers.map(() => recommended),
      settings,
    )
    if (E.isLeft(base)) return base
    const dev = simulate(model, mechanism, deviated, settings)
    if (E.isLeft(dev)) return dev
    const profit = (o: RunOutcome): Decimal => fromUnits(model.grid, o.profits[options.provider]!)
    gains.push(profit(outcomeOf(model, dev.right)).minus(profit(outcomeOf(model, base.right))))
  }
  const gain = estimate(gains)
  const bound = eta(constants.right, options.rebate)
  return E.right({ provider: id, strategy: sigma.right.name, gain, eta: bound, gainsMoreThanEta: (gain.low ?? gain.mean).gt(bound) })
}
