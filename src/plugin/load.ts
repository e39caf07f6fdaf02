/**
 * Loading plug-in files (`sbd … --plugin FILE`): each file is imported and its default export
 * added to a {@link Registry} with {@link extendRegistry}. The edge of the plug-in layer: it reads
 * files; worker threads call it with the URLs the main thread recorded.
 *
 * A `.ts` plug-in needs a TypeScript loader: when running from the sources (a clone) tsx is
 * already registered; when running the compiled package, tsx is registered on demand if the user
 * installed it, and otherwise the message says to write the plug-in as `.mjs` or install tsx.
 *
 * @module
 */
import * as path from 'node:path'
import { pathToFileURL } from 'node:url'
import * as E from 'fp-ts/lib/Either.js'
import { BUILTIN_REGISTRY, type Registry, extendRegistry } from './registry.ts'

const messageOf = (e: unknown): string => (e instanceof Error ? e.message.split('\n')[0]! : String(e))

/** Whether this thread can already import TypeScript (tsx registered, or running under vitest). */
const loadsTypeScript = (): boolean => import.meta.url.endsWith('.ts')

let tsxRegistered = false

/** Registers tsx in this thread if a `.ts` plug-in needs it; `Left` says what to do if tsx is not installed. */
const ensureTypeScript = async (shown: string): Promise<E.Either<string, void>> => {
  if (loadsTypeScript() || tsxRegistered) return E.right(undefined)
  try {
    const api = (await import('tsx/esm/api')) as { register: () => unknown }
    api.register()
    tsxRegistered = true
    return E.right(undefined)
  } catch {
    return E.left(`--plugin: ${shown}: a TypeScript plug-in needs tsx (npm install --save-dev tsx); or write the plug-in as a .mjs file`)
  }
}

/**
 * Imports the plug-in at `href` (a file URL) and adds its default export to `registry`.
 *
 * @param registry - the registry to extend.
 * @param href - the plug-in file's URL.
 * @param shown - how messages name the file (the path as the user wrote it).
 * @returns the extended registry, or every problem, each prefixed with `--plugin`.
 */
export const loadPluginUrl = async (registry: Registry, href: string, shown: string): Promise<E.Either<readonly string[], Registry>> => {
  if (/\.(c|m)?ts$/.test(href)) {
    const ts = await ensureTypeScript(shown)
    if (E.isLeft(ts)) return E.left([ts.left])
  }
  let mod: { readonly default?: unknown }
  try {
    mod = (await import(href)) as { readonly default?: unknown }
  } catch (e) {
    return E.left([`--plugin: cannot load ${shown}: ${messageOf(e)}`])
  }
  if (mod.default === undefined)
    return E.left([`--plugin: ${shown}: has no default export (expected export default {strategies?, mechanisms?})`])
  return E.mapLeft((ms: readonly string[]) => ms.map((m) => `--plugin: ${m}`))(extendRegistry(registry, mod.default, shown, href))
}

/**
 * The built-in registry extended with the plug-in files at `paths` (relative to the working
 * directory), in order. Every file is loaded; every problem is reported.
 *
 * @param paths - plug-in file paths as given on the command line.
 * @returns the registry, or one message per problem (each naming `--plugin` and the file).
 */
export const loadPlugins = async (paths: readonly string[]): Promise<E.Either<readonly string[], Registry>> =>
  loadPluginUrls(paths.map((p) => ({ href: pathToFileURL(path.resolve(p)).href, shown: p })))

/**
 * The built-in registry extended with the plug-ins at the given URLs (what worker threads do
 * with {@link Registry.files}).
 *
 * @param files - each plug-in's URL and how messages name it.
 * @returns the registry, or one message per problem.
 */
export const loadPluginUrls = async (
  files: readonly { readonly href: string; readonly shown: string }[],
): Promise<E.Either<readonly string[], Registry>> => {
  let registry = BUILTIN_REGISTRY
  const errors: string[] = []
  for (const f of files) {
    const r = await loadPluginUrl(registry, f.href, f.shown)
    if (E.isLeft(r)) errors.push(...r.left)
    else registry = r.right
  }
  return errors.length > 0 ? E.left(errors) : E.right(registry)
}
