/**
 * The honesty check (bench only, never timed): the exact engine and the float reference must make
 * the same decisions on the same seed, and agree on the utilities to within the float's error.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import type { InstanceModel } from '../src/model/instance-model.ts'
import { simulate } from '../src/sim/engine.ts'
import type { Mechanism, MechanismRun, Strategy } from '../src/sim/interfaces.ts'
import { checkIdentity, providerUtility, usd, userUtility } from '../src/sim/ledger.ts'
import { recommended } from '../src/strategy/basic.ts'
import { type FloatResult, hashSegments, providerAt } from './float-reference.ts'
import { benchMechanism } from './instance.ts'

/** FNV-1a offset basis and prime (32 bit). */
const FNV_OFFSET = 0x811c9dc5
const FNV_PRIME = 0x01000193

/** What the check reads off a run, in the float reference's terms. */
export interface RunSummary {
  readonly ranking: readonly number[]
  readonly targetUnits: readonly number[]
  readonly fired: readonly { readonly provider: number; readonly round: number; readonly monitoredRounds: number }[]
  readonly phases: Readonly<Record<string, number>>
  readonly roundsServed: readonly number[]
  /** USD, exact value rounded to the nearest double. */
  readonly userUtility: number
  readonly providerUtility: readonly number[]
  /** The ledger identity `U + ΣΠ = Σ(X+Y)` holds exactly (re-checked here). */
  readonly identityHolds: boolean
}

/** A mechanism wrapper that hashes (FNV-1a) and stores the allocation sequence (check runs only: O(T) memory). */
export const recordingMechanism = (
  mechanism: Mechanism,
  T: number,
): { readonly mechanism: Mechanism; readonly record: { hash: number; readonly sequence: Uint8Array } } => {
  const record = { hash: FNV_OFFSET, sequence: new Uint8Array(T + 1) }
  const wrap = (run: MechanismRun): MechanismRun => ({
    view: run.view,
    allocate: (t) => {
      const i = run.allocate(t)
      record.hash = Math.imul(record.hash ^ i, FNV_PRIME)
      record.sequence[t] = i
      return i
    },
    observe: run.observe,
    finish: run.finish,
  })
  return { record, mechanism: { name: mechanism.name, start: (ctx) => E.map(wrap)(mechanism.start(ctx)) } }
}

/** Honest in exploration, full cheat afterwards (extra check only: it gets fired, which τ* never does). */
export const exploreThenCheat: Strategy = {
  name: 'explore-then-cheat',
  start: (ctx) => {
    const h = ctx.table(ctx.self.honest)
    const g = ctx.table(ctx.self.fullCheat)
    return { act: (view) => (view.phase === 'exploration' ? h : g) }
  },
}

/** Runs the exact engine (SBD; τ* for everyone unless told) and returns its summary; throws on an engine error. */
export const runExact = (
  model: InstanceModel,
  T: number,
  seed: number,
  mechanism: Mechanism = benchMechanism(),
  strategy: Strategy = recommended,
): RunSummary => {
  const res = simulate(
    model,
    mechanism,
    model.providers.map(() => strategy),
    { T, seed },
  )
  if (E.isLeft(res)) throw new Error(`exact engine: ${res.left}`)
  return summarize(model, res.right)
}

type RunResultOf = Extract<ReturnType<typeof simulate>, { _tag: 'Right' }>['right']

/** Summary of an exact run (reads the mechanism's details). */
export const summarize = (model: InstanceModel, run: RunResultOf): RunSummary => {
  const l = run.ledger
  const index = new Map(model.providers.map((p, i) => [p.id, i]))
  const idx = (id: unknown): number => index.get(String(id)) ?? -1
  const details = run.outcome.details as {
    ranking: string[]
    targets: { server: string; target: string }[]
    fired: { provider: string; round: number; monitoredRounds: number }[]
  }
  const scale = model.grid.scaleDecimal
  return {
    ranking: details.ranking.map(idx),
    targetUnits: details.targets.map((t) => Number(scale.times(t.target).toFixed(0))),
    fired: details.fired.map((f) => ({ provider: idx(f.provider), round: f.round, monitoredRounds: f.monitoredRounds })),
    phases: run.outcome.phases,
    roundsServed: l.roundsServed,
    userUtility: usd(l, userUtility(l)).toNumber(),
    providerUtility: l.roundsServed.map((_, i) => usd(l, providerUtility(l, i)).toNumber()),
    identityHolds: E.isRight(checkIdentity(l)),
  }
}

/**
 * The float's error bound on a utility: recursive summation of `T` terms of magnitude at most `M`
 * USD errs by at most `γ_T·Σ|x_t| ≤ (T·u/(1 − T·u))·T·M` with `u = 2^(−53)`; we state twice that,
 * to cover the handful of roundings outside the sums (profits `rounds·y`, rebates, the decimal → double
 * conversion of the exact value).
 */
export const floatErrorBound = (T: number, M: number): number => {
  const u = 2 ** -53
  return (2 * T * u * T * M) / (1 - T * u)
}

/** Differences between an exact summary and a float result for the same seed (empty: they agree). */
export const compareSummaries = (exact: RunSummary, float: FloatResult, bound: number): string[] => {
  const diffs: string[] = []
  const same = (what: string, a: unknown, b: unknown): void => {
    const ja = JSON.stringify(a)
    const jb = JSON.stringify(b)
    if (ja !== jb) diffs.push(`${what}: exact ${ja} ≠ float ${jb}`)
  }
  if (!exact.identityHolds) diffs.push('exact ledger identity does not hold')
  same('ranking', exact.ranking, float.ranking)
  same('targets (units)', exact.targetUnits, float.targetUnits)
  same('fired', exact.fired, float.fired)
  same('phases', { ...exact.phases, open: undefined }, float.phases)
  same('rounds served', exact.roundsServed, float.roundsServed)
  const du = Math.abs(exact.userUtility - float.userUtility)
  if (!(du <= bound)) diffs.push(`user utility: exact ${exact.userUtility} vs float ${float.userUtility} (|Δ| = ${du} > bound ${bound})`)
  exact.providerUtility.forEach((p, i) => {
    const q = float.providerUtility[i] ?? Number.NaN
    if (!(Math.abs(p - q) <= bound)) diffs.push(`provider ${i} utility: exact ${p} vs float ${q} (bound ${bound})`)
  })
  return diffs
}

/** Result of the full check of one `(T, n)` cell. */
export interface CellCheck {
  readonly ok: boolean
  readonly seed: number
  readonly exactHash: string
  readonly floatHash: string
  readonly userUtilityExact: number
  readonly userUtilityFloat: number
  readonly userUtilityAbsDiff: number
  readonly maxProviderUtilityAbsDiff: number
  readonly errorBound: number
  readonly fired: number
  readonly identityHolds: boolean
  readonly differences: readonly string[]
}

/** Full check: exact run with the recording wrapper vs float run, same seed. */
export const checkCell = (
  model: InstanceModel,
  T: number,
  seed: number,
  float: FloatResult,
  bound: number,
  strategy: Strategy = recommended,
): CellCheck => {
  const rec = recordingMechanism(benchMechanism(), T)
  const exact = runExact(model, T, seed, rec.mechanism, strategy)
  const exactHash = rec.record.hash >>> 0
  const floatHash = hashSegments(float.segments, model.n)
  const differences = compareSummaries(exact, float, bound)
  if (exactHash !== floatHash) {
    let first = -1
    for (let t = 1; t <= T; t++) {
      if (rec.record.sequence[t] !== providerAt(float.segments, model.n, t)) {
        first = t
        break
      }
    }
    differences.unshift(
      `allocation hash: exact ${exactHash.toString(16)} ≠ float ${floatHash.toString(16)}; first difference at round ${first}: exact ${rec.record.sequence[first]}, float ${providerAt(float.segments, model.n, first)}`,
    )
  }
  return {
    ok: differences.length === 0,
    seed,
    exactHash: exactHash.toString(16).padStart(8, '0'),
    floatHash: floatHash.toString(16).padStart(8, '0'),
    userUtilityExact: exact.userUtility,
    userUtilityFloat: float.userUtility,
    userUtilityAbsDiff: Math.abs(exact.userUtility - float.userUtility),
    maxProviderUtilityAbsDiff: Math.max(...exact.providerUtility.map((p, i) => Math.abs(p - (float.providerUtility[i] ?? Number.NaN)))),
    errorBound: bound,
    fired: exact.fired.length,
    identityHolds: exact.identityHolds,
    differences,
  }
}
