/**
 * `sbd merge`: reads shard folders and combines them into the runs of the whole grid, in the
 * canonical order. Refuses, naming the folders: shards of different grids (digests differ), of
 * different shard counts, a shard given twice, missing shards, and a shard whose runs are not
 * exactly its share of the grid (a truncated or edited `runs.jsonl`).
 *
 * @module
 */
import * as path from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { decodeWith } from '../codec/report-errors.ts'
import { type Grid, gridSize, pointAt, shardIndices } from './grid.ts'
import { RunRecord, ShardManifest } from './record.ts'
import { parseJson } from './shard.ts'

/** One shard folder, decoded. */
export interface ShardData {
  readonly dir: string
  readonly manifest: ShardManifest
  readonly records: readonly RunRecord[]
}

/** The runs of a whole grid. */
export interface MergedRuns {
  readonly grid: Grid
  readonly digest: string
  /** In canonical order (record `k` has index `k`). */
  readonly records: readonly RunRecord[]
}

/** Reads `dir/manifest.json` and `dir/runs.jsonl`; messages name the file, line and field. */
export const readShard = (dir: string, readText: (p: string) => string): E.Either<readonly string[], ShardData> => {
  const read = (name: string): E.Either<readonly string[], string> => {
    const file = path.join(dir, name)
    try {
      return E.right(readText(file))
    } catch (e) {
      return E.left([`${file}: cannot read: ${(e as Error).message} (is ${JSON.stringify(dir)} a folder written by sbd sweep?)`])
    }
  }
  const manifestText = read('manifest.json')
  if (E.isLeft(manifestText)) return manifestText
  const where = path.join(dir, 'manifest.json')
  const json = parseJson(manifestText.right)
  if (E.isLeft(json)) return E.left([`${where}: ${json.left}`])
  const manifest = decodeWith(ShardManifest.codec, json.right)
  if (E.isLeft(manifest)) return E.left(manifest.left.map((m) => `${where}: ${m}`))
  const runsText = read('runs.jsonl')
  if (E.isLeft(runsText)) return runsText
  const lines = runsText.right.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  const errors: string[] = []
  const records: RunRecord[] = []
  for (const [k, line] of lines.entries()) {
    const at = `${path.join(dir, 'runs.jsonl')} line ${k + 1}`
    const j = parseJson(line)
    if (E.isLeft(j)) {
      errors.push(`${at}: ${j.left}`)
      continue
    }
    const r = decodeWith(RunRecord.codec, j.right)
    if (E.isLeft(r)) errors.push(...r.left.map((m) => `${at}: ${m}`))
    else records.push(r.right)
  }
  return errors.length > 0 ? E.left(errors) : E.right({ dir, manifest: manifest.right, records })
}

const shardName = (s: ShardData): string => `${s.manifest.shard.index}/${s.manifest.shard.count}`

/** The parameters of a record, as the grid point at its index has them (canonical JSON). */
const parametersKey = (
  r: Pick<
    RunRecord,
    'index' | 'scenario' | 'mechanism' | 'epsilon' | 'rebate' | 'theta' | 'lambda' | 'bonus' | 'strategies' | 'T' | 'seed'
  >,
): string =>
  JSON.stringify([
    r.index,
    r.scenario,
    r.mechanism,
    r.epsilon,
    r.rebate,
    r.theta,
    r.lambda,
    ...(r.bonus === undefined ? [] : [r.bonus]),
    r.strategies,
    r.T,
    r.seed,
  ])

/**
 * Checks that `shards` are exactly the shards of one grid and combines their runs in canonical order.
 *
 * @param shards - the shard folders' contents, all of one grid.
 * @returns the runs in grid order, or every problem (missing, overlapping or mixed shards).
 */
export const combineShards = (shards: readonly ShardData[]): E.Either<readonly string[], MergedRuns> => {
  if (shards.length === 0) return E.left(['merge: no shard folders given'])
  const first = shards[0]!
  const other = shards.find((s) => s.manifest.gridDigest !== first.manifest.gridDigest)
  if (other !== undefined)
    return E.left([
      `merge: mixed grids: ${first.dir} holds grid ${JSON.stringify(first.manifest.grid.name)} (digest ${first.manifest.gridDigest.slice(0, 12)}…), ` +
        `${other.dir} holds grid ${JSON.stringify(other.manifest.grid.name)} (digest ${other.manifest.gridDigest.slice(0, 12)}…)`,
    ])
  const N = first.manifest.shard.count
  const otherCount = shards.find((s) => s.manifest.shard.count !== N)
  if (otherCount !== undefined)
    return E.left([
      `merge: mixed shard counts: ${first.dir} is shard ${shardName(first)}, ${otherCount.dir} is shard ${shardName(otherCount)}`,
    ])
  const errors: string[] = []
  const byIndex = new Map<number, ShardData>()
  for (const s of shards) {
    const seen = byIndex.get(s.manifest.shard.index)
    if (seen !== undefined) errors.push(`merge: overlapping shards: shard ${shardName(s)} is given twice (${seen.dir} and ${s.dir})`)
    else byIndex.set(s.manifest.shard.index, s)
  }
  const missing = Array.from({ length: N }, (_, k) => k).filter((k) => !byIndex.has(k))
  if (missing.length > 0)
    errors.push(`merge: missing shards ${missing.map((k) => `${k}/${N}`).join(', ')} (all ${N} shards of the grid are needed)`)
  if (errors.length > 0) return E.left(errors)
  const grid = first.manifest.grid
  const size = gridSize(grid)
  const records: RunRecord[] = new Array<RunRecord>(size)
  for (const s of byIndex.values()) {
    const expected = shardIndices(size, s.manifest.shard)
    if (s.records.length !== expected.length || s.manifest.runs !== expected.length) {
      errors.push(
        `merge: ${s.dir}: shard ${shardName(s)} of this grid has ${expected.length} runs, its runs.jsonl holds ${s.records.length} (manifest: ${s.manifest.runs})`,
      )
      continue
    }
    s.records.forEach((r, k) => {
      const want = pointAt(grid, expected[k]!)
      const { bonus, ...setting } = want.setting
      if (parametersKey(r) !== parametersKey({ ...want, ...setting, bonus: bonus ?? undefined }))
        errors.push(`merge: ${s.dir}: runs.jsonl line ${k + 1} is not run ${want.index} of the grid (its parameters or index differ)`)
      else records[want.index] = r
    })
  }
  return errors.length > 0 ? E.left(errors.slice(0, 20)) : E.right({ grid, digest: first.manifest.gridDigest, records })
}
