/**
 * Not a timing of the engine: the CPU cost of the default study's exact harm part (proofs-notes
 * §14.9, `src/experiments/harm-study.ts`), full and quick, per point and in all, and on the first
 * setting the study's route (one harm problem per provider, solved at every tolerance) against one
 * problem per point (`harmOf`):
 * `npx tsx bench/harm-study.ts [--quick] [--render DIR]` (`--render` also writes the figure, SVG and PNG).
 */
import * as E from 'fp-ts/lib/Either.js'
import { mkdirSync, readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { sbdContext } from '../src/analysis/analyze.ts'
import { harmOf } from '../src/analysis/harm.ts'
import { parseScenarioText } from '../src/codec/report-errors.ts'
import { Decimal } from '../src/exact/decimal.ts'
import { harmPlan, harmStudyFigures, harmStudyRows, runHarmStudy } from '../src/experiments/harm-study.ts'
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

// Like for like on the first setting (both providers, the same tolerances): one harm problem per
// provider solved at every tolerance (the study's route) against one problem per point (`harmOf`).
const inst = parseScenarioText(readFileSync('examples/two-provider-abstract.json', 'utf8'))
const model = E.isRight(inst) ? buildInstanceModel(inst.right) : E.left('cannot parse')
const built = E.isRight(model) ? sbdContext(model.right, plan.T, new Decimal(plan.epsilon), true, new Decimal(0)) : E.left('no model')
if (E.isRight(model) && E.isRight(built)) {
  const t1 = cpu()
  const shared = harmStudyRows(model.right, { ...plan, settings: [plan.settings[0]!] })
  const sharedSeconds = cpu() - t1
  const points = E.isRight(shared) ? shared.right : []
  const t2 = cpu()
  for (const r of points) harmOf(built.right.ctx, r.provider === 'a' ? 0 : 1, Number(r.tolerance))
  const oldSeconds = cpu() - t2
  console.log(
    `  first setting, ${points.length} points: one problem per provider ${sharedSeconds.toFixed(2)} s CPU (${(sharedSeconds / points.length).toFixed(3)} s per point), one per point (harmOf) ${oldSeconds.toFixed(2)} s (${(oldSeconds / points.length).toFixed(3)} s per point)`,
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
