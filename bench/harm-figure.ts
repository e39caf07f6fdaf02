/**
 * Regenerates proofs-notes/figures/harm-tolerance.{svg,png} (proofs-notes §14.9) and its data CSV:
 * `npx tsx bench/harm-figure.ts [--bonus δ]` (about 16 s of CPU: 36 tolerances per provider, each
 * provider's harm problem built once per setting and solved at every tolerance). `--from-csv` redraws the figure from the stored CSV without re-running the analysis.
 */
import * as E from 'fp-ts/lib/Either.js'
import { readFileSync } from 'node:fs'
import { parseScenarioText } from '../src/codec/report-errors.ts'
import { Decimal } from '../src/exact/decimal.ts'
import { harmCsv, harmFigure, harmRows } from '../src/experiments/harm-figure.ts'
import { buildInstanceModel } from '../src/model/instance-model.ts'
import { renderFigure } from '../src/report/figure.ts'
import { describeOutputError, writeOutputFile } from '../src/report/output-dir.ts'
import type { ChartRow } from '../src/report/plot.ts'

const DIR = 'proofs-notes/figures'
const NAME = `${DIR}/harm-tolerance`
const CSV = `${NAME}.csv`
const T = 1000
const args = process.argv.slice(2)
const bonusAt = args.indexOf('--bonus')
const bonus = new Decimal(bonusAt >= 0 ? args[bonusAt + 1]! : '0.1')

const fail = (message: string, code: number): never => {
  console.error(message)
  process.exit(code)
}

const fromCsv = (): ChartRow[] =>
  readFileSync(CSV, 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const m = /^"([^"]*)",([^,]+),([^,]+),([^,]+),([^,]+),([^,]+),([^,]+)$/.exec(l) ?? fail(`${CSV}: cannot read ${JSON.stringify(l)}`, 2)
      return {
        setting: m[1]!,
        provider: m[2]!,
        zeta: Number(m[3]),
        curve: m[4]!,
        harm: Number(m[5]),
        errorBound: Number(m[6]),
        multiplier: Number(m[7]),
      }
    })

const compute = (): ChartRow[] => {
  const file = 'examples/two-provider-abstract.json'
  const inst = parseScenarioText(readFileSync(file, 'utf8'))
  const model = E.isRight(inst) ? buildInstanceModel(inst.right) : E.left(String(inst.left))
  if (E.isLeft(model)) return fail(`${file}: ${model.left}`, 2)
  const settings = [
    { rebate: true, bonus: new Decimal(0) },
    { rebate: true, bonus },
    { rebate: false, bonus: new Decimal(0) },
  ]
  const rows = harmRows(model.right, T, new Decimal('0.25'), settings, (line) => console.log(line))
  return E.isLeft(rows) ? fail(rows.left, 2) : rows.right
}

const rows = args.includes('--from-csv') ? fromCsv() : compute()
const figure = { name: NAME, ...harmFigure(rows, 'two-provider example', T) }
const files = await renderFigure(figure)
if (E.isLeft(files)) fail(`render failed: ${files.left.message}`, 1)
else
  for (const { name, contents } of [...files.right, ...(args.includes('--from-csv') ? [] : [{ name: CSV, contents: harmCsv(rows) }])]) {
    const w = writeOutputFile(name, contents)
    if (E.isLeft(w)) fail(`cannot write ${describeOutputError(w.left)}`, 1)
    console.log(`wrote ${name}`)
  }
console.log(`caption: ${figure.caption}`)
