#!/usr/bin/env node
// The package's executable. Installed (no tsconfig.json beside bin/), it runs the compiled CLI in
// dist/ — plain JavaScript, worker threads included, so tsx is not needed at run time. In a clone
// (tsconfig.json present) it runs the TypeScript sources through tsx, a dev dependency, so that
// `sbd` never runs a stale build while the sources change.
import { existsSync } from 'node:fs'

const clone = existsSync(new URL('../tsconfig.json', import.meta.url))
const compiled = new URL('../dist/cli/main.js', import.meta.url)
if (!clone && existsSync(compiled)) await import(compiled.href)
else if (clone) {
  const { register } = await import('tsx/esm/api')
  register()
  await import('../src/cli/main.ts')
} else {
  process.stderr.write('sbd: dist/cli/main.js is missing: run npm run build in the package folder\n')
  process.exitCode = 1
}
