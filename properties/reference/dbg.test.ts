import fc from 'fast-check'
import { it } from 'vitest'
import { Decimal } from '../../src/exact/decimal.ts'
import { buildInstanceModel } from '../../src/model/instance-model.ts'
import { transcribeSbd } from '../../src/reference/sbd.ts'
import { stationaryPerPhase } from '../../src/strategy/index.ts'
import { abstractInstance, llmInstance } from '../arbitraries.ts'
import { rightOrFail } from '../assertions.ts'
it('dbg', () => {
  const insts = fc.sample(fc.oneof(abstractInstance({minRangePercent: 30}), llmInstance(4, 800)), { seed: 1, numRuns: 12 })
  for (const inst of insts) {
    const m = rightOrFail(buildInstanceModel(inst))
    const r = transcribeSbd(m, { epsilon: new Decimal('0.3'), rebate: false }, m.providers.map(() => stationaryPerPhase({ exploitation: 'full-cheat' })), { T: 2000, seed: 3 })
    if (r._tag === 'Left') { console.log(r.left); continue }
    const t = r.right
    console.log(inst.kind, 'R', m.R.toString(), 'means', m.providers.map((p) => `${p.honestMean.toFixed(3)}/${p.cheatMean.toFixed(3)}`).join(' '), 'rank', t.ranking.join(','), 'targets', t.targets.map((x) => x.toFixed(3)).join(' '), 'fired', JSON.stringify(t.firings))
  }
})
