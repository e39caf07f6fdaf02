#!/usr/bin/env node
// The package's executable: loads the TypeScript CLI through tsx (a runtime dependency). It runs
// from the sources, which the package ships beside dist/, so that a clone needs no build step and
// the experiment pool's worker threads load the same way; dist/ is the library's import target only.
import { register } from 'tsx/esm/api'

register()
await import('../src/cli/main.ts')
