/**
 * Regenerates proofs-notes/figures/exact-gain-loglog.{svg,png} (proofs-notes §10) and its data
 * CSV: `npx tsx bench/exact-gain-figure.ts` (several minutes: the family members at T = 3000
 * dominate). `--from-csv` redraws the figure from the stored CSV without re-running the analysis
 * (the theme of §11.4 changed, the numbers did not).
 */
import * as E from 'fp-ts/lib/Either.js'
import { readFileSync } from 'node:fs'
import { parseScenarioText } from '../src/codec/report-errors.ts'
import { exactGainFigure, exactGainRows, rowsFromCsv } from '../src/experiments/exact-gain-figure.ts'
import { buildInstanceModel } from '../src/model/instance-model.ts'
import { renderFigure } from '../src/report/figure.ts'
import { describeOutputError, writeOutputFile } from '../src/report/output-dir.ts'
import type { ChartRow } from '../src/report/plot.ts'

const DIR = 'proofs-notes/figures'
const CSV = `${DIR}/exact-gain-loglog.csv`
const fromCsv = process.argv.includes('--from-csv')

const computeRows = (): ChartRow[] => {
  const file = 'examples/two-provider-abstract.json'
  const inst = parseScenarioText(readFileSync(file, 'utf8'))
  const model = E.isRight(inst) ? buildInstanceModel(inst.right) : E.left(String(inst.left))
  if (E.isLeft(model)) {
    console.error(`${file}: ${model.left}`)
    process.exit(2)
  }
  const { rows, skipped } = exactGainRows(model.right)
  for (const s of skipped) console.log(`skipped (infeasible) ${s}`)
  return rows
}

const stored = fromCsv ? rowsFromCsv(readFileSync(CSV, 'utf8')) : E.right(computeRows())
if (E.isLeft(stored)) {
  console.error(`${CSV}: ${stored.left}`)
  process.exit(2)
}
const rows = stored.right
const figure = { name: `${DIR}/exact-gain-loglog`, ...exactGainFigure(rows, 'two-provider example') }
const files = await renderFigure(figure)
if (E.isLeft(files)) {
  console.error(`render failed: ${files.left.message}`)
  process.exit(1)
}
const csv = ['T,series,gain', ...rows.map((r) => `${String(r.T)},"${String(r.series)}",${String(r.gain)}`)].join('\n')
for (const { name, contents } of [...files.right, ...(fromCsv ? [] : [{ name: CSV, contents: `${csv}\n` }])]) {
  const w = writeOutputFile(name, contents)
  if (E.isLeft(w)) {
    console.error(`cannot write ${describeOutputError(w.left)}`)
    process.exit(1)
  }
  console.log(`wrote ${name}`)
}
console.log(`caption: ${figure.caption}`)
