/**
 * `sbd sweep --grid FILE --shard k/N --out DIR` and `sbd merge DIR… --out DIR` (`src/sweep/`).
 * Shards are 0-based: `--shard k/N` runs every run `i` of the grid with `i mod N = k`.
 *
 * @module
 */
import { availableParallelism } from 'node:os'
import * as path from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { BUILTIN_REGISTRY, type Registry } from '../plugin/registry.ts'
import type { Shard } from '../sweep/grid.ts'
import { combineShards, readShard, type ShardData } from '../sweep/merge.ts'
import { renderMerged } from '../sweep/render.ts'
import { FIGURE_FORMATS, formatsOption } from '../report/figure.ts'
import { checkCells, loadGrid, playShard } from '../sweep/shard.ts'
import { type CliIo, type CommandFailure, EXIT_BAD_INPUT, EXIT_FAILURE } from './io.ts'
import { type Checked, integerOption } from './options.ts'
import { MAX_WORKERS, engineOption } from './simulate.ts'

/** The most shards `--shard` accepts. */
export const MAX_SHARDS = 100_000

/** `k/N` with `0 ≤ k < N ≤` {@link MAX_SHARDS}. */
export const shardOption = (raw: string): Checked<Shard> => {
  const m = /^(0|[1-9]\d*)\/([1-9]\d*)$/.exec(raw)
  const k = m === null ? Number.NaN : Number(m[1])
  const n = m === null ? Number.NaN : Number(m[2])
  return Number.isSafeInteger(k) && Number.isSafeInteger(n) && k < n && n <= MAX_SHARDS
    ? E.right({ index: k, count: n })
    : E.left([`--shard: expected k/N with 0 ≤ k < N ≤ ${MAX_SHARDS} (shards are 0-based: 0/16 … 15/16), got ${JSON.stringify(raw)}`])
}

/** `--out`: required, and a folder sbd may write (new, empty, or written by sbd before). */
const outOption = (raw: string | undefined, io: CliIo): Checked<string> => {
  if (raw === undefined || raw.trim() === '') return E.left(['--out: required (the output folder)'])
  const refused = io.checkOutputDir(raw)
  return refused === null ? E.right(raw) : E.left([`--out: cannot write ${refused}`])
}

const badInput = (messages: readonly string[]): E.Either<CommandFailure, never> => E.left({ status: EXIT_BAD_INPUT, messages })
const failed = (message: string): E.Either<CommandFailure, never> => E.left({ status: EXIT_FAILURE, messages: [message] })

const workersOption = (raw: string | undefined): Checked<number> =>
  raw === undefined ? E.right(availableParallelism()) : integerOption('workers', raw, 0, MAX_WORKERS)

/**
 * Runs `sweep`; `Left` carries the exit status and messages (bad input: 2, before anything runs;
 * a failed write: 1), `Right` a one-line summary for stderr. A pool failure throws (exit 1).
 */
export const runSweepCommand = (
  opts: { readonly grid?: string; readonly shard: string; readonly out?: string; readonly workers?: string; readonly engine?: string },
  io: CliIo,
  registry: Registry = BUILTIN_REGISTRY,
): E.Either<CommandFailure, string> => {
  const errors: string[] = []
  if (opts.grid === undefined || opts.grid === '') errors.push('--grid: required (a grid JSON file, see examples/sweep-grid.json)')
  const shard = shardOption(opts.shard)
  const out = outOption(opts.out, io)
  const workers = workersOption(opts.workers)
  const engine = engineOption(opts.engine)
  for (const c of [shard, out, workers, engine]) if (E.isLeft(c)) errors.push(...c.left)
  if (errors.length > 0 || E.isLeft(shard) || E.isLeft(out) || E.isLeft(workers) || E.isLeft(engine)) return badInput(errors)
  const loaded = loadGrid(opts.grid!, io.readText, registry)
  if (E.isLeft(loaded)) return badInput(loaded.left)
  const cells = checkCells(loaded.right)
  if (E.isLeft(cells)) return badInput(cells.left)
  const played = playShard(loaded.right, shard.right, workers.right, engine.right)
  if (E.isLeft(played)) throw new Error(played.left)
  const written = io.writeDir(out.right, played.right.files)
  if (written !== null) return failed(`--out: cannot write ${written}`)
  const runs = played.right.files.find((f) => f.name === 'runs.jsonl')!.contents.split('\n').length - 1
  const share = played.right.rounds === 0 ? 0 : (100 * played.right.roundsLeapt) / played.right.rounds
  return E.right(
    `shard ${shard.right.index}/${shard.right.count}: wrote ${runs} runs to ${out.right}/ (${share.toFixed(2)}% of rounds leapt, §13.3)\n`,
  )
}

/**
 * Runs `merge`; `Left` carries the exit status and messages (bad input: 2 — unreadable,
 * overlapping, missing or mixed shards, a refused `--out`; a failed write: 1).
 */
export const runMergeCommand = async (
  dirs: readonly string[],
  opts: { readonly out?: string; readonly formats?: string },
  io: CliIo,
): Promise<E.Either<CommandFailure, string>> => {
  const out = outOption(opts.out, io)
  const errors: string[] = E.isLeft(out) ? [...out.left] : []
  const formats = opts.formats === undefined ? E.right(FIGURE_FORMATS) : formatsOption(opts.formats)
  if (E.isLeft(formats)) errors.push(...formats.left)
  // Merging into a shard folder (or a folder holding one) would replace the shards being read.
  if (E.isRight(out)) {
    const target = path.resolve(out.right)
    const inside = dirs.find((d) => path.resolve(d) === target || path.resolve(d).startsWith(`${target}${path.sep}`))
    if (inside !== undefined)
      errors.push(`--out: ${JSON.stringify(out.right)} would replace the shard folder ${JSON.stringify(inside)} being merged`)
  }
  const shards: ShardData[] = []
  for (const dir of dirs) {
    const s = readShard(dir, io.readText)
    if (E.isLeft(s)) errors.push(...s.left)
    else shards.push(s.right)
  }
  if (errors.length > 0 || E.isLeft(out) || E.isLeft(formats)) return badInput(errors)
  const merged = combineShards(shards)
  if (E.isLeft(merged)) return badInput(merged.left)
  const files = await renderMerged(merged.right, formats.right)
  if (E.isLeft(files)) throw files.left
  const written = io.writeDir(out.right, files.right)
  if (written !== null) return failed(`--out: cannot write ${written}`)
  return E.right(`merged ${shards.length} shards (${merged.right.records.length} runs) into ${out.right}/\n`)
}
