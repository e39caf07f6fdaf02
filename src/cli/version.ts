/**
 * The package's version (`sbd --version`), read from its package.json: two folders up from this
 * module both in the sources (`src/cli/`) and in the compiled package (`dist/cli/`).
 *
 * @module
 */
import { readFileSync } from 'node:fs'

/**
 * The `version` field of the package's package.json.
 *
 * @returns the version, e.g. `0.1.0`.
 */
export const packageVersion = (): string => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { readonly version?: unknown }
  return typeof pkg.version === 'string' ? pkg.version : 'unknown'
}
