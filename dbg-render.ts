import { writeFileSync, mkdirSync } from 'node:fs'
import { runExperiments } from './src/experiments/run-all.ts'
import { renderResults } from './src/experiments/render.ts'
const r = runExperiments({ seed: 7, quick: true })
const f = await renderResults(r)
if (f._tag === 'Left') throw f.left
mkdirSync('/tmp/quick/figures', { recursive: true })
for (const x of f.right) writeFileSync(`/tmp/quick/${x.name}`, x.contents)
