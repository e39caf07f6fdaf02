/**
 * Sweeps (proofs-notes §11): a grid of runs — scenarios × mechanisms with their parameters ×
 * strategy profiles × horizons × seeds — enumerated in one canonical order, split into shards
 * that separate machines run independently (`sbd sweep --shard k/N`, run `i` belongs to shard
 * `i mod N`), and merged back (`sbd merge`) into the same bytes whatever the number of shards.
 * Every file the sweep reads or writes is decoded with a schema of the codec layer, so bad input
 * is a message naming the field path.
 *
 * This module: the grid file's schema and the canonical enumeration.
 *
 * @module
 */
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { Epsilon, Horizon, Name, decimalIn } from '../codec/leaves.ts'
import { type Issue, type Schema, type TypeOf, array, check, literal, optional, refine, struct } from '../codec/schema.ts'
import { MECHANISM_NAMES } from '../mechanism/index.ts'
import {
  BUILTIN_REGISTRY,
  MECHANISM_PARAMETERS,
  PLUGIN_NAME,
  type Registry,
  isMechanismName,
  mechanismNames,
  parametersOf,
  strategyIn,
} from '../plugin/registry.ts'
import { MAX_REPS, MAX_SEED } from '../replication/replicate.ts'
import { type MechanismSetting, PARAMETERS_OF } from '../replication/run.ts'
import { MAX_STRATEGY_NAME_LENGTH } from '../strategy/index.ts'

const integerIn = (min: number, max: number, name: string, arbitrary: fc.Arbitrary<number>): Schema<number> =>
  refine({ codec: t.number, arbitrary }, (n) => Number.isSafeInteger(n) && n >= min && n <= max, name)

const JsonString: Schema<string> = { codec: t.string, arbitrary: fc.string() }

/** A scenario file path, relative to the grid file's folder (the arbitrary: the example scenarios). */
export const ScenarioPath: Schema<string> = refine(
  JsonString,
  (s) => s.trim() !== '' && s.length <= 4096,
  'a scenario file path (relative to the grid file)',
  fc.constantFrom('two-provider-abstract.json', 'three-provider-llm.json'),
)

/** Registry of the grid schemas: plug-in names are checked against it; `lenient` accepts any plug-in-shaped name (reading shards written with plug-ins). */
export type GridNames = Registry | 'lenient'

const strategyOk = (names: GridNames, s: string): boolean =>
  names === 'lenient' ? s.length > 0 && s.length <= MAX_STRATEGY_NAME_LENGTH : E.isRight(strategyIn(names, s))

/**
 * A strategy name of `names` (built in, or a plug-in's).
 *
 * @param names - the registry names are checked against.
 * @returns the schema.
 */
export const strategyNameSchema = (names: GridNames): Schema<string> =>
  refine(
    JsonString,
    (s) => strategyOk(names, s),
    'a strategy name (recommended, honest, full-cheat, slack-riding, margin-<k>R, mimic:<mean>, shade:<withhold>, endgame, endgame:<name>, or a plug-in strategy)',
    fc.constantFrom('recommended', 'honest', 'full-cheat', 'slack-riding', 'margin-10R'),
  )

/** A strategy name `strategyByName` accepts. */
export const StrategyName: Schema<string> = strategyNameSchema(BUILTIN_REGISTRY)

const Theta = decimalIn({ min: '-1000000', max: '1000000', maxPlaces: 13, name: 'a target θ in USD as a decimal string such as "0.6"' })
const Lambda = decimalIn({ min: '0', max: '1', maxPlaces: 9, name: 'λ in [0, 1] as a decimal string such as "0.5"' })
const Rebate = literal('on', 'off')
/** The rebate bonus δ of §14.1 (as `--bonus`: at most 6 decimal places, at most 10). */
const Bonus = decimalIn({ min: '0', max: '10', maxPlaces: 6, name: 'a rebate bonus δ in [0, 10] as a decimal string such as "0.1"' })

const mechanismName = (names: GridNames): Schema<string> =>
  refine(
    JsonString,
    (s) => (names === 'lenient' ? isMechanismName(BUILTIN_REGISTRY, s) || PLUGIN_NAME.test(s) : isMechanismName(names, s)),
    names === 'lenient'
      ? 'a mechanism name'
      : `one of ${mechanismNames(names)
          .map((n) => JSON.stringify(n))
          .join(', ')}`,
    fc.constantFrom(...MECHANISM_NAMES),
  )

const mechanismFields = (names: GridNames) =>
  struct(
    {
      mechanism: mechanismName(names),
      epsilon: optional(Epsilon),
      rebate: optional(Rebate),
      theta: optional(Theta),
      lambda: optional(Lambda),
      bonus: optional(Bonus),
    },
    'a mechanism object such as {"mechanism": "sbd", "epsilon": "0.25", "rebate": "on"}',
  )
type MechanismFields = TypeOf<ReturnType<typeof mechanismFields>>

const mechanismIssues =
  (names: GridNames) =>
  (m: MechanismFields): readonly Issue[] => {
    const reads = parametersOf(names === 'lenient' ? BUILTIN_REGISTRY : names, m.mechanism)
    // A plug-in mechanism read leniently: its parameters were checked when the grid was run.
    if (reads === undefined) return []
    const bonus = reads.includes('bonus') ? m.bonus : undefined
    const bonusNeedsRebate: Issue[] =
      bonus?.gt(0) && m.rebate !== 'on' ? [{ path: ['bonus'], message: `δ = ${bonus.toString()} needs "rebate": "on" (§14.1)` }] : []
    return [
      ...MECHANISM_PARAMETERS.flatMap((k): Issue[] => {
        // The bonus is optional where read (absent: δ = 0).
        if (reads.includes(k) && k !== 'bonus' && m[k] === undefined)
          return [{ path: [k], message: `missing, required for ${m.mechanism}` }]
        if (!reads.includes(k) && m[k] !== undefined)
          return [{ path: [k], message: `not a parameter of ${m.mechanism} (it reads ${reads.length === 0 ? 'none' : reads.join(', ')})` }]
        return []
      }),
      ...bonusNeedsRebate,
    ]
  }

const none = fc.constant(undefined)
/**
 * A mechanism with exactly the parameters it reads.
 *
 * @param names - the registry names are checked against.
 * @returns the schema.
 */
export const mechanismEntrySchema = (names: GridNames) =>
  check(
    mechanismFields(names),
    mechanismIssues(names),
    fc.constantFrom(...MECHANISM_NAMES).chain((mechanism) => {
      const reads = PARAMETERS_OF[mechanism]
      return fc
        .record({
          mechanism: fc.constant<string>(mechanism),
          epsilon: reads.includes('epsilon') ? Epsilon.arbitrary : none,
          rebate: reads.includes('rebate') ? Rebate.arbitrary : none,
          theta: reads.includes('theta') ? Theta.arbitrary : none,
          lambda: reads.includes('lambda') ? Lambda.arbitrary : none,
          bonus: reads.includes('bonus') ? fc.option(Bonus.arbitrary, { nil: undefined }) : none,
        })
        .map((m) => (m.rebate === 'on' ? m : { ...m, bonus: undefined })) as fc.Arbitrary<MechanismFields>
    }),
  )

/** A mechanism with exactly the parameters it reads (built-in names). */
export const MechanismEntry = mechanismEntrySchema(BUILTIN_REGISTRY)

const Seeds = check(
  struct(
    {
      first: integerIn(0, MAX_SEED, `a seed (an integer in [0, ${MAX_SEED}])`, fc.integer({ min: 0, max: 1000 })),
      count: integerIn(1, MAX_REPS, `a number of seeds (an integer in [1, ${MAX_REPS}])`, fc.integer({ min: 1, max: 4 })),
    },
    'an object {"first": seed, "count": number of seeds}',
  ),
  (s) =>
    s.first + s.count - 1 > MAX_SEED
      ? [{ path: ['count'], message: `seeds ${s.first}..${s.first + s.count - 1} leave the seed range [0, ${MAX_SEED}]` }]
      : [],
  fc.record({ first: fc.integer({ min: 0, max: 1000 }), count: fc.integer({ min: 1, max: 4 }) }),
)

/** The most runs one grid may hold. */
export const MAX_GRID_RUNS = 10_000_000

const gridFields = (names: GridNames) =>
  struct(
    {
      $schema: optional(JsonString),
      name: Name,
      scenarios: array(ScenarioPath, { minLength: 1, maxLength: 16, name: 'a list of 1 to 16 scenario file paths' }),
      mechanisms: array(mechanismEntrySchema(names), { minLength: 1, maxLength: 64, name: 'a list of 1 to 64 mechanisms' }),
      strategies: array(
        array(strategyNameSchema(names), {
          minLength: 1,
          maxLength: 100,
          name: 'a strategy profile: one name for every provider, or one per provider',
        }),
        {
          minLength: 1,
          maxLength: 32,
          name: 'a list of 1 to 32 strategy profiles',
        },
      ),
      horizons: array(Horizon, { minLength: 1, maxLength: 32, name: 'a list of 1 to 32 horizons' }),
      seeds: Seeds,
    },
    'a grid object (see examples/sweep-grid.json)',
  )
type GridFields = TypeOf<ReturnType<typeof gridFields>>

const LISTS = ['scenarios', 'mechanisms', 'strategies', 'horizons'] as const

/** Duplicates (by canonical JSON) would make two cells one; the grid would also be too large. */
const gridIssues =
  (codec: t.Type<GridFields, unknown>) =>
  (g: GridFields): readonly Issue[] => {
    const issues: Issue[] = []
    for (const list of LISTS) {
      const seen = new Map<string, number>()
      const encoded = (codec as unknown as t.Type<GridFields, Record<string, unknown[]>>).encode(g)[list]!
      encoded.forEach((v, i) => {
        const key = JSON.stringify(v)
        const first = seen.get(key)
        if (first === undefined) seen.set(key, i)
        else issues.push({ path: [list, i], message: `duplicate of ${list}[${first}]` })
      })
    }
    const size = gridSizeOf(g)
    if (size > MAX_GRID_RUNS) issues.push({ path: [], message: `the grid has ${size} runs, more than ${MAX_GRID_RUNS}` })
    return issues
  }

const dedupe = <A>(xs: readonly A[], key: (a: A) => string): A[] => {
  const seen = new Set<string>()
  return xs.filter((x) => {
    const k = key(x)
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}

/**
 * The schema of a sweep grid file whose names are checked against `names` (plug-in mechanisms
 * and strategies included). A `"$schema"` key is accepted and ignored.
 *
 * @param names - the registry, or `lenient` to read grids recorded with plug-ins.
 * @returns the schema.
 */
export const gridSchema = (names: GridNames) => {
  const fields = gridFields(names)
  return check(
    fields,
    gridIssues(fields.codec as unknown as t.Type<GridFields, unknown>),
    fields.arbitrary.map((g) => ({
      ...g,
      scenarios: dedupe(g.scenarios, (s) => s),
      mechanisms: dedupe(g.mechanisms, (m) => JSON.stringify(MechanismEntry.codec.encode(m))),
      strategies: dedupe(g.strategies, (p) => JSON.stringify(p)),
      horizons: dedupe(g.horizons, String),
    })),
  )
}

/** A sweep grid file (built-in names). */
export const Grid = gridSchema(BUILTIN_REGISTRY)

/** A decoded grid. */
export type Grid = TypeOf<typeof Grid>

/** The number of runs of a grid. */
const gridSizeOf = (g: GridFields): number =>
  g.scenarios.length * g.mechanisms.length * g.strategies.length * g.horizons.length * g.seeds.count

/**
 * The number of runs of `grid`.
 *
 * @param grid - a decoded grid.
 * @returns its number of runs.
 */
export const gridSize = (grid: Grid): number => gridSizeOf(grid)

/** The mechanism setting of a grid entry (every parameter in its own field, `null` where not read). */
export const settingOf = (m: Grid['mechanisms'][number]): MechanismSetting => ({
  mechanism: m.mechanism,
  epsilon: m.epsilon?.toString() ?? null,
  rebate: m.rebate ?? null,
  theta: m.theta?.toString() ?? null,
  lambda: m.lambda?.toString() ?? null,
  ...(m.bonus === undefined ? {} : { bonus: m.bonus.toString() }),
})

/** One run of a grid: its place in the canonical enumeration and its parameters. */
export interface GridPoint {
  readonly index: number
  /** The scenario path as written in the grid. */
  readonly scenario: string
  readonly setting: MechanismSetting
  readonly strategies: readonly string[]
  readonly T: number
  readonly seed: number
}

/**
 * The run at `index` of the canonical enumeration: scenarios, then mechanisms, strategy profiles,
 * horizons, and seeds innermost, each in the order of the grid file (mixed-radix digits of `index`).
 *
 * @param grid - a decoded grid.
 * @param index - a run index in `[0, gridSize(grid))`.
 * @returns the run's parameters.
 */
export const pointAt = (grid: Grid, index: number): GridPoint => {
  let rest = index
  const digit = (radix: number): number => {
    const d = rest % radix
    rest = (rest - d) / radix
    return d
  }
  const seed = digit(grid.seeds.count)
  const T = grid.horizons[digit(grid.horizons.length)]!
  const strategies = grid.strategies[digit(grid.strategies.length)]!
  const mechanism = grid.mechanisms[digit(grid.mechanisms.length)]!
  const scenario = grid.scenarios[digit(grid.scenarios.length)]!
  return { index, scenario, setting: settingOf(mechanism), strategies, T, seed: grid.seeds.first + seed }
}

/** A shard `k/N`: shard `k` (0-based) of `N`. */
export interface Shard {
  readonly index: number
  readonly count: number
}

/**
 * The runs of shard `k/N`: every index `i` of the enumeration with `i mod N = k`, ascending.
 *
 * @param size - the number of runs of the grid.
 * @param shard - the shard `k/N`.
 * @returns the run indices of the shard, ascending.
 */
export const shardIndices = (size: number, shard: Shard): readonly number[] => {
  const out: number[] = []
  for (let i = shard.index; i < size; i += shard.count) out.push(i)
  return out
}
