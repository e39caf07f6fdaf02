/**
 * The files a shard writes: `runs.jsonl`, one {@link RunRecord} per line (the grid point's
 * parameters each in its own field, then `U`, every `Π_i` as exact decimal strings in USD, the
 * number of firings and the phase lengths in rounds), and `manifest.json` ({@link ShardManifest}:
 * the grid, its digest, which shard this is and how many runs it holds).
 *
 * @module
 */
import fc from 'fast-check'
import * as t from 'io-ts'
import { DecimalString } from '../codec/leaves.ts'
import { type Schema, type TypeOf, array, check, literal, optional, refine, struct } from '../codec/schema.ts'
import { MECHANISM_NAMES } from '../mechanism/index.ts'
import { PLUGIN_NAME } from '../plugin/registry.ts'
import { gridSchema } from './grid.ts'

/** A built-in mechanism name or a plug-in's (a shard may record a plug-in mechanism). */
const MechanismName: Schema<string> = refine(
  { codec: t.string, arbitrary: fc.constantFrom<string>(...MECHANISM_NAMES) },
  (s) => (MECHANISM_NAMES as readonly string[]).includes(s) || PLUGIN_NAME.test(s),
  'a mechanism name',
)

/** The `format` of a shard manifest. */
export const SHARD_FORMAT = 'sbd-sweep-shard/1'

const JsonString: Schema<string> = { codec: t.string, arbitrary: fc.string({ maxLength: 12 }) }
const count = (name: string): Schema<number> =>
  refine({ codec: t.number, arbitrary: fc.nat(100_000) }, (n) => Number.isSafeInteger(n) && n >= 0, name)

/** `schema` or `null`. */
export const nullable = <A, O>(schema: Schema<A, O>): Schema<A | null, O | null> => ({
  codec: new t.Type<A | null, O | null, unknown>(
    `${schema.codec.name} or null`,
    (u): u is A | null => u === null || schema.codec.is(u),
    (u, c) => (u === null ? t.success(null) : schema.codec.validate(u, c)),
    (a) => (a === null ? null : schema.codec.encode(a)),
  ),
  arbitrary: fc.option(schema.arbitrary, { nil: null }),
})

const Rounds = count('a number of rounds (a non-negative integer)')

/** One run of a sweep, as written on one line of `runs.jsonl`. */
export const RunRecord = struct(
  {
    index: count('a run index (a non-negative integer)'),
    scenario: JsonString,
    mechanism: MechanismName,
    epsilon: nullable(JsonString),
    rebate: nullable(literal('on', 'off')),
    theta: nullable(JsonString),
    lambda: nullable(JsonString),
    /** The rebate bonus δ (§14.1); absent where the grid gives none (δ = 0). */
    bonus: optional(JsonString),
    strategies: array(JsonString, { minLength: 1, maxLength: 100, name: 'a list of strategy names' }),
    T: count('a horizon (a positive integer)'),
    seed: count('a seed (a non-negative integer)'),
    userUtility: DecimalString,
    profits: array(struct({ provider: JsonString, profit: DecimalString }), {
      minLength: 1,
      maxLength: 100,
      name: 'a list of provider profits',
    }),
    firings: count('a number of firings (a non-negative integer)'),
    phases: struct({ exploration: Rounds, exploitation: Rounds, blindTrustFallback: Rounds, blindTrustEndgame: Rounds, open: Rounds }),
  },
  'a run record object',
)

/** A decoded run record. */
export type RunRecord = TypeOf<typeof RunRecord>

const ShardFields = struct(
  {
    format: literal(SHARD_FORMAT),
    gridDigest: refine(
      JsonString,
      (s) => /^[0-9a-f]{64}$/.test(s),
      'a SHA-256 digest (64 hex digits)',
      fc.stringMatching(/^[0-9a-f]{64}$/),
    ),
    grid: gridSchema('lenient'),
    shard: struct({
      index: count('a shard index'),
      count: refine(count('a shard count'), (n) => n >= 1, 'a shard count (a positive integer)', fc.integer({ min: 1, max: 64 })),
    }),
    runs: count('a number of runs'),
  },
  'a shard manifest object',
)

/** The `manifest.json` of a shard. */
export const ShardManifest = check(
  ShardFields,
  (m) =>
    m.shard.index < m.shard.count
      ? []
      : [{ path: ['shard', 'index'], message: `expected a shard index below ${m.shard.count}, got ${m.shard.index}` }],
  ShardFields.arbitrary.map((m) => ({ ...m, shard: { index: m.shard.index % m.shard.count, count: m.shard.count } })),
)

/** A decoded shard manifest. */
export type ShardManifest = TypeOf<typeof ShardManifest>
