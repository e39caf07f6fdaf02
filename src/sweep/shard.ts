/**
 * `sbd sweep`: loads a grid file and its scenarios, checks every cell before anything runs, plays
 * the runs of one shard over the worker pool and renders the shard's files. Scenario paths are
 * relative to the grid file's folder; the grid's digest covers the grid and the decoded scenarios,
 * so shards of different grids (or of a scenario edited between shards) never merge.
 *
 * @module
 */
import { createHash } from 'node:crypto'
import * as path from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { scenarioCodec } from '../codec/instance.ts'
import { decodeWith, parseScenarioText } from '../codec/report-errors.ts'
import { jsonErrorOffset, lineColumn } from '../codec/json-position.ts'
import { fromUnits } from '../exact/grid.ts'
import { type InstanceModel, buildInstanceModel } from '../model/instance-model.ts'
import { leapApplies, preflight } from '../replication/run.ts'
import type { EngineKind } from '../sim/engine.ts'
import type { RunOutcome, RunSpec } from '../replication/run.ts'
import { playAll } from '../replication/runner.ts'
import { BUILTIN_REGISTRY, type Registry } from '../plugin/registry.ts'
import { Grid, type GridPoint, type Shard, gridSchema, gridSize, pointAt, shardIndices } from './grid.ts'
import { RunRecord, SHARD_FORMAT, ShardManifest } from './record.ts'

/** A file of an output folder. */
export interface OutputFile {
  readonly name: string
  readonly contents: string
}

/** A grid with its scenarios loaded. */
export interface LoadedGrid {
  readonly grid: Grid
  /** Scenario JSON by path as written in the grid. */
  readonly scenarios: Readonly<Record<string, unknown>>
  readonly models: ReadonlyMap<string, InstanceModel>
  /** SHA-256 of the grid and its decoded scenarios (canonical JSON). */
  readonly digest: string
  /** Where the grid's names were resolved (plug-ins included); runs resolve them there too. */
  readonly registry: Registry
}

/** Parses JSON text; a syntax error is one message with its line and column. */
export const parseJson = (text: string): E.Either<string, unknown> => {
  try {
    return E.right(JSON.parse(text) as unknown)
  } catch (e) {
    const offset = jsonErrorOffset(text) ?? text.length
    const { line, column } = lineColumn(text, offset)
    return E.left(`invalid JSON at line ${line}, column ${column} (offset ${offset}): ${e instanceof Error ? e.message : String(e)}`)
  }
}

/** The digest of a grid and its scenario instances. */
export const gridDigest = (grid: Grid, scenarios: ReadonlyMap<string, InstanceModel>): string =>
  createHash('sha256')
    .update(
      JSON.stringify({
        grid: Grid.codec.encode(grid),
        scenarios: grid.scenarios.map((s) => scenarioCodec.encode(scenarios.get(s)!.instance)),
      }),
    )
    .digest('hex')

/**
 * Reads and decodes the grid file at `gridPath` and every scenario it names; messages name the file and field.
 *
 * @param gridPath - the grid file.
 * @param readText - reads a text file (throws an `Error` on failure).
 * @param registry - where the grid's mechanism and strategy names are resolved (plug-ins included).
 * @returns the loaded grid, or every message.
 */
export const loadGrid = (
  gridPath: string,
  readText: (p: string) => string,
  registry: Registry = BUILTIN_REGISTRY,
): E.Either<readonly string[], LoadedGrid> => {
  const read = (p: string, what: string): E.Either<readonly string[], string> => {
    try {
      return E.right(readText(p))
    } catch (e) {
      return E.left([`${what}: cannot read ${JSON.stringify(p)}: ${(e as Error).message}`])
    }
  }
  const text = read(gridPath, '--grid')
  if (E.isLeft(text)) return text
  const json = parseJson(text.right)
  if (E.isLeft(json)) return E.left([`${gridPath}: ${json.left}`])
  const decoded = decodeWith(gridSchema(registry).codec, json.right)
  if (E.isLeft(decoded)) return E.left(decoded.left.map((m) => `${gridPath}: ${m}`))
  // "$schema" (an editor's hint) is accepted and ignored: it is not part of the grid or its digest.
  const grid = { right: { ...decoded.right, $schema: undefined } }
  const errors: string[] = []
  const scenarios: Record<string, unknown> = {}
  const models = new Map<string, InstanceModel>()
  // Each scenario file is read, decoded and modelled; the first failure of each is reported.
  const load = (s: string, i: number): void => {
    const file = path.isAbsolute(s) ? s : path.join(path.dirname(gridPath), s)
    const where = `${gridPath}: scenarios[${i}]`
    const st = read(file, where)
    if (E.isLeft(st)) return void errors.push(...st.left)
    const inst = parseScenarioText(st.right)
    if (E.isLeft(inst)) return void errors.push(...inst.left.map((m) => `${where} (${file}): ${m}`))
    const model = buildInstanceModel(inst.right)
    if (E.isLeft(model)) return void errors.push(`${where} (${file}): ${model.left}`)
    scenarios[s] = scenarioCodec.encode(inst.right)
    models.set(s, model.right)
  }
  for (const [i, s] of grid.right.scenarios.entries()) load(s, i)
  if (errors.length > 0) return E.left(errors)
  return E.right({ grid: grid.right, scenarios, models, digest: gridDigest(grid.right, models), registry })
}

/** The run spec of a grid point. */
export const specOf = (p: GridPoint): RunSpec => ({
  scenario: p.scenario,
  setting: p.setting,
  strategies: p.strategies,
  T: p.T,
  seed: p.seed,
})

/**
 * Checks every cell (all but the seed) of the grid as `sbd simulate` would, before anything runs:
 * one message per bad cell, naming it.
 */
export const checkCells = (loaded: LoadedGrid): E.Either<readonly string[], void> => {
  const g = loaded.grid
  const errors: string[] = []
  for (let cell = 0; cell * g.seeds.count < gridSize(g); cell++) {
    const p = pointAt(g, cell * g.seeds.count)
    const r = preflight(loaded.models.get(p.scenario)!, specOf(p), loaded.registry)
    if (E.isLeft(r))
      errors.push(`grid cell ${JSON.stringify({ scenario: p.scenario, ...p.setting, strategies: p.strategies, T: p.T })}: ${r.left}`)
  }
  return errors.length > 0 ? E.left(errors) : E.right(undefined)
}

/** The record of a played grid point. */
export const recordOf = (model: InstanceModel, p: GridPoint, o: RunOutcome): RunRecord => ({
  index: p.index,
  scenario: p.scenario,
  ...p.setting,
  // The bonus field only where the grid gives one: records of grids without it are unchanged.
  bonus: p.setting.bonus ?? undefined,
  strategies: p.strategies,
  T: p.T,
  seed: p.seed,
  userUtility: fromUnits(model.grid, o.user),
  profits: model.providers.map((pm, i) => ({ provider: pm.id, profit: fromUnits(model.grid, o.profits[i]!) })),
  firings: o.firings,
  phases: { ...o.phases },
})

/** One line of `runs.jsonl`. */
export const recordLine = (r: RunRecord): string => `${JSON.stringify(RunRecord.codec.encode(r))}\n`

/**
 * Plays shard `shard` of the loaded grid over `workers` threads and returns its files
 * (`manifest.json`, `runs.jsonl`). `Left` only for a failure of the pool (an internal error).
 * Runs leap (proofs-notes §13.3) where the mechanism declares safe rounds.
 */
export const runShard = (
  loaded: LoadedGrid,
  shard: Shard,
  workers: number,
  tick?: (n?: number) => void,
): E.Either<string, readonly OutputFile[]> => E.map((r: ShardResult) => r.files)(playShard(loaded, shard, workers, undefined, tick))

/** A played shard: its files and how many of its rounds were played inside leaping blocks. */
export interface ShardResult {
  readonly files: readonly OutputFile[]
  /** Rounds played inside leaping blocks of two or more rounds. */
  readonly roundsLeapt: number
  /** All rounds of the shard's runs. */
  readonly rounds: number
}

/**
 * Plays shard `shard` as {@link runShard} does, on `engine` (`undefined`: leap where the
 * mechanism declares safe rounds, else round by round; proofs-notes §13.3). The engine changes
 * the runs' paths, not the records' format.
 *
 * @param loaded - the grid and its scenarios.
 * @param shard - the share of this process.
 * @param workers - worker threads (0: this thread).
 * @param engine - the engine, or `undefined` for the default.
 * @param tick - progress callback.
 * @returns the files and the rounds leapt, or a pool failure.
 */
export const playShard = (
  loaded: LoadedGrid,
  shard: Shard,
  workers: number,
  engine: EngineKind | undefined,
  tick?: (n?: number) => void,
): E.Either<string, ShardResult> => {
  const points = shardIndices(gridSize(loaded.grid), shard).map((i) => pointAt(loaded.grid, i))
  const applies = new Map<string, boolean>()
  const specs = points.map((p) => {
    const spec = specOf(p)
    const key = JSON.stringify({ ...spec, seed: 0 })
    if (!applies.has(key)) applies.set(key, leapApplies(loaded.models.get(p.scenario)!, spec, loaded.registry))
    return { ...spec, engine: engine ?? (applies.get(key) === true ? 'leap' : 'rounds') }
  })
  const outcomes = playAll(loaded.scenarios, specs, workers, tick, loaded.registry)
  if (E.isLeft(outcomes)) return outcomes
  const lines = points.map((p, k) => recordLine(recordOf(loaded.models.get(p.scenario)!, p, outcomes.right[k]!)))
  const manifest = ShardManifest.codec.encode({
    format: SHARD_FORMAT,
    gridDigest: loaded.digest,
    grid: loaded.grid,
    shard,
    runs: points.length,
  })
  return E.right({
    files: [
      { name: 'manifest.json', contents: `${JSON.stringify(manifest, null, 2)}\n` },
      { name: 'runs.jsonl', contents: lines.join('') },
    ],
    roundsLeapt: outcomes.right.reduce((a, o) => a + (o.roundsLeapt ?? 0), 0),
    rounds: points.reduce((a, p) => a + p.T, 0),
  })
}
