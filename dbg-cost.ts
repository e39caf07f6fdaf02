import { defaultStudy, runStudy } from './src/experiments/run-all.ts'
const T = Number(process.argv[2] ?? 100000)
const seeds = Number(process.argv[3] ?? 16)
const base = defaultStudy({ seed: 20251102, seeds })
const spec = { ...base, scenarios: base.scenarios.map((s) => ({ ...s, plan: { ...s.plan, horizons: [T] } })) }
const c0 = process.cpuUsage(); const t0 = performance.now()
const stages: Record<string, [number, number]> = {}
runStudy(spec, { workers: 0, onStage: (l, n, ms) => { const k = l.replace(/provider \d of \d/, 'p'); const v = stages[k] ?? [0, 0]; stages[k] = [v[0] + n, v[1] + ms] } })
const c = process.cpuUsage(c0)
console.log(JSON.stringify({ T, seeds, wall: performance.now() - t0, cpu: (c.user + c.system) / 1000, stages }))
