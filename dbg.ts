import { runExperiments } from './src/experiments/run-all.ts'
import { renderResults } from './src/experiments/render.ts'
const t0 = performance.now()
const r = runExperiments({ seed: 7, quick: true, onStage: (l, n, ms) => console.log(l, n, ms.toFixed(0)) })
const t1 = performance.now()
const f = await renderResults(r)
console.log('run', (t1 - t0).toFixed(0), 'render', (performance.now() - t1).toFixed(0), (f as any)._tag, (f as any).left?.message)
