/**
 * Plug-ins: named strategies and mechanisms written outside `src/` that every tool reading names
 * reads too — `sbd simulate` (and `--reps`), sweep grids, `sbd experiment study` and the
 * best-response search (proofs-notes §5 for strategies, §4 for mechanisms, §11 for the tooling).
 *
 * A {@link Registry} is the built-in names plus the entries of the plug-ins added to it with
 * {@link extendRegistry}. Built-in names are resolved exactly as {@link strategyByName} and
 * {@link mechanismByName} resolve them; a plug-in name may not shadow one of them.
 *
 * This module is pure: loading a plug-in file is `load.ts`.
 *
 * @module
 */
import * as E from 'fp-ts/lib/Either.js'
import { Decimal } from '../exact/decimal.ts'
import { MECHANISM_NAMES, type MechanismName, mechanismByName } from '../mechanism/index.ts'
import type { Mechanism, Strategy } from '../sim/interfaces.ts'
import { STRATEGY_NAMES, endgameCheating, strategyByName } from '../strategy/index.ts'

/**
 * A parameter a mechanism may read: the options `--epsilon`, `--rebate`, `--theta`, `--lambda`, `--bonus`
 * (and the grid fields of the same names). `bonus` is optional where read (absent: δ = 0, §14.1).
 */
export type MechanismParameter = 'epsilon' | 'rebate' | 'theta' | 'lambda' | 'bonus'

/** Every {@link MechanismParameter}, in option order. */
export const MECHANISM_PARAMETERS: readonly MechanismParameter[] = ['epsilon', 'rebate', 'theta', 'lambda', 'bonus']

/** The parameters each built-in mechanism reads. */
export const BUILTIN_PARAMETERS: Readonly<Record<MechanismName, readonly MechanismParameter[]>> = {
  sbd: ['epsilon', 'rebate', 'bonus'],
  'target-mix': ['epsilon', 'rebate', 'lambda', 'bonus'],
  'posted-target': ['theta'],
  'pay-the-bill': [],
  'reputation-ucb': [],
  'first-best-oracle': [],
}

/** Values of the parameters a mechanism reads (only those it declares are set). */
export interface MechanismValues {
  /** ε ∈ (0, ½). */
  readonly epsilon?: Decimal
  /** Exploration rebate on. */
  readonly rebate?: boolean
  /** A target θ in USD. */
  readonly theta?: Decimal
  /** A weight λ ∈ [0, 1]. */
  readonly lambda?: Decimal
  /** A rebate bonus δ ≥ 0 (§14.1). */
  readonly bonus?: Decimal
}

/** A declared parameter of a plug-in strategy: a decimal written after the name (`lazy:0.5`). */
export interface StrategyParameter {
  /** Its name, e.g. `withhold`. */
  readonly name: string
  /** What it is and its unit, e.g. `USD withheld per round`. */
  readonly description: string
}

/** A named strategy of a plug-in. */
export interface StrategyEntry {
  /** Lower-case letters, digits and `-`, starting with a letter; unique among all strategy names. */
  readonly name: string
  /** One line: what the provider does (shown by the CLI and in errors). */
  readonly description: string
  /**
   * Its decimal parameters, in the order they follow the name: `name:v1,v2` (none: just `name`).
   * Values are written as in scenario files (no exponent), with at most 6 decimal places.
   */
  readonly parameters?: readonly StrategyParameter[]
  /**
   * The strategy for the given parameter values (by parameter name). May throw an `Error` for a
   * value it refuses; the message is reported with the strategy's name.
   */
  readonly create: (args: Readonly<Record<string, Decimal>>) => Strategy
}

/** A named mechanism of a plug-in. */
export interface MechanismEntry {
  /** Lower-case letters, digits and `-`, starting with a letter; unique among all mechanism names. */
  readonly name: string
  /** One line: what the mechanism does. */
  readonly description: string
  /** The parameters it reads; any other mechanism option is refused, as for the built-in ones. */
  readonly parameters: readonly MechanismParameter[]
  /** The mechanism for the declared parameter values. May throw an `Error` for a value it refuses. */
  readonly create: (values: MechanismValues) => Mechanism
}

/** What a plug-in module exports as its default export. */
export interface Plugin {
  /** Strategies it adds. */
  readonly strategies?: readonly StrategyEntry[]
  /** Mechanisms it adds. */
  readonly mechanisms?: readonly MechanismEntry[]
}

/** The names every tool resolves: the built-in ones and those of the plug-ins added. */
export interface Registry {
  /** Plug-in strategies by name. */
  readonly strategies: ReadonlyMap<string, StrategyEntry>
  /** Plug-in mechanisms by name. */
  readonly mechanisms: ReadonlyMap<string, MechanismEntry>
  /**
   * URLs (href) of the plug-in files loaded into this registry, in order: worker threads load
   * them again. Empty for a registry whose plug-ins were added as objects (it runs in this thread).
   */
  readonly files: readonly string[]
  /** Whether every plug-in came from a file (then worker threads can rebuild the registry from {@link Registry.files}). */
  readonly fromFilesOnly: boolean
}

/**
 * The registry of the built-in names only.
 *
 * @example
 * ```ts
 * BUILTIN_REGISTRY.strategies.size // 0: no plug-in strategies
 * ```
 */
export const BUILTIN_REGISTRY: Registry = { strategies: new Map(), mechanisms: new Map(), files: [], fromFilesOnly: true }

/** The accepted spelling of a plug-in name. */
export const PLUGIN_NAME = /^[a-z][a-z0-9-]{0,63}$/

/** Strategy names reserved by the built-in grammar of {@link strategyByName}. */
const reservedStrategy = (name: string): boolean =>
  STRATEGY_NAMES.includes(name) || /^margin-/.test(name) || ['mimic', 'shade', 'endgame'].includes(name)

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e))

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null

/** Checks one entry's shape; messages are prefixed with `where`. */
const entryIssues = (where: string, u: unknown, kind: 'strategy' | 'mechanism'): string[] => {
  if (!isObject(u)) return [`${where}: expected an object with name, description and create`]
  const issues: string[] = []
  if (typeof u.name !== 'string' || !PLUGIN_NAME.test(u.name))
    issues.push(
      `${where}.name: expected lower-case letters, digits and "-" (starting with a letter, at most 64), got ${JSON.stringify(u.name)}`,
    )
  if (typeof u.description !== 'string' || u.description.trim() === '') issues.push(`${where}.description: expected a non-empty string`)
  if (typeof u.create !== 'function') issues.push(`${where}.create: expected a function`)
  if (kind === 'mechanism') {
    const ps = u.parameters
    if (!Array.isArray(ps)) issues.push(`${where}.parameters: expected a list of ${MECHANISM_PARAMETERS.join(', ')} (possibly empty)`)
    else {
      ps.forEach((p, k) => {
        if (!(MECHANISM_PARAMETERS as readonly unknown[]).includes(p))
          issues.push(`${where}.parameters[${k}]: expected one of ${MECHANISM_PARAMETERS.join(', ')}, got ${JSON.stringify(p)}`)
      })
      if (new Set(ps).size !== ps.length) issues.push(`${where}.parameters: each parameter at most once`)
    }
  } else if (u.parameters !== undefined) {
    const ps = u.parameters
    if (!Array.isArray(ps)) issues.push(`${where}.parameters: expected a list of {name, description}`)
    else {
      ps.forEach((p, k) => {
        if (
          !isObject(p) ||
          typeof p.name !== 'string' ||
          !/^[a-zA-Z][a-zA-Z0-9_]*$/.test(p.name) ||
          typeof p.description !== 'string' ||
          p.description.trim() === ''
        )
          issues.push(`${where}.parameters[${k}]: expected {name: an identifier, description: a non-empty string}`)
      })
      const names = ps.map((p) => (isObject(p) ? p.name : undefined))
      if (new Set(names).size !== names.length) issues.push(`${where}.parameters: parameter names must be distinct`)
    }
  }
  return issues
}

/**
 * The registry with the entries of `plugin` added, or every problem found: an entry that is not
 * an object with a valid `name`, a `description` and a `create` function; a parameter a mechanism
 * cannot be given; a name that is built in, given twice, or already registered. `source` names
 * the plug-in in messages (its file); `file`, if given, is recorded so that worker threads load it.
 *
 * @param registry - the registry to extend (not modified).
 * @param plugin - the plug-in module's default export (checked: it may come from any file).
 * @param source - how messages name the plug-in, e.g. its path.
 * @param file - the URL (href) of the plug-in file, for worker threads; omit for an in-memory plug-in.
 * @returns the extended registry, or one message per problem.
 *
 * @example
 * ```ts
 * const lazy: Strategy = { name: 'lazy', start: (ctx) => ({ act: () => ctx.table(ctx.self.fullCheat) }) }
 * const r = extendRegistry(BUILTIN_REGISTRY, { strategies: [{ name: 'lazy', description: 'always cheats', create: () => lazy }] }, 'inline')
 * E.isRight(r) // true
 * ```
 */
export const extendRegistry = (
  registry: Registry,
  plugin: unknown,
  source: string,
  file?: string,
): E.Either<readonly string[], Registry> => {
  if (!isObject(plugin)) return E.left([`${source}: the default export must be a plug-in object {strategies?, mechanisms?}`])
  const issues: string[] = []
  const strategies = new Map(registry.strategies)
  const mechanisms = new Map(registry.mechanisms)
  for (const key of Object.keys(plugin))
    if (key !== 'strategies' && key !== 'mechanisms')
      issues.push(`${source}: unknown field ${JSON.stringify(key)} (expected strategies, mechanisms)`)
  const list = (key: 'strategies' | 'mechanisms'): readonly unknown[] => {
    const v = plugin[key]
    if (v === undefined) return []
    if (!Array.isArray(v)) {
      issues.push(`${source}: ${key}: expected a list`)
      return []
    }
    return v
  }
  for (const [k, u] of list('strategies').entries()) {
    const where = `${source}: strategies[${k}]`
    const bad = entryIssues(where, u, 'strategy')
    if (bad.length > 0) {
      issues.push(...bad)
      continue
    }
    const entry = u as StrategyEntry
    if (reservedStrategy(entry.name)) issues.push(`${where}.name: "${entry.name}" is a built-in strategy name`)
    else if (strategies.has(entry.name)) issues.push(`${where}.name: "${entry.name}" is already registered`)
    else strategies.set(entry.name, entry)
  }
  for (const [k, u] of list('mechanisms').entries()) {
    const where = `${source}: mechanisms[${k}]`
    const bad = entryIssues(where, u, 'mechanism')
    if (bad.length > 0) {
      issues.push(...bad)
      continue
    }
    const entry = u as MechanismEntry
    if ((MECHANISM_NAMES as readonly string[]).includes(entry.name))
      issues.push(`${where}.name: "${entry.name}" is a built-in mechanism name`)
    else if (mechanisms.has(entry.name)) issues.push(`${where}.name: "${entry.name}" is already registered`)
    else mechanisms.set(entry.name, entry)
  }
  if (list('strategies').length === 0 && list('mechanisms').length === 0 && issues.length === 0)
    issues.push(`${source}: registers nothing (expected a default export {strategies?, mechanisms?} with at least one entry)`)
  if (issues.length > 0) return E.left(issues)
  return E.right({
    strategies,
    mechanisms,
    files: file === undefined ? registry.files : [...registry.files, file],
    fromFilesOnly: registry.fromFilesOnly && file !== undefined,
  })
}

const DECIMAL_ARG = /^-?(0|[1-9]\d*)(\.\d{1,6})?$/

/** A plug-in strategy `name` or `name:v1,v2` of `registry`; `undefined` if `name` is not one of its names. */
const pluginStrategy = (registry: Registry, name: string): E.Either<string, Strategy> | undefined => {
  const colon = name.indexOf(':')
  const base = colon < 0 ? name : name.slice(0, colon)
  const entry = registry.strategies.get(base)
  if (entry === undefined) return undefined
  const params = entry.parameters ?? []
  const raw = colon < 0 ? [] : name.slice(colon + 1).split(',')
  const usage = params.length === 0 ? base : `${base}:${params.map((p) => `<${p.name}>`).join(',')}`
  if (raw.length !== params.length)
    return E.left(`${base}: expected "${usage}" (${params.length} parameter${params.length === 1 ? '' : 's'}), got "${name}"`)
  const args: Record<string, Decimal> = {}
  for (const [k, p] of params.entries()) {
    const v = raw[k]!
    if (v.length > 40 || !DECIMAL_ARG.test(v))
      return E.left(`${base}: ${p.name}: expected a decimal such as 0.5 (at most 6 places), got "${v}"`)
    args[p.name] = new Decimal(v)
  }
  try {
    return E.right(entry.create(args))
  } catch (e) {
    return E.left(`${base}: ${messageOf(e)}`)
  }
}

/**
 * The strategy called `name` in `registry`: a built-in name ({@link strategyByName}, including
 * `endgame:<name>` around a plug-in name) or a plug-in name with its parameters (`name:v1,v2`).
 *
 * @param registry - where plug-in names are looked up.
 * @param name - the name as written on the command line or in a grid.
 * @returns the strategy, or a message naming the bad part.
 *
 * @example
 * ```ts
 * E.isRight(strategyIn(BUILTIN_REGISTRY, 'mimic:0.6')) // true
 * ```
 */
export const strategyIn = (registry: Registry, name: string): E.Either<string, Strategy> => {
  const direct = pluginStrategy(registry, name)
  if (direct !== undefined) return direct
  if (name.startsWith('endgame:')) {
    const inner = pluginStrategy(registry, name.slice('endgame:'.length))
    if (inner !== undefined) return E.map(endgameCheating)(inner)
  }
  const builtin = strategyByName(name)
  if (E.isLeft(builtin) && registry.strategies.size > 0 && /unknown name/.test(builtin.left))
    return E.left(`${builtin.left.slice(0, -1)}, or a plug-in strategy: ${[...registry.strategies.keys()].join(', ')})`)
  return builtin
}

/**
 * Whether `name` is a mechanism of `registry` (built in or plug-in).
 *
 * @param registry - where plug-in names are looked up.
 * @param name - a mechanism name.
 * @returns true if {@link mechanismIn} knows it.
 */
export const isMechanismName = (registry: Registry, name: string): boolean =>
  (MECHANISM_NAMES as readonly string[]).includes(name) || registry.mechanisms.has(name)

/**
 * Every mechanism name of `registry`: the built-in ones in display order, then the plug-ins'.
 *
 * @param registry - the registry.
 * @returns the names.
 */
export const mechanismNames = (registry: Registry): readonly string[] => [...MECHANISM_NAMES, ...registry.mechanisms.keys()]

/**
 * The parameters mechanism `name` reads (`undefined` for an unknown name).
 *
 * @param registry - where plug-in names are looked up.
 * @param name - a mechanism name.
 * @returns its parameters in option order, or `undefined`.
 *
 * @example
 * ```ts
 * parametersOf(BUILTIN_REGISTRY, 'sbd') // ['epsilon', 'rebate']
 * ```
 */
export const parametersOf = (registry: Registry, name: string): readonly MechanismParameter[] | undefined => {
  const builtin = (BUILTIN_PARAMETERS as Readonly<Record<string, readonly MechanismParameter[]>>)[name]
  if (builtin !== undefined) return builtin
  const entry = registry.mechanisms.get(name)
  return entry === undefined ? undefined : MECHANISM_PARAMETERS.filter((p) => entry.parameters.includes(p))
}

/**
 * The mechanism called `name` in `registry` with the parameter `values` it reads. Built-in
 * names are built by {@link mechanismByName}; a plug-in's `create` gets only the values of the
 * parameters it declared, and a missing one is reported (`theta: required for …`).
 *
 * @param registry - where plug-in names are looked up.
 * @param name - a mechanism name.
 * @param values - parameter values (those the mechanism does not read are ignored here; the CLI and grids refuse them).
 * @returns the mechanism, or a message that starts with the bad option's name.
 *
 * @example
 * ```ts
 * E.isRight(mechanismIn(BUILTIN_REGISTRY, 'sbd', { epsilon: new Decimal('0.25'), rebate: true })) // true
 * ```
 */
export const mechanismIn = (registry: Registry, name: string, values: MechanismValues): E.Either<string, Mechanism> => {
  const entry = registry.mechanisms.get(name)
  if (entry === undefined) {
    if (!(MECHANISM_NAMES as readonly string[]).includes(name))
      return E.left(`mechanism: unknown ${JSON.stringify(name)} (expected one of: ${mechanismNames(registry).join(', ')})`)
    return mechanismByName(name, {
      epsilon: values.epsilon ?? new Decimal('0.25'),
      rebate: values.rebate ?? true,
      ...(values.theta === undefined ? {} : { theta: values.theta }),
      ...(values.lambda === undefined ? {} : { lambda: values.lambda }),
      ...(values.bonus === undefined ? {} : { bonus: values.bonus }),
    })
  }
  const given: Record<string, unknown> = {}
  for (const p of entry.parameters) {
    // The bonus is optional where read: absent is δ = 0 (§14.1).
    if (p === 'bonus') {
      given[p] = values.bonus ?? new Decimal(0)
      continue
    }
    if (values[p] === undefined) return E.left(`${p}: required for ${name}`)
    given[p] = values[p]
  }
  try {
    return E.right(entry.create(given as MechanismValues))
  } catch (e) {
    return E.left(`mechanism: ${name}: ${messageOf(e)}`)
  }
}
