import * as E from 'fp-ts/lib/Either.js'
import { buildInstanceModel } from './src/model/instance-model.ts'
import { abstractScenario, loadDefaultLlmScenario } from './src/experiments/scenario.ts'
import { executeTask } from './src/experiments/tasks.ts'
import { familyFor } from './src/experiments/families.ts'
import { specKey } from './src/experiments/specs.ts'
const llm = (loadDefaultLlmScenario() as any).right.instance
const abs = (abstractScenario() as any).right
const models = new Map([['llm', (buildInstanceModel(llm) as any).right], ['abstract', (buildInstanceModel(abs) as any).right]])
const T = 100000
for (const sc of ['llm', 'abstract']) {
  const m = models.get(sc)
  const mech = { kind: 'sbd', epsilon: '0.25', rebate: false } as const
  const fam = familyFor(m, mech, 0)
  const tau = m.providers.map(() => ({ kind: 'recommended' }))
  for (const cand of fam) {
    const prof = tau.map((s: any, j: number) => (j === 0 ? cand : s))
    executeTask(models, { scenario: sc, mechanism: mech, profile: prof, T, seed: 1 })
    const t0 = process.cpuUsage()
    for (let k = 0; k < 3; k++) executeTask(models, { scenario: sc, mechanism: mech, profile: prof, T, seed: 2 + k })
    const c = process.cpuUsage(t0)
    console.log(sc, specKey(cand).slice(0, 60), ((c.user + c.system) / 3000).toFixed(1), 'ms cpu')
  }
  const probe = m.providers.map((_: any, j: number) => (j === 0 ? fam.slice(1) : null))
  const t0 = process.cpuUsage()
  for (let k = 0; k < 3; k++) executeTask(models, { scenario: sc, mechanism: mech, profile: tau, T, seed: 2 + k, probe })
  const c = process.cpuUsage(t0)
  console.log(sc, 'probed baseline', ((c.user + c.system) / 3000).toFixed(1), 'ms cpu')
}
