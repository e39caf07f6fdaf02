/**
 * Regenerates proofs-notes/figures/exact-gain-loglog.svg (proofs-notes §10) and its data CSV:
 * `npx tsx bench/exact-gain-figure.ts` (several minutes: the family members at T = 3000 dominate).
 */
import * as E from 'fp-ts/lib/Either.js'
import { readFileSync } from 'node:fs'
import { parseScenarioText } from '../src/codec/report-errors.ts'
import { exactGainRows, exactGainSpec } from '../src/experiments/exact-gain-figure.ts'
import { buildInstanceModel } from '../src/model/instance-model.ts'
import { writeFileAtomic } from '../src/report/atomic.ts'
import { renderSvg } from '../src/report/plot.ts'

const file = 'examples/two-provider-abstract.json'
const inst = parseScenarioText(readFileSync(file, 'utf8'))
const model = E.isRight(inst) ? buildInstanceModel(inst.right) : E.left(String(inst.left))
if (E.isLeft(model)) {
  console.error(`${file}: ${model.left}`)
  process.exit(2)
}
const { rows, skipped } = exactGainRows(model.right)
for (const s of skipped) console.log(`skipped (infeasible) ${s}`)
const svg = await renderSvg(exactGainSpec(rows, 'two-provider example'))
if (E.isLeft(svg)) {
  console.error(`render failed: ${svg.left.message}`)
  process.exit(1)
}
const csv = ['T,series,gain', ...rows.map((r) => `${String(r.T)},"${String(r.series)}",${String(r.gain)}`)].join('\n')
for (const [path, contents] of [
  ['proofs-notes/figures/exact-gain-loglog.svg', svg.right],
  ['proofs-notes/figures/exact-gain-loglog.csv', `${csv}\n`],
] as const) {
  const w = writeFileAtomic(path, contents)
  if (E.isLeft(w)) {
    console.error(`cannot write ${path}: ${w.left.message}`)
    process.exit(1)
  }
  console.log(`wrote ${path}`)
}
