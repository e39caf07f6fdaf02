/**
 * Not a timing of the engine: the CPU cost of the default study's exact harm part (proofs-notes
 * §14.9, `src/experiments/harm-study.ts`), full and quick, per point and in all, with the old
 * one-problem-per-point route (`harmOf`) at a few points for comparison:
 * `npx tsx bench/harm-study.ts [--quick] [--render DIR]` (`--render` also writes the figure, SVG and PNG).
 */
import * as E from 'fp-ts/lib/Either.js'
import { mkdirSync, readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { sbdContext } from '../src/analysis/analyze.ts'
import { harmOf } from '../src/analysis/harm.ts'
import { parseScenarioText } from '../src/codec/report-errors.ts'
import { Decimal } from '../src/exact/decimal.ts'
import { harmPlan, harmStudyFigures, runHarmStudy } from '../src/experiments/harm-study.ts'
import { buildInstanceModel } from '../src/model/instance-model.ts'
import { renderFigure } from '../src/report/figure.ts'
import { describeOutputError, writeOutputFile } from '../src/report/output-dir.ts'

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const renderAt = args.indexOf('--render')
const cpu = (): number => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}

const t0 = cpu()
const rows = runHarmStudy(quick)
const seconds = cpu() - t0
if (E.isLeft(rows)) {
  console.error(rows.left)
  process.exit(1)
}
const plan = harmPlan(quick)
console.log(
  `harm part (${quick ? 'quick' : 'full'}, T = ${plan.T}): ${rows.right.length} points, ${seconds.toFixed(2)} s CPU, ${(seconds / rows.right.length).toFixed(3)} s per point`,
)

// The old route, one harm problem per point, at ζ = 0, 1 and η of the first setting (both providers).
const inst = parseScenarioText(readFileSync('examples/two-provider-abstract.json', 'utf8'))
const model = E.isRight(inst) ? buildInstanceModel(inst.right) : E.left('cannot parse')
const built = E.isRight(model) ? sbdContext(model.right, plan.T, new Decimal(plan.epsilon), true, new Decimal(0)) : E.left('no model')
if (E.isRight(built)) {
  const zetas = rows.right.filter((r) => r.setting === rows.right[0]!.setting && r.provider === 'a').map((r) => Number(r.tolerance))
  const t1 = cpu()
  for (const i of [0, 1]) for (const z of zetas) harmOf(built.right.ctx, i, z)
  const old = cpu() - t1
  const shared = rows.right.filter((r) => r.setting === rows.right[0]!.setting).length
  console.log(
    `  first setting through harmOf (one problem per point): ${shared} points, ${old.toFixed(2)} s CPU, ${(old / shared).toFixed(3)} s per point`,
  )
}

if (renderAt >= 0) {
  const dir = args[renderAt + 1] ?? 'harm-study-figure'
  for (const f of harmStudyFigures(rows.right, quick)) {
    const files = await renderFigure(f)
    if (E.isLeft(files)) throw files.left
    for (const { name, contents } of files.right) {
      mkdirSync(dirname(`${dir}/${name}`), { recursive: true })
      const w = writeOutputFile(`${dir}/${name}`, contents)
      if (E.isLeft(w)) throw new Error(describeOutputError(w.left))
      console.log(`wrote ${dir}/${name}`)
    }
    console.log(`caption (${f.caption.length} characters): ${f.caption}`)
  }
}
